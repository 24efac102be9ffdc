"""Programme pages: filters without JavaScript, constant queries, times in two
zones across a daylight-saving change, the personal calendar feed."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from sessions_app.models import Session
from tests.factories import enrol, make_conference, make_hub, make_session, make_user, register


def programme(client, **params):
    return client.get(reverse("sessions_app:programme"), params)


def day_param(session):
    return timezone.localtime(session.starts_at, session.hub.zone).date().isoformat()


@pytest.mark.django_db
def test_filters_work_as_plain_get_parameters(client, midday, world):
    persian = make_session(
        hub=world.hub_b, kind="circle", starts_in=60, language="fa", title="Circle in Persian"
    )
    interpreted = make_session(
        hub=world.hub_a,
        kind="discussion",
        starts_in=60,
        language="en",
        interpretation_languages=["fa"],
        title="Talk interpreted into Persian",
    )
    make_session(hub=world.hub_a, kind="workshop", starts_in=60, language="ur", title="Urdu work")
    day = {"day": day_param(persian)}

    html = programme(client, language="fa", **day).content.decode()
    assert persian.title in html
    assert interpreted.title in html
    assert "Urdu work" not in html

    html = programme(client, language="fa", kind="circle", **day).content.decode()
    assert persian.title in html
    assert interpreted.title not in html

    html = programme(client, hub=world.hub_a.slug, **day).content.decode()
    assert interpreted.title in html
    assert "Urdu work" in html
    assert persian.title not in html

    html = programme(client, mode="in_person", **day).content.decode()
    assert "Urdu work" in html
    assert persian.title not in html

    response = programme(client, kind="nonsense", **day)
    assert response.status_code == 200
    assert "Some filters were not understood" in response.content.decode()
    assert persian.title in response.content.decode()


@pytest.mark.django_db
def test_cancelled_sessions_leave_the_programme(client, world):
    session = make_session(hub=world.hub_a, kind="discussion", starts_in=60, title="Gone talk")
    session.status = Session.Status.CANCELLED
    session.save()
    assert "Gone talk" not in programme(client, day=day_param(session)).content.decode()


def build_programme(conference, hubs, per_hub):
    rooms = [hub.rooms.first() for hub in hubs]
    facilitator = make_user()
    sessions = []
    for index in range(per_hub):
        for hub, room in zip(hubs, rooms, strict=True):
            start = datetime.datetime.combine(
                conference.starts_on, datetime.time(8), tzinfo=hub.zone
            ) + datetime.timedelta(minutes=10 * index)
            sessions.append(
                Session(
                    conference=conference,
                    hub=hub,
                    kind="circle" if index % 2 else "discussion",
                    title=f"S{hub.pk}-{index}",
                    mode="online" if index % 2 else "in_person",
                    room=None if index % 2 else room,
                    starts_at=start,
                    ends_at=start + datetime.timedelta(minutes=9),
                    language="en",
                    capacity=12 if index % 2 else None,
                )
            )
    created = Session.objects.bulk_create(sessions)
    for session in created[::3]:
        session.facilitators.add(facilitator)
    family = make_user()
    register(family, hubs[0], mode="online")
    for session in created[1::2][:20]:
        enrol(family, session)


@pytest.mark.django_db
def test_programme_queries_do_not_grow_with_500_sessions_in_10_hubs(
    client, django_assert_max_num_queries
):
    conference = make_conference()
    hubs = [make_hub(conference=conference, time_zone="UTC") for _ in range(10)]
    build_programme(conference, hubs, per_hub=2)
    with django_assert_max_num_queries(6) as small:
        assert programme(client).status_code == 200
    build_programme(conference, hubs, per_hub=48)
    assert Session.objects.count() == 500
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = programme(client, language="en")
    assert response.status_code == 200
    assert response.content.decode().count('class="session-card') == 500


@pytest.mark.django_db
def test_my_programme_and_schedule_list_queries_are_constant(
    client, world, django_assert_max_num_queries, no_staff_2fa
):
    register(world.family, world.hub_a, mode="online")
    for _ in range(3):
        enrol(world.family, make_session(hub=world.hub_a, kind="circle", starts_in=300))
    client.force_login(world.family)
    with django_assert_max_num_queries(16) as small:
        assert client.get(reverse("sessions_app:mine")).status_code == 200
    for _ in range(30):
        enrol(world.family, make_session(hub=world.hub_a, kind="circle", starts_in=300))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("sessions_app:mine"))
    assert response.content.decode().count('class="session-card') == 33

    client.force_login(world.organiser_a)
    url = reverse("sessions_app:hub_schedule", args=[world.hub_a.slug])
    with django_assert_max_num_queries(14) as few:
        assert client.get(url).status_code == 200
    for _ in range(30):
        make_session(hub=world.hub_a, kind="circle", starts_in=600)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).content.decode().count("<tr>") == 64


@pytest.mark.django_db
def test_times_stay_right_across_the_zurich_daylight_saving_change(client, settings):
    """Europe/Zurich moves from UTC+1 to UTC+2 on 29 March 2026; Karachi stays at UTC+5."""
    conference = make_conference(starts_on=datetime.date(2026, 3, 28), days=3)
    geneva = make_hub(conference=conference, time_zone="Europe/Zurich", city="Geneva")
    zurich = zoneinfo.ZoneInfo("Europe/Zurich")
    before, after = (
        Session.objects.create(
            conference=conference,
            hub=geneva,
            kind="discussion",
            title=title,
            mode="online",
            language="en",
            starts_at=datetime.datetime.combine(day, datetime.time(10), tzinfo=zurich),
            ends_at=datetime.datetime.combine(day, datetime.time(11), tzinfo=zurich),
        )
        for title, day in (
            ("Before", datetime.date(2026, 3, 28)),
            ("After", datetime.date(2026, 3, 30)),
        )
    )
    assert before.starts_at.astimezone(datetime.UTC).hour == 9
    assert after.starts_at.astimezone(datetime.UTC).hour == 8
    viewer = make_user(time_zone="Asia/Karachi")
    client.force_login(viewer)
    first = client.get(reverse("sessions_app:session", args=[before.pk])).content.decode()
    second = client.get(reverse("sessions_app:session", args=[after.pk])).content.decode()
    # 10:00 in Geneva is 14:00 in Karachi before the change and 13:00 after it.
    assert "14:00" in first
    assert "10:00\u2009\u2013\u200911:00 in Geneva" in first
    assert "13:00" in second
    assert "10:00\u2009\u2013\u200911:00 in Geneva" in second
    assert 'datetime="2026-03-28T09:00:00+00:00"' in first
    assert 'datetime="2026-03-30T08:00:00+00:00"' in second


@pytest.mark.django_db
def test_calendar_feed_parses_with_utc_times_and_can_be_revoked(client, world):
    register(world.family, world.hub_a, mode="online")
    circle = make_session(hub=world.hub_a, kind="circle", starts_in=120, title="My circle")
    enrol(world.family, circle)
    other = make_session(hub=world.hub_a, kind="circle", starts_in=300, title="Not mine")
    plenary = make_session(hub=world.hub_a, kind="plenary", starts_in=30, title="Opening")
    client.force_login(world.family)
    page = client.get(reverse("sessions_app:mine"))
    feed_url = page.context["feed_url"]
    client.logout()

    response = client.get(feed_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"My circle", "Opening"}
    assert other.title not in events
    start = events["My circle"].decoded("dtstart")
    assert start.utcoffset() == datetime.timedelta(0)
    assert start == circle.starts_at.replace(microsecond=0)
    assert events["Opening"].decoded("dtend") == plenary.ends_at.replace(microsecond=0)

    client.force_login(world.family)
    client.post(reverse("sessions_app:feed_renew"))
    client.logout()
    assert client.get(feed_url).status_code == 404


@pytest.mark.django_db
def test_single_session_ics(client, world):
    session = make_session(hub=world.hub_a, kind="discussion", starts_in=60, title="Talk")
    response = client.get(reverse("sessions_app:session_ics", args=[session.pk]))
    event = next(iter(Calendar.from_ical(response.content).walk("VEVENT")))
    assert str(event["summary"]) == "Talk"
    assert event.decoded("dtstart") == session.starts_at.replace(microsecond=0)
    assert world.hub_a.name in str(event["location"])


@pytest.mark.django_db
def test_session_page_shows_places_and_the_join_link_only_when_live(client, world):
    circle = make_session(hub=world.hub_a, kind="circle", starts_in=-5, capacity=3)
    later = make_session(hub=world.hub_a, kind="circle", starts_in=600, capacity=3)
    register(world.family, world.hub_a, mode="online")
    enrol(world.family, circle)
    enrol(world.family, later)
    client.force_login(world.family)
    html = client.get(reverse("sessions_app:session", args=[circle.pk])).content.decode()
    assert reverse("circles:circle", args=[circle.pk]) in html
    assert "2 / 3" in html
    html = client.get(reverse("sessions_app:session", args=[later.pk])).content.decode()
    assert reverse("circles:circle", args=[later.pk]) not in html
    # Someone not enrolled sees no link to a live circle.
    client.force_login(world.family2)
    html = client.get(reverse("sessions_app:session", args=[circle.pk])).content.decode()
    assert reverse("circles:circle", args=[circle.pk]) not in html


@pytest.mark.django_db
def test_now_and_next(client, world, django_assert_max_num_queries):
    live = make_session(hub=world.hub_a, kind="discussion", starts_in=-10, title="On now")
    soon = make_session(hub=world.hub_b, kind="discussion", starts_in=90, title="Soon")
    make_session(hub=world.hub_b, kind="discussion", starts_in=600, title="Much later")
    make_session(hub=world.hub_b, kind="discussion", starts_in=-200, minutes=60, title="Done")
    with django_assert_max_num_queries(5):
        response = client.get(reverse("sessions_app:now"))
    now_on = [s.title for s in response.context["now_on"]]
    next_up = [s.title for s in response.context["next_up"]]
    assert now_on == [live.title]
    assert next_up == [soon.title]
