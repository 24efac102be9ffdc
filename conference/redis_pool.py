"""One Redis connection pool per process for Django's cache.

Django makes a cache backend object, and with it a new connection pool, for
every thread and every async context; under Channels that means a new Redis
connection for nearly every socket event. This pool class hands out one shared
pool per address instead (redis-py pools are thread-safe and reset themselves
in a forked child)."""

import threading

import redis

_pools: dict[tuple, redis.ConnectionPool] = {}
_lock = threading.Lock()


class SharedConnectionPool(redis.ConnectionPool):
    @classmethod
    def from_url(cls, url, **kwargs):
        key = (url, tuple(sorted((name, repr(value)) for name, value in kwargs.items())))
        with _lock:
            pool = _pools.get(key)
            if pool is None:
                pool = _pools[key] = redis.ConnectionPool.from_url(url, **kwargs)
            return pool
