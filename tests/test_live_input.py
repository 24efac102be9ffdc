"""What a page sends that it should not: frames that are not JSON, binary frames,
JSON nested too deep or too long, on every socket (refused with an error, socket
kept, nothing logged as a crash); a chat body that is not text; floods of hands and
pings (limited like chat); a family claiming another person's video id."""

import asyncio
import datetime
import logging

import pytest
from channels.db import database_sync_to_async

from conference import consumers as base
from conference.consumers import in_thread_pool
from sessions_app import circles
from sessions_app import consumers as circle_consumers
from sessions_app.models import CircleJitsiId, CircleMessage, CirclePresence
from tests.live import Sockets, drain, next_of

pytestmark = pytest.mark.django_db(transaction=True)
INVALID = {"type": "error", "error": "invalid"}


@pytest.fixture
async def sockets():
    opened = Sockets()
    yield opened
    await opened.close_all()


@pytest.fixture
def circle(admitted_circle):
    return admitted_circle


def _signal(world, circle):
    from support.signals import services as support

    return support.support_signal_raise(access=circles.access_for(world.family, circle))


BAD_FRAMES = {
    "not JSON": {"type": "websocket.receive", "text": "hello, {not json"},
    "empty text": {"type": "websocket.receive", "text": ""},
    "binary": {"type": "websocket.receive", "bytes": b"\x00\x01\x02"},
    "100,000 nested lists": {"type": "websocket.receive", "text": "[" * 100_000 + "]" * 100_000},
    "nested deep but short": {"type": "websocket.receive", "text": "[" * 5_000 + "]" * 5_000},
    "too long": {"type": "websocket.receive", "text": '"' + "x" * 70_000 + '"'},
    "huge number": {"type": "websocket.receive", "text": "1" * 5_000},
}


@pytest.mark.parametrize("socket_kind", ["circle", "signals", "conversation", "desk"])
async def test_bad_frames_get_an_error_and_the_socket_stays(
    world, circle, sockets, socket_kind, caplog
):
    caplog.set_level(logging.INFO)
    if socket_kind == "circle":
        socket, _ = await sockets.circle(world.family, circle)
        still_there = {"action": "ping"}, "pong"
    elif socket_kind == "signals":
        socket, _ = await sockets.connect(world.support_a, "/ws/support/signals/")
        still_there = {"hello": 1}, "error"
    elif socket_kind == "conversation":
        signal = await database_sync_to_async(_signal)(world, circle)
        socket, _ = await sockets.connect(world.family, f"/ws/support/conversations/{signal.pk}/")
        still_there = {"action": "message.send", "body": "Still here"}, "support.message"
    else:
        socket, _ = await sockets.connect(world.organiser_a, f"/ws/hubs/{world.hub_a.pk}/desk/")
        await next_of(socket, "desk.count")
        still_there = {"hello": 1}, "error"
    assert socket is not None
    for name, frame in BAD_FRAMES.items():
        await socket.send_input(frame)
        assert await next_of(socket, "error") == INVALID, name
    message, answer = still_there
    await socket.send_json_to(message)
    assert (await next_of(socket, answer))["type"] == answer
    crashes = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert crashes == []


# Chat bodies ---------------------------------------------------------------------


@pytest.mark.parametrize("body", [{"a": 1}, ["x"], 42, None, True])
async def test_chat_takes_text_only(world, circle, sockets, body):
    gul, _ = await sockets.circle(world.family, circle)
    await gul.send_json_to({"action": "chat.send", "body": body})
    error = await next_of(gul, "error")
    assert (error["error"], error["action"]) == ("invalid", "chat.send")
    assert error["message"] == "Messages must be text."
    stored = CircleMessage.objects.filter(session=circle)
    assert await database_sync_to_async(stored.count)() == 0


# Floods ---------------------------------------------------------------------------


async def test_a_thousand_hand_toggles_make_a_few_writes(world, circle, sockets, monkeypatch):
    writes = []
    hand_set = circles.hand_set

    def counted(**kwargs):
        hand_set(**kwargs)
        writes.append(kwargs["raised"])  # reached only when the hand was written

    monkeypatch.setattr(circles, "hand_set", counted)
    gul, _ = await sockets.circle(world.family, circle)
    hope, _ = await sockets.circle(world.family2, circle)
    await drain(hope)
    for n in range(1000):
        await gul.send_json_to({"action": "hand.raise" if n % 2 == 0 else "hand.lower"})
    errors = []
    async with asyncio.timeout(60):
        while len(errors) < 1000 - circles.HAND_BURST:
            message = await gul.receive_json_from(timeout=10)
            if message["type"] == "error":
                errors.append(message)
    assert len(writes) == circles.HAND_BURST
    assert {e["error"] for e in errors} == {"too_fast"}
    assert errors[0]["message"] == "Please wait a moment before raising your hand again."
    told = [m for m in await drain(hope) if m["type"] == "circle.hands"]
    assert len(told) == circles.HAND_BURST


async def test_pings_are_written_together_at_most_once_per_window(
    world, circle, sockets, monkeypatch
):
    writes = []
    touch = circles.presence_touch

    def counted(channel_names):
        writes.append(sorted(channel_names))
        return touch(channel_names)

    monkeypatch.setattr(circle_consumers, "_touch", in_thread_pool(counted))
    monkeypatch.setattr(circle_consumers, "PING_FLUSH_SECONDS", 0.3)
    gul, _ = await sockets.circle(world.family, circle)
    hope, _ = await sockets.circle(world.family2, circle)
    for _n in range(200):
        await gul.send_json_to({"action": "ping"})
    for _n in range(200):
        await next_of(gul, "pong")
    await asyncio.sleep(0.5)
    assert writes == []  # the socket was registered a moment ago

    def seen():
        return dict(CirclePresence.objects.filter(session=circle).values_list("user_id", "seen_at"))

    before = await database_sync_to_async(seen)()
    monkeypatch.setattr(circle_consumers, "PING_WRITE_SECONDS", 0.0)
    for page in (gul, hope, gul):
        await page.send_json_to({"action": "ping"})
        await next_of(page, "pong")
    await asyncio.sleep(0.6)
    # Both sockets, in one write, however many pings.
    assert len(writes) == 1
    assert len(writes[0]) == 2
    after = await database_sync_to_async(seen)()
    assert after[world.family.pk] > before[world.family.pk]
    assert after[world.family2.pk] > before[world.family2.pk]


def test_touching_presence_updates_every_socket_named_in_chunks(world, circle, monkeypatch):
    from django.utils import timezone

    old = timezone.now() - datetime.timedelta(seconds=60)
    names = [f"page-{n}" for n in range(7)]
    for name in names:
        CirclePresence.objects.create(
            session=circle, user=world.family, channel_name=name, seen_at=old
        )
    monkeypatch.setattr(circles, "PRESENCE_TOUCH_CHUNK", 3)
    assert circles.presence_touch([*names[:5], "gone-page", names[0]]) == 5
    fresh = set(
        CirclePresence.objects.filter(seen_at__gt=old).values_list("channel_name", flat=True)
    )
    assert fresh == set(names[:5])


# Video ids --------------------------------------------------------------------------


@pytest.mark.parametrize("who_first", ["victim", "claimant"])
async def test_claiming_another_persons_video_id_gets_nobody_kicked(
    world, circle, sockets, who_first
):
    runner, _ = await sockets.circle(world.facilitator_a, circle)
    gul, _ = await sockets.circle(world.family, circle)
    hope, _ = await sockets.circle(world.family2, circle)
    claims = [(hope, "hope-video-1"), (gul, "hope-video-1"), (gul, "gul-video-1")]
    if who_first == "claimant":
        claims = [claims[1], claims[0], claims[2]]
    for socket, jitsi_id in claims:
        await socket.send_json_to({"action": "ping", "jitsi_id": jitsi_id})
        await next_of(socket, "pong")

    await runner.send_json_to({"action": "remove", "user": world.family.pk})
    removed = await next_of(runner, "circle.participant_removed")
    assert removed["user"] == world.family.pk
    assert removed["name"] == "Gul"
    assert removed["jitsi_ids"] == ["gul-video-1"]  # never Hope's
    disputed = CircleJitsiId.objects.filter(session=circle, jitsi_id="hope-video-1")
    assert (await database_sync_to_async(disputed.get)()).disputed is True
    # Removing Hope later does not use the disputed id either (safe, not sorry).
    await runner.send_json_to({"action": "remove", "user": world.family2.pk})
    removed = await next_of(runner, "circle.participant_removed")
    assert removed["jitsi_ids"] == []


async def test_own_video_id_is_used_to_remove_from_the_video(world, circle, sockets):
    runner, _ = await sockets.circle(world.facilitator_a, circle)
    hope, _ = await sockets.circle(world.family2, circle)
    for _n in range(3):  # the same id again is no new claim
        await hope.send_json_to({"action": "ping", "jitsi_id": "hope-video-1"})
        await next_of(hope, "pong")
    await runner.send_json_to({"action": "remove", "user": world.family2.pk})
    removed = await next_of(runner, "circle.participant_removed")
    assert removed["jitsi_ids"] == ["hope-video-1"]


async def test_a_socket_cannot_claim_endless_ids(world, circle, sockets):
    gul, _ = await sockets.circle(world.family, circle)
    for n in range(50):
        await gul.send_json_to({"action": "ping", "jitsi_id": f"id-{n}"})
    for _n in range(50):
        await next_of(gul, "pong")
    claimed = CircleJitsiId.objects.filter(session=circle, user=world.family)
    assert await database_sync_to_async(claimed.count)() == circle_consumers.JITSI_IDS_PER_SOCKET


def test_frames_are_limited_in_size():
    assert base.decode_frame("[" * 10, None) is base._NOT_JSON
    assert base.decode_frame('{"action": "ping"}', None) == {"action": "ping"}
    assert base.decode_frame("x" * (base.MAX_FRAME_CHARS + 1), None) is base._NOT_JSON
