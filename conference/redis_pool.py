"""One Redis connection pool per process for Django's cache.

Django makes a cache backend object, and with it a new connection pool, for
every thread and every async context; under Channels that means a new Redis
connection for nearly every socket event. This pool class hands out one shared
pool per address instead (redis-py pools are thread-safe and reset themselves
in a forked child).

The pool blocks: when every connection is in use (a rush of families registering
at the same moment, each request in its own thread), a request waits up to the
pool's `timeout` for one to come back. redis-py's plain pool raised
MaxConnectionsError at once, which was a 500."""

import threading

import redis

_pools: dict[tuple, redis.BlockingConnectionPool] = {}
_lock = threading.Lock()


class SharedConnectionPool(redis.BlockingConnectionPool):
    @classmethod
    def from_url(cls, url, **kwargs):
        key = (url, tuple(sorted((name, repr(value)) for name, value in kwargs.items())))
        with _lock:
            pool = _pools.get(key)
            if pool is None:
                pool = _pools[key] = super().from_url(url, **kwargs)
            return pool
