"""Waiting in line without holding a database connection.

In a rush on one thing (a thousand families enrolling in one circle in the same
second, a hub's registration opening), every request ends up waiting for the same
row lock, and each waits holding a pooled database connection: the pool runs dry and
everything else in the process waits too, then answers "try again". Here requests
for the same thing line up in the process first, having handed their connection back
to the pool; only the one at the front holds a connection and the row lock. The row
lock still decides between server processes; this only keeps the waiting cheap.
"""

import contextlib
import threading

from django.conf import settings
from django.db import connection

_locks: dict = {}
_guard = threading.Lock()


class Busy(Exception):
    """Waited `QUEUE_WAIT_SECONDS` in line: answered "please try again in a moment"."""


def _lock_for(key) -> threading.Lock:
    with _guard:
        lock = _locks.get(key)
        if lock is None:
            lock = _locks[key] = threading.Lock()
        return lock


@contextlib.contextmanager
def one_at_a_time(key):
    """Run the block for one request at a time per `key` in this process."""
    lock = _lock_for(key)
    if not lock.acquire(blocking=False):
        if not connection.in_atomic_block:
            connection.close()  # back to the pool while this request waits
        if not lock.acquire(timeout=settings.QUEUE_WAIT_SECONDS):
            raise Busy(f"waited {settings.QUEUE_WAIT_SECONDS} s for {key!r}")
    try:
        yield
    finally:
        lock.release()
