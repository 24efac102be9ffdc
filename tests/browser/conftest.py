"""Browser tests: Daphne serving the real ASGI application (HTTP and WebSockets)
in a second process, and Debian's Chromium driven by Playwright.

Use `live_url` for the server, `page_in("fa")` for a new phone-sized browser page
with a language chosen, `demo` for the demo data set; helpers.py has `log_in` and
`assert_accessible`.
Tests using these get a transactional database: what they create is committed,
so the server process sees it.
"""

import os
import shutil
import time
from functools import partial
from pathlib import Path

import pytest
from django.conf import settings

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


def _serve_in_child(django_db_blocker):
    """Runs in the server process: use the test database, fresh pools, demo switches."""
    from channels.layers import channel_layers
    from channels.testing.live import set_database_connection

    django_db_blocker.unblock()  # the server is not a test: it may always use the database
    set_database_connection()
    channel_layers.backends.clear()
    # As in `make run`: every staff role can be tried without setting up two-factor.
    settings.STAFF_REQUIRE_2FA = False
    # Jitsi's HTTP endpoints answered by an in-process fake in this server process.
    from tests.jitsi_fake import XMPP_DOMAIN, FakeJitsi

    fake = FakeJitsi()  # serves from its own thread until the process ends
    settings.JITSI_HEALTH_URL = fake.health_url
    settings.JITSI_ROOM_SIZE_URL = fake.room_size_url
    settings.JITSI_XMPP_DOMAIN = XMPP_DOMAIN


@pytest.fixture(scope="session")
def live_server_process(django_db_setup, django_db_blocker):
    from channels.testing.live import make_application
    from daphne.testing import DaphneProcess
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
    from django.db import connections

    # Nothing of this process's database connections may be shared with the child.
    for connection in connections.all():
        connection.close()
        if hasattr(connection, "close_pool"):
            connection.close_pool()
    process = DaphneProcess(
        "127.0.0.1",
        partial(make_application, static_wrapper=ASGIStaticFilesHandler),
        setup=partial(_serve_in_child, django_db_blocker),
    )
    process.start()
    deadline = time.monotonic() + 60
    while not process.ready.wait(timeout=1):
        if not process.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"Daphne did not start: {process.errors.get_nowait()!r}")
    yield f"http://127.0.0.1:{process.port.value}"
    process.terminate()
    process.join(timeout=10)


@pytest.fixture
def live_url(live_server_process, transactional_db):
    return live_server_process


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_in(browser, live_url):
    """`page_in(language)` opens a phone-sized page whose visitor chose `language`."""
    contexts = []

    def open_page(language="en"):
        context = browser.new_context(viewport=PHONE, locale="en-GB")
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
