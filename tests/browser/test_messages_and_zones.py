"""In a real browser: a page showing a flash message passes axe-core (the message
list keeps its list semantics inside its live region), and a visitor who is not
signed in sees times in the browser's own zone from the second page on."""

from django.conf import settings

from tests.browser.conftest import PHONE
from tests.browser.helpers import assert_accessible, axe_violations, log_in
from tests.factories import make_user


def test_a_page_with_a_message_is_accessible(page_in, live_url, demo):
    person = make_user(email="amina@example.net", pseudonym="Amina")
    person.set_password("familylinks-demo")
    person.save(update_fields=["password"])
    for language in ("en", "fa"):
        page = page_in(language)
        log_in(page, live_url, person.email)
        page.goto(f"{live_url}/account/profile/")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"{live_url}/account/profile/")
        status = page.get_by_role("status").filter(has=page.locator("li.message"))
        assert status.locator("li.message").count() == 1
        assert [v["id"] for v in axe_violations(page) if v["id"] in ("listitem", "list")] == []
        assert_accessible(page)


def test_a_signed_out_visitor_sees_times_in_the_browsers_zone(browser, live_url, demo):
    context = browser.new_context(viewport=PHONE, locale="en-GB", timezone_id="Asia/Tehran")
    try:
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_url}]
        )
        page = context.new_page()
        page.goto(f"{live_url}/")
        page.wait_for_load_state("load")  # site.js has written the zone cookie
        page.goto(f"{live_url}/programme/")
        note = page.locator(".time-zone-note")
        assert note.get_attribute("data-zone") == "Asia/Tehran"
        assert "Iran Time" in note.inner_text()
        zone_cookie = next(c for c in context.cookies() if c["name"] == "flh_tz")
        assert zone_cookie["value"] == "Asia%2FTehran"  # as the browser encodes it
    finally:
        context.close()
