"""Pages with a ticket, a calendar-feed address or other personal data tell every
cache not to keep them (`Cache-Control: private, no-store`); public pages for
visitors who are not signed in stay cacheable."""

import pytest
from django.urls import reverse

from sessions_app import calendar
from tests.factories import make_session, register

pytestmark = pytest.mark.django_db


def _cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def assert_private(response, url):
    assert response.status_code in (200, 302), (url, response.status_code)
    directives = _cache_control(response)
    assert {"private", "no-store"} <= directives, (url, directives)
    assert "public" not in directives, url


def test_a_familys_pages_are_never_cached(client, world):
    registration = register(world.family, world.hub_a)
    session = make_session(hub=world.hub_a, kind="workshop", starts_in=120)
    client.force_login(world.family)
    pages = [
        reverse("hubs:mine"),
        reverse("hubs:cancel"),
        reverse("hubs:ticket_ics"),
        reverse("hubs:register", args=[world.hub_b.slug]),
        reverse("sessions_app:mine"),
        reverse("sessions_app:session", args=[session.pk]),
        reverse("sessions_app:programme"),
        reverse("conference:profile"),
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("hubs:list"),
    ]
    for url in pages:
        assert_private(client.get(url), url)
    # The ticket itself is on the registration page: the one page that must never stay.
    page = client.get(reverse("hubs:mine"))
    assert registration.ticket_display in page.content.decode()


def test_the_calendar_feed_with_its_secret_address_is_never_cached(client, world):
    token = calendar.token_for(world.family)
    url = reverse("sessions_app:feed", args=[token.token])
    response = client.get(url)  # calendar apps ask without signing in
    assert response["Content-Type"].startswith("text/calendar")
    assert_private(response, url)


def test_organiser_and_staff_pages_are_never_cached(client, world, no_staff_2fa):
    register(world.family, world.hub_a)
    client.force_login(world.organiser_a)
    slug = world.hub_a.slug
    pages = [
        reverse("hubs:dashboard", args=[slug]),
        reverse("hubs:registrations", args=[slug]),
        reverse("hubs:export", args=[slug]),
        reverse("hubs:desk", args=[slug]),
        reverse("hubs:settings", args=[slug]),
        reverse("hubs:rooms", args=[slug]),
        reverse("hubs:team", args=[slug]),
        reverse("sessions_app:hub_schedule", args=[slug]),
        reverse("conference:staff_home"),
        reverse("support_signals:list"),
    ]
    for url in pages:
        assert_private(client.get(url), url)


def test_sign_in_and_account_recovery_pages_are_never_cached(client, world):
    for url in (
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
    ):
        assert_private(client.get(url), url)


def test_public_pages_for_visitors_stay_cacheable(client, world):
    for url in (reverse("home"), reverse("sessions_app:programme"), reverse("hubs:list")):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" not in _cache_control(response), url
