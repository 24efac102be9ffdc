// What every live page shares (circle, support signals and conversations, check-in
// desk): reconnecting with exponential back-off and full jitter, and pings spread out.
// After a restart every page reconnects at once; random waits spread them, and a
// server that is busy says "come back in a moment" (close code 4429), and when,
// instead of letting the handshake time out.
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
  // `after`: the seconds a busy server asked for (its `retry` message before a 4429):
  // that long, give or take a fifth, within 1 s and the longest busy wait.
  function delay(failures, code, random, after) {
    random = random || Math.random;
    var busy = code === TRY_AGAIN;
    if (busy && typeof after === "number" && after > 0) {
      var asked = Math.min(BUSY_LONGEST, Math.max(1000, after * 1000));
      return Math.round(asked * (0.8 + 0.4 * random()));
    }
    var ceiling = Math.min(busy ? BUSY_LONGEST : LONGEST, (busy ? BUSY_FIRST : FIRST) * Math.pow(2, Math.min(failures, 15)));
    var floor = busy ? 1000 : 0;
    return Math.round(floor + random() * (ceiling - floor));
  }

  // retry(connect): call .watch(socket) on each new socket, .opened() when it opens and
  // .closed(event) when it closes for a reason worth reconnecting; connect() is called
  // again after the delay.
  function retry(connect) {
    var failures = 0;
    var opened = false;
    var timer = null;
    var after = null;
    return {
      // A busy server says when to come back in a message just before its 4429.
      watch: function (socket) {
        after = null;
        socket.addEventListener("message", function (event) {
          if (typeof event.data !== "string" || event.data.indexOf('{"type": "retry"') !== 0) return;
          try { after = JSON.parse(event.data).after; } catch (error) { after = null; }
        });
      },
      opened: function () { opened = true; },
      closed: function (event) {
        var code = event && event.code;
        // A socket that opened and was then told to come back later did not succeed.
        if (opened && code !== TRY_AGAIN) failures = 0;
        opened = false;
        var wait = delay(failures, code, null, after);
        after = null;
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
