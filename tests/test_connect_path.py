"""The path of a page's socket connecting, the busiest one after a restart (every
page reconnects at once): few queries, and past what a process can take at once,
an immediate "come back in a moment" (4429) instead of a handshake that times out."""

import asyncio

import pytest
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from conference import admission, live, metrics
from conference.admission import CLOSE_TRY_AGAIN, HandshakeAdmission, RetrySlots
from conference.models import HubRole, User
from sessions_app import circles, connect, consumers
from sessions_app.consumers import open_socket
from sessions_app.models import CircleParticipant, CirclePresence, CircleState, Session
from support.signals import services as support
from tests import factories
from tests.live import Sockets, drain, next_of


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["family", "facilitator_a"])
def test_connecting_costs_a_few_queries(world, admitted_circle, who, django_assert_max_num_queries):
    # A fresh user object, as a new socket has: nothing cached on it.
    user = User.objects.get(pk=getattr(world, who).pk)
    # The circle with its state and the person's roles, its people, presence written
    # and read (in a transaction of its own: BEGIN, SET LOCAL, COMMIT count too), chat,
    # and the family's own signal or, for those running it, the waiting room and signals.
    with django_assert_max_num_queries(10 if who == "family" else 11):
        opened = open_socket(user, admitted_circle.pk, "page-1")
    assert opened["snapshot"]["me"]["user"] == user.pk
    assert {p["name"] for p in opened["snapshot"]["present"]} >= {
        "Reza" if who == "facilitator_a" else "Gul"
    }


def _busy(world, circle):
    """A circle with something of everything a page is sent on connecting."""
    family = circles.access_for(world.family, circle)
    runner = circles.access_for(world.facilitator_a, circle)
    circles.chat_send(access=family, body="Has anyone heard from Kunduz?")
    circles.chat_send(access=runner, body="Welcome, everyone.")
    hidden = circles.chat_send(access=family, body="a line taken down")
    circles.chat_hide(access=runner, message_id=hidden["id"])
    circles.hand_set(access=family, raised=True)
    circles.speaker_next(access=runner)
    circles.hand_set(access=circles.access_for(world.family2, circle), raised=True)
    circles.circle_lock(access=runner, locked=True)
    support.support_signal_raise(access=circles.access_for(world.family2, circle))
    CirclePresence.objects.create(
        session=circle, user=world.family2, channel_name="other-page", seen_at=timezone.now()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["family", "family2", "facilitator_a", "organiser_a", "admin"])
def test_the_plain_sql_path_sends_what_the_orm_path_does(
    world, admitted_circle, who, django_capture_on_commit_callbacks
):
    """`connect.socket_open` reads in plain SQL; `circles.snapshot` through the ORM.
    The page must get the same circle either way, whoever it is."""
    _busy(world, admitted_circle)
    user = User.objects.get(pk=getattr(world, who).pk)
    with django_capture_on_commit_callbacks(execute=True), live.collecting() as told:
        access, fast = connect.socket_open(
            user=user, session_id=admitted_circle.pk, channel_name="new-page"
        )
    orm_access = circles.access_for(User.objects.get(pk=user.pk), admitted_circle)
    assert access.runner is orm_access.runner is (who != "family" and who != "family2")
    assert fast == circles.snapshot(orm_access)
    assert fast["locked"]
    assert fast["speaker"]["name"] == "Gul"
    assert [m["body"] for m in fast["messages"]] == [
        "Has anyone heard from Kunduz?",
        "Welcome, everyone.",
    ]
    # The page gets who is present, itself included; the circle hears it a moment
    # later from the consumer (`PresenceNews`), not once per socket from here.
    assert told == []
    runs_without_a_place = who in ("organiser_a", "admin")  # not listed as present
    assert (user.pk in {p["user"] for p in fast["present"]}) is not runs_without_a_place
    assert connect.present_now(admitted_circle.pk) == fast["present"]
    assert CirclePresence.objects.filter(channel_name="new-page", user=user).exists()
    # Its later actions work on the session it read (deferred nothing, values right).
    assert access.session.hub_id == admitted_circle.hub_id
    assert access.session.title == admitted_circle.title


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    ["removed", "ended", "not_admitted", "not_a_circle", "missing", "role_taken", "signed_out"],
)
def test_the_plain_sql_path_refuses_whom_it_must(world, admitted_circle, change):
    user = world.family
    session_id = admitted_circle.pk
    runner = circles.access_for(world.facilitator_a, admitted_circle)
    if change == "removed":
        circles.circle_remove(access=runner, user_id=world.family.pk)
    elif change == "ended":
        circles.circle_end(access=runner)
    elif change == "not_admitted":
        user = world.organiser_b  # staff of another hub, no place in this circle
    elif change == "not_a_circle":
        session_id = factories.make_session(hub=world.hub_a, kind="talk").pk
    elif change == "missing":
        session_id = admitted_circle.pk + 1000
    elif change == "role_taken":
        # A facilitator taken off the session, with no family place in the circle.
        admitted_circle.facilitators.remove(world.facilitator_a)
        HubRole.objects.filter(user=world.facilitator_a).delete()
        CircleParticipant.objects.filter(user=world.facilitator_a).delete()
        user = world.facilitator_a
    user = User.objects.get(pk=user.pk)
    if change == "signed_out":  # (an inactive account reaches here signed out too)
        user = AnonymousUser()
    assert connect.socket_open(user=user, session_id=session_id, channel_name="x") is None
    assert not CirclePresence.objects.filter(channel_name="x").exists()


@pytest.fixture
async def sockets():
    opened = Sockets()
    yield opened
    await opened.close_all()


@pytest.mark.django_db(transaction=True)
async def test_a_process_at_its_limit_tells_the_page_to_come_back(
    admitted_circle, world, settings, sockets
):
    settings.LIVE_MAX_HANDSHAKES = 0  # every handshake is one too many
    refused = metrics.sockets_refused._value.get()
    socket, _code = await sockets.connect(world.family, f"/ws/circles/{admitted_circle.pk}/")
    # Accepted (a page only sees close codes of sockets that opened), told when to come
    # back, then closed at once.
    told = await socket.receive_json_from(timeout=5)
    assert told["type"] == "retry"
    assert 1.0 <= told["after"] <= 30.0
    output = await socket.receive_output(timeout=5)
    assert output == {"type": "websocket.close", "code": CLOSE_TRY_AGAIN}
    assert metrics.sockets_refused._value.get() == refused + 1

    settings.LIVE_MAX_HANDSHAKES = 64  # room again: the same page comes in
    socket, state = await sockets.circle(world.family, admitted_circle)
    assert socket is not None
    assert state["me"]["name"] == "Gul"


async def test_only_handshakes_in_progress_count():
    """A socket counts against the limit from its handshake until it is accepted or
    refused; an open socket does not."""
    release = asyncio.Event()

    async def slow_app(scope, receive, send):
        assert (await receive())["type"] == "websocket.connect"
        if scope["path"] == "/slow/":
            await release.wait()
        await send({"type": "websocket.accept"})
        while (await receive())["type"] != "websocket.disconnect":
            pass

    app = HandshakeAdmission(slow_app, limit=1)
    open_before = metrics.sockets_open._value.get()
    slow = WebsocketCommunicator(app, "/slow/")
    slow_connecting = asyncio.ensure_future(slow.connect(timeout=5))
    await asyncio.sleep(0.05)
    assert app.in_progress == 1

    second = WebsocketCommunicator(app, "/quick/")
    assert (await second.connect(timeout=5))[0] is True
    assert (await second.receive_json_from(timeout=5))["type"] == "retry"
    assert await second.receive_output(timeout=5) == {
        "type": "websocket.close",
        "code": CLOSE_TRY_AGAIN,
    }
    await second.disconnect()

    release.set()
    assert (await slow_connecting)[0] is True
    assert app.in_progress == 0
    third = WebsocketCommunicator(app, "/quick/")
    assert (await third.connect(timeout=5))[0] is True  # the open one does not count
    assert await third.receive_nothing(timeout=0.1)
    assert metrics.sockets_open._value.get() == open_before + 2
    await third.disconnect()
    await slow.disconnect()
    assert metrics.sockets_open._value.get() == open_before
    assert app.in_progress == 0


@pytest.mark.django_db(transaction=True)
async def test_a_circle_hears_once_of_pages_arriving_together(
    admitted_circle, world, sockets, settings
):
    """Pages arriving within the window: the circle is told who is present once,
    after the last of them, with all of them; a page leaving is told the same way."""
    settings.LIVE_PRESENCE_SECONDS = 2.0  # far longer than three pages take to connect
    reza, _state = await sockets.circle(world.facilitator_a, admitted_circle)
    gul, _state = await sockets.circle(world.family, admitted_circle)
    hope, state = await sockets.circle(world.family2, admitted_circle)
    assert [p["name"] for p in state["present"]] == ["Reza", "Gul", "Hope"]
    for page in (reza, gul, hope):
        told = await next_of(page, "circle.presence", seconds=10)
        assert [p["name"] for p in told["present"]] == ["Reza", "Gul", "Hope"]
        assert not [m for m in await drain(page, seconds=0.3) if m["type"] == "circle.presence"]

    await hope.disconnect()
    for page in (reza, gul):
        told = await next_of(page, "circle.presence", seconds=10)
        assert [p["name"] for p in told["present"]] == ["Reza", "Gul"]


async def test_presence_news_waits_longer_while_the_process_is_busy(settings, monkeypatch):
    settings.LIVE_PRESENCE_SECONDS, settings.LIVE_PRESENCE_BUSY_SECONDS = 1.0, 5.0
    settings.LIVE_MAX_HANDSHAKES = 64
    news = consumers.PresenceNews()
    monkeypatch.setattr(admission, "_in_progress", [15])
    assert news.window() == 1.0
    monkeypatch.setattr(admission, "_in_progress", [16])  # a quarter of the limit
    assert news.window() == 5.0


@pytest.mark.django_db(transaction=True)
async def test_a_circle_socket_counts_as_open_while_it_is(admitted_circle, world, sockets):
    before = metrics.sockets_open._value.get()
    socket, state = await sockets.circle(world.family2, admitted_circle)
    assert state["me"]["name"] == "Hope"
    assert metrics.sockets_open._value.get() == before + 1
    await socket.send_json_to({"action": "ping"})
    await next_of(socket, "pong")
    await sockets.close_all()
    assert metrics.sockets_open._value.get() == before


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_refused_pages_are_given_turns_at_the_rate_handshakes_complete():
    clock = Clock()
    slots = RetrySlots(window=3.0, shortest=1.0, longest=30.0, clock=clock)
    # Nothing measured yet: ten a second.
    assert [slots.after() for _ in range(3)] == [1.0, 1.1, 1.2]
    # 100 handshakes completed over the last second: turns 10 ms apart, after the
    # ones already given.
    for _ in range(100):
        clock.now += 0.01
        slots.completed_one()
    assert slots.rate() == pytest.approx(100, rel=0.02)
    first, second = slots.after(), slots.after()
    assert first == pytest.approx(1.0)  # the earlier turns (from 1000.0) have passed
    assert second - first == pytest.approx(0.01, abs=0.005)


def test_turns_are_spread_over_what_the_process_needs_and_capped():
    clock = Clock()
    slots = RetrySlots(window=3.0, shortest=1.0, longest=30.0, clock=clock)
    for _ in range(60):  # 20 a second over 3 s
        clock.now += 0.05
        slots.completed_one()
    turns = [slots.after() for _ in range(1000)]
    assert turns[:3] == [1.0, 1.05, 1.1]
    assert turns == sorted(turns)
    assert max(turns) == 30.0  # never told to wait longer than the longest
    # Old completions are forgotten: a quiet process measures nothing again.
    clock.now += 10
    assert slots.rate() == RetrySlots.UNMEASURED_RATE


@pytest.mark.django_db
@pytest.mark.parametrize("status", [s.value for s in Session.Status])
@pytest.mark.parametrize("state_ended", [False, True])
def test_the_socket_refuses_exactly_when_the_page_shows_the_circle_ended(
    world, admitted_circle, status, state_ended
):
    """The page reloads when its socket is refused (4403), and shows the room again
    unless the circle has ended: the two must agree, or the page reloads forever."""
    Session.objects.filter(pk=admitted_circle.pk).update(status=status)
    if state_ended:
        CircleState.objects.update_or_create(
            session=admitted_circle, defaults={"ended_at": timezone.now()}
        )
    session = Session.objects.get(pk=admitted_circle.pk)
    user = User.objects.get(pk=world.family.pk)
    opened = connect.socket_open(user=user, session_id=session.pk, channel_name="page")
    assert (opened is None) is circles.is_ended(session)


@pytest.mark.django_db
def test_an_open_socket_reads_the_persons_place_again(world, admitted_circle):
    """What a socket reads when told its access changed (`connect.access_now`)."""
    family = User.objects.get(pk=world.family.pk)
    access = connect.access_now(family, admitted_circle.pk)
    assert access.admitted
    assert not access.runner
    assert access.participant.display_name == "Gul"
    facilitator = User.objects.get(pk=world.facilitator_a.pk)
    assert connect.access_now(facilitator, admitted_circle.pk).runner
    organiser = User.objects.get(pk=world.organiser_a.pk)  # runs it, has no place in it
    ran = connect.access_now(organiser, admitted_circle.pk)
    assert ran.runner
    assert ran.participant is None
    assert ran.admitted

    runner = circles.access_for(world.facilitator_a, admitted_circle)
    circles.circle_remove(access=runner, user_id=world.family.pk)
    again = connect.access_now(User.objects.get(pk=world.family.pk), admitted_circle.pk)
    assert again.removed
    assert not again.admitted
    assert connect.access_now(family, admitted_circle.pk + 1000) is None
    talk = factories.make_session(hub=world.hub_a, kind="talk")
    assert connect.access_now(family, talk.pk) is None
