"""The live layer of a sharing circle.

One choke point (`receive_json`) takes every message: unknown actions and bad
input are refused there, then the matching service checks the person's permission
again from the database and does the work. Events from the channel layer are
forwarded to the page as `{"type": …, **data}`. Bad frames, access that changes
while the socket is open, and the person's own group are `LiveConsumer`'s.
"""

import asyncio
import logging
import time

import redis.exceptions
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import gettext as _

from conference import admission, permissions
from conference.consumers import CLOSE_FORBIDDEN, LiveConsumer, in_thread_pool
from sessions_app import circles, connect, live
from support.signals import services as support

logger = logging.getLogger(__name__)

CLOSE_REMOVED = 4401
CLOSE_ENDED = 4410
CLOSE_LEFT = 4411
# The channel layer failed: the page reconnects (with back-off) and reads the circle.
CLOSE_RECONNECT = 4503
CHANNEL_LAYER_DOWN = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


def _unavailable() -> str:
    return _("This did not go through: the circle is busy or restarting. Please try again.")


def _offline() -> str:
    return _("Saved, but the circle could not be told yet. Reconnecting to the circle in a moment.")


# A page pings every 25 s (presence lasts 75 s): a socket's ping counts once per this
# many seconds at most; more pings are answered without touching the database. The
# pings that count are written together, once per `PING_FLUSH_SECONDS` per process.
PING_WRITE_SECONDS = 20.0
PING_FLUSH_SECONDS = 5.0
JITSI_IDS_PER_SOCKET = 5
REFUSALS = (circles.CircleError, support.SupportError)


def _number(content, key="user") -> int:
    value = content.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise circles.CircleError("invalid", _("This request is not valid."))
    return value


def _chat(access, content) -> dict:
    message = circles.chat_send(access=access, body=content.get("body", ""))
    return {"type": "chat.sent", "id": message["id"]}


# action -> function(access, content); each one checks its own permission. A dict
# with a "type" that one returns is sent back to the page that asked.
ACTIONS = {
    "hand.raise": lambda access, c: circles.hand_set(access=access, raised=True),
    "hand.lower": lambda access, c: circles.hand_set(access=access, raised=False),
    "chat.send": _chat,
    "chat.hide": lambda access, c: circles.chat_hide(
        access=access, message_id=_number(c, "message")
    ),
    "leave": lambda access, c: circles.circle_leave(access=access),
    "admit": lambda access, c: circles.circle_admit(access=access, user_id=_number(c)),
    "admit.all": lambda access, c: circles.circle_admit(access=access),
    "speaker.next": lambda access, c: circles.speaker_next(access=access),
    "speaker.give": lambda access, c: circles.speaker_give(
        access=access, user_id=None if c.get("user") is None else _number(c)
    ),
    "mute.all": lambda access, c: circles.circle_mute_all(access=access),
    "remove": lambda access, c: circles.circle_remove(access=access, user_id=_number(c)),
    "lock": lambda access, c: circles.circle_lock(access=access, locked=True),
    "unlock": lambda access, c: circles.circle_lock(access=access, locked=False),
    "end": lambda access, c: circles.circle_end(access=access),
    "support.signal": lambda access, c: support.support_signal_raise(access=access),
    "support.write": lambda access, c: support.support_message_send(
        user=access.user, signal_id=_number(c, "signal"), body=c.get("body", "")
    ),
    # The signals list of a circle page is its runners' (other staff use their own page).
    "signal.acknowledge": lambda access, c: support.support_signal_acknowledge(
        user=circles.runner_only(access).user, signal_id=_number(c, "signal")
    ),
    "signal.close": lambda access, c: support.support_signal_close(
        user=circles.runner_only(access).user,
        signal_id=_number(c, "signal"),
        note=c.get("note", ""),
    ),
}


def open_socket(user, session_id: int, channel_name: str) -> dict | None:
    """Check the person may be in the circle's live layer; register the socket.
    All the database work of a socket connecting, after the session and user lookups
    (tests/test_connect_path.py counts its queries)."""
    if user.is_authenticated and permissions.needs_two_factor_setup(user):
        return None  # staff without two-factor get no staff powers anywhere
    opened = connect.socket_open(user=user, session_id=session_id, channel_name=channel_name)
    if opened is None:
        return None
    access, snapshot = opened
    return {"snapshot": snapshot, "access": access}


_open = in_thread_pool(open_socket)


@in_thread_pool
def _recheck(user, session_id: int) -> circles.Access | None:
    """The person's place in the circle as the database has it now (None: no place)."""
    user = permissions.fresh_user(user)
    if not user.is_authenticated:
        return None
    access = connect.access_now(user, session_id)
    if (
        access is None
        or not access.admitted
        or (access.runner and permissions.needs_two_factor_setup(user))
    ):
        return None
    return access


@in_thread_pool
def _act(access: circles.Access, action: str, content: dict) -> dict | None:
    if not access.admitted:
        raise circles.CircleError("forbidden", _("You are no longer in this circle."))
    result = ACTIONS[action](access, content)
    return result if isinstance(result, dict) and "type" in result else None


@in_thread_pool
def _close(session_id: int, channel_name: str, user_id: int) -> None:
    try:
        session = circles.get_circle(session_id)
    except circles.CircleError:
        return
    circles.presence_leave(session=session, channel_name=channel_name, user_id=user_id, tell=False)


_present_now = in_thread_pool(connect.present_now)


class PresenceNews:
    """Tells a circle who is present a moment after pages arrive or leave: once per
    circle per `LIVE_PRESENCE_SECONDS` in this process, however many came meanwhile.

    Each arriving page gets the list in its own state; the others hear of it here.
    Told at once, a circle of 12 reconnecting after a restart sent 78 lists (each
    arrival to everyone already in), and each one a process takes from the channel
    layer is a round trip of its own: under a storm that queue, not the database,
    was what kept sockets waiting (`bench/circles.py`). While the process is busy
    with handshakes the window is `LIVE_PRESENCE_BUSY_SECONDS`.

    The list is read after the wait, so it is never older than the news: a page
    that arrives after the read schedules the next telling."""

    def __init__(self):
        self.pending: dict[int, asyncio.Task] = {}

    def window(self) -> float:
        if admission.busy():
            return settings.LIVE_PRESENCE_BUSY_SECONDS
        return settings.LIVE_PRESENCE_SECONDS

    def soon(self, session_id: int) -> None:
        waiting = self.pending.get(session_id)
        loop = asyncio.get_running_loop()
        if waiting is not None and not waiting.done() and waiting.get_loop() is loop:
            return
        self.pending[session_id] = loop.create_task(self._tell(session_id))

    async def _tell(self, session_id: int) -> None:
        try:
            await asyncio.sleep(self.window())
        finally:
            # From here on, a page arriving or leaving schedules the next telling.
            if self.pending.get(session_id) is asyncio.current_task():
                del self.pending[session_id]
        try:
            present_now, _messages = await _present_now(session_id)
            await get_channel_layer().group_send(
                live.circle_group(session_id),
                {"type": "circle.presence", "data": {"present": present_now}},
            )
        except (DatabaseError, *CHANNEL_LAYER_DOWN) as error:
            # The pages read the list again when they reconnect; the next arrival or
            # departure tells it again.
            logger.warning("circle %s: presence not told: %r", session_id, error)


presence_news = PresenceNews()


@in_thread_pool
def _claim(session, user_id: int, jitsi_id: str) -> None:
    circles.jitsi_claim(session=session, user_id=user_id, jitsi_id=jitsi_id)


_touch = in_thread_pool(circles.presence_touch)


class PresenceTouches:
    """The pings of this process's circle sockets, written together: one UPDATE every
    `PING_FLUSH_SECONDS` for every socket that pinged meanwhile, instead of one per
    ping. 10,000 open pages ping 400 times a second; written one by one, that was a
    thread-pool hop, a transaction and a query each (`bench/circles.py`). A presence
    lasts 75 s, so a few seconds' delay changes nothing anyone sees."""

    def __init__(self):
        self.channels: set[str] = set()
        self.task: asyncio.Task | None = None

    def touch(self, channel_name: str) -> None:
        self.channels.add(channel_name)
        loop = asyncio.get_running_loop()
        if self.task is None or self.task.done() or self.task.get_loop() is not loop:
            self.task = loop.create_task(self._write_later())

    async def _write_later(self) -> None:
        await asyncio.sleep(PING_FLUSH_SECONDS)
        channels, self.channels = self.channels, set()
        try:
            await _touch(channels)
        except DatabaseError as error:
            # Lost pings are taken again 25 s later, well within a presence's 75 s.
            logger.warning("presence of %d sockets not refreshed: %r", len(channels), error)


presence_touches = PresenceTouches()


class CircleConsumer(LiveConsumer):
    access: circles.Access | None = None

    async def connect(self):
        self.session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        self.user = self.scope["user"]
        opened, messages = await _open(self.user, self.session_id, self.channel_name)
        if opened is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.access = opened["access"]
        self.runner = self.access.runner
        self.pinged_at = time.monotonic()
        self.jitsi_ids: set[str] = set()
        await self.join(self._groups())
        await self.accept()
        await self.send_json({"type": "circle.state", **opened["snapshot"]})
        await live.send_all(messages)
        presence_news.soon(self.session_id)

    def _groups(self) -> set[str]:
        groups = {
            live.circle_group(self.session_id),
            live.user_group(self.session_id, self.user.pk),
        }
        if self.runner:
            groups.add(live.staff_group(self.session_id))
        return groups

    async def read_access(self):
        access, _messages = await _recheck(self.user, self.session_id)
        # Someone who no longer runs the circle (or newly does) gets a fresh page.
        if access is None or access.runner != self.runner:
            return None
        self.access, self.user = access, access.user
        return self._groups()

    async def disconnect(self, code):
        if self.access is not None:
            _result, messages = await _close(self.session_id, self.channel_name, self.user.pk)
            await live.send_all(messages)
            presence_news.soon(self.session_id)

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict) or not isinstance(content.get("action"), str):
            await self.send_json({"type": "error", "error": "invalid"})
            return
        action = content["action"]
        if action == "ping":
            await self._keep_alive(content.get("jitsi_id"))
            return
        if action not in ACTIONS:
            await self.send_json({"type": "error", "error": "unknown_action", "action": action})
            return
        try:
            reply, messages = await _act(self.access, action, content)
        except DatabaseError:
            # Nothing was written (the transaction rolled back); the page may try again.
            logger.warning("circle %s: %s failed: database unavailable", self.session_id, action)
            await self.send_json(
                {
                    "type": "error",
                    "error": "unavailable",
                    "message": _unavailable(),
                    "action": action,
                }
            )
            return
        except REFUSALS as error:
            await self.send_json(
                {"type": "error", "error": error.code, "message": error.message, "action": action}
            )
            if error.code == "forbidden":
                logger.info(
                    "circle %s: refused %s for user %s", self.session_id, action, self.user.pk
                )
                await self.refresh_access()  # a refusal may mean the access changed
            return
        # Done and committed: the page hears so first (its chat line is kept), then the
        # circle. If the channel layer is down the others cannot hear of it now: the page
        # is told, and the socket closes so that it reconnects and reads the whole
        # circle afresh (everything is in the database) once the layer is back.
        if reply is not None:
            await self.send_json(reply)
        try:
            await live.send_all(messages)
        except CHANNEL_LAYER_DOWN:
            logger.warning("circle %s: channel layer unavailable after %s", self.session_id, action)
            await self.send_json(
                {"type": "error", "error": "offline", "message": _offline(), "action": action}
            )
            await self.shut(CLOSE_RECONNECT)

    async def _keep_alive(self, jitsi_id) -> None:
        """Keep the presence fresh (counted once per `PING_WRITE_SECONDS`, written with
        the process's other pings) and record the page's video id the first time it is
        reported."""
        new_id = (
            jitsi_id
            if isinstance(jitsi_id, str)
            and jitsi_id
            and jitsi_id not in self.jitsi_ids
            and len(self.jitsi_ids) < JITSI_IDS_PER_SOCKET
            else None
        )
        now = time.monotonic()
        if now - self.pinged_at >= PING_WRITE_SECONDS:
            self.pinged_at = now
            presence_touches.touch(self.channel_name)
        if new_id:
            self.jitsi_ids.add(new_id)
            await _claim(self.access.session, self.user.pk, new_id)
        await self.send_json({"type": "pong"})

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
    circle_admitted = _forward
    support_signal = _forward
    support_mine = _forward
    support_acknowledged = _forward
    support_message = _forward
    support_closed = _forward

    async def circle_removed(self, event):
        await self._forward(event)
        await self.shut(CLOSE_REMOVED)

    async def circle_left(self, event):
        await self._forward(event)
        await self.shut(CLOSE_LEFT)

    async def circle_ended(self, event):
        await self._forward(event)
        await self.shut(CLOSE_ENDED)
