// What every live page shares (circle, support signals and conversations, check-in
// desk): reconnecting with exponential back-off and full jitter, and pings spread out.
// After a restart every page reconnects at once; random waits spread them, and a
// server that is busy says "come back in a moment" (close code 4429) instead of
// letting the handshake time out.
(function () {
  "use strict";
  var TRY_AGAIN = 4429;
  var FIRST = 1000; // ms: the longest first wait
  var BUSY_FIRST = 2000; // after a 4429, the server asked for room: wait longer
  // The longest wait: 8 s after a drop (a page is back within 10 s of the server or
  // Redis coming back, handshake included), 30 s when the server itself asked for room.
  var LONGEST = 8000;
  var BUSY_LONGEST = 30000;

  // Milliseconds to wait before reconnecting, after `failures` attempts in a row that
  // did not open (0: the socket just dropped). Full jitter: anywhere between a floor
  // (none, or 1 s after a 4429) and a ceiling that doubles per failure up to the longest.
  function delay(failures, code, random) {
    random = random || Math.random;
    var busy = code === TRY_AGAIN;
    var ceiling = Math.min(busy ? BUSY_LONGEST : LONGEST, (busy ? BUSY_FIRST : FIRST) * Math.pow(2, Math.min(failures, 15)));
    var floor = busy ? 1000 : 0;
    return Math.round(floor + random() * (ceiling - floor));
  }

  // retry(connect): call .opened() when the socket opens and .closed(event) when it
  // closes for a reason worth reconnecting; connect() is called again after the delay.
  function retry(connect) {
    var failures = 0;
    var opened = false;
    var timer = null;
    return {
      opened: function () { opened = true; },
      closed: function (event) {
        var code = event && event.code;
        // A socket that opened and was then told to come back later did not succeed.
        if (opened && code !== TRY_AGAIN) failures = 0;
        opened = false;
        var wait = delay(failures, code);
        failures += 1;
        clearTimeout(timer);
        timer = setTimeout(connect, wait);
        return wait;
      },
    };
  }

  // Call fn about every `ms` milliseconds (between 80 % and 100 % of it), the first
  // time at a random moment: pages that reconnected together do not ping together.
  function every(ms, fn) {
    function next(wait) { setTimeout(function () { fn(); next(ms * (0.8 + 0.2 * Math.random())); }, wait); }
    next(ms * Math.random());
  }

  window.FLHLive = { TRY_AGAIN: TRY_AGAIN, delay: delay, retry: retry, every: every };
})();
