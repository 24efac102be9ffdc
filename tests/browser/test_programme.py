"""The programme in a real browser: a family reading Persian filters it, opens a
sharing circle, accepts its ground rules and takes a place. The programme, a
session page and "my programme" pass axe-core in English and Persian."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from hubs.models import Registration
from sessions_app.models import Enrolment, Session
from tests.browser.helpers import assert_accessible, log_in
from tests.browser.test_registration import _new_family
from tests.factories import register

ONE_HOUR = datetime.timedelta(hours=1)


def _persian_circle_ahead(now) -> Session:
    """A Persian sharing circle that starts at least an hour from `now` and has
    places: picked from the data by what the test needs, never "the first one
    on the page", so the test holds at any hour of any day."""
    ahead = [
        session
        for session in Session.objects.for_programme()
        .filter(kind=Session.Kind.CIRCLE, language="fa", starts_at__gte=now + ONE_HOUR)
        .order_by("starts_at", "pk")
        if session.places_left
    ]
    assert ahead, "the demo programme has a Persian circle ahead at any moment"
    return ahead[0]


def test_family_in_persian_filters_opens_a_circle_and_enrols(page_in, live_url, demo_programme):
    family = _new_family("zahra@example.net", "زهرا", "fa")
    family.time_zone = "Asia/Tehran"
    family.save(update_fields=["time_zone"])
    register(family, demo_programme.hubs["tehran-2025"], mode=Registration.Mode.ONLINE)
    circle = _persian_circle_ahead(timezone.now())
    day = timezone.localtime(circle.starts_at, zoneinfo.ZoneInfo("Asia/Tehran")).date()
    address = reverse("sessions_app:session", args=[circle.pk])
    page = page_in("fa")
    log_in(page, live_url, "zahra@example.net")
    page.goto(f"{live_url}/programme/?day={day.isoformat()}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "fa"

    page.locator(".filter-box summary").click()  # the filters fold away on phones
    page.select_option("select[name=language]", "fa")
    page.select_option("select[name=kind]", "circle")
    page.locator(".filter-form button[type=submit]").click()
    page.wait_for_url("**/programme/?*language=fa*")
    cards = page.locator(".session-card")
    assert cards.count() > 0
    assert cards.count() == page.locator(".session-card.kind-circle").count()

    link = page.locator(f'.session-card .card-title a[href="{address}"]')
    assert link.inner_text() == circle.title_fa  # the circle's own Persian title
    link.click()
    page.wait_for_url(f"**{address}")
    assert page.locator("h1").inner_text() == circle.title_fa
    assert page.locator(".ground-rules li").count() == 5
    page.locator("input[name=accept_ground_rules]").check()
    page.locator(".enrolment form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".enrolment form button[type=submit]").count() == 1  # now "give up"
    enrolment = Enrolment.objects.get(user=family)
    assert enrolment.session == circle
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert enrolment.ground_rules_accepted_at <= timezone.now()

    page.goto(f"{live_url}/programme/mine/")
    assert circle.title_fa in page.locator("main").inner_text()


@pytest.mark.parametrize("language", ["en", "fa"])
def test_programme_pages_are_accessible(page_in, live_url, demo_programme, language):
    family = _new_family(f"reader-{language}@example.net", "Reader", language)
    register(family, demo_programme.hubs["tehran-2025"], mode=Registration.Mode.ONLINE)
    page = page_in(language)
    log_in(page, live_url, f"reader-{language}@example.net")
    page.goto(f"{live_url}/programme/")
    assert_accessible(page)
    circle = _persian_circle_ahead(timezone.now())
    page.goto(f"{live_url}{reverse('sessions_app:session', args=[circle.pk])}")
    assert_accessible(page)
    page.goto(f"{live_url}/programme/now/")
    assert_accessible(page)
    page.goto(f"{live_url}/programme/mine/")
    assert_accessible(page)
