"""The Daphne process the browser tests talk to.

Its fixture is made available to the whole suite by tests/conftest.py, which starts
it before any other test when browser tests will run: forking it later, after async
tests have created threads and event loops in this process, can leave the child
deadlocked."""

import time
from functools import partial

import pytest
from django.conf import settings


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
    if process.is_alive():
        process.kill()
        process.join(timeout=5)
