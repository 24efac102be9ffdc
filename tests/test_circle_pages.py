"""The circle page: ground rules, waiting room, the room with its video frame,
the end, removal; the support staff's signals page."""

import json
import re

import jwt
import pytest

from sessions_app import circles, jitsi
from sessions_app.models import CircleParticipant
from support.signals import services as support
from support.signals.models import SupportSignal
from tests.factories import enrol, make_session, make_user
from tests.jitsi_fake import FakeJitsi

pytestmark = pytest.mark.django_db
State = CircleParticipant.State


@pytest.fixture
def fake_jitsi(settings):
    with FakeJitsi() as fake:
        settings.JITSI_HEALTH_URL = fake.health_url
        settings.JITSI_ROOM_SIZE_URL = fake.room_size_url
        yield fake


@pytest.fixture
def circle(world, no_staff_2fa, fake_jitsi):
    session = make_session(hub=world.hub_a, title="Sisters and brothers")
    session.facilitators.add(world.facilitator_a)
    enrol(world.family, session)
    return session


def url(session, suffix=""):
    return f"/circles/{session.pk}/{suffix}"


def enter(client, session, **data):
    values = {"accept_rules": "on", "display_name": "Gul", **data}
    return client.post(url(session), values)


def config(response) -> dict:
    match = re.search(
        r'<script id="circle-config" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match.group(1))


def test_strangers_get_404_and_anonymous_visitors_sign_in(client, world, circle):
    assert client.get(url(circle))["Location"].startswith("/accounts/login/")
    for person in (make_user(), world.organiser_b, world.moderator_a):
        client.force_login(person)
        assert client.get(url(circle)).status_code == 404


def test_ground_rules_must_be_accepted(client, world, circle):
    client.force_login(world.family)
    page = client.get(url(circle)).content.decode()
    assert "Confidentiality." in page
    assert "No recording." in page
    assert 'value="Gul"' in page  # the pseudonym by default
    refused = client.post(url(circle), {"display_name": "Gul"})
    assert refused.status_code == 200
    assert "accept_rules" in refused.context["form"].errors
    assert not CircleParticipant.objects.exists()


def test_a_family_waits_then_enters_once_admitted(client, world, circle):
    client.force_login(world.family)
    response = enter(client, circle, display_name="Mother of Ali", audio_only="on")
    assert response.status_code == 302
    participant = CircleParticipant.objects.get(user=world.family)
    assert (participant.state, participant.display_name, participant.audio_only) == (
        State.WAITING,
        "Mother of Ali",
        True,
    )
    assert participant.rules_accepted_at is not None
    waiting = client.get(url(circle))
    assert "waiting room" in waiting.content.decode()
    # While nothing changes, nothing is swapped in (and re-announced to screen readers).
    still = client.get(url(circle, "status/"))
    assert (still.status_code, still.content, still.has_header("HX-Refresh")) == (204, b"", False)

    circles.circle_admit(access=circles.access_for(world.facilitator_a, circle))
    status = client.get(url(circle, "status/"))
    assert status.status_code == 204
    assert status["HX-Refresh"] == "true"
    room = client.get(url(circle))
    assert room.templates[0].name == "sessions_app/circle_room.html"


def admitted(client, world, circle):
    client.force_login(world.family)
    enter(client, circle)
    circles.circle_admit(access=circles.access_for(world.facilitator_a, circle))
    return client.get(url(circle))


def test_the_room_embeds_jitsi_from_the_configured_domain(client, world, circle, settings):
    response = admitted(client, world, circle)
    conf = config(response)["jitsi"]
    assert conf["domain"] == settings.JITSI_DOMAIN == "meet.test"
    assert conf["scriptUrl"] == "https://meet.test/external_api.js"
    assert conf["room"] == jitsi.room_name(circle.pk)
    assert conf["available"] is True
    assert conf["jwt"] == ""  # no app id and secret: no tokens
    assert conf["moderator"] is False
    policy = response["Permissions-Policy"]
    assert 'camera=(self "https://meet.test")' in policy
    assert 'microphone=(self "https://meet.test")' in policy
    assert 'display-capture=(self "https://meet.test")' in policy
    assert 'autoplay=(self "https://meet.test")' in policy
    csp = response["Content-Security-Policy"]
    assert "frame-src https://meet.test" in csp
    assert "script-src 'self' https://meet.test" in csp


def test_tokens_per_person_with_the_facilitator_as_moderator(client, world, circle, settings):
    settings.JITSI_APP_ID, settings.JITSI_APP_SECRET = "family-links", "y" * 40
    family_token = config(admitted(client, world, circle))["jitsi"]["jwt"]
    claims = jwt.decode(family_token, "y" * 40, algorithms=["HS256"], audience="jitsi")
    assert claims["room"] == jitsi.room_name(circle.pk)
    assert claims["context"]["user"]["moderator"] is False
    assert claims["context"]["user"]["name"] == "Gul"

    client.force_login(world.facilitator_a)
    enter(client, circle, display_name="Reza")
    runner_token = config(client.get(url(circle)))["jitsi"]["jwt"]
    runner = jwt.decode(runner_token, "y" * 40, algorithms=["HS256"], audience="jitsi")
    assert runner["context"]["user"]["moderator"] is True


def test_a_removed_family_gets_no_new_token_and_cannot_come_back(client, world, circle, settings):
    settings.JITSI_APP_ID, settings.JITSI_APP_SECRET = "family-links", "y" * 40
    admitted(client, world, circle)
    circles.circle_remove(
        access=circles.access_for(world.facilitator_a, circle), user_id=world.family.pk
    )
    page = client.get(url(circle))
    html = page.content.decode()
    assert "cannot join it again" in html
    assert "circle-config" not in html
    assert "eyJ" not in html  # no token of any kind on the page
    again = enter(client, circle)
    assert again.templates[0].name == "sessions_app/circle_removed.html"
    assert CircleParticipant.objects.get(user=world.family).state == State.REMOVED


def test_when_jitsi_is_down_the_page_says_so_and_the_rest_works(client, world, circle, fake_jitsi):
    fake_jitsi.stop()
    response = admitted(client, world, circle)
    conf = config(response)["jitsi"]
    assert conf["available"] is False
    assert conf["jwt"] == ""
    html = response.content.decode()
    assert re.search(r'<p class="message message-warning" data-video-unavailable>', html)
    assert "Circle chat" in html
    assert "I need support" in html


def test_a_circle_not_open_yet(client, world):
    session = make_session(hub=world.hub_a, starts_in=120)
    enrol(world.family, session)
    client.force_login(world.family)
    assert "not open yet" in client.get(url(session)).content.decode()
    response = enter(client, session)
    assert response.status_code == 200
    assert not CircleParticipant.objects.exists()


def test_an_ended_circle_points_to_support(client, world, circle):
    admitted(client, world, circle)
    circles.circle_end(access=circles.access_for(world.facilitator_a, circle))
    html = client.get(url(circle)).content.decode()
    assert "This circle has ended" in html
    assert "Where to find support next" in html
    assert "familylinks.icrc.org" in html


# The support staff's page -----------------------------------------------------------


def _signal(world, circle):
    access = circles.access_for(world.family, circle)
    CircleParticipant.objects.create(
        session=circle,
        user=world.family,
        display_name="Gul",
        rules_accepted_at=circle.starts_at,
        state=State.ADMITTED,
    )
    access = circles.access_for(world.family, circle)
    return support.support_signal_raise(access=access)


def test_support_staff_acknowledge_and_close(client, world, circle):
    signal = _signal(world, circle)
    client.force_login(world.support_a)
    page = client.get("/support/signals/").content.decode()
    assert "Gul" in page
    client.post(f"/support/signals/{signal.pk}/", {"action": "acknowledge"})
    client.post(f"/support/signals/{signal.pk}/", {"action": "close", "note": "Called her"})
    signal.refresh_from_db()
    assert signal.acknowledged_by == world.support_a
    assert signal.closed_by == world.support_a
    assert signal.follow_up_note == "Called her"
    assert "Gul" not in client.get("/support/signals/").content.decode()


def test_support_staff_of_another_hub_see_nothing(client, world, circle):
    signal = _signal(world, circle)
    other = make_user()
    from conference.models import HubRole
    from tests.factories import grant

    grant(other, world.hub_b, HubRole.Role.SUPPORT)
    client.force_login(other)
    assert "Gul" not in client.get("/support/signals/").content.decode()
    assert client.post(f"/support/signals/{signal.pk}/", {"action": "close"}).status_code == 404
    assert SupportSignal.objects.get(pk=signal.pk).closed_at is None
    client.force_login(world.family2)
    assert client.post(f"/support/signals/{signal.pk}/", {"action": "close"}).status_code == 404
