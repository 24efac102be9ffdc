"""Input that used to be a 500 now gets a clear error next to the field (or is
ignored), and nothing already saved changes."""

import datetime
import threading
import time
import zoneinfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.views.defaults import server_error

from conference import demo as demo_data
from hubs import services as hub_services
from hubs.models import Room
from sessions_app import demo as sessions_demo
from sessions_app.forms import SessionForm
from sessions_app.models import Session
from support.signals.models import SupportSignal
from tests.factories import enrol, make_session

pytestmark = pytest.mark.django_db


# Rooms -------------------------------------------------------------------------------


def _rooms_url(hub, room=None):
    if room is None:
        return reverse("hubs:rooms", args=[hub.slug])
    return reverse("hubs:room", args=[hub.slug, room.pk])


def test_a_room_name_the_hub_has_whatever_the_capitals_is_refused(client, world, no_staff_2fa):
    client.force_login(world.organiser_a)
    assert (
        client.post(_rooms_url(world.hub_a), {"name": "Garden room", "capacity": 20}).status_code
        == 302
    )
    for name in ("Garden room", "garden ROOM", "  Garden   room "):
        response = client.post(_rooms_url(world.hub_a), {"name": name, "capacity": 12})
        assert response.status_code == 200
        assert "already has a room called" in str(response.context["form"].errors["name"])
        # What was typed stays in the form.
        assert response.context["form"]["capacity"].value() == "12"
    assert list(
        world.hub_a.rooms.filter(name__iexact="garden room").values_list("name", "capacity")
    ) == [("Garden room", 20)]
    # Another hub may have a room of the same name; a room keeps its own name when edited.
    client.force_login(world.organiser_b)
    assert (
        client.post(_rooms_url(world.hub_b), {"name": "Garden room", "capacity": 9}).status_code
        == 302
    )
    client.force_login(world.organiser_a)
    room = world.hub_a.rooms.get(name="Garden room")
    response = client.post(_rooms_url(world.hub_a, room), {"name": "garden room", "capacity": 25})
    assert response.status_code == 302
    room.refresh_from_db()
    assert (room.name, room.capacity) == ("garden room", 25)


def test_renaming_a_room_to_another_rooms_name_is_refused(client, world, no_staff_2fa):
    client.force_login(world.organiser_a)
    other = Room.objects.create(hub=world.hub_a, name="Quiet room", capacity=8)
    response = client.post(_rooms_url(world.hub_a, other), {"name": "MAIN ROOM", "capacity": 8})
    assert response.status_code == 200
    assert "already has a room called" in str(response.context["form"].errors["name"])
    other.refresh_from_db()
    assert other.name == "Quiet room"


def test_two_organisers_adding_the_same_room_at_once_get_an_error_not_a_500(world, monkeypatch):
    """The check before saving cannot see a room another organiser saves at the same
    instant: the database constraint (case-insensitive) catches it."""
    Room.objects.create(hub=world.hub_a, name="Garden room", capacity=5)
    monkeypatch.setattr(hub_services, "room_name_taken", lambda **kwargs: False)
    with pytest.raises(hub_services.RoomError) as refused:
        hub_services.room_save(hub=world.hub_a, room=None, name="GARDEN ROOM", capacity=5)
    assert refused.value.field == "name"
    assert list(
        world.hub_a.rooms.filter(name__iexact="garden room").values_list("name", flat=True)
    ) == ["Garden room"]


@pytest.mark.parametrize("capacity", ["0", "-3", "99999999999999999999"])
def test_a_room_capacity_outside_one_to_ten_thousand_is_refused(
    client, world, no_staff_2fa, capacity
):
    client.force_login(world.organiser_a)
    response = client.post(_rooms_url(world.hub_a), {"name": "Tiny room", "capacity": capacity})
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"]
    assert not world.hub_a.rooms.filter(name="Tiny room").exists()


def test_hub_capacities_too_big_for_the_database_are_refused(client, world, no_staff_2fa):
    client.force_login(world.organiser_a)
    hub = world.hub_a
    response = client.post(
        reverse("hubs:settings", args=[hub.slug]),
        {
            "venue": "Hall",
            "languages": ["en"],
            "in_person_capacity": "99999999999999999999",
            "online_open": "on",
            "online_capacity": "99999999999999999999",
            "opens_at": "09:00",
            "closes_at": "17:00",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["in_person_capacity"]
    assert form.errors["online_capacity"]
    hub.refresh_from_db()
    assert hub.in_person_capacity == 20


# Sessions ----------------------------------------------------------------------------


def _session_data(world, **overrides):
    data = {
        "kind": "workshop",
        "title": "Writing letters",
        "mode": "in_person",
        "room": world.hub_a.rooms.first().pk,
        "day": world.conference.days[0].isoformat(),
        "starts": "10:00",
        "ends": "11:00",
        "language": "en",
    }
    data.update(overrides)
    return data


def test_a_huge_number_of_places_is_refused_next_to_the_field(client, world, no_staff_2fa):
    client.force_login(world.organiser_a)
    response = client.post(
        reverse("sessions_app:hub_session_new", args=[world.hub_a.slug]),
        # Online, without a room: no room size to compare the places with.
        _session_data(world, capacity="99999999999999999999", mode="online", room=""),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"]
    assert response.context["form"]["title"].value() == "Writing letters"
    assert not Session.objects.filter(title="Writing letters").exists()


def test_the_scheduling_service_refuses_places_out_of_range_whoever_calls_it(world):
    from sessions_app import services

    day = world.conference.days[0]
    starts_at = datetime.datetime.combine(day, datetime.time(10), tzinfo=world.hub_a.zone)
    for capacity in (0, 10**20):
        with pytest.raises(services.SchedulingError) as refused:
            services.session_create(
                by=world.organiser_a,
                conference=world.conference,
                hub=world.hub_a,
                facilitators=[],
                kind="workshop",
                title="Too many",
                mode="online",
                room=None,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=1),
                language="en",
                capacity=capacity,
            )
        assert "capacity" in refused.value.errors
    assert not Session.objects.filter(title="Too many").exists()


def test_a_session_crossing_midnight_at_the_hub_is_saved(client, world, no_staff_2fa):
    client.force_login(world.organiser_a)
    day = world.conference.days[0]
    response = client.post(
        reverse("sessions_app:hub_session_new", args=[world.hub_a.slug]),
        _session_data(world, title="Night vigil", starts="22:30", ends="00:30"),
    )
    assert response.status_code == 302, response.context["form"].errors
    session = Session.objects.get(title="Night vigil")
    karachi = zoneinfo.ZoneInfo("Asia/Karachi")
    assert session.starts_at == datetime.datetime.combine(
        day, datetime.time(22, 30), tzinfo=karachi
    )
    assert session.ends_at == datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time(0, 30), tzinfo=karachi
    )
    # The same start and end is still refused.
    response = client.post(
        reverse("sessions_app:hub_session_new", args=[world.hub_a.slug]),
        _session_data(world, title="No time at all", starts="10:00", ends="10:00"),
    )
    assert "must end after it starts" in str(response.context["form"].errors["ends"])


def test_the_live_demo_circle_can_be_saved_when_it_crosses_midnight(
    client, time_machine, no_staff_2fa
):
    zurich = zoneinfo.ZoneInfo("Europe/Zurich")
    time_machine.move_to(datetime.datetime(2026, 11, 30, 22, 40, tzinfo=zurich), tick=False)
    demo = demo_data.build_conference()
    demo_data.build_accounts(demo)
    circle = sessions_demo.build_live_circle(demo, now=datetime.datetime.now(datetime.UTC))
    assert circle.starts_at.astimezone(zurich).date() != circle.ends_at.astimezone(zurich).date()
    before = (circle.starts_at, circle.ends_at)

    client.force_login(demo.users["admin@example.org"])
    url = reverse("sessions_app:session_edit", args=[circle.pk])
    page = client.get(url)
    assert page.status_code == 200
    initial = SessionForm.initial_for(circle, circle.hub.zone)
    data = {
        **{key: value for key, value in initial.items() if value not in (None, [])},
        "starts": initial["starts"].strftime("%H:%M"),
        "ends": initial["ends"].strftime("%H:%M"),
        "facilitators": [person.pk for person in initial["facilitators"]],
        "interpretation_languages": initial["interpretation_languages"],
        "title": "Living with not knowing",
    }
    data.pop("room", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    circle.refresh_from_db()
    assert circle.title == "Living with not knowing"
    assert (circle.starts_at, circle.ends_at) == before


# Where to go back to ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("programme", "/support/signals/"),
        ("sessions_app:programme", "/support/signals/"),
        ("https://evil.example/", "/support/signals/"),
        ("//evil.example/", "/support/signals/"),
        ("/\\evil.example/", "/support/signals/"),
        ("", "/support/signals/"),
        ("/hubs/", "/hubs/"),
    ],
)
def test_next_on_the_support_signal_form_is_a_path_here_or_the_list(
    client, world, no_staff_2fa, given, expected
):
    session = make_session(hub=world.hub_a)
    enrol(world.family, session)
    signal = SupportSignal.objects.create(session=session, user=world.family)
    client.force_login(world.support_a)
    response = client.post(
        reverse("support_signals:update", args=[signal.pk]), {"action": "ack", "next": given}
    )
    assert response.status_code == 302
    assert response["Location"] == expected
    signal.refresh_from_db()
    assert signal.acknowledged_by == world.support_a


# Time zone cookie --------------------------------------------------------------------


def _shown_zone(client) -> str:
    page = client.get(reverse("hubs:list"))
    assert page.status_code == 200
    return page.content.decode().split('class="time-zone-note" data-zone="')[1].split('"')[0]


@pytest.mark.parametrize(
    "cookie", ["A" * 5000, "Europe/" + "x" * 300, "../../../../etc/passwd", "Asia%2F..%2F..%2Fx"]
)
def test_a_strange_zone_cookie_is_ignored(client, world, cookie):
    client.cookies["flh_tz"] = cookie
    assert _shown_zone(client) == "UTC"


def test_the_zone_the_browser_reports_url_encoded_is_used(client, world):
    # site.js writes encodeURIComponent(zone): Asia%2FKarachi.
    client.cookies["flh_tz"] = "America%2FArgentina%2FBuenos_Aires"
    assert _shown_zone(client) == "America/Argentina/Buenos_Aires"


# The cache under a rush --------------------------------------------------------------


@pytest.mark.skipif(not settings.REDIS_URL, reason="the cache is on Redis only with REDIS_URL")
def test_when_every_cache_connection_is_busy_a_request_waits_instead_of_failing():
    from conference.redis_pool import SharedConnectionPool

    pool = SharedConnectionPool.from_url(
        settings.REDIS_URL, max_connections=1, timeout=5, socket_timeout=2
    )
    held = pool.get_connection()
    threading.Timer(0.3, pool.release, args=[held]).start()
    started = time.monotonic()
    second = pool.get_connection()  # waits for the first to come back
    waited = time.monotonic() - started
    try:
        second.send_command("PING")
        assert second.read_response() in (b"PONG", "PONG", True)
    finally:
        pool.release(second)
    assert 0.2 < waited < 5


@pytest.mark.skipif(not settings.REDIS_URL, reason="the cache is on Redis only with REDIS_URL")
def test_the_cache_is_configured_with_a_waiting_pool():
    from django.core.cache import cache

    pool = cache._cache._pool_class.from_url(cache._cache._servers[0], **cache._cache._pool_options)
    assert pool.timeout >= 1
    assert pool.max_connections == settings.REDIS_CACHE_MAX_CONNECTIONS
    cache.set("rush", "ok")
    assert cache.get("rush") == "ok"


# Error pages -------------------------------------------------------------------------


def test_a_missing_page_says_so_kindly_with_the_way_back(client, world, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "We cannot find this page" in page
    assert 'href="/"' in page
    assert 'href="/#tracing"' in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    page = client.get("/no-such-page/").content.decode()
    assert 'lang="fa" dir="rtl"' in page


def test_the_error_page_needs_no_database_and_no_request(rf, settings, django_assert_num_queries):
    settings.DEBUG = False
    from django.utils import translation

    with django_assert_num_queries(0), translation.override("ps"):
        response = server_error(rf.get("/"))
        apology = translation.gettext("Something went wrong on our side")
    page = response.content.decode()
    assert response.status_code == 500
    assert apology != "Something went wrong on our side"  # the Pashto catalogue has it
    assert apology in page
    assert 'lang="ps" dir="rtl"' in page
    assert 'href="/#tracing"' in page
    assert "familylinks.icrc.org" in page


def test_a_crash_shows_the_error_page(client, settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.urls_crash"
    client.raise_request_exception = False
    response = client.get("/crash/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
