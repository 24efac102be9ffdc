// The live sharing circle: speaking order, chat, presence, the support signal and
// the facilitator's controls over one WebSocket, and the Jitsi video frame.
// Everything shown comes from the server, which keeps the circle's state; after a
// reload or a dropped connection the page asks again and shows the same circle.
(function () {
  "use strict";
  var root = document.getElementById("circle");
  var configNode = document.getElementById("circle-config");
  if (!root || !configNode) return;
  var config = JSON.parse(configNode.textContent);
  var T = config.texts;
  var runner = root.dataset.runner === "1";
  var me = Number(root.dataset.me);

  function $(selector) { return root.querySelector(selector); }
  function format(text, name) { return text.replace("{name}", name); }
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  function button(text, onClick, className) {
    var node = el("button", text, className);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }
  function notice(text) {
    var node = $("[data-notice]");
    node.textContent = text;
    node.hidden = !text;
  }

  // State, as the server last described it.
  var state = { present: [], hands: [], speaker: null, messages: [], waiting: [], signals: [],
                locked: false, me: { hand_raised: false }, my_signal: null };
  // After "Admit", where focus goes once the waiting list is drawn again.
  var admitFocus = null;
  // Who is in the video room, as Jitsi itself says: participant id -> display name.
  var jitsiPeople = {};

  // Socket with back-off -----------------------------------------------------------
  var socket = null;
  var retry = window.FLHLive.retry(connect);
  var finished = false;
  var jitsiId = "";

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(message));
      return true;
    }
    notice(T.error);
    return false;
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.dataset.socket);
    retry.watch(socket);
    socket.onopen = function () {
      retry.opened();
      $("[data-connection]").hidden = true;
      if (jitsiId) send({ action: "ping", jitsi_id: jitsiId });
    };
    socket.onmessage = function (event) { receive(JSON.parse(event.data)); };
    socket.onclose = function (event) {
      if (finished) return;
      if (event.code === 4401 || event.code === 4410 || event.code === 4403 || event.code === 4411) {
        // Removed, ended, left, or no longer allowed: the page says what next.
        leave();
        return;
      }
      $("[data-connection]").hidden = false;
      retry.closed(event);
    };
  }

  // About every 25 s (presence lasts 75 s), each page at its own moment.
  window.FLHLive.every(25000, function () {
    if (socket && socket.readyState === WebSocket.OPEN) send({ action: "ping", jitsi_id: jitsiId || null });
  });

  function leave() {
    finished = true;
    if (video) { try { video.dispose(); } catch (e) { /* already gone */ } }
    window.location.reload();
  }

  // What the server says ---------------------------------------------------------------
  function receive(message) {
    switch (message.type) {
      case "circle.state":
        state = Object.assign(state, message);
        renderAll();
        break;
      case "circle.presence":
        state.present = message.present;
        renderPresent();
        break;
      case "circle.hands":
        state.hands = message.hands;
        state.speaker = message.speaker;
        state.me.hand_raised = message.hands.some(function (h) { return h.user === me; });
        renderHands();
        break;
      case "circle.chat":
        state.messages.push(message.message);
        renderChat();
        break;
      case "circle.chat_hidden":
        state.messages = state.messages.filter(function (m) { return m.id !== message.message; });
        renderChat();
        break;
      case "circle.waiting":
        state.waiting = message.waiting;
        renderWaiting();
        break;
      case "circle.locked":
        state.locked = message.locked;
        renderLock();
        break;
      case "circle.mute_all":
        if (runner && video) video.executeCommand("muteEveryone", "audio");
        if (!runner) notice(T.muted);
        break;
      case "circle.participant_removed":
        // Only ids Jitsi shows under the removed person's own name (names are unique
        // in a circle): an id someone else claimed as theirs removes nobody.
        if (runner && video) {
          message.jitsi_ids.forEach(function (id) {
            if (jitsiPeople[id] === message.name) video.executeCommand("kickParticipant", id);
          });
        }
        break;
      case "circle.removed":
      case "circle.ended":
      case "circle.left":
        leave();
        break;
      case "support.signal":
        upsertSignal(message.signal);
        break;
      case "support.mine":
        state.my_signal = message.signal;
        renderMySignal();
        break;
      case "support.acknowledged":
        if (state.my_signal) state.my_signal.acknowledged = true;
        renderMySignal();
        break;
      case "support.message":
        if (state.my_signal && state.my_signal.id === message.signal) {
          state.my_signal.messages.push(message.message);
          renderMySignal();
        }
        break;
      case "support.closed":
        if (state.my_signal && state.my_signal.id === message.signal) state.my_signal.closed = true;
        renderMySignal();
        break;
      case "error":
        notice(message.message || T.error);
        break;
      default:
        break;
    }
  }

  // Drawing ---------------------------------------------------------------------------
  function renderAll() {
    renderPresent();
    renderHands();
    renderChat();
    renderLock();
    if (runner) { renderWaiting(); renderSignals(); }
    renderMySignal();
  }

  function renderPresent() {
    var list = $("[data-present]");
    list.replaceChildren();
    state.present.forEach(function (person) {
      var item = el("li");
      var label = person.name;
      if (person.facilitator) label += " (" + T.facilitator + ")";
      if (person.user === me) label += " (" + T.you + ")";
      item.appendChild(el("span", label));
      if (runner && !person.facilitator && person.user !== me) {
        item.appendChild(button(T.give, function () { send({ action: "speaker.give", user: person.user }); }, "secondary small"));
        item.appendChild(button(T.remove, function () {
          if (window.confirm(format(T.removeConfirm, person.name))) send({ action: "remove", user: person.user });
        }, "danger small"));
      }
      list.appendChild(item);
    });
  }

  function renderHands() {
    $("[data-speaker]").textContent = state.speaker ? format(T.speaker, state.speaker.name) : T.speakerNone;
    var list = $("[data-hands]");
    list.replaceChildren();
    if (!state.hands.length) list.appendChild(el("li", T.noHands, "muted"));
    state.hands.forEach(function (hand) { list.appendChild(el("li", hand.name)); });
    var handButton = root.querySelector('[data-action="hand"]');
    if (handButton) handButton.textContent = state.me.hand_raised ? T.lower : T.raise;
    var back = root.querySelector('[data-action="hand-back"]');
    if (back) back.hidden = !(state.speaker && state.speaker.user === me);
  }

  function renderChat() {
    var list = $("[data-chat]");
    list.replaceChildren();
    state.messages.forEach(function (message) {
      var item = el("li");
      item.appendChild(el("strong", message.name + ": "));
      var body = el("span", message.body);
      body.dir = "auto"; // an English line in a Persian page keeps its punctuation in place
      item.appendChild(body);
      if (runner) {
        item.appendChild(button(T.hide, function () { send({ action: "chat.hide", message: message.id }); }, "link-button"));
      }
      list.appendChild(item);
    });
    list.scrollTop = list.scrollHeight;
  }

  function renderWaiting() {
    var list = $("[data-waiting]");
    if (!list) return;
    list.replaceChildren();
    if (!state.waiting.length) list.appendChild(el("li", T.nobodyWaiting, "muted"));
    state.waiting.forEach(function (person, index) {
      var item = el("li", person.name + " ");
      item.appendChild(button(T.admit, function () {
        admitFocus = index;
        send({ action: "admit", user: person.user });
      }, "small"));
      list.appendChild(item);
    });
    if (admitFocus !== null) {
      // The button pressed is gone: the next person's, or the list's heading.
      var buttons = list.querySelectorAll("button");
      var target = buttons[Math.min(admitFocus, buttons.length - 1)] || document.getElementById("waiting-title");
      admitFocus = null;
      target.focus();
    }
  }

  function renderLock() {
    var lock = $("[data-lock]");
    if (lock) lock.textContent = state.locked ? T.unlock : T.lock;
    if (state.locked && !runner) notice(T.locked);
  }

  function upsertSignal(signal) {
    var found = false;
    state.signals = (state.signals || []).map(function (s) {
      if (s.id === signal.id) { found = true; return signal; }
      return s;
    });
    if (!found) state.signals.push(signal);
    renderSignals();
  }

  function renderSignals() {
    var list = $("[data-signals]");
    if (!list) return;
    list.replaceChildren();
    (state.signals || []).filter(function (s) { return !s.closed; }).forEach(function (signal) {
      var item = el("li", signal.name + " ");
      var link = el("a", T.openConversation);
      link.href = signal.url;
      link.target = "_blank";
      link.rel = "noopener";
      item.appendChild(link);
      if (signal.acknowledged) {
        item.appendChild(el("span", format(T.acknowledgedBy, signal.acknowledged_by), "muted"));
      } else {
        item.appendChild(button(T.acknowledge, function () { send({ action: "signal.acknowledge", signal: signal.id }); }, "small"));
      }
      item.appendChild(button(T.close, function () { send({ action: "signal.close", signal: signal.id }); }, "secondary small"));
      list.appendChild(item);
    });
  }

  function supportStatus(text) {
    var node = $("[data-support-status]");
    if (!node) return;
    if (node.textContent !== text) node.textContent = text;
    node.hidden = false;
  }

  // The family's own signal and its conversation with the support team.
  function renderMySignal() {
    var panel = $("[data-support-conversation]");
    var signal = state.my_signal;
    if (!panel) return;
    if (!signal) { panel.hidden = true; return; }
    supportStatus(signal.closed ? T.supportClosed : (signal.acknowledged ? T.supportSeen : T.supportSent));
    panel.hidden = false;
    panel.querySelector("[data-support-link]").href = signal.url;
    var list = panel.querySelector("[data-support-messages]");
    list.replaceChildren();
    signal.messages.forEach(function (message) {
      if (window.FLHConversation) list.appendChild(window.FLHConversation.item(message, T));
    });
    panel.querySelector("[data-support-form]").hidden = signal.closed;
  }

  // Buttons -----------------------------------------------------------------------------
  root.addEventListener("click", function (event) {
    var target = event.target.closest("[data-action]");
    if (!target) return;
    var action = target.dataset.action;
    if (action === "hand") {
      send({ action: state.me.hand_raised ? "hand.lower" : "hand.raise" });
    } else if (action === "hand-back" || action === "speaker.clear") {
      send({ action: "speaker.give", user: null });
    } else if (action === "lock") {
      send({ action: state.locked ? "unlock" : "lock" });
    } else if (action === "end") {
      if (window.confirm(T.endConfirm)) send({ action: "end" });
    } else if (action === "support.signal") {
      if (send({ action: "support.signal" })) supportStatus(T.supportSent);
    } else if (action === "leave") {
      return;  // a plain form: it posts by itself
    } else {
      send({ action: action });
    }
  });

  function enterSends(field) {
    if (window.FLHConversation) window.FLHConversation.enterSends(field);
  }

  $("[data-chat-form]").addEventListener("submit", function (event) {
    event.preventDefault();
    var field = event.target.elements.body;
    var body = field.value.trim();
    if (body && send({ action: "chat.send", body: body })) field.value = "";
  });
  enterSends($("[data-chat-form]").elements.body);

  var supportForm = $("[data-support-form]");
  if (supportForm) {
    supportForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var field = event.target.elements.body;
      var body = field.value.trim();
      if (body && state.my_signal && send({ action: "support.write", signal: state.my_signal.id, body: body })) field.value = "";
    });
    enterSends(supportForm.elements.body);
  }

  // Video ---------------------------------------------------------------------------------
  var video = null;

  function videoUnavailable() {
    root.querySelector("[data-jitsi]").hidden = true;
    root.querySelector("[data-video-unavailable]").hidden = false;
  }

  function startVideo() {
    var j = config.jitsi;
    if (!j.available) return;
    var script = document.createElement("script");
    script.src = j.scriptUrl;
    script.onerror = videoUnavailable;
    script.onload = function () {
      if (!window.JitsiMeetExternalAPI) { videoUnavailable(); return; }
      var toolbar = ["microphone", "camera", "tileview", "videoquality", "settings", "fullscreen", "hangup"];
      if (j.moderator) toolbar.push("mute-everyone");
      video = new window.JitsiMeetExternalAPI(j.domain, {
        roomName: j.room,
        jwt: j.jwt || undefined,
        parentNode: root.querySelector("[data-jitsi]"),
        width: "100%",
        height: "100%",
        lang: j.lang,
        userInfo: { displayName: j.displayName },
        configOverwrite: {
          // Our page already showed the ground rules and asked for a name.
          prejoinConfig: { enabled: false },
          prejoinPageEnabled: false,
          // No "download the app" page on phones.
          disableDeepLinking: true,
          // Circles are never recorded, streamed or transcribed.
          fileRecordingsEnabled: false,
          liveStreamingEnabled: false,
          liveStreaming: { enabled: false },
          recordingService: { enabled: false },
          localRecording: { disable: true },
          transcription: { enabled: false },
          disableInviteFunctions: true,
          startAudioOnly: j.audioOnly,
          startWithVideoMuted: j.audioOnly,
          resolution: j.audioOnly ? 180 : 360,
          toolbarButtons: toolbar,
          remoteVideoMenu: { disableKick: !j.moderator, disableGrantModerator: true },
          disableRemoteMute: !j.moderator
        },
        interfaceConfigOverwrite: { MOBILE_APP_PROMO: false }
      });
      var frame = video.getIFrame && video.getIFrame();
      if (frame) frame.title = T.videoTitle;
      video.addListener("videoConferenceJoined", function (event) {
        jitsiId = event.id || "";
        send({ action: "ping", jitsi_id: jitsiId });
      });
      if (runner) {
        video.addListener("participantJoined", function (event) { jitsiPeople[event.id] = event.displayName; });
        video.addListener("displayNameChange", function (event) { jitsiPeople[event.id] = event.displayname; });
        video.addListener("participantLeft", function (event) { delete jitsiPeople[event.id]; });
      }
      video.addListener("readyToClose", function () {
        if (!finished) videoUnavailable();
      });
    };
    document.head.appendChild(script);
  }

  connect();
  startVideo();
})();
