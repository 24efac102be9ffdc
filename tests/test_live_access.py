"""Open sockets follow access changes at once (Redis channel layer on CI): a role
taken away, a facilitator taken off a session, support staff off duty, an account
demoted, a family that gave up its place. The socket closes (or leaves the groups
it may no longer be in) within a second, its next actions change nothing, and it
receives nothing more."""

import json

import pytest
from channels.db import database_sync_to_async

from conference import consumers as base
from conference.models import HubRole
from conference.services import role_revoke
from sessions_app import circles, services
from sessions_app.models import CircleParticipant, CircleState, Enrolment, Session
from support.signals.models import SupportSignal
from tests.factories import grant, make_user
from tests.live import Sockets, closed_within, drain, next_of

pytestmark = pytest.mark.django_db(transaction=True)
State = CircleParticipant.State
SECOND = 1.0


@pytest.fixture
async def sockets():
    opened = Sockets()
    yield opened
    await opened.close_all()


@pytest.fixture
def circle(admitted_circle):
    return admitted_circle


def _revoke(world, user, role):
    hub_role = HubRole.objects.select_related("hub", "user").get(
        user=user, hub=world.hub_a, role=role
    )
    role_revoke(revoked_by=world.admin, hub_role=hub_role)


def _circle_unchanged(world, circle) -> None:
    state = CircleState.objects.filter(session=circle).first()
    assert not (state and (state.locked_at or state.ended_at))
    assert Session.objects.get(pk=circle.pk).status != Session.Status.ENDED
    for family in (world.family, world.family2):
        place = CircleParticipant.objects.get(session=circle, user=family)
        assert place.state == State.ADMITTED


async def _send(socket, action: dict) -> None:
    """Send even to a socket the server closed (as a page that ignores the close would)."""
    await socket.send_input({"type": "websocket.receive", "text": json.dumps(action)})


async def test_a_revoked_organiser_is_closed_at_once_and_can_do_nothing(world, circle, sockets):
    organiser, state = await sockets.circle(world.organiser_a, circle)
    assert state["me"]["runner"] is True
    gul, _ = await sockets.circle(world.family, circle)
    await drain(organiser)

    await database_sync_to_async(_revoke)(world, world.organiser_a, HubRole.Role.ORGANISER)
    assert await closed_within(organiser, SECOND) == base.CLOSE_FORBIDDEN

    for action in (
        {"action": "admit.all"},
        {"action": "lock"},
        {"action": "mute.all"},
        {"action": "remove", "user": world.family2.pk},
        {"action": "end"},
    ):
        await _send(organiser, action)
    await gul.send_json_to({"action": "chat.send", "body": "Only for those still here"})
    await gul.send_json_to({"action": "support.signal"})
    await next_of(gul, "support.mine")
    assert await organiser.receive_nothing(timeout=SECOND)
    assert [m["type"] for m in await drain(gul)].count("circle.mute_all") == 0
    await database_sync_to_async(_circle_unchanged)(world, circle)


async def test_without_an_event_the_next_action_reads_the_access_again(
    world, circle, sockets, monkeypatch
):
    """A change that sends no model signal (a bulk update) is caught by the freshness
    window: the next action after it reads the roles again and is refused."""
    organiser, _ = await sockets.circle(world.organiser_a, circle)
    await database_sync_to_async(
        HubRole.objects.filter(user=world.organiser_a, hub=world.hub_a).update
    )(role=HubRole.Role.MODERATOR)
    told = await drain(organiser)  # nobody told the socket
    assert "closed" not in [m["type"] for m in told]
    monkeypatch.setattr(base, "ACCESS_FRESH_SECONDS", 0.0)
    await organiser.send_json_to({"action": "lock"})
    assert await closed_within(organiser, SECOND) == base.CLOSE_FORBIDDEN
    await database_sync_to_async(_circle_unchanged)(world, circle)


async def test_a_facilitator_taken_off_the_session_is_closed(world, circle, sockets):
    facilitator, _ = await sockets.circle(world.facilitator_a, circle)
    hope, _ = await sockets.circle(world.family2, circle)

    def take_off():
        session = Session.objects.get(pk=circle.pk)
        services.session_update(session=session, by=world.organiser_a, facilitators=[])

    await database_sync_to_async(take_off)()
    assert await closed_within(facilitator, SECOND) == base.CLOSE_FORBIDDEN
    await _send(facilitator, {"action": "remove", "user": world.family2.pk})
    await hope.send_json_to({"action": "support.signal"})
    await next_of(hope, "support.mine")
    assert await facilitator.receive_nothing(timeout=SECOND)
    await database_sync_to_async(_circle_unchanged)(world, circle)
    # And it cannot come back in as one who runs the circle.
    socket, code = await sockets.circle(world.facilitator_a, circle)
    assert (socket, code) == (None, base.CLOSE_FORBIDDEN)


async def test_a_global_admin_made_an_ordinary_account_is_closed(world, circle, sockets):
    admin, state = await sockets.circle(world.admin, circle)
    assert state["me"]["runner"] is True

    def demote():
        world.admin.is_superuser = False
        world.admin.save()

    await database_sync_to_async(demote)()
    assert await closed_within(admin, SECOND) == base.CLOSE_FORBIDDEN


# The support staff's signals socket -------------------------------------------------


async def test_support_staff_taken_off_duty_stop_receiving_signals(world, circle, sockets):
    desk, _ = await sockets.connect(world.support_a, "/ws/support/signals/")
    assert desk is not None
    gul, _ = await sockets.circle(world.family, circle)

    def off_duty():  # as the admin's form does it
        role = HubRole.objects.get(user=world.support_a, hub=world.hub_a)
        role.on_duty = False
        role.save()

    await database_sync_to_async(off_duty)()
    assert await closed_within(desk, SECOND) == base.CLOSE_FORBIDDEN
    await gul.send_json_to({"action": "support.signal"})
    await next_of(gul, "support.mine")
    assert await desk.receive_nothing(timeout=SECOND)


async def test_a_revoked_support_role_leaves_that_hubs_signals_only(world, circle, sockets):
    """On duty at two hubs, one role taken away: that hub's signals stop at once, the
    socket stays open for the other."""
    both = await database_sync_to_async(make_user)()
    await database_sync_to_async(grant)(both, world.hub_a, HubRole.Role.SUPPORT)
    await database_sync_to_async(grant)(both, world.hub_b, HubRole.Role.SUPPORT)
    desk, _ = await sockets.connect(both, "/ws/support/signals/")
    gul, _ = await sockets.circle(world.family, circle)

    await database_sync_to_async(_revoke)(world, both, HubRole.Role.SUPPORT)
    await desk.send_json_to({"ping": True})  # answered only once the change is read
    assert (await next_of(desk, "error", seconds=SECOND))["error"] == "read_only"
    await gul.send_json_to({"action": "support.signal"})
    await next_of(gul, "support.mine")
    assert await desk.receive_nothing(timeout=SECOND)
    await desk.send_json_to({"still": "open"})
    assert (await next_of(desk, "error"))["error"] == "read_only"


async def test_organiser_revoked_mid_way_stops_receiving_signals(world, circle, sockets):
    desk, _ = await sockets.connect(world.organiser_a, "/ws/support/signals/")
    assert desk is not None
    gul, _ = await sockets.circle(world.family, circle)
    await gul.send_json_to({"action": "support.signal"})
    assert (await next_of(desk, "support.signal"))["signal"]["name"] == "Gul"
    await database_sync_to_async(_revoke)(world, world.organiser_a, HubRole.Role.ORGANISER)
    assert await closed_within(desk, SECOND) == base.CLOSE_FORBIDDEN
    hope, _ = await sockets.circle(world.family2, circle)
    await hope.send_json_to({"action": "support.signal"})
    await next_of(hope, "support.mine")
    assert await desk.receive_nothing(timeout=SECOND)


# The check-in desk and the support conversation ---------------------------------------


async def test_the_check_in_desk_closes_when_the_role_goes(world, sockets, no_staff_2fa):
    desk, _ = await sockets.connect(world.moderator_a, f"/ws/hubs/{world.hub_a.pk}/desk/")
    assert (await next_of(desk, "desk.count"))["counts"]
    await database_sync_to_async(_revoke)(world, world.moderator_a, HubRole.Role.MODERATOR)
    assert await closed_within(desk, SECOND) == base.CLOSE_FORBIDDEN


async def test_the_conversation_closes_for_staff_whose_role_goes(world, circle, sockets):
    def signal():
        access = circles.access_for(world.family, circle)
        from support.signals import services as support

        return support.support_signal_raise(access=access)

    raised = await database_sync_to_async(signal)()
    path = f"/ws/support/conversations/{raised.pk}/"
    staff, _ = await sockets.connect(world.support_a, path)
    family, _ = await sockets.connect(world.family, path)
    assert staff is not None
    assert family is not None
    await database_sync_to_async(_revoke)(world, world.support_a, HubRole.Role.SUPPORT)
    assert await closed_within(staff, SECOND) == base.CLOSE_FORBIDDEN
    await family.send_json_to({"action": "message.send", "body": "Are you still there?"})
    await next_of(family, "support.message")
    assert await staff.receive_nothing(timeout=SECOND)
    assert await database_sync_to_async(SupportSignal.objects.filter(pk=raised.pk).exists)()


# A family that gives up its place ------------------------------------------------------


async def test_a_family_that_gives_up_its_place_is_out_at_once(world, circle, sockets, client):
    gul, _ = await sockets.circle(world.family, circle)
    hope, _ = await sockets.circle(world.family2, circle)
    await gul.send_json_to({"action": "hand.raise"})
    await next_of(hope, "circle.hands", lambda m: m["hands"])

    def give_up():
        enrolment = Enrolment.objects.get(session=circle, user=world.family)
        services.enrolment_cancel(enrolment=enrolment)

    await database_sync_to_async(give_up)()
    assert await closed_within(gul, SECOND) in (base.CLOSE_FORBIDDEN, 4411)
    told = await drain(hope)
    presence = [m["present"] for m in told if m["type"] == "circle.presence"]
    assert [p["name"] for p in presence[-1]] == ["Hope"]
    hands = [m for m in told if m["type"] == "circle.hands"]
    assert hands[-1]["hands"] == []
    await _send(gul, {"action": "chat.send", "body": "still here?"})
    assert await gul.receive_nothing(timeout=0.5)

    # Neither the room page nor a new socket.
    socket, code = await sockets.circle(world.family, circle)
    assert (socket, code) == (None, base.CLOSE_FORBIDDEN)

    def page():
        client.force_login(world.family)
        return client.get(f"/circles/{circle.pk}/").status_code

    assert await database_sync_to_async(page)() == 404
    place = await database_sync_to_async(CircleParticipant.objects.get)(
        session=circle, user=world.family
    )
    assert place.state == State.LEFT


def test_a_role_change_does_not_fail_when_the_channel_layer_does(world, monkeypatch):
    sent = []

    class Down:
        async def group_send(self, group, message):
            sent.append(group)
            raise ConnectionError("the channel layer is down")

    monkeypatch.setattr("conference.live.get_channel_layer", lambda: Down())
    _revoke(world, world.organiser_a, HubRole.Role.ORGANISER)
    assert not HubRole.objects.filter(user=world.organiser_a).exists()
    assert sent == [f"user-{world.organiser_a.pk}"]  # it was tried, and failed quietly
