"""Scheduling: each conflict is refused with a message naming the other session,
times are entered in the hub's zone and stored in UTC, organisers stay in their hub."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sessions_app import services
from sessions_app.models import Enrolment, Session
from tests.factories import enrol, make_hub, make_session, make_user, register

KARACHI = zoneinfo.ZoneInfo("Asia/Karachi")


def at(world, day_index, clock, zone=KARACHI):
    day = world.conference.days[day_index]
    hours, minutes = map(int, clock.split(":"))
    return datetime.datetime.combine(day, datetime.time(hours, minutes), tzinfo=zone)


def schedule(world, *, hub=None, start="10:00", minutes=60, day=0, facilitators=(), **fields):
    hub = world.hub_a if hub is None else hub
    starts_at = at(world, day, start, hub.zone)
    defaults = {
        "kind": "discussion",
        "title": "A session",
        "mode": "in_person",
        "room": hub.rooms.first(),
        "language": "en",
    }
    return services.session_create(
        by=world.organiser_a,
        conference=world.conference,
        hub=hub,
        facilitators=facilitators,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes),
        **{**defaults, **fields},
    )


def refusal(callable_, **kwargs) -> str:
    with pytest.raises(services.SchedulingError) as caught:
        callable_(**kwargs)
    return str(caught.value)


@pytest.mark.django_db
def test_a_room_used_twice_at_once_is_refused_naming_the_other_session(world):
    schedule(world, title="Coping with uncertainty", start="10:00", minutes=90)
    message = refusal(schedule, world=world, title="Late talk", start="11:00")
    assert "Coping with uncertainty" in message
    assert "Main room" in message
    assert not Session.objects.filter(title="Late talk").exists()
    # Back to back is fine; a cancelled session frees its room.
    schedule(world, title="After", start="11:30")
    first = Session.objects.get(title="Coping with uncertainty")
    services.session_cancel(session=first, by=world.organiser_a)
    schedule(world, title="Now possible", start="10:30")


@pytest.mark.django_db
def test_a_facilitator_in_two_sessions_at_once_across_hubs_is_refused(world):
    # 10:00 in Islamabad is 09:30 in Tehran: the sessions overlap.
    schedule(world, title="Circle in Islamabad", facilitators=[world.facilitator_a])
    message = refusal(
        schedule,
        world=world,
        hub=world.hub_b,
        start="09:00",
        title="Circle in Tehran",
        room=world.hub_b.rooms.first(),
        facilitators=[world.facilitator_a],
    )
    assert "Circle in Islamabad" in message
    assert "Facilitator A" in message
    assert world.hub_a.name in message
    # Two hours later in Tehran there is no overlap.
    schedule(
        world,
        hub=world.hub_b,
        start="11:00",
        title="Later in Tehran",
        room=world.hub_b.rooms.first(),
        facilitators=[world.facilitator_a],
    )


@pytest.mark.django_db
def test_a_session_outside_the_editions_dates_is_refused(world):
    first_day = world.conference.starts_on
    before = datetime.datetime.combine(
        first_day - datetime.timedelta(days=1), datetime.time(10), tzinfo=KARACHI
    )
    with pytest.raises(services.SchedulingError) as caught:
        services.session_create(
            by=world.organiser_a,
            conference=world.conference,
            hub=world.hub_a,
            kind="discussion",
            title="Too early",
            mode="online",
            language="en",
            starts_at=before,
            ends_at=before + datetime.timedelta(hours=1),
        )
    assert "day" in caught.value.errors
    assert "during the edition" in str(caught.value)
    # The last day, ending just before midnight local time, is accepted.
    schedule(world, day=2, start="22:00", minutes=119, mode="online", room=None, title="Late")


@pytest.mark.django_db
def test_a_room_too_small_for_the_places_is_refused(world):
    small = world.hub_a.rooms.create(name="Quiet room", capacity=6)
    message = refusal(
        schedule, world=world, kind="workshop", room=small, capacity=10, title="Workshop"
    )
    assert "Quiet room holds 6 people" in message
    schedule(world, kind="workshop", room=small, capacity=6, title="Workshop")


@pytest.mark.django_db
def test_a_circle_holds_at_most_twelve_families_and_never_only_in_a_room(world):
    errors = refusal(
        schedule, world=world, kind="circle", mode="online", room=None, capacity=13, title="Big"
    )
    assert "between 1 and 12 families" in errors
    errors = refusal(schedule, world=world, kind="circle", capacity=8, title="Room only")
    assert "online or hybrid" in errors


@pytest.mark.django_db
def test_organiser_enters_local_time_and_it_is_stored_in_utc(client, world, no_staff_2fa):
    client.force_login(world.organiser_a)
    day = world.conference.days[1]
    response = client.post(
        reverse("sessions_app:hub_session_new", args=[world.hub_a.slug]),
        {
            "kind": "psychosocial",
            "title": "Talking with children",
            "mode": "in_person",
            "room": world.hub_a.rooms.first().pk,
            "day": day.isoformat(),
            "starts": "14:00",
            "ends": "15:00",
            "language": "ur",
            "interpretation_languages": ["en", "fa"],
        },
    )
    session = Session.objects.get(title="Talking with children")
    assert response.status_code == 302
    # 14:00 in Karachi (UTC+5) is 09:00 UTC.
    assert session.starts_at == datetime.datetime.combine(
        day, datetime.time(9), tzinfo=datetime.UTC
    )
    assert session.interpretation_languages == ["en", "fa"]
    assert session.hub == world.hub_a


@pytest.mark.django_db
def test_the_form_shows_the_conflict_and_saves_nothing(client, world, no_staff_2fa):
    schedule(world, title="Opening talk")
    client.force_login(world.organiser_a)
    response = client.post(
        reverse("sessions_app:hub_session_new", args=[world.hub_a.slug]),
        {
            "kind": "discussion",
            "title": "Clashing talk",
            "mode": "in_person",
            "room": world.hub_a.rooms.first().pk,
            "day": world.conference.days[0].isoformat(),
            "starts": "10:30",
            "ends": "11:30",
            "language": "en",
        },
    )
    assert response.status_code == 200
    assert "Opening talk" in response.content.decode()
    assert not Session.objects.filter(title="Clashing talk").exists()


@pytest.mark.django_db
def test_organiser_of_another_hub_gets_404_on_every_scheduling_page(client, world, no_staff_2fa):
    session = schedule(world, title="Hub A talk")
    client.force_login(world.organiser_b)
    for url in (
        reverse("sessions_app:hub_schedule", args=[world.hub_a.slug]),
        reverse("sessions_app:hub_session_new", args=[world.hub_a.slug]),
        reverse("sessions_app:session_edit", args=[session.pk]),
        reverse("sessions_app:plenaries"),
        reverse("sessions_app:plenary_new"),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("sessions_app:session_cancel", args=[session.pk])).status_code == 404
    session.refresh_from_db()
    assert session.status == "scheduled"
    # A family cannot schedule either.
    client.force_login(world.family)
    assert (
        client.get(reverse("sessions_app:hub_schedule", args=[world.hub_a.slug])).status_code == 404
    )


@pytest.mark.django_db
def test_admin_schedules_a_plenary_in_geneva_time(client, world, no_staff_2fa):
    client.force_login(world.admin)
    day = world.conference.days[0]
    response = client.post(
        reverse("sessions_app:plenary_new"),
        {
            "kind": "plenary",
            "title": "Opening plenary",
            "mode": "hybrid",
            "day": day.isoformat(),
            "starts": "10:00",
            "ends": "11:00",
            "language": "en",
        },
        follow=False,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plenary = Session.objects.get(title="Opening plenary")
    assert plenary.hub is None
    zurich = zoneinfo.ZoneInfo("Europe/Zurich")
    assert plenary.starts_at == datetime.datetime.combine(day, datetime.time(10), tzinfo=zurich)


@pytest.mark.django_db
def test_a_time_the_clocks_skip_is_refused(client, world, no_staff_2fa):
    """02:30 on the last Sunday of March does not exist in Geneva."""
    world.conference.starts_on = datetime.date(2026, 3, 28)
    world.conference.ends_on = datetime.date(2026, 3, 30)
    world.conference.save()
    client.force_login(world.admin)
    response = client.post(
        reverse("sessions_app:plenary_new"),
        {
            "kind": "plenary",
            "title": "Night plenary",
            "mode": "online",
            "day": "2026-03-29",
            "starts": "02:30",
            "ends": "04:00",
            "language": "en",
        },
    )
    assert response.status_code == 200
    assert "the clocks change" in response.content.decode()
    assert not Session.objects.filter(title="Night plenary").exists()


@pytest.mark.django_db
def test_editing_moves_a_session_and_more_places_promote_the_waiting_list(world):
    session = make_session(hub=world.hub_a, kind="workshop", capacity=1, mode="online", room=None)
    first, second = make_user(), make_user()
    for family in (first, second):
        register(family, world.hub_a, mode="online")
    services.enrolment_create(user=first, session=session)
    waiting = services.enrolment_create(user=second, session=session)
    assert waiting.status == "waitlisted"
    with pytest.raises(services.SchedulingError):
        services.session_update(session=session, by=world.organiser_a, ends_at=session.starts_at)
    services.session_update(session=session, by=world.organiser_a, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == "enrolled"


@pytest.mark.django_db
def test_cancelling_a_session_tells_the_enrolled_families(
    world, django_capture_on_commit_callbacks
):
    session = make_session(hub=world.hub_a, kind="workshop", capacity=5, mode="online", room=None)
    for family in (world.family, world.family2):
        enrol(family, session)
    outsider = make_user()
    Enrolment.objects.create(session=session, user=outsider, status="cancelled")
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session, by=world.organiser_a)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.family.email, world.family2.email])
    assert session.title in mail.outbox[0].subject
    session.refresh_from_db()
    assert session.status == "cancelled"
    assert session.starts_at < timezone.now() + datetime.timedelta(days=1)


@pytest.mark.django_db
def test_hub_for_other_rooms_is_refused(world):
    other = make_hub(conference=world.conference)
    message = refusal(schedule, world=world, room=other.rooms.first(), title="Wrong room")
    assert "another hub" in message


@pytest.mark.django_db
def test_admin_lists_sessions_but_scheduling_goes_through_the_rules(
    client, world, no_staff_2fa, django_assert_max_num_queries
):
    for _ in range(3):
        make_session(hub=world.hub_a, kind="circle", starts_in=60)
    client.force_login(world.admin)
    url = reverse("admin:sessions_app_session_changelist")
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    for _ in range(20):
        make_session(hub=world.hub_a, kind="circle", starts_in=60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
    assert client.get(reverse("admin:sessions_app_session_add")).status_code == 403
