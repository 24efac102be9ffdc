"""The foundation in a real browser: a family signs up in Persian and the pages
are right-to-left; axe-core finds nothing on the entrance pages."""

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC

from conference.models import User
from tests.browser.helpers import assert_accessible


def test_a_family_signs_up_in_persian(page_in, live_url):
    page = page_in("en")
    page.goto(f"{live_url}/accounts/signup/")
    page.locator('.language-switcher button[value="fa"]').click()
    page.wait_for_load_state()
    html = page.locator("html")
    assert html.get_attribute("lang") == "fa"
    assert html.get_attribute("dir") == "rtl"

    page.fill("input[name=email]", "maryam@example.net")
    page.fill("input[name=pseudonym]", "مادر علی")
    page.fill("input[name=password1]", "a-long-quiet-river-2025")
    page.fill("input[name=password2]", "a-long-quiet-river-2025")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_url}/accounts/confirm-email/")

    user = User.objects.get(email="maryam@example.net")
    assert user.pseudonym == "مادر علی"
    assert user.language == "fa"
    assert user.time_zone  # taken from the browser by our small script
    address = EmailAddress.objects.get(user=user)
    key = EmailConfirmationHMAC(address).key
    page.goto(f"{live_url}/accounts/confirm-email/{key}/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    assert page.locator("header nav").get_by_text("مادر علی").is_visible()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert EmailAddress.objects.get(user=user).verified


@pytest.mark.parametrize("language", ["en", "fa"])
@pytest.mark.parametrize("path", ["/", "/accounts/signup/", "/accounts/login/"])
def test_entrance_pages_are_accessible(page_in, live_url, demo, path, language):
    page = page_in(language)
    page.goto(f"{live_url}{path}")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "fa" else "ltr")
    assert page.locator("h1").count() == 1
    assert page.locator("main#main").count() == 1
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("node => node === document.activeElement")
    assert skip.get_attribute("href") == "#main"
    assert_accessible(page)
