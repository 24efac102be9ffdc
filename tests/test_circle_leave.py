"""Leaving a circle (the ground rules say anyone may, at any time): the person is
out of "In the circle now" for everyone at once, loses the word and their raised
hand, their pages close; they may ask to come back in (through the waiting room)
while the circle runs. The word is also taken back when the speaker's last page
closes."""

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from sessions_app import circles
from sessions_app.models import CircleParticipant, CircleState
from tests.live import Sockets, closed_within, drain, next_of

pytestmark = pytest.mark.django_db(transaction=True)
State = CircleParticipant.State


@pytest.fixture
async def sockets():
    opened = Sockets()
    yield opened
    await opened.close_all()


@pytest.fixture
def circle(admitted_circle):
    return admitted_circle


def _give_word(world, circle, user):
    runner = circles.access_for(world.facilitator_a, circle)
    circles.speaker_give(access=runner, user_id=user.pk)


def _place(circle, user) -> CircleParticipant:
    return CircleParticipant.objects.get(session=circle, user=user)


def _speaker(circle):
    return CircleState.objects.get(session=circle).speaker_id


def _post_leave(user, circle) -> tuple[int, str, str]:
    client = Client()
    client.force_login(user)
    response = client.post(f"/circles/{circle.pk}/leave/")
    page = client.get(response["Location"]).content.decode()
    return response.status_code, response["Location"], page


async def test_leaving_with_the_button_takes_the_person_out_at_once(world, circle, sockets):
    gul, _ = await sockets.circle(world.family, circle)
    hope, _ = await sockets.circle(world.family2, circle)
    await gul.send_json_to({"action": "hand.raise"})
    await next_of(hope, "circle.hands", lambda m: m["hands"])
    await database_sync_to_async(_give_word)(world, circle, world.family)
    await next_of(hope, "circle.hands", lambda m: m["speaker"])
    await drain(hope)

    status, location, page = await database_sync_to_async(_post_leave)(world.family, circle)
    assert (status, location) == (302, f"/circles/{circle.pk}/")
    assert "You have left the circle" in page
    assert "Ask to come in" in page

    assert await closed_within(gul, 1.0) == 4411
    told = await drain(hope)
    present = [m["present"] for m in told if m["type"] == "circle.presence"][-1]
    assert [p["name"] for p in present] == ["Hope"]
    hands = [m for m in told if m["type"] == "circle.hands"][-1]
    assert (hands["speaker"], hands["hands"]) == (None, [])
    place = await database_sync_to_async(_place)(circle, world.family)
    assert (place.state, place.hand_raised_at) == (State.LEFT, None)
    assert await database_sync_to_async(_speaker)(circle) is None

    # Coming back: through the waiting room, where the facilitator sees them.
    runner, state = await sockets.circle(world.facilitator_a, circle)
    assert state["waiting"] == []

    def ask_again():
        client = Client()
        client.force_login(world.family)
        return client.post(
            f"/circles/{circle.pk}/", {"accept_rules": "on", "display_name": "Gul"}
        ).status_code

    assert await database_sync_to_async(ask_again)() == 302
    waiting = await next_of(runner, "circle.waiting", lambda m: m["waiting"])
    assert [w["name"] for w in waiting["waiting"]] == ["Gul"]
    await runner.send_json_to({"action": "admit", "user": world.family.pk})
    await next_of(runner, "circle.waiting", lambda m: m["waiting"] == [])
    again, state = await sockets.circle(world.family, circle)
    assert again is not None
    assert state["speaker"] is None


async def test_leaving_over_the_socket_closes_every_page_of_the_person(world, circle, sockets):
    first, _ = await sockets.circle(world.family, circle)
    second, _ = await sockets.circle(world.family, circle)
    hope, _ = await sockets.circle(world.family2, circle)
    await first.send_json_to({"action": "leave"})
    assert await closed_within(first, 1.0) == 4411
    assert await closed_within(second, 1.0) == 4411
    present = await next_of(hope, "circle.presence", lambda m: len(m["present"]) == 1)
    assert [p["name"] for p in present["present"]] == ["Hope"]


async def test_the_word_goes_back_when_the_speakers_last_page_closes(world, circle, sockets):
    phone, _ = await sockets.circle(world.family, circle)
    laptop, _ = await sockets.circle(world.family, circle)
    hope, _ = await sockets.circle(world.family2, circle)
    await database_sync_to_async(_give_word)(world, circle, world.family)
    await next_of(hope, "circle.hands", lambda m: m["speaker"])

    await phone.disconnect()
    sockets.open.remove(phone)
    assert [m for m in await drain(hope) if m["type"] == "circle.hands"] == []
    assert await database_sync_to_async(_speaker)(circle) == world.family.pk

    await laptop.disconnect()
    sockets.open.remove(laptop)
    cleared = await next_of(hope, "circle.hands")
    assert cleared["speaker"] is None
    assert await database_sync_to_async(_speaker)(circle) is None
    # Still in the circle: they come back with a reload, without the word.
    place = await database_sync_to_async(_place)(circle, world.family)
    assert place.state == State.ADMITTED


def test_a_removed_person_cannot_leave_to_come_back(world, circle):
    runner = circles.access_for(world.facilitator_a, circle)
    circles.circle_remove(access=runner, user_id=world.family.pk)
    assert circles.circle_leave(access=circles.access_for(world.family, circle)) is False
    assert _place(circle, world.family).state == State.REMOVED


def test_the_room_has_a_leave_form_and_explains_enter(world, circle, settings):
    settings.JITSI_HEALTH_URL = "http://127.0.0.1:9/unreachable"
    client = Client()
    client.force_login(world.family)
    html = client.get(f"/circles/{circle.pk}/").content.decode()
    assert f'action="/circles/{circle.pk}/leave/"' in html
    assert "Leave the circle" in html
    assert "Enter sends; Shift and Enter start a new line." in html


def test_leaving_needs_a_post(world, circle):
    client = Client()
    client.force_login(world.family)
    assert client.get(f"/circles/{circle.pk}/leave/").status_code == 405
    assert _place(circle, world.family).state == State.ADMITTED
