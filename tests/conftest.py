import datetime
import gc
import os
from types import SimpleNamespace

import pytest
import time_machine

from conference.models import HubRole
from sessions_app import circles
from tests import factories
from tests.browser.server import live_server_process  # noqa: F401 - a fixture for browser tests

# The whole suite can run with the clock travelled to a chosen moment (it keeps
# ticking from there): FLH_TEST_NOW=2027-03-27T23:59:00+00:00 make test. CI runs
# one such awkward moment; scripts/awkward_clock.sh runs them all. Started before
# any test and before the browser tests' server is forked, which inherits it.
TEST_NOW_VARIABLE = "FLH_TEST_NOW"


def pinned_now() -> datetime.datetime | None:
    value = os.environ.get(TEST_NOW_VARIABLE, "").strip()
    if not value:
        return None
    moment = datetime.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise pytest.UsageError(f"{TEST_NOW_VARIABLE} needs a UTC offset, e.g. {value}+00:00")
    return moment


def pytest_configure(config):
    moment = pinned_now()
    if moment is not None:
        traveller = time_machine.travel(moment, tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


def pytest_report_header(config):
    moment = pinned_now()
    if moment is not None:
        return f"clock travelled to {moment.isoformat()} ({TEST_NOW_VARIABLE}), ticking"
    return None


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need PostgreSQL; on SQLite they are skipped, saying why."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL: on SQLite, which lets one writer in at a time, this test "
        "would pass even with the row lock it checks removed. Run it with DATABASE_URL set "
        "to a PostgreSQL database (scripts/test_services.py does when one answers locally)."
    )
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _default_garbage_collection():
    """Importing conference.asgi tunes the collector for a long-lived server process
    (conference/process.py; checked in a fresh interpreter by test_deploy). The test
    process starts and drops an event loop and its worker threads per test: with the
    server's rare full collections, database connections those leave behind in
    reference cycles stayed open until the test database was dropped."""
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)  # Python's defaults


def _test_database_made(connection) -> bool:
    """pytest-django makes the test database only when a collected test needs one:
    a run of database-free tests (e.g. tests/test_screening_labelled.py alone) must
    not touch the database named in DATABASE_URL, which may not even exist."""
    return connection.settings_dict["NAME"] == connection.settings_dict.get("TEST", {}).get("NAME")


@pytest.fixture(scope="session", autouse=True)
def _no_sessions_left_at_the_end(django_db_setup, django_db_blocker):
    """Servers the tests started (Daphne for the browser tests, Daphne and runserver in
    fresh interpreters) hold database sessions that can outlive their process by a
    moment: PostgreSQL notices a closed socket on its own time, and dropping the test
    database then fails with "being accessed by other users". End them first."""
    yield
    from django.db import connection

    if not _test_database_made(connection):
        return
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        connection.close()


@pytest.fixture(scope="session", autouse=True)
def _browser_server_first(request):
    """Start the browser tests' server before any other test, if browser tests will run."""
    if any(
        item.get_closest_marker("browser") and not item.get_closest_marker("skip")
        for item in request.session.items
    ):
        request.getfixturevalue("live_server_process")


@pytest.fixture
def midday(time_machine):
    """The clock pinned (ticking) at 06:00 UTC on a fixed day: the same date at every
    hub from Geneva to Karachi for hours on either side. Ask for it before the
    fixtures that build data (`world`, `edition`) when a test needs one local date
    for sessions of several hubs."""
    time_machine.move_to(datetime.datetime(2026, 12, 2, 6, 0, tzinfo=datetime.UTC), tick=True)


@pytest.fixture
def edition(db):
    """The current conference edition, running from today for three days."""
    return factories.make_conference()


@pytest.fixture
def world(db, edition):
    """The personas: hub A with its staff, hub B with its organiser, two families,
    a global admin. Tests read them as `world.family`, `world.organiser_a`…"""
    hub_a = factories.make_hub(conference=edition, time_zone="Asia/Karachi", city="Islamabad")
    hub_b = factories.make_hub(conference=edition, time_zone="Asia/Tehran", city="Tehran")
    people = SimpleNamespace(conference=edition, hub_a=hub_a, hub_b=hub_b)
    people.family = factories.make_user(pseudonym="Gul")
    people.family2 = factories.make_user(pseudonym="Hope")
    people.organiser_a = factories.make_user(pseudonym="Organiser A")
    people.facilitator_a = factories.make_user(pseudonym="Facilitator A")
    people.moderator_a = factories.make_user(pseudonym="Moderator A")
    people.support_a = factories.make_user(pseudonym="Support A")
    people.organiser_b = factories.make_user(pseudonym="Organiser B")
    people.admin = factories.make_user(pseudonym="Secretariat", superuser=True)
    factories.grant(people.organiser_a, hub_a, HubRole.Role.ORGANISER)
    factories.grant(people.facilitator_a, hub_a, HubRole.Role.FACILITATOR)
    factories.grant(people.moderator_a, hub_a, HubRole.Role.MODERATOR)
    factories.grant(people.support_a, hub_a, HubRole.Role.SUPPORT)
    factories.grant(people.organiser_b, hub_b, HubRole.Role.ORGANISER)
    return people


@pytest.fixture
def no_staff_2fa(settings):
    settings.STAFF_REQUIRE_2FA = False


@pytest.fixture
def admitted_circle(world, no_staff_2fa):
    """A live circle at hub A, led by its facilitator, with both families admitted."""
    session = factories.make_session(hub=world.hub_a, title="Mothers and sisters")
    session.facilitators.add(world.facilitator_a)
    for family in (world.family, world.family2):
        factories.enrol(family, session)
    circles.circle_enter(
        session=session,
        user=world.facilitator_a,
        display_name="Reza",
        audio_only=False,
        accept_rules=True,
    )
    for family, name in ((world.family, "Gul"), (world.family2, "Hope")):
        circles.circle_enter(
            session=session, user=family, display_name=name, audio_only=True, accept_rules=True
        )
    runner = circles.access_for(world.facilitator_a, session)
    circles.circle_admit(access=runner)
    return session


@pytest.fixture(autouse=True)
def quick_presence_news(settings):
    """Circles hear who is present 20 ms after a page arrives or leaves, not a second."""
    settings.LIVE_PRESENCE_SECONDS = 0.02


@pytest.fixture(autouse=True)
def fresh_channel_layer():
    """A new channel layer object per test: each async test runs in its own event
    loop, and the Redis layer's locks and connections belong to one loop."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English, whatever language an earlier request activated."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """Each test starts with an empty cache (rate limits, cached Jitsi health). On
    Redis only this run's keys are removed: other runs may share the server."""
    from django.core.cache import cache

    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(f"{settings.CACHES['default']['KEY_PREFIX']}:1:*"))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def fresh_hand_limits():
    """Each test starts with no hand raised recently (the limit is kept in memory)."""
    circles._hand_bursts.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database is built from the models (--no-migrations): add what the
    library's PostgreSQL-only migration 0002 adds (pg_trgm, GIN indexes)."""
    from django.db import connection

    from support.library.search import install_postgres_search

    if not _test_database_made(connection):
        return
    with django_db_blocker.unblock():
        install_postgres_search(connection)
