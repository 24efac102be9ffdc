"""Registration in a real browser: a family registers in Persian and sees its
ticket; the organiser checks the code in at the desk, and another desk of the
same hub sees the count rise, live. The pages pass axe-core in English and Persian."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from conference.models import User
from hubs.models import Registration
from tests.browser.helpers import assert_accessible, log_in


def _new_family(email, pseudonym, language):
    user = User.objects.create_user(email=email, password="familylinks-demo", pseudonym=pseudonym)
    user.language = language
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def test_register_in_persian_then_check_in_at_the_desk(page_in, live_url, demo):
    _new_family("zahra@example.net", "زهرا", "fa")
    family = page_in("fa")
    log_in(family, live_url, "zahra@example.net")
    family.goto(f"{live_url}/hubs/islamabad-2025/register/")
    assert family.locator("html").get_attribute("dir") == "rtl"
    family.locator("input[name=mode][value=in_person]").check()
    family.fill("input[name=adults]", "2")
    family.fill("input[name=children]", "1")
    family.locator("input[name=consent]").check()
    family.locator("main form button[type=submit]").click()
    family.wait_for_url(f"{live_url}/my-registration/")
    code = family.locator(".ticket-code").inner_text().strip()
    registration = Registration.objects.get(user__email="zahra@example.net")
    assert code == registration.ticket_display
    assert family.locator(".ticket-qr svg").count() == 1

    organiser = page_in("en")
    log_in(organiser, live_url, "organiser@example.org")
    organiser.goto(f"{live_url}/hubs/islamabad-2025/desk/")
    watcher = page_in("en")
    log_in(watcher, live_url, "support@example.org")
    watcher.goto(f"{live_url}/hubs/islamabad-2025/desk/")
    arrived = watcher.locator('[data-count="arrived_parties"]')
    before = int(arrived.inner_text())
    watcher.wait_for_timeout(500)  # its socket is open

    organiser.fill("input[name=code]", code.lower())
    organiser.locator(".desk-form button[type=submit]").click()
    organiser.locator(".desk-ok").wait_for()
    assert "زهرا" in organiser.locator(".desk-ok").inner_text()

    expect(arrived).to_have_text(str(before + 1))
    registration.refresh_from_db()
    assert registration.checked_in_at is not None

    organiser.fill("input[name=code]", code)
    organiser.locator(".desk-form button[type=submit]").click()
    organiser.locator(".desk-refused").wait_for()
    assert int(arrived.inner_text()) == before + 1


@pytest.mark.parametrize("language", ["en", "fa"])
def test_registration_pages_are_accessible(page_in, live_url, demo, language):
    page = page_in(language)
    page.goto(f"{live_url}/hubs/")
    assert_accessible(page)
    page.goto(f"{live_url}/hubs/tehran-2025/")
    assert_accessible(page)
    _new_family(f"check-{language}@example.net", "Reader", language)
    log_in(page, live_url, f"check-{language}@example.net")
    page.goto(f"{live_url}/hubs/tehran-2025/register/")
    assert_accessible(page)
    page.locator("input[name=mode][value=in_person]").check()
    page.locator("input[name=consent]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_url}/my-registration/")
    assert page.locator(".ticket-code").count() == 1
    assert_accessible(page)
