"""The library and the directory in a real browser: a family in Persian filters
the library, opens a recording and reads its transcript; a family registered at
Islamabad finds that hub's tracing service first; no payload written into a
resource runs; axe-core finds nothing on the pages, in English and Persian."""

import pytest

from support.library.models import Resource
from tests.browser.helpers import assert_accessible, log_in
from tests.test_text_and_rendering import PAYLOADS


@pytest.fixture
def demo_library(demo):
    """The demo data set with its library and directory."""
    from support.library import demo as library_demo

    library_demo.build_library(demo)
    return demo


def test_a_family_in_persian_filters_the_library_and_reads_a_transcript(
    page_in, live_url, demo_library
):
    page = page_in("fa", time_zone="Asia/Karachi")
    log_in(page, live_url, "family@example.org")
    page.goto(f"{live_url}/library/")
    assert page.locator("html").get_attribute("dir") == "rtl"

    page.locator(".filter-box summary").click()
    page.select_option("select[name=kind]", "audio")
    page.select_option("select[name=language]", "fa")
    page.locator(".filter-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "kind=audio" in page.url
    titles = page.locator(".resource-card h3 a")
    assert titles.count() == 1
    assert titles.first.inner_text() == "تمرین تنفس برای لحظه‌های سخت"
    # Size and duration are there before anything is downloaded.
    assert "0:26" in page.locator(".resource-card .resource-meta").inner_text()

    titles.first.click()
    page.wait_for_load_state()
    audio = page.locator("audio")
    assert audio.get_attribute("preload") == "none"
    source = audio.evaluate("node => node.src")
    served = page.request.get(source)
    assert served.status == 200
    assert served.headers["content-type"] == "audio/mpeg"
    assert served.headers["x-content-type-options"] == "nosniff"

    transcript = page.locator("section.transcript")
    assert transcript.is_visible()
    assert "آرام نفس بکشید" in transcript.inner_text()
    also_in = page.locator("nav.also-in a")
    assert also_in.count() == 1
    assert also_in.first.get_attribute("hreflang") == "en"


def test_the_switcher_on_a_resource_leads_to_its_translation(page_in, live_url, demo_library):
    english = Resource.objects.get(title="Living with not knowing")
    persian = Resource.objects.get(translation_group=english.translation_group, language="fa")
    page = page_in("en")
    page.goto(f"{live_url}/library/{english.pk}/")
    page.locator('.language-switcher button[value="fa"]').click()
    page.wait_for_load_state()
    assert page.url == f"{live_url}/library/{persian.pk}/"
    assert page.locator("h1").inner_text() == "زندگی با ندانستن"


def test_the_directory_shows_the_islamabad_tracing_service_first(page_in, live_url, demo_library):
    page = page_in("en", time_zone="Asia/Karachi")
    log_in(page, live_url, "family@example.org")  # registered at Islamabad in the demo
    page.locator("footer").get_by_role("link", name="Looking for a relative?").click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{live_url}/help/")
    first = page.locator("section[aria-labelledby=local-title] .service").first
    assert first.locator("h3").inner_text() == "Pakistan Red Crescent Society"
    assert "Tracing service" in first.inner_text()
    assert page.locator("main .free-notice").get_by_text("Tracing services are free.").is_visible()


@pytest.fixture
def poisoned(demo_library):
    users = demo_library.users
    from tests.library_helpers import published

    return [
        published(
            author=users["organiser@example.org"],
            reviewer=users["support@example.org"],
            hub=demo_library.hubs["islamabad-2025"],
            title=f"Payload {number} {payload}"[:200],
            summary=f"Payload {number} {payload}",
            body=f"Payload {number}\n\n{payload}\n\n[link](javascript:alert(1))",
        )
        for number, payload in enumerate(PAYLOADS)
    ]


def test_no_payload_runs_in_the_browser(page_in, live_url, poisoned):
    page = page_in("en")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    urls = [f"/library/{resource.pk}/" for resource in poisoned]
    urls += ["/library/", "/library/?q=payload", "/library/topics/ambiguous-loss/"]
    for url in urls:
        page.goto(f"{live_url}{url}")
        assert page.get_by_text("Payload", exact=False).first.is_visible()
        for link in page.locator("main a[href^=javascript]").all():
            pytest.fail(f"a javascript: link on {url}: {link}")
    page.wait_for_timeout(200)
    assert dialogs == []
    assert page.locator("main img, main iframe, main svg, main details").count() == 0


@pytest.mark.parametrize("language", ["en", "fa"])
def test_library_pages_are_accessible(page_in, live_url, demo_library, language):
    audio = Resource.objects.get(title="تمرین تنفس برای لحظه‌های سخت")
    article = Resource.objects.get(title="Living with not knowing")
    page = page_in(language)
    for path in (
        "/library/",
        f"/library/{audio.pk}/",
        f"/library/{article.pk}/",
        "/library/?q=امید",
        "/library/?q=children",
        "/library/topics/talking-with-children/",
        "/help/",
        "/help/?hub=islamabad-2025",
    ):
        page.goto(f"{live_url}{path}")
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "fa" else "ltr")
        assert page.locator("h1").count() == 1
        assert_accessible(page)
