// Support signals page, live: a new signal appears, an acknowledged or closed one
// changes or goes, a new message shows on its card, without a reload. Each card is
// fetched from the server as the page would render it (the page works without this).
(function () {
  "use strict";
  var root = document.getElementById("signals");
  var textsNode = document.getElementById("signals-texts");
  if (!root || !textsNode) return;
  var T = JSON.parse(textsNode.textContent);
  var cards = root.querySelector("[data-signal-cards]");
  var live = root.querySelector("[data-signals-live]");
  var empty = root.querySelector("[data-signals-empty]");
  var offline = root.querySelector("[data-signals-offline]");
  var retry = window.FLHLive.retry(connect);

  function announce(text, name) { live.textContent = text.replace("{name}", name); }

  function cardUrl(id) { return root.dataset.cardUrl.replace(/0\/card\/$/, id + "/card/"); }

  function refresh(signal) {
    fetch(cardUrl(signal.id), { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("[data-signal]");
        var old = document.getElementById("signal-" + signal.id);
        if (!fresh) {
          if (old) old.remove();
        } else if (old) {
          // Keep what someone is typing in the follow-up note.
          var typing = old.contains(document.activeElement);
          if (!typing) old.replaceWith(fresh);
        } else {
          cards.appendChild(fresh);
        }
        empty.hidden = cards.querySelector("[data-signal]") !== null;
      });
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + root.dataset.socket);
    retry.watch(socket);
    socket.onopen = function () { retry.opened(); offline.hidden = true; };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "support.forum_concern") {
        var note = document.querySelector("[data-concerns-new]");
        if (note) note.hidden = false;
        return;
      }
      if (message.type !== "support.signal") return;
      var signal = message.signal;
      refresh(signal);
      if (T[signal.change]) announce(T[signal.change], signal.name);
    };
    socket.onclose = function (event) {
      offline.hidden = false;
      if (event.code === 4403) return;
      retry.closed(event);
    };
  }
  connect();
})();
