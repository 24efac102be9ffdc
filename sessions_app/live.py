"""Channel-layer groups of the live circles, and sending to them.

Services call `send_after_commit`; the message leaves once the transaction has
committed, so nobody hears of a change that was rolled back. Inside a consumer,
`collecting()` gathers the messages instead, and the consumer sends them from
the event loop (`send_all`), so the database thread never waits on Redis.
"""

import asyncio
from contextlib import contextmanager
from contextvars import ContextVar

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

_collector: ContextVar[list | None] = ContextVar("flh_live_collector", default=None)


def circle_group(session_id: int) -> str:
    """Everyone inside a circle: admitted families and those running it."""
    return f"circle-{session_id}"


def staff_group(session_id: int) -> str:
    """Those running a circle: its facilitators, the hub's organisers, global admins."""
    return f"circle-{session_id}-staff"


def user_group(session_id: int, user_id: int) -> str:
    """Every open page of one person in one circle."""
    return f"circle-{session_id}-user-{user_id}"


def support_group(hub_id: int) -> str:
    """The support-signals pages of a hub's support staff."""
    return f"support-hub-{hub_id}"


def send_after_commit(group: str, event_type: str, **data) -> None:
    """Send `{"type": event_type, "data": data}` to `group` once the transaction commits."""
    message = {"type": event_type, "data": data}
    collector = _collector.get()

    def send():
        if collector is not None:
            collector.append((group, message))
        else:
            async_to_sync(get_channel_layer().group_send)(group, message)

    transaction.on_commit(send)


@contextmanager
def collecting():
    """Gather what `send_after_commit` would send, to send it later with `send_all`."""
    messages: list = []
    token = _collector.set(messages)
    try:
        yield messages
    finally:
        _collector.reset(token)


async def send_all(messages) -> None:
    layer = get_channel_layer()
    await asyncio.gather(*(layer.group_send(group, message) for group, message in messages))
