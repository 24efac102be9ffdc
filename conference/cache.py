"""Django's Redis cache, carrying on while Redis is away (a restart, a failover).

The cache holds nothing that is not also elsewhere: sessions are written through to
the database (`cached_db`), the rest is rate-limit counters and short-lived copies.
So while Redis does not answer, reads miss and writes are dropped, and pages that
need no channel layer (signing in, registering, the programme) keep working. The
price: rate limits (sign-in, sign-up) count nothing during the outage. It is
logged, at most once a minute per process."""

import functools
import logging
import time

import redis.exceptions
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

REDIS_DOWN = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
LOG_EVERY_SECONDS = 60.0
_logged_at = [float("-inf")]


def _tolerant(name, fallback):
    method = getattr(RedisCache, name)

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except REDIS_DOWN as error:
            now = time.monotonic()
            if now - _logged_at[0] >= LOG_EVERY_SECONDS:
                _logged_at[0] = now
                logger.warning("cache: Redis unavailable, carrying on without it: %r", error)
            return fallback(*args, **kwargs)

    return call


def _default(key, default=None, *args, **kwargs):
    return default


class TolerantRedisCache(RedisCache):
    get = _tolerant("get", _default)
    get_many = _tolerant("get_many", lambda *a, **k: {})
    has_key = _tolerant("has_key", lambda *a, **k: False)
    set = _tolerant("set", lambda *a, **k: None)
    add = _tolerant("add", lambda *a, **k: False)
    touch = _tolerant("touch", lambda *a, **k: False)
    delete = _tolerant("delete", lambda *a, **k: False)
    set_many = _tolerant("set_many", lambda data, *a, **k: list(data))
    delete_many = _tolerant("delete_many", lambda *a, **k: None)
    incr = _tolerant("incr", lambda key, delta=1, *a, **k: delta)
    clear = _tolerant("clear", lambda *a, **k: False)
