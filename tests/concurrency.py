"""Many people pressing the same button at the same moment, each in a thread
with its own database connection.

`crowd()` makes that true and measurable on PostgreSQL:
- the process's connection pool (DATABASE_POOL_SIZE, 20) is grown for the test,
  otherwise only 19 threads run at once and the others queue for a connection;
- every thread opens its own connection before the start barrier, so they are
  all connected at the same moment (`connected_at_once`);
- with `hold=<row>`, the test holds that row's lock while the threads start and
  counts how many are waiting for a lock at the same moment (`waiting_at_once`)
  before letting them through: the crowd really meets in the locked section.
  With the lock removed from the code, nobody waits and the count says so.
"""

import contextlib
import threading
import time
from dataclasses import dataclass, field

from django.db import connection, transaction

START_TIMEOUT = 60


@dataclass
class Crowd:
    errors: list[Exception] = field(default_factory=list)
    connected_at_once: int = 0
    waiting_at_once: int = 0


@contextlib.contextmanager
def enough_connections(count: int):
    """Let this process's PostgreSQL pool hold `count` connections for a while."""
    pool = getattr(connection, "pool", None)  # no pool on SQLite
    if pool is None or pool.max_size >= count:
        yield
        return
    min_size, max_size = pool.min_size, pool.max_size
    pool.resize(min_size, count)
    try:
        yield
    finally:
        pool.resize(min_size, max_size)


def _backend_pid() -> int | None:
    if connection.vendor != "postgresql":
        connection.ensure_connection()
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _waiting_for_a_lock(pids: list[int]) -> int:
    with connection.cursor() as cursor:
        # Inside a transaction PostgreSQL keeps one snapshot of pg_stat_activity.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE pid = ANY(%s) AND wait_event_type = 'Lock'",
            [pids],
        )
        return cursor.fetchone()[0]


def crowd(action, arguments, *, hold=None, settle_seconds: float = 20) -> Crowd:
    """Call `action(argument)` for every argument in its own thread, all released
    together once each holds its own database connection. `hold`: a model
    instance whose row this thread locks (PostgreSQL only) until every thread is
    seen waiting for a lock, or `settle_seconds` pass, or the threads are done."""
    if hold is not None and connection.vendor != "postgresql":
        raise RuntimeError("crowd(hold=...) measures PostgreSQL's lock waits")
    outcome = Crowd()
    start = threading.Barrier(len(arguments) + 1)
    pids: list[int | None] = []
    lock = threading.Lock()

    def run(argument):
        try:
            pid = _backend_pid()
            with lock:
                pids.append(pid)
            start.wait(timeout=START_TIMEOUT)
            action(argument)
        except Exception as error:
            with lock:
                outcome.errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    with enough_connections(len(arguments) + 5):
        for thread in threads:
            thread.start()
        with transaction.atomic() if hold is not None else contextlib.nullcontext():
            if hold is not None:
                type(hold).objects.select_for_update().filter(pk=hold.pk).get()
            start.wait(timeout=START_TIMEOUT)
            # Every thread holds a connection until the barrier opens: on PostgreSQL
            # they are told apart by their server process.
            outcome.connected_at_once = len(set(pids) - {None}) or len(pids)
            if hold is not None:
                deadline = time.monotonic() + settle_seconds
                while time.monotonic() < deadline and any(t.is_alive() for t in threads):
                    waiting = _waiting_for_a_lock([pid for pid in pids if pid])
                    outcome.waiting_at_once = max(outcome.waiting_at_once, waiting)
                    if waiting == len(arguments):
                        break
                    time.sleep(0.01)
        for thread in threads:
            thread.join(timeout=START_TIMEOUT)
    return outcome


def all_at_once(action, arguments) -> list[Exception]:
    """`crowd()` without a held row; returns the exceptions raised (none expected)."""
    return crowd(action, arguments).errors
