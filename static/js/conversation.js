// A private support conversation, live: the family who asked for support and the
// support team. The page works without this script (a plain form); with it, new
// messages, the acknowledgement and the closing arrive without a reload, and Enter
// sends (Shift+Enter for a new line). `FLHConversation.item` is also used by the
// circle page, which shows the family's conversation beside the circle.
(function () {
  "use strict";

  function item(message, texts) {
    var node = document.createElement("li");
    node.className = message.staff ? "from-staff" : "from-family";
    var name = document.createElement("strong");
    var bdi = document.createElement("bdi");
    bdi.textContent = message.name;
    name.appendChild(bdi);
    node.appendChild(name);
    if (message.staff) {
      var team = document.createElement("span");
      team.className = "muted";
      team.textContent = " (" + texts.supportTeam + ")";
      node.appendChild(team);
    }
    var at = document.createElement("time");
    at.dateTime = message.at;
    at.textContent = " · " + new Date(message.at).toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" });
    node.appendChild(at);
    var body = document.createElement("p");
    body.dir = "auto";
    body.textContent = message.body;
    node.appendChild(body);
    return node;
  }

  // Enter sends, Shift+Enter (or an input method composing a word) does not.
  function enterSends(field) {
    field.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
      event.preventDefault();
      if (field.form.requestSubmit) field.form.requestSubmit();
      else field.form.dispatchEvent(new Event("submit", { cancelable: true }));
    });
  }

  window.FLHConversation = { item: item, enterSends: enterSends };

  var root = document.getElementById("conversation");
  var textsNode = document.getElementById("conversation-texts");
  if (!root || !textsNode) return;
  var T = JSON.parse(textsNode.textContent);
  var list = root.querySelector("[data-messages]");
  var status = root.querySelector("[data-conversation-status]");
  var error = root.querySelector("[data-conversation-error]");
  var form = root.querySelector("[data-conversation-form]");
  var socket = null;
  var retry = window.FLHLive.retry(connect);
  var seen = {};

  function showError(text) {
    error.textContent = text || "";
    error.hidden = !text;
  }

  function add(message) {
    if (seen[message.id]) return;
    seen[message.id] = true;
    var empty = list.querySelector("[data-no-messages]");
    if (empty) empty.remove();
    list.appendChild(item(message, T));
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.dataset.socket);
    retry.watch(socket);
    socket.onopen = function () { retry.opened(); };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "support.message") {
        add(message.message);
      } else if (message.type === "support.acknowledged") {
        status.textContent = T.acknowledged;
      } else if (message.type === "support.closed") {
        status.textContent = T.closed;
        if (form) form.hidden = true;
      } else if (message.type === "error") {
        showError(message.message || T.error);
      }
    };
    socket.onclose = function (event) {
      if (event.code === 4403) return;
      retry.closed(event);
    };
  }

  if (form) {
    var field = form.elements.body;
    enterSends(field);
    form.addEventListener("submit", function (event) {
      // Without an open socket the form is posted as a plain form.
      if (!socket || socket.readyState !== WebSocket.OPEN) return;
      event.preventDefault();
      var body = field.value.trim();
      if (!body) return;
      socket.send(JSON.stringify({ action: "message.send", body: body }));
      field.value = "";
      showError("");
    });
  }
  connect();
})();
