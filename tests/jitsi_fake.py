"""An in-process HTTP server that answers as a Jitsi deployment's endpoints do:
Jicofo's `/about/health` and Prosody's `mod_muc_size` `/room-size`.

    with FakeJitsi(rooms={"flhabc": 3}) as fake:
        client = JitsiClient(health_url=fake.health_url, room_size_url=fake.room_size_url, ...)
        fake.healthy = False   # health answers 500
        fake.delay = 5         # every answer waits 5 s (slower than any client timeout)
    fake.stop()                # nothing listens any more: connection refused
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

XMPP_DOMAIN = "meet.test"  # rooms live at room@muc.meet.test


class FakeJitsi:
    def __init__(self, *, rooms=None, xmpp_domain=XMPP_DOMAIN):
        self.rooms = dict(rooms or {})
        self.xmpp_domain = xmpp_domain
        self.healthy = True
        self.delay = 0.0
        self.garbage = False  # answer room-size with something that is not JSON
        self.requests: list[str] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                fake.requests.append(self.path)
                if fake.delay:
                    time.sleep(fake.delay)
                url = urlsplit(self.path)
                if url.path == "/about/health":
                    self._answer(200 if fake.healthy else 500, {} if fake.healthy else None)
                elif url.path == "/room-size":
                    query = parse_qs(url.query)
                    room = query.get("room", [""])[0]
                    domain = query.get("domain", [""])[0]
                    if fake.garbage:
                        self._answer(200, raw=b"<html>oops</html>")
                    elif domain != fake.xmpp_domain or room not in fake.rooms:
                        # mod_muc_size answers 404 for a room it does not know.
                        self._answer(404)
                    else:
                        self._answer(200, {"participants": fake.rooms[room]})
                else:
                    self._answer(404)

            def _answer(self, status, body=None, raw=None):
                payload = (
                    raw
                    if raw is not None
                    else json.dumps(body).encode()
                    if body is not None
                    else b""
                )
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a slow-answer test): expected

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.health_url = f"{self.base_url}/about/health"
        self.room_size_url = f"{self.base_url}/room-size"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self):
        if self._thread.is_alive():
            self.server.shutdown()
            self.server.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
