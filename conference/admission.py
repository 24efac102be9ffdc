"""Admission of WebSockets: a connection storm gets answers, not time-outs.

After a restart or a deploy every page reconnects at once. Each handshake costs a
session and user lookup, the consumer's access check and a few channel-layer
round trips; past what the process can do, handshakes queue until Daphne gives up
on them ("did not receive a valid HTTP response") and the pages retry, all together,
into the same queue. So each process lets at most `LIVE_MAX_HANDSHAKES` handshakes be
in progress at once; one more is accepted and closed at once with `CLOSE_TRY_AGAIN`,
before any session, database or Redis work. Just before closing, the page is told
when to come back (`{"type": "retry", "after": seconds}`): `RetrySlots` hands out
times spread over what the process needs to take everyone refused so far, at the
rate it has been completing handshakes, so the refused come back in a steady stream
it can take instead of all together or, after many failures, much later than
needed. The page waits that long, give or take a fifth (`static/js/live.js`); without
a time it falls back to exponential back-off with full jitter. It also counts what
`/metrics` shows about sockets.
"""

import json
import logging
import time
from collections import deque

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


class RetrySlots:
    """When each refused page should come back: one slot every 1/rate seconds, the
    rate being the handshakes this process completed over the last `window`
    seconds. A slot is at least `shortest` and at most `longest` seconds away."""

    UNMEASURED_RATE = 10.0  # per second, until two handshakes have completed

    def __init__(self, *, window=3.0, shortest=1.0, longest=30.0, clock=time.monotonic):
        self.window = window
        self.shortest = shortest
        self.longest = longest
        self.clock = clock
        self.completed: deque[float] = deque()
        self.next_slot = 0.0

    def _forget_old(self, now: float) -> None:
        while self.completed and self.completed[0] < now - self.window:
            self.completed.popleft()

    def completed_one(self) -> None:
        now = self.clock()
        self.completed.append(now)
        self._forget_old(now)

    def rate(self) -> float:
        """Handshakes completed per second lately (over the time seen, if shorter than
        the window: a process that just started measures from its first one)."""
        now = self.clock()
        self._forget_old(now)
        if len(self.completed) < 2:
            return self.UNMEASURED_RATE
        span = max(now - self.completed[0], 1.0)
        return len(self.completed) / min(span, self.window)

    def after(self) -> float:
        """Seconds until this refused page's turn."""
        now = self.clock()
        slot = max(now + self.shortest, self.next_slot)
        slot = min(slot, now + self.longest)
        self.next_slot = slot + 1.0 / self.rate()
        return round(slot - now, 2)


class HandshakeAdmission:
    def __init__(self, app, limit: int | None = None, slots: RetrySlots | None = None):
        self.app = app
        self.limit = limit
        self.in_progress = 0
        self.slots = slots or RetrySlots()

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
                self.slots.completed_one()
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
        # Accepted, told when to come back, then closed with our code: a page sees a
        # close code only on a socket that was opened (a refused handshake reaches it
        # as 1006), and Daphne sends no close reason, so the time goes in a message.
        await send({"type": "websocket.accept"})
        retry = {"type": "retry", "after": self.slots.after()}
        await send({"type": "websocket.send", "text": json.dumps(retry)})
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
