"""What every live feature shares: sending to channel-layer groups once a
transaction commits, each person's own group, the "access changed" event, and a
small in-memory burst limiter.

Services call `send_after_commit`; the message leaves once the transaction has
committed, so nobody hears of a change that was rolled back. Inside a consumer,
`collecting()` gathers the messages instead, and the consumer sends them from
the event loop (`send_all`), so the database thread never waits on Redis.

Every live consumer (`conference.consumers.LiveConsumer`) joins its person's group.
Whatever changes what a person may see (a role, a duty, a session's facilitators,
an enrolment) calls `access_changed`; each of that person's open sockets then reads
its access again and closes, or leaves the groups it may no longer be in, at once.
"""

import asyncio
import threading
import time
from collections import deque
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

_collector: ContextVar[list | None] = ContextVar("flh_live_collector", default=None)
_pending: set = set()  # sends handed to a running loop, kept until done


def person_group(user_id: int) -> str:
    """Every open socket of one person, whatever page it belongs to."""
    return f"user-{user_id}"


def send_after_commit(group: str, event_type: str, *, robust: bool = False, **data) -> None:
    """Send `{"type": event_type, "data": data}` to `group` once the transaction commits.
    `robust`: if the channel layer fails, log it instead of failing the caller."""
    message = {"type": event_type, "data": data}
    collector = _collector.get()

    def send():
        if collector is not None:
            collector.append((group, message))
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            async_to_sync(get_channel_layer().group_send)(group, message)
            return
        # Blocking code called from this thread's event loop (a shell or test driving a
        # browser): the loop sends it when it next runs.
        task = loop.create_task(get_channel_layer().group_send(group, message))
        _pending.add(task)
        task.add_done_callback(_pending.discard)

    transaction.on_commit(send, robust=robust)


def access_changed(user_ids: Iterable[int]) -> None:
    """Tell each person's open sockets to check their access again (after commit)."""
    # Robust: a role change must not fail because the channel layer is down; the
    # sockets' freshness window still bounds what they miss.
    for user_id in sorted({pk for pk in user_ids if pk is not None}):
        send_after_commit(person_group(user_id), "access.changed", robust=True)


@contextmanager
def collecting():
    """Gather what `send_after_commit` would send, to send it later with `send_all`."""
    messages: list = []
    token = _collector.set(messages)
    try:
        yield messages
    finally:
        _collector.reset(token)


async def _groups_change(layer, groups, channel: str, many: str, one: str) -> None:
    groups = list(groups)
    if not groups:
        return
    all_at_once = getattr(layer, many, None)
    if all_at_once is not None:
        await all_at_once(groups, channel)
    else:
        await asyncio.gather(*(getattr(layer, one)(group, channel) for group in groups))


async def groups_join(layer, groups, channel: str) -> None:
    """Add `channel` to every group in `groups`: in one round trip on our Redis layer
    (`conference.channel_layer`), one `group_add` each on any other."""
    await _groups_change(layer, groups, channel, "group_add_many", "group_add")


async def groups_leave(layer, groups, channel: str) -> None:
    await _groups_change(layer, groups, channel, "group_discard_many", "group_discard")


async def send_all(messages) -> None:
    layer = get_channel_layer()
    await asyncio.gather(*(layer.group_send(group, message) for group, message in messages))


class Bursts:
    """At most `limit` events per `seconds` for each key, counted in this process's
    memory: no query and no round trip, for limits on the hot path. With several
    server processes a person could get `limit` in each; that still bounds a flood.
    Keys not seen for `seconds` are forgotten, so memory stays small."""

    def __init__(self, limit: int, seconds: float, clock=time.monotonic):
        self.limit = limit
        self.seconds = seconds
        self.clock = clock
        self._seen: dict = {}
        self._lock = threading.Lock()

    def allow(self, key) -> bool:
        now = self.clock()
        cutoff = now - self.seconds
        with self._lock:
            times = self._seen.pop(key, None) or deque()
            while times and times[0] <= cutoff:
                times.popleft()
            allowed = len(times) < self.limit
            if allowed:
                times.append(now)
            self._seen[key] = times  # most recently used last
            # Forget keys idle for a whole window (the least recently used come first).
            while len(self._seen) > 1:
                oldest = next(iter(self._seen))
                if self._seen[oldest] and self._seen[oldest][-1] > cutoff:
                    break
                del self._seen[oldest]
            return allowed

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()
