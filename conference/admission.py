"""Admission of WebSockets: a connection storm gets answers, not time-outs.

After a restart or a deploy every page reconnects at once. Each handshake costs a
session and user lookup, the consumer's access check and a few channel-layer
round trips; past what the process can do, handshakes queue until Daphne gives up
on them ("did not receive a valid HTTP response") and the pages retry, all together,
into the same queue. So each process lets at most `LIVE_MAX_HANDSHAKES` handshakes be
in progress at once; one more is accepted and closed at once with `CLOSE_TRY_AGAIN`,
before any session, database or Redis work: the page then waits a random while
(`static/js/live.js`, full jitter) and comes back. It also counts what `/metrics`
shows about sockets.
"""

import logging

from channels.auth import AuthMiddleware, get_user
from channels.db import DatabaseSyncToAsync
from channels.sessions import CookieMiddleware, SessionMiddleware
from django.conf import settings
from django.db import close_old_connections

from conference import metrics

logger = logging.getLogger(__name__)

# "Too many requests": the page tries again after a random delay.
CLOSE_TRY_AGAIN = 4429
_in_progress = [0]  # handshakes in progress in this process, all instances together


def handshakes_in_progress() -> int:
    return _in_progress[0]


def busy() -> bool:
    """A quarter of the process's handshake limit or more in progress: a storm."""
    return _in_progress[0] * 4 >= settings.LIVE_MAX_HANDSHAKES


class HandshakeAdmission:
    def __init__(self, app, limit: int | None = None):
        self.app = app
        self.limit = limit
        self.in_progress = 0

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            return await self.app(scope, receive, send)
        limit = self.limit if self.limit is not None else settings.LIVE_MAX_HANDSHAKES
        if self.in_progress >= limit:
            return await self._refuse(receive, send)
        self.in_progress += 1
        _in_progress[0] += 1
        metrics.handshakes_in_progress.inc()
        pending = True  # the handshake is in progress until the app answers it
        opened = False

        def settle():
            nonlocal pending
            if pending:
                pending = False
                self.in_progress -= 1
                _in_progress[0] -= 1
                metrics.handshakes_in_progress.dec()

        async def counted_receive():
            message = await receive()
            if message["type"] == "websocket.receive":
                metrics.socket_messages_in.inc()
            return message

        async def counted_send(message):
            nonlocal opened
            kind = message["type"]
            if kind == "websocket.send":
                metrics.socket_messages_out.inc()
            elif kind == "websocket.accept":
                settle()
                if not opened:
                    opened = True
                    metrics.sockets_open.inc()
            elif kind == "websocket.close":
                settle()
            await send(message)

        try:
            return await self.app(scope, counted_receive, counted_send)
        finally:
            settle()
            if opened:
                metrics.sockets_open.dec()

    async def _refuse(self, receive, send):
        metrics.sockets_refused.inc()
        message = await receive()
        if message["type"] != "websocket.connect":
            return
        # Accepted, then closed with our code: a page sees a close code only on a
        # socket that was opened (a refused handshake reaches it as 1006).
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.close", "code": CLOSE_TRY_AGAIN})
        # Wait for the page to answer the close, so the server does not log an
        # application that ended with its socket still open.
        while (await receive())["type"] != "websocket.disconnect":
            pass


def _user_of(scope):
    try:
        return get_user.func(scope)
    finally:
        close_old_connections()  # the pooled connection goes back from this thread


_user_in_thread_pool = DatabaseSyncToAsync(_user_of, thread_sensitive=False)


class PooledAuthMiddleware(AuthMiddleware):
    """Channels' AuthMiddleware, reading the session and the user in the thread pool.
    Channels does it in the process's one shared sync thread, so every handshake of a
    storm queued behind the others there (a Redis and a database round trip each)."""

    async def resolve_scope(self, scope):
        scope["user"]._wrapped = await _user_in_thread_pool(scope)


def auth_stack(inner):
    """`channels.auth.AuthMiddlewareStack`, with the user read in the thread pool."""
    return CookieMiddleware(SessionMiddleware(PooledAuthMiddleware(inner)))
