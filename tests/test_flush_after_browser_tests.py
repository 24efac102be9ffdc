"""Browser tests empty the database after each test (transactional_db's flush)
while the server process they talk to may still hold a transaction open. Once,
the flush deadlocked with it. `settle_other_sessions` (run before every flush of
a browser test, tests/browser/conftest.py) waits for such a transaction, then
ends it, and leaves idle sessions alone. Here another process's session stands
in for the server's."""

import threading
import time

import psycopg
import pytest
from django.db import OperationalError, connection, transaction

from tests.browser.server import settle_other_sessions

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def other_session() -> psycopg.Connection:
    """A session on the test database from outside Django, as the server's are."""
    params = connection.settings_dict
    return psycopg.connect(
        dbname=params["NAME"],
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
    )


def flush_could_lock(table: str, timeout: str) -> bool:
    """Whether the flush's lock on `table` could be had within `timeout`."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{timeout}'")
            cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
    except OperationalError:
        return False
    return True


def test_a_transaction_left_open_is_ended_before_the_flush(world):
    held = other_session()
    held.execute("SELECT * FROM conference_user FOR UPDATE").fetchall()  # and stays open
    held_pid = held.info.backend_pid
    idle = other_session()  # connected, not in a transaction: holds no lock
    idle_pid = idle.info.backend_pid
    try:
        assert not flush_could_lock("conference_user", "200ms")

        started = time.monotonic()
        ended = settle_other_sessions(wait=0.5)
        assert ended == [held_pid]
        assert time.monotonic() - started < 5
        assert flush_could_lock("conference_user", "2s")
        with pytest.raises(psycopg.OperationalError):
            held.execute("SELECT 1")
        assert idle.execute("SELECT pg_backend_pid()").fetchone()[0] == idle_pid
    finally:
        held.close()
        idle.close()


def test_a_transaction_that_ends_in_time_is_left_to_finish(world):
    busy = other_session()
    busy.execute("SELECT * FROM conference_user FOR UPDATE").fetchall()
    finishing = threading.Timer(0.3, busy.commit)
    finishing.start()
    try:
        assert settle_other_sessions(wait=5) == []
        assert busy.execute("SELECT 1").fetchone() == (1,)
    finally:
        finishing.join()
        busy.close()
