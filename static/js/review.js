// The review queue, live: an item held, reported or hidden appears; an item decided
// by another moderator goes. Each item is fetched as the page would render it (the
// page works without this script; its forms post as usual). Reconnects through live.js.
(function () {
  "use strict";
  var root = document.getElementById("review");
  if (!root) return;
  var items = root.querySelector("[data-review-items]");
  var live = root.querySelector("[data-review-live]");
  var empty = root.querySelector("[data-review-empty]");
  var retry = window.FLHLive.retry(connect);

  function itemUrl(id) { return root.dataset.itemUrl.replace(/0\/$/, id + "/"); }

  function refresh(id) {
    fetch(itemUrl(id), { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.status === 200 ? response.text() : ""; })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("[data-review-item]");
        var old = document.getElementById("review-" + id);
        if (!fresh) {
          if (old) old.remove();
        } else if (old) {
          if (!old.contains(document.activeElement)) old.replaceWith(fresh);
        } else {
          items.appendChild(fresh);
          var title = fresh.querySelector("h2");
          if (title) live.textContent = title.textContent;
        }
        empty.hidden = items.querySelector("[data-review-item]") !== null;
      });
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + root.dataset.socket);
    retry.watch(socket);
    socket.onopen = function () { retry.opened(); };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "review.item") refresh(message.post);
    };
    socket.onclose = function (event) {
      if (event.code === 4403) return;
      retry.closed(event); // back-off with full jitter (live.js)
    };
  }
  connect();
})();
