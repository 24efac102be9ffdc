"""The live layer of a sharing circle over real WebSockets (Redis channel layer on
CI): who may connect, what each role may do, and what everyone sees."""

import asyncio

import pytest
from channels.db import database_sync_to_async

from conference.models import HubRole
from sessions_app import circles
from sessions_app.models import CircleMessage, CircleParticipant, Session
from support.signals.models import SupportSignal
from tests.factories import enrol, grant, make_user
from tests.sockets import socket_for

pytestmark = pytest.mark.django_db(transaction=True)
State = CircleParticipant.State


@pytest.fixture
def circle(admitted_circle):
    return admitted_circle


_open_sockets = []


@pytest.fixture(autouse=True)
async def close_sockets():
    """Whatever a test does, its sockets are closed (and their consumers finish)."""
    yield
    while _open_sockets:
        await _open_sockets.pop().disconnect()


async def connect(user, session):
    socket = await socket_for(user, f"/ws/circles/{session.pk}/")
    _open_sockets.append(socket)
    connected, code = await socket.connect(timeout=5)
    if not connected:
        return None, code
    state = await next_of(socket, "circle.state")
    return socket, state


async def next_of(socket, kind, where=lambda message: True, seconds=5):
    """The next message of type `kind` matching `where`, skipping others."""
    async with asyncio.timeout(seconds):
        while True:
            message = await socket.receive_json_from(timeout=seconds)
            if message["type"] == kind and where(message):
                return message


async def drain(socket, seconds=0.5) -> list[dict]:
    """Everything that arrives until `seconds` pass quietly (the socket stays usable:
    a timed-out receive would cancel the consumer)."""
    messages = []
    while not await socket.receive_nothing(timeout=seconds):
        messages.append(await socket.receive_json_from())
    return messages


# Who may connect ------------------------------------------------------------------


async def test_admitted_families_and_runners_connect(world, circle):
    for user in (world.family, world.facilitator_a, world.organiser_a, world.admin):
        socket, state = await connect(user, circle)
        assert socket is not None, user
        assert state["me"]["runner"] == (user != world.family)
        await socket.disconnect()


async def test_outsiders_cannot_connect(world, circle):
    stranger = await database_sync_to_async(make_user)()
    for user in (None, stranger, world.organiser_b, world.moderator_a, world.support_a):
        socket, code = await connect(user, circle)
        assert socket is None
        assert code == 4403


async def test_a_waiting_family_cannot_connect_until_admitted(world, circle):
    late = await database_sync_to_async(make_user)()
    await database_sync_to_async(enrol)(late, circle)
    await database_sync_to_async(circles.circle_enter)(
        session=circle, user=late, display_name="Late", audio_only=False, accept_rules=True
    )
    socket, _code = await connect(late, circle)
    assert socket is None

    runner_socket, state = await connect(world.facilitator_a, circle)
    assert [w["name"] for w in state["waiting"]] == ["Late"]
    await runner_socket.send_json_to({"action": "admit", "user": late.pk})
    waiting = await next_of(runner_socket, "circle.waiting")
    assert waiting["waiting"] == []
    socket, state = await connect(late, circle)
    assert socket is not None
    await socket.disconnect()
    await runner_socket.disconnect()


# What a family may not do -----------------------------------------------------------


def _circle_as_it_stands(world, circle, late) -> dict:
    """Everything a runner-only action could change, read from the database."""
    from sessions_app.models import CircleState

    state = CircleState.objects.filter(session=circle).first()
    places = {p.user_id: p for p in CircleParticipant.objects.filter(session=circle)}
    return {
        "session status": Session.objects.get(pk=circle.pk).status,
        "locked": bool(state and state.locked_at),
        "ended": bool(state and state.ended_at),
        "speaker": state.speaker_id if state else None,
        "states": {user: p.state for user, p in places.items()},
        "hands": {user: p.hand_raised_at for user, p in places.items()},
        "hidden messages": list(
            CircleMessage.objects.filter(session=circle, hidden_at__isnull=False).values_list(
                "pk", flat=True
            )
        ),
        "messages": CircleMessage.objects.filter(session=circle).count(),
        "signals": list(
            SupportSignal.objects.filter(session=circle).values_list(
                "acknowledged_at", "acknowledged_by", "closed_at", "follow_up_note"
            )
        ),
    }


RUNNER_ONLY = [
    ("admit", lambda ids: {"user": ids["late"]}),
    ("admit.all", lambda ids: {}),
    ("speaker.next", lambda ids: {}),
    ("speaker.give", lambda ids: {"user": ids["hope"]}),
    ("chat.hide", lambda ids: {"message": ids["message"]}),
    ("remove", lambda ids: {"user": ids["hope"]}),
    ("mute.all", lambda ids: {}),
    ("lock", lambda ids: {}),
    ("unlock", lambda ids: {}),
    ("end", lambda ids: {}),
    ("signal.acknowledge", lambda ids: {"signal": ids["signal"]}),
    ("signal.close", lambda ids: {"signal": ids["signal"], "note": "done"}),
]


@pytest.mark.parametrize(("action", "arguments"), RUNNER_ONLY, ids=[a for a, _ in RUNNER_ONLY])
async def test_a_family_cannot_run_the_circle(world, circle, action, arguments):
    """With real ids (another family, a real message, a real signal, someone really
    waiting, a hand really up): only the refusal, and nothing changed anywhere."""
    late = await database_sync_to_async(make_user)()
    await database_sync_to_async(enrol)(late, circle)
    await database_sync_to_async(circles.circle_enter)(
        session=circle, user=late, display_name="Late", audio_only=False, accept_rules=True
    )
    hope, _ = await connect(world.family2, circle)
    await hope.send_json_to({"action": "hand.raise"})
    await hope.send_json_to({"action": "chat.send", "body": "My brother was in Kunduz"})
    message = (await next_of(hope, "circle.chat"))["message"]
    await hope.send_json_to({"action": "support.signal"})
    signal = (await next_of(hope, "support.mine"))["signal"]
    if action == "unlock":  # something to unlock

        def lock():
            runner = circles.access_for(world.facilitator_a, circle)
            circles.circle_lock(access=runner, locked=True)

        await database_sync_to_async(lock)()
    before = await database_sync_to_async(_circle_as_it_stands)(world, circle, late)
    assert before["states"][late.pk] == State.WAITING
    assert before["hands"][world.family2.pk] is not None

    gul, _ = await connect(world.family, circle)
    await drain(hope)  # what happened so far
    ids = {"late": late.pk, "hope": world.family2.pk, "message": message["id"]}
    ids["signal"] = signal["id"]
    await gul.send_json_to({"action": action, **arguments(ids)})
    error = await next_of(gul, "error")
    assert (error["error"], error["action"]) == ("forbidden", action)
    assert error["message"]

    after = await database_sync_to_async(_circle_as_it_stands)(world, circle, late)
    assert after == before
    # Nobody was told of anything either (no mute, no lock, no removal…).
    told = [m["type"] for m in await drain(hope)]
    assert not {"circle.mute_all", "circle.locked", "circle.removed", "circle.ended"} & set(told)
    assert "circle.chat_hidden" not in told


async def test_garbage_is_refused_at_the_door(world, circle):
    socket, _ = await connect(world.family, circle)
    await socket.send_json_to({"action": "drop.tables"})
    assert (await next_of(socket, "error"))["error"] == "unknown_action"
    await socket.send_json_to(["not", "an", "object"])
    assert (await next_of(socket, "error"))["error"] == "invalid"
    await socket.send_json_to({"action": "remove", "user": "1 OR 1=1"})
    assert (await next_of(socket, "error"))["error"] in ("forbidden", "invalid")
    await socket.disconnect()


# Together in the circle ------------------------------------------------------------


async def test_two_families_see_each_others_hands_and_chat(world, circle):
    gul, _ = await connect(world.family, circle)
    hope, _ = await connect(world.family2, circle)

    await gul.send_json_to({"action": "hand.raise"})
    seen = await next_of(hope, "circle.hands")
    assert [h["name"] for h in seen["hands"]] == ["Gul"]

    await hope.send_json_to({"action": "chat.send", "body": "Thank you for sharing."})
    message = await next_of(gul, "circle.chat")
    assert message["message"]["name"] == "Hope"
    assert message["message"]["body"] == "Thank you for sharing."

    await gul.send_json_to({"action": "hand.lower"})
    await next_of(hope, "circle.hands", lambda m: m["hands"] == [])
    await gul.disconnect()
    await hope.disconnect()


async def test_events_reach_pages_without_a_hop_to_the_shared_sync_thread(
    world, circle, monkeypatch
):
    """Stock Channels checks database connections in the one shared sync thread before
    every message; the circle consumer's database work checks in its own thread, so
    a chat line reaching a dozen pages costs no hop at all."""
    import channels.consumer

    hops = []

    async def counted():
        hops.append(1)

    monkeypatch.setattr(channels.consumer, "aclose_old_connections", counted)
    gul, _ = await connect(world.family, circle)
    hope, _ = await connect(world.family2, circle)
    await gul.send_json_to({"action": "chat.send", "body": "Is anyone from Kunduz here?"})
    message = await next_of(hope, "circle.chat")
    assert message["message"]["body"] == "Is anyone from Kunduz here?"
    saved = CircleMessage.objects.filter(body="Is anyone from Kunduz here?")
    assert await database_sync_to_async(saved.exists)() is True
    assert hops == []


async def test_presence_shows_who_is_here(world, circle):
    gul, state = await connect(world.family, circle)
    assert [p["name"] for p in state["present"]] == ["Gul"]
    hope, state = await connect(world.family2, circle)
    assert sorted(p["name"] for p in state["present"]) == ["Gul", "Hope"]
    await hope.disconnect()
    await next_of(gul, "circle.presence", lambda m: [p["name"] for p in m["present"]] == ["Gul"])


async def test_facilitator_gives_the_word_in_order_and_passes_the_piece(world, circle):
    runner, _ = await connect(world.facilitator_a, circle)
    gul, _ = await connect(world.family, circle)
    hope, _ = await connect(world.family2, circle)
    await hope.send_json_to({"action": "hand.raise"})
    await next_of(runner, "circle.hands")
    await gul.send_json_to({"action": "hand.raise"})
    await next_of(runner, "circle.hands")

    await runner.send_json_to({"action": "speaker.next"})
    update = await next_of(gul, "circle.hands", lambda m: m["speaker"])
    assert update["speaker"]["name"] == "Hope"
    assert [h["name"] for h in update["hands"]] == ["Gul"]

    await runner.send_json_to({"action": "speaker.give", "user": world.family.pk})
    update = await next_of(
        hope, "circle.hands", lambda m: (m["speaker"] or {}).get("name") == "Gul"
    )
    assert update["hands"] == []

    # The holder may hand the piece back; nobody else may take it.
    await hope.send_json_to({"action": "speaker.give", "user": None})
    assert (await next_of(hope, "error"))["error"] == "forbidden"
    await gul.send_json_to({"action": "speaker.give", "user": None})
    await next_of(hope, "circle.hands", lambda m: m["speaker"] is None)
    for socket in (runner, gul, hope):
        await socket.disconnect()


async def test_hidden_message_disappears_for_everyone(world, circle):
    runner, _ = await connect(world.facilitator_a, circle)
    gul, _ = await connect(world.family, circle)
    hope, _ = await connect(world.family2, circle)
    await hope.send_json_to({"action": "chat.send", "body": "My phone number is ..."})
    message = (await next_of(runner, "circle.chat"))["message"]
    await runner.send_json_to({"action": "chat.hide", "message": message["id"]})
    for socket in (gul, hope, runner):
        hidden = await next_of(socket, "circle.chat_hidden")
        assert hidden["message"] == message["id"]
    # And it is not in the history a page gets when it (re)connects.
    again, state = await connect(world.family, circle)
    assert message["id"] not in [m["id"] for m in state["messages"]]
    for socket in (runner, gul, hope, again):
        await socket.disconnect()


async def test_removed_family_is_closed_and_cannot_come_back(world, circle):
    runner, _ = await connect(world.facilitator_a, circle)
    hope, _ = await connect(world.family2, circle)
    await hope.send_json_to({"action": "ping", "jitsi_id": "abc123"})
    await next_of(hope, "pong")
    await runner.send_json_to({"action": "remove", "user": world.family2.pk})
    removed = await next_of(hope, "circle.removed")
    assert removed["type"] == "circle.removed"
    closed = await hope.receive_output(timeout=3)
    assert closed == {"type": "websocket.close", "code": 4401}
    note = await next_of(runner, "circle.participant_removed")
    assert note["user"] == world.family2.pk
    assert note["jitsi_ids"] == ["abc123"]

    socket, code = await connect(world.family2, circle)
    assert socket is None
    assert code == 4403
    with pytest.raises(circles.CircleError) as refused:
        await database_sync_to_async(circles.circle_enter)(
            session=circle,
            user=world.family2,
            display_name="Hope",
            audio_only=False,
            accept_rules=True,
        )
    assert refused.value.code == "removed"
    await runner.disconnect()


async def test_lock_refuses_admissions(world, circle):
    runner, _ = await connect(world.facilitator_a, circle)
    await runner.send_json_to({"action": "lock"})
    assert (await next_of(runner, "circle.locked"))["locked"] is True
    await runner.send_json_to({"action": "admit.all"})
    assert (await next_of(runner, "error"))["error"] == "locked"
    await runner.send_json_to({"action": "unlock"})
    assert (await next_of(runner, "circle.locked"))["locked"] is False
    await runner.disconnect()


async def test_mute_all_reaches_every_page(world, circle):
    runner, _ = await connect(world.facilitator_a, circle)
    gul, _ = await connect(world.family, circle)
    await runner.send_json_to({"action": "mute.all"})
    assert (await next_of(gul, "circle.mute_all"))["type"] == "circle.mute_all"
    assert (await next_of(runner, "circle.mute_all"))["type"] == "circle.mute_all"
    await runner.disconnect()
    await gul.disconnect()


async def test_ending_the_circle_closes_every_page_and_forgets_the_chat(world, circle):
    runner, _ = await connect(world.facilitator_a, circle)
    gul, _ = await connect(world.family, circle)
    await gul.send_json_to({"action": "chat.send", "body": "Goodbye"})
    await next_of(runner, "circle.chat")
    await runner.send_json_to({"action": "end"})
    for socket in (gul, runner):
        await next_of(socket, "circle.ended")
    session = await database_sync_to_async(Session.objects.get)(pk=circle.pk)
    assert session.status == Session.Status.ENDED
    assert await database_sync_to_async(CircleMessage.objects.filter(session=circle).count)() == 0
    socket, _code = await connect(world.family, circle)
    assert socket is None


# The private support signal ------------------------------------------------------


async def test_support_signal_reaches_only_facilitators_and_support_staff(world, circle):
    runner, _ = await connect(world.facilitator_a, circle)
    gul, _ = await connect(world.family, circle)
    hope, _ = await connect(world.family2, circle)
    desk = await socket_for(world.support_a, "/ws/support/signals/")
    assert (await desk.connect(timeout=5))[0]

    await gul.send_json_to({"action": "support.signal"})
    signal = (await next_of(runner, "support.signal"))["signal"]
    assert signal["name"] == "Gul"
    assert (await next_of(desk, "support.signal"))["signal"]["id"] == signal["id"]
    seen_by_hope = await drain(hope)
    assert not [m for m in seen_by_hope if m["type"].startswith("support")]

    await runner.send_json_to({"action": "signal.acknowledge", "signal": signal["id"]})
    assert (await next_of(gul, "support.acknowledged"))["type"] == "support.acknowledged"
    await runner.send_json_to({"action": "signal.close", "signal": signal["id"], "note": "Called"})
    await next_of(runner, "support.signal", lambda m: m["signal"]["closed"])
    stored = await database_sync_to_async(
        SupportSignal.objects.select_related("acknowledged_by", "closed_by").get
    )(pk=signal["id"])
    assert stored.user_id == world.family.pk
    assert stored.acknowledged_by == world.facilitator_a
    assert stored.closed_by == world.facilitator_a
    assert stored.follow_up_note == "Called"
    assert not [m for m in await drain(hope) if m["type"].startswith("support")]
    for socket in (runner, gul, hope, desk):
        await socket.disconnect()


async def test_support_staff_off_duty_or_of_another_hub_get_no_signals(world, circle):
    await database_sync_to_async(HubRole.objects.filter(user=world.support_a).update)(on_duty=False)
    desk = await socket_for(world.support_a, "/ws/support/signals/")
    connected, _code = await desk.connect(timeout=5)
    assert not connected
    other = await database_sync_to_async(make_user)()
    await database_sync_to_async(grant)(other, world.hub_b, HubRole.Role.SUPPORT)
    desk = await socket_for(other, "/ws/support/signals/")
    assert (await desk.connect(timeout=5))[0]
    gul, _ = await connect(world.family, circle)
    await gul.send_json_to({"action": "support.signal"})
    assert not [m for m in await drain(desk) if m["type"] == "support.signal"]
    await desk.disconnect()
    await gul.disconnect()


# State that survives ---------------------------------------------------------------


async def test_a_reconnecting_page_sees_the_same_circle(world, circle):
    runner, _ = await connect(world.facilitator_a, circle)
    gul, _ = await connect(world.family, circle)
    await gul.send_json_to({"action": "hand.raise"})
    await next_of(runner, "circle.hands")
    await gul.send_json_to({"action": "chat.send", "body": "I am here"})
    await next_of(runner, "circle.chat")
    await gul.send_json_to({"action": "support.signal"})
    await next_of(runner, "support.signal")
    await runner.send_json_to({"action": "lock"})
    await next_of(runner, "circle.locked")
    await gul.disconnect()
    await runner.disconnect()

    gul, state = await connect(world.family, circle)
    assert state["me"]["hand_raised"] is True
    assert [h["name"] for h in state["hands"]] == ["Gul"]
    assert [m["body"] for m in state["messages"]] == ["I am here"]
    assert state["locked"] is True
    assert state["my_signal"]["acknowledged"] is False
    assert state["my_signal"]["messages"] == []
    assert "signals" not in state  # a family never gets the list
    runner, state = await connect(world.facilitator_a, circle)
    assert [s["name"] for s in state["signals"]] == ["Gul"]
    await gul.disconnect()
    await runner.disconnect()


async def test_chat_refuses_empty_long_and_flooding(world, circle):
    gul, _ = await connect(world.family, circle)
    await gul.send_json_to({"action": "chat.send", "body": "   "})
    assert (await next_of(gul, "error"))["error"] == "empty"
    await gul.send_json_to({"action": "chat.send", "body": "x" * 501})
    assert (await next_of(gul, "error"))["error"] == "too_long"
    for n in range(circles.CHAT_BURST):
        await gul.send_json_to({"action": "chat.send", "body": f"message {n}"})
        await next_of(gul, "chat.sent")
    await gul.send_json_to({"action": "chat.send", "body": "one more"})
    assert (await next_of(gul, "error"))["error"] == "too_fast"
    await gul.disconnect()
