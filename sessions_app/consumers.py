"""The live layer of a sharing circle, and of the support staff's signal page.

One choke point (`receive_json`) takes every message: unknown actions and bad
input are refused there, then the matching function in `circles.py` checks the
person's permission again from the database and does the work. Events from the
channel layer are forwarded to the page as `{"type": …, **data}`.
"""

import logging
import time

from channels.consumer import get_handler_name
from channels.db import DatabaseSyncToAsync, database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils.translation import gettext as _

from conference import permissions
from sessions_app import circles, live

logger = logging.getLogger(__name__)


def in_thread_pool(function):
    """Run database work in the thread pool, not in the one thread every consumer
    of the process shares by default; return (result, messages to send)."""

    def collect(*args, **kwargs):
        with live.collecting() as messages:
            result = function(*args, **kwargs)
        return result, messages

    return DatabaseSyncToAsync(collect, thread_sensitive=False)


# How long a socket trusts what it last read of the person's place and roles. Removal
# and the end of a circle close the socket at once (events below); a role taken
# away is seen within this time, or at once if an action is refused.
ACCESS_FRESH_SECONDS = 60.0

CLOSE_FORBIDDEN = 4403
CLOSE_REMOVED = 4401
CLOSE_ENDED = 4410


def _user_id(content, key="user") -> int:
    value = content.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise circles.CircleError("invalid", _("This request is not valid."))
    return value


# action -> function(access, content); each one checks its own permission.
ACTIONS = {
    "hand.raise": lambda access, c: circles.hand_set(access=access, raised=True),
    "hand.lower": lambda access, c: circles.hand_set(access=access, raised=False),
    "chat.send": lambda access, c: circles.chat_send(access=access, body=str(c.get("body", ""))),
    "chat.hide": lambda access, c: circles.chat_hide(
        access=access, message_id=_user_id(c, "message")
    ),
    "support.signal": lambda access, c: circles.support_signal_raise(access=access),
    "admit": lambda access, c: circles.circle_admit(access=access, user_id=_user_id(c)),
    "admit.all": lambda access, c: circles.circle_admit(access=access),
    "speaker.next": lambda access, c: circles.speaker_next(access=access),
    "speaker.give": lambda access, c: circles.speaker_give(
        access=access, user_id=None if c.get("user") is None else _user_id(c)
    ),
    "mute.all": lambda access, c: circles.circle_mute_all(access=access),
    "remove": lambda access, c: circles.circle_remove(access=access, user_id=_user_id(c)),
    "lock": lambda access, c: circles.circle_lock(access=access, locked=True),
    "unlock": lambda access, c: circles.circle_lock(access=access, locked=False),
    "end": lambda access, c: circles.circle_end(access=access),
    "signal.acknowledge": lambda access, c: circles.support_signal_acknowledge(
        user=access.user, signal_id=_user_id(c, "signal")
    ),
    "signal.close": lambda access, c: circles.support_signal_close(
        user=access.user, signal_id=_user_id(c, "signal"), note=str(c.get("note", ""))
    ),
}


@in_thread_pool
def _open(user, session_id: int, channel_name: str) -> dict | None:
    """Check the person may be in the circle's live layer; register the socket."""
    if user.is_authenticated and permissions.needs_two_factor_setup(user):
        return None  # staff without two-factor get no staff powers anywhere
    opened = circles.socket_open(user=user, session_id=session_id, channel_name=channel_name)
    if opened is None:
        return None
    access, snapshot = opened
    return {"runner": access.runner, "snapshot": snapshot, "access": access}


@in_thread_pool
def _act(user, session_id: int, access, action: str, content: dict):
    """Run one action; `access` is the socket's recent view of the person's place
    (None: read it afresh). Returns (what to answer, the access used)."""
    if access is None:
        access = circles.access_to(user, session_id)
    if access.removed or not access.admitted:
        raise circles.CircleError("forbidden", _("You are no longer in this circle."))
    result = ACTIONS[action](access, content)
    return (result if isinstance(result, dict) else None), access


@in_thread_pool
def _close(session_id: int, channel_name: str) -> None:
    try:
        session = circles.get_circle(session_id)
    except circles.CircleError:
        return
    circles.presence_leave(session=session, channel_name=channel_name)


@in_thread_pool
def _ping(channel_name: str, jitsi_id) -> None:
    circles.presence_ping(
        channel_name=channel_name, jitsi_id=jitsi_id if isinstance(jitsi_id, str) else None
    )


class LiveConsumer(AsyncJsonWebsocketConsumer):
    """Channels closes stale database connections before every message it hands to a
    consumer, by a hop to the process's one shared sync thread and back: for a
    circle, that is a dozen hops for every chat line (one per member it reaches).
    These consumers never touch the database on the event loop; all their database
    work runs through `DatabaseSyncToAsync`, which does the same check in its own
    worker thread. So the messages go straight to their handlers."""

    async def dispatch(self, message):
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)


class CircleConsumer(LiveConsumer):
    async def connect(self):
        self.session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        self.user = self.scope["user"]
        opened, messages = await _open(self.user, self.session_id, self.channel_name)
        if opened is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.groups_joined = [
            live.circle_group(self.session_id),
            live.user_group(self.session_id, self.user.pk),
        ]
        if opened["runner"]:
            self.groups_joined.append(live.staff_group(self.session_id))
        self.access, self.access_read_at = opened["access"], time.monotonic()
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "circle.state", **opened["snapshot"]})
        await live.send_all(messages)

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)
        if hasattr(self, "groups_joined"):
            _result, messages = await _close(self.session_id, self.channel_name)
            await live.send_all(messages)

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict) or not isinstance(content.get("action"), str):
            await self.send_json({"type": "error", "error": "invalid"})
            return
        action = content["action"]
        if action == "ping":
            await _ping(self.channel_name, content.get("jitsi_id"))
            await self.send_json({"type": "pong"})
            return
        if action not in ACTIONS:
            await self.send_json({"type": "error", "error": "unknown_action", "action": action})
            return
        if time.monotonic() - self.access_read_at > ACCESS_FRESH_SECONDS:
            self.access = None
        try:
            (result, access), messages = await _act(
                self.user, self.session_id, self.access, action, content
            )
        except circles.CircleError as error:
            self.access = None  # read it afresh next time
            await self.send_json(
                {"type": "error", "error": error.code, "message": error.message, "action": action}
            )
            if error.code == "forbidden":
                logger.info(
                    "circle %s: refused %s for user %s", self.session_id, action, self.user.pk
                )
            return
        if self.access is None:
            self.access, self.access_read_at = access, time.monotonic()
        await live.send_all(messages)
        if result is not None and action == "chat.send":
            await self.send_json({"type": "chat.sent", "id": result["id"]})

    # Events from the channel layer -------------------------------------------------

    async def _forward(self, event):
        await self.send_json({"type": event["type"], **event.get("data", {})})

    circle_hands = _forward
    circle_chat = _forward
    circle_chat_hidden = _forward
    circle_presence = _forward
    circle_waiting = _forward
    circle_locked = _forward
    circle_mute_all = _forward
    circle_participant_removed = _forward
    support_signal = _forward
    support_acknowledged = _forward

    async def circle_admitted(self, event):
        await self._forward(event)

    async def circle_removed(self, event):
        await self._forward(event)
        await self.close(code=CLOSE_REMOVED)

    async def circle_ended(self, event):
        await self._forward(event)
        await self.close(code=CLOSE_ENDED)


@database_sync_to_async
def _support_hubs(user) -> list[int]:
    if not user.is_authenticated or permissions.needs_two_factor_setup(user):
        return []
    return sorted(permissions.support_signal_hub_ids(user))


class SupportSignalsConsumer(LiveConsumer):
    """Live support signals for the support staff (and organisers) of a person's hubs.
    Read-only: acknowledging and closing are POSTs of the signals page."""

    async def connect(self):
        hub_ids = await _support_hubs(self.scope["user"])
        if not hub_ids:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.groups_joined = [live.support_group(hub_id) for hub_id in hub_ids]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        await self.send_json({"type": "error", "error": "read_only"})

    async def support_signal(self, event):
        await self.send_json({"type": event["type"], **event.get("data", {})})
