"""The programme in a real browser: a family reading Persian filters it, opens a
sharing circle, accepts its ground rules and takes a place. The programme, a
session page and "my programme" pass axe-core in English and Persian."""

import pytest
from django.utils import timezone

from hubs.models import Registration
from sessions_app.models import Enrolment
from tests.browser.helpers import assert_accessible, log_in
from tests.browser.test_registration import _new_family
from tests.factories import register


def test_family_in_persian_filters_opens_a_circle_and_enrols(page_in, live_url, demo_programme):
    family = _new_family("zahra@example.net", "زهرا", "fa")
    register(family, demo_programme.hubs["tehran-2025"], mode=Registration.Mode.ONLINE)
    page = page_in("fa")
    log_in(page, live_url, "zahra@example.net")
    page.goto(f"{live_url}/programme/")
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

    # A circle with places left (the day-three circles are full on purpose).
    title = page.locator(".session-card.kind-circle").filter(has=page.locator(".session-places"))
    link = title.first.locator(".card-title a")
    circle_title = link.inner_text()
    link.click()
    page.wait_for_url("**/programme/sessions/*/")
    assert page.locator("h1").inner_text() == circle_title
    assert page.locator(".ground-rules li").count() == 5
    page.locator("input[name=accept_ground_rules]").check()
    page.locator(".enrolment form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".enrolment form button[type=submit]").count() == 1  # now "give up"
    enrolment = Enrolment.objects.get(user=family)
    assert enrolment.session.title == circle_title
    assert enrolment.ground_rules_accepted_at <= timezone.now()

    page.goto(f"{live_url}/programme/mine/")
    assert circle_title in page.locator("main").inner_text()


@pytest.mark.parametrize("language", ["en", "fa"])
def test_programme_pages_are_accessible(page_in, live_url, demo_programme, language):
    family = _new_family(f"reader-{language}@example.net", "Reader", language)
    register(family, demo_programme.hubs["tehran-2025"], mode=Registration.Mode.ONLINE)
    page = page_in(language)
    log_in(page, live_url, f"reader-{language}@example.net")
    page.goto(f"{live_url}/programme/")
    assert_accessible(page)
    page.locator(".session-card.kind-circle .card-title a").first.click()
    page.wait_for_url("**/programme/sessions/*/")
    assert_accessible(page)
    page.goto(f"{live_url}/programme/now/")
    assert_accessible(page)
    page.goto(f"{live_url}/programme/mine/")
    assert_accessible(page)
