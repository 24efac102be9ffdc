// Check-in desk: live arrival count over a WebSocket, and QR scanning with the
// camera (the browser's BarcodeDetector, or the vendored jsQR). Typing the code
// and pressing "Check in" works without any of this.
(function () {
  "use strict";
  var root = document.getElementById("desk");
  if (!root) return;
  var form = root.querySelector("form.desk-form");
  var input = form.querySelector("input[name=code]");
  var status = root.querySelector("[data-connection]");

  function setCounts(counts) {
    Object.keys(counts).forEach(function (key) {
      var node = root.querySelector('[data-count="' + key + '"]');
      if (node) node.textContent = counts[key];
    });
  }

  // Live count, reconnecting with back-off.
  var retry = window.FLHLive.retry(connect);
  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + root.dataset.socket);
    retry.watch(socket);
    socket.onopen = function () {
      retry.opened();
      status.hidden = true;
    };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "desk.count") setCounts(message.counts);
    };
    socket.onclose = function (event) {
      if (event.code === 4403) return; // not allowed: do not insist
      status.hidden = false;
      retry.closed(event);
    };
  }
  connect();

  // After each check-in (htmx swap), take the counts from the answer and get ready for the next.
  document.body.addEventListener("htmx:afterSwap", function () {
    var counts = root.querySelector("[data-counts]");
    if (counts) {
      setCounts({
        arrived_parties: counts.dataset.arrivedParties,
        expected_parties: counts.dataset.expectedParties,
        arrived_people: counts.dataset.arrivedPeople,
        expected_people: counts.dataset.expectedPeople,
      });
    }
    if (root.querySelector(".desk-ok")) input.value = "";
    input.focus();
  });

  // QR scanning.
  var scanButton = root.querySelector("[data-scan]");
  var scanner = root.querySelector("[data-scanner]");
  var video = root.querySelector("[data-video]");
  var stopButton = root.querySelector("[data-stop-scan]");
  if (!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)) return;
  scanButton.hidden = false;
  var stream = null;
  var detector = "BarcodeDetector" in window ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
  var canvas = document.createElement("canvas");

  function stop() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    scanner.hidden = true;
    scanButton.hidden = false;
  }

  function found(code) {
    stop();
    input.value = code;
    form.requestSubmit();
  }

  function look() {
    if (!stream) return;
    if (video.readyState < 2) { setTimeout(look, 200); return; }
    if (detector) {
      detector.detect(video).then(function (codes) {
        if (codes.length) found(codes[0].rawValue); else setTimeout(look, 250);
      }, function () { setTimeout(look, 500); });
      return;
    }
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    var image = context.getImageData(0, 0, canvas.width, canvas.height);
    var result = window.jsQR ? window.jsQR(image.data, image.width, image.height) : null;
    if (result && result.data) found(result.data); else setTimeout(look, 250);
  }

  scanButton.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.play();
        scanner.hidden = false;
        scanButton.hidden = true;
        look();
      }, function () {
        scanButton.hidden = true;
      });
  });
  stopButton.addEventListener("click", stop);
})();
