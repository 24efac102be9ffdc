"""The base of every WebSocket consumer of the platform (`LiveConsumer`).

It gives each consumer, for free:
- bad frames refused in one place: binary frames, text that is not JSON, frames
  over `MAX_FRAME_CHARS`, JSON nested too deep: the page gets
  `{"type": "error", "error": "invalid"}` and the socket stays open;
- access that follows the database: the socket joins its person's group
  (`conference.live.person_group`) before anything else, and on an `access.changed`
  event, or before the first action or event once what it read is older than
  `ACCESS_FRESH_SECONDS`, it asks `read_access()` again. Groups it may no longer be
  in are left at once; with no access left it closes with `close_forbidden`.
- events handed straight to their handlers (see `dispatch`).

A subclass implements `connect()` (check access, then `await self.join(groups)` and
`await self.accept()`) and `read_access()` (the groups it may be in now, or None).
"""

import asyncio
import json
import logging
import random
import time

from channels.consumer import get_handler_name
from channels.db import DatabaseSyncToAsync
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.db import close_old_connections

from conference import live

logger = logging.getLogger(__name__)

# How long a socket trusts what it last read of the person's roles and places. A change
# made through the models (services, admin) is seen at once through `access.changed`;
# this bounds anything else (a bulk update, a change made by hand in the database).
# Each socket reads again after a share of it drawn between a half and the whole:
# sockets that connected together (after a restart) do not all read again together.
ACCESS_FRESH_SECONDS = 120.0
# Longer than any message a page sends (chat lines are 500 characters at most).
MAX_FRAME_CHARS = 16 * 1024
CLOSE_FORBIDDEN = 4403
INVALID = {"type": "error", "error": "invalid"}
_NOT_JSON = object()


def in_thread_pool(function):
    """Run database work in the thread pool, not in the one thread every consumer
    of the process shares by default; return (result, messages to send): what the
    services would have sent after commit, for the consumer to send with
    `live.send_all` from the event loop."""

    def collect(*args, **kwargs):
        try:
            with live.collecting() as messages:
                result = function(*args, **kwargs)
            return result, messages
        finally:
            # Hand the connection back to the pool from where the work ran: a pool
            # thread that outlives its event loop must not keep one checked out.
            close_old_connections()

    return DatabaseSyncToAsync(collect, thread_sensitive=False)


def decode_frame(text_data: str | None, bytes_data: bytes | None):
    """The frame's JSON content, or `_NOT_JSON` for anything we do not take."""
    if text_data is None or bytes_data is not None or len(text_data) > MAX_FRAME_CHARS:
        return _NOT_JSON
    try:
        return json.loads(text_data)
    except (ValueError, RecursionError):
        return _NOT_JSON


class LiveConsumer(AsyncJsonWebsocketConsumer):
    close_forbidden = CLOSE_FORBIDDEN

    groups_joined: frozenset = frozenset()
    access_read_at: float | None = None
    closing = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fresh_share = random.uniform(0.5, 1.0)  # noqa: S311 - spreading, not secrecy

    async def read_access(self) -> set[str] | None:
        """The groups this socket may be in now, read afresh (None: it must close)."""
        raise NotImplementedError

    # Opening and closing ---------------------------------------------------------------

    def _person_group(self) -> str | None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            return None
        return live.person_group(user.pk)

    async def websocket_connect(self, message):
        # The person's group first: a change made while connect() reads the access
        # then reaches this socket (as the first event after connect) instead of
        # falling between the read and the join.
        person = self._person_group()
        if person:
            await self.channel_layer.group_add(person, self.channel_name)
            self.groups_joined = frozenset([person])
        await self.connect()
        if self.access_read_at is None:  # connect() refused the socket
            await self._leave_all()

    async def join(self, groups) -> None:
        """Be in exactly `groups` (and the person's group) from now on."""
        wanted = set(groups)
        person = self._person_group()
        if person:
            wanted.add(person)
        # All at once: a connecting circle page joins three or four groups, in one
        # round trip on the Redis layer.
        layer, channel = self.channel_layer, self.channel_name
        await asyncio.gather(
            live.groups_leave(layer, self.groups_joined - wanted, channel),
            live.groups_join(layer, wanted - self.groups_joined, channel),
        )
        self.groups_joined = frozenset(wanted)
        self.access_read_at = time.monotonic()

    async def _leave_all(self) -> None:
        groups, self.groups_joined = self.groups_joined, frozenset()
        try:
            await live.groups_leave(self.channel_layer, groups, self.channel_name)
        except Exception as error:  # whatever the layer raises, go on closing
            # A channel layer that is down cannot be left; its groups expire by themselves.
            logger.warning("%s: leaving groups failed: %r", type(self).__name__, error)

    async def shut(self, code: int) -> None:
        """Close from our side; nothing more is received, sent or forwarded."""
        self.closing = True
        await self._leave_all()
        await self.close(code=code)

    async def websocket_disconnect(self, message):
        await self._leave_all()
        await super().websocket_disconnect(message)

    # Access ------------------------------------------------------------------------------

    def access_is_stale(self) -> bool:
        return (
            self.access_read_at is not None
            and time.monotonic() - self.access_read_at > ACCESS_FRESH_SECONDS * self.fresh_share
        )

    async def refresh_access(self) -> bool:
        """Read the access again; leave what is no longer allowed. False: closed."""
        groups = await self.read_access()
        if groups is None:
            logger.info("%s: access gone, closing", type(self).__name__)
            await self.shut(self.close_forbidden)
            return False
        await self.join(groups)
        return True

    async def access_changed(self, event):
        await self.refresh_access()

    # Messages ------------------------------------------------------------------------------

    async def dispatch(self, message):
        """Channels closes stale database connections before every message it hands to a
        consumer, by a hop to the process's one shared sync thread and back: for a
        circle, that is a dozen hops for every chat line (one per member it reaches).
        These consumers never touch the database on the event loop; all their database
        work runs through `DatabaseSyncToAsync`, which does the same check in its own
        worker thread. So the messages go straight to their handlers."""
        kind = message["type"]
        if self.closing and kind != "websocket.disconnect":
            return
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {kind}")
        is_event = not kind.startswith("websocket.") and kind != "access.changed"
        if is_event and self.access_is_stale() and not await self.refresh_access():
            return
        await handler(message)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        content = decode_frame(text_data, bytes_data)
        if content is _NOT_JSON:
            await self.send_json(INVALID)
            return
        if self.access_is_stale() and not await self.refresh_access():
            return
        await self.receive_json(content, **kwargs)
