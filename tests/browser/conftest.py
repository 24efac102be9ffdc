"""Browser tests: Daphne serving the real ASGI application (HTTP and WebSockets)
in a second process, and Debian's Chromium driven by Playwright.

Use `live_url` for the server, `page_in("fa")` for a new phone-sized browser page
with a language chosen, `demo` for the demo data set; helpers.py has `log_in` and
`assert_accessible`.
Tests using these get a transactional database: what they create is committed,
so the server process sees it.
"""

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management.base import CommandError

from tests.conftest import pinned_now

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
NO_BROWSER = (
    f"Chromium not found at {CHROMIUM}: install Debian's chromium "
    "(apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary."
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}

# Playwright's synchronous API keeps an event loop in the test thread; the ORM calls
# the tests make there are still ordinary blocking calls (Playwright's documented
# advice for Django test suites).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Mark browser tests, skip them without a browser, and run them last: Playwright's
    synchronous API keeps an event loop in the main thread until the session ends,
    which async tests run after it could not share."""
    here = Path(__file__).parent
    browser_items = []
    for item in items:
        if Path(item.fspath).is_relative_to(here):
            item.add_marker(pytest.mark.browser)
            if not Path(CHROMIUM).exists():
                item.add_marker(pytest.mark.skip(reason=NO_BROWSER))
            browser_items.append(item)
    others = [item for item in items if item not in browser_items]
    items[:] = others + browser_items


@pytest.fixture
def live_url(live_server_process, transactional_db, _server_settled_before_flush):
    return live_server_process


def _flush_settling_on_deadlock() -> None:
    """A page still open can start a new transaction on the server just after it was
    settled (a socket closing, a ping); if PostgreSQL then picks the flush as a
    deadlock's victim, settle the server again and flush once more instead of
    failing the test at teardown. For the whole session: pytest-django's flush runs
    after every function-scoped fixture (monkeypatch included) is torn down."""
    from django.core.management.commands import flush

    from tests.browser.server import settle_other_sessions

    handle = flush.Command.handle

    def handle_settled(self, **options):
        for attempt in range(3):
            try:
                return handle(self, **options)
            except CommandError as error:
                if attempt == 2 or "deadlock" not in str(error.__cause__):
                    raise
                settle_other_sessions()
        return None

    flush.Command.handle = handle_settled


_flush_settling_on_deadlock()


@pytest.fixture
def _server_settled_before_flush(transactional_db):
    """Torn down before transactional_db's flush (it depends on it): the server's
    database sessions finish, or are ended, before the tables are emptied."""
    from tests.browser.server import settle_other_sessions

    yield
    settle_other_sessions()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_in(browser, live_url):
    """`page_in(language)` opens a phone-sized page whose visitor chose `language`
    (and `time_zone`, the browser's own zone, UTC unless given)."""
    contexts = []

    def open_page(language="en", *, time_zone="UTC"):
        # The browser's zone is chosen, not the machine's; its clock follows the
        # suite's when FLH_TEST_NOW moved it (and then keeps running naturally).
        context = browser.new_context(viewport=PHONE, locale="en-GB", timezone_id=time_zone)
        if pinned_now() is not None:
            context.clock.install(time=datetime.datetime.now(datetime.UTC))
        context.set_default_timeout(10_000)
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_url}]
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def demo(live_url):
    """The demo data set (conference.demo, the same as `make run`), committed."""
    from conference import demo as demo_data
    from hubs import demo as hubs_demo

    data = demo_data.build_conference()
    demo_data.build_accounts(data)
    hubs_demo.build_registrations(data)
    return data


@pytest.fixture
def demo_programme(demo):
    """The demo data set with its programme and live circle."""
    from sessions_app import demo as sessions_demo

    sessions_demo.build_programme(demo)
    return demo
