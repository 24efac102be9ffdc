"""The organiser's live view of the hub's circles: people waiting, admitted,
connected, and in the video room as Jitsi's room-size endpoint reports."""

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions_app import jitsi
from sessions_app.models import CircleParticipant, CirclePresence
from tests.factories import make_session, make_user
from tests.jitsi_fake import XMPP_DOMAIN, FakeJitsi


@pytest.fixture
def live_circle(world):
    circle = make_session(hub=world.hub_a, kind="circle", starts_in=-5, title="Circle now")
    waiting, admitted = make_user(), make_user()
    now = timezone.now()
    for user, state in ((waiting, "waiting"), (admitted, "admitted")):
        CircleParticipant.objects.create(
            session=circle,
            user=user,
            display_name=user.pseudonym,
            rules_accepted_at=now,
            state=state,
        )
    CirclePresence.objects.create(session=circle, user=admitted, channel_name="c1", seen_at=now)
    CirclePresence.objects.create(session=circle, user=admitted, channel_name="c2", seen_at=now)
    return circle


def page(client, world):
    return client.get(reverse("sessions_app:hub_circles_now", args=[world.hub_a.slug]))


@pytest.mark.django_db
def test_live_circles_with_people_in_the_video_room(
    client, world, live_circle, settings, no_staff_2fa
):
    make_session(hub=world.hub_a, kind="circle", starts_in=300, title="Later circle")
    with FakeJitsi(rooms={jitsi.room_name(live_circle.pk): 4}) as fake:
        settings.JITSI_ROOM_SIZE_URL = fake.room_size_url
        settings.JITSI_XMPP_DOMAIN = XMPP_DOMAIN
        client.force_login(world.organiser_a)
        response = page(client, world)
    rows = response.context["sessions"]
    assert [s.title for s in rows] == ["Circle now"]
    row = rows[0]
    assert (row.waiting, row.admitted, row.connected, row.in_video) == (1, 1, 1, 4)
    assert "Later circle" not in response.content.decode()


@pytest.mark.django_db
def test_jitsi_not_answering_shows_unknown(client, world, live_circle, settings, no_staff_2fa):
    with FakeJitsi() as fake:
        fake.stop()
        settings.JITSI_ROOM_SIZE_URL = fake.room_size_url
        client.force_login(world.organiser_a)
        response = page(client, world)
    assert response.context["sessions"][0].in_video is None
    assert "video not answering" in response.content.decode()


@pytest.mark.django_db
def test_only_the_hubs_organisers(client, world, live_circle, no_staff_2fa):
    for person in (world.organiser_b, world.family, world.facilitator_a):
        client.force_login(person)
        assert page(client, world).status_code == 404


@pytest.mark.django_db
def test_queries_do_not_grow_with_circles(
    client, world, live_circle, settings, no_staff_2fa, django_assert_max_num_queries
):
    with FakeJitsi() as fake:
        settings.JITSI_ROOM_SIZE_URL = fake.room_size_url
        client.force_login(world.organiser_a)
        with django_assert_max_num_queries(10) as one:
            page(client, world)
        for _ in range(10):
            make_session(hub=world.hub_a, kind="circle", starts_in=-1)
        with django_assert_max_num_queries(len(one.captured_queries)):
            response = page(client, world)
    assert len(response.context["sessions"]) == 11
