"""The Redis channel layer as configured: a quiet socket must stay open."""

import asyncio

import pytest
from channels.layers import get_channel_layer
from django.conf import settings
from redis.asyncio import BlockingConnectionPool

REDIS_LAYER = "conference.channel_layer.RedisChannelLayer"


def _redis_layer_or_skip():
    if settings.CHANNEL_LAYERS["default"]["BACKEND"] != REDIS_LAYER:
        pytest.skip("runs on the Redis channel layer (REDIS_URL set)")
    return get_channel_layer()


async def test_a_channel_quiet_for_longer_than_redis_default_read_timeout_still_receives():
    """redis-py 8 gives up reading after 5 s by default, while the layer blocks in
    BZPOPMIN for a message: every consumer with nothing to receive for 5 s died with
    'Timeout reading from …' (channels_redis issue 422). Here the layer waits 7 s and
    the message comes after 6 s: it must arrive, not raise."""
    layer = _redis_layer_or_skip()
    layer.brpop_timeout = 7  # longer than redis-py's default read timeout of 5 s
    channel = await layer.new_channel()

    async def send_later():
        await asyncio.sleep(6)
        await layer.send(channel, {"type": "late.hello", "n": 1})

    sender = asyncio.create_task(send_later())
    message = await asyncio.wait_for(layer.receive(channel), timeout=10)
    await sender
    assert message == {"type": "late.hello", "n": 1}


async def test_the_layer_reads_longer_than_it_blocks():
    layer = _redis_layer_or_skip()
    pool = layer.connection(0).connection_pool
    assert pool.connection_kwargs["socket_timeout"] > layer.brpop_timeout


async def test_joining_several_groups_at_once_is_one_round_trip_and_the_same_result():
    layer = _redis_layer_or_skip()
    channel = await layer.new_channel()
    other = await layer.new_channel()
    groups = ["flh-test-a", "flh-test-b", "flh-test-c"]
    connection = layer.connection(0)
    sent = []
    original = type(connection).execute_command

    async def counting(self, *args, **kwargs):
        sent.append(args[0])
        return await original(self, *args, **kwargs)

    type(connection).execute_command = counting
    try:
        await layer.group_add_many(groups, channel)
    finally:
        type(connection).execute_command = original
    assert sent == []  # a pipeline: no command sent on its own
    await layer.group_add("flh-test-b", other)
    for group in groups:
        key = layer._group_key(group)
        assert 0 < await connection.ttl(key) <= layer.group_expiry
        await layer.group_send(group, {"type": "hello", "group": group})
        assert await asyncio.wait_for(layer.receive(channel), 5) == {
            "type": "hello",
            "group": group,
        }
    assert await asyncio.wait_for(layer.receive(other), 5) == {
        "type": "hello",
        "group": "flh-test-b",
    }

    await layer.group_discard_many(["flh-test-a", "flh-test-b"], channel)
    await layer.group_send("flh-test-b", {"type": "after"})
    assert await asyncio.wait_for(layer.receive(other), 5) == {"type": "after"}
    await layer.group_send("flh-test-a", {"type": "after"})
    await layer.group_send("flh-test-c", {"type": "still in c"})
    # Out of a and b: the next thing the channel hears is c's.
    assert await asyncio.wait_for(layer.receive(channel), 5) == {"type": "still in c"}
    await layer.group_discard_many(groups, other)
    await layer.group_discard("flh-test-c", channel)


async def test_a_burst_beyond_the_pool_waits_for_connections_instead_of_failing():
    layer = _redis_layer_or_skip()
    pool = layer.connection(0).connection_pool
    assert isinstance(pool, BlockingConnectionPool)
    limit, pool.max_connections = pool.max_connections, 3  # a tiny pool, for the test
    try:
        channel = await layer.new_channel()
        groups = [f"flh-burst-{n}" for n in range(40)]
        await asyncio.gather(*(layer.group_add(group, channel) for group in groups))
        await asyncio.gather(*(layer.group_discard(group, channel) for group in groups))
        assert len(pool._in_use_connections) == 0
    finally:
        pool.max_connections = limit
