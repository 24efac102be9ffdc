// Support signals page: says when a new signal arrives (the list itself is a plain page).
(function () {
  "use strict";
  var root = document.getElementById("signals");
  if (!root) return;
  var notice = root.querySelector("[data-signals-new]");
  var delay = 1000;
  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + root.dataset.socket);
    socket.onopen = function () { delay = 1000; };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "support.signal" && !document.getElementById("signal-" + message.signal.id)) {
        notice.hidden = false;
      }
    };
    socket.onclose = function (event) {
      if (event.code === 4403) return;
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }
  connect();
})();
