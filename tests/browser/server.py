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


def settle_other_sessions(*, wait: float = 5.0) -> list[int]:
    """Before the test database is emptied (transactional_db's flush), let the other
    sessions on it finish: the server process may still be in the middle of a
    transaction (a page or a socket closing as the test ends), and TRUNCATE, which
    locks table after table, can deadlock with it. Waits up to `wait` seconds for
    every other session on this database to be outside a transaction, then ends
    the sessions still in one (pg_terminate_backend). Idle sessions hold no locks
    and are left alone, so the server's pool keeps its good connections; the pool
    throws a terminated one away when it comes back. Returns the pids ended."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []  # SQLite: the flush waits for the write lock (busy timeout)
    in_a_transaction = """
        SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND backend_type = 'client backend'
          AND (state <> 'idle' OR xact_start IS NOT NULL)
    """
    deadline = time.monotonic() + wait
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(in_a_transaction)
            busy = [pid for (pid,) in cursor.fetchall()]
            if not busy or time.monotonic() >= deadline:
                break
            time.sleep(0.05)
        for pid in busy:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    return busy
