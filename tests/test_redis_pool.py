"""Django's cache shares one Redis connection pool per process and address."""

import threading

from conference.redis_pool import SharedConnectionPool


def test_the_same_address_and_options_share_one_pool():
    url = "redis://127.0.0.1:6379/5"
    first = SharedConnectionPool.from_url(url, socket_timeout=2)
    seen = []
    thread = threading.Thread(
        target=lambda: seen.append(SharedConnectionPool.from_url(url, socket_timeout=2))
    )
    thread.start()
    thread.join()
    assert seen == [first]
    assert SharedConnectionPool.from_url(url, socket_timeout=3) is not first
    assert SharedConnectionPool.from_url("redis://127.0.0.1:6379/6", socket_timeout=2) is not first
    assert first.connection_kwargs["db"] == 5
