"""channels-redis' channel layer, joining groups in one round trip instead of two each.

channels-redis adds a channel to a group with a ZADD, then an EXPIRE, each awaited
on its own. A circle page joins three or four groups as it connects; after a restart
every page of every circle does so at once, and in that storm each round trip waits
behind the others on the process's one event loop (`bench/circles.py`: the main
thread was the bottleneck, not Redis). `group_add_many` sends the same commands for
all the groups in one pipeline per Redis shard.

And its connection pool waits for a free connection instead of failing at once: when
6,000 pages left together (the end of a benchmark; a restart of the load balancer),
their group discards took every one of the 1,000 connections a process may open and
the rest failed with "Too many connections"; now they wait their turn, up to
`POOL_WAIT_SECONDS`. Everything else is channels-redis'.
"""

import time

from channels_redis.core import RedisChannelLayer as ChannelsRedisLayer
from redis.asyncio import BlockingConnectionPool

POOL_WAIT_SECONDS = 10


class RedisChannelLayer(ChannelsRedisLayer):
    def create_pool(self, index):
        host = dict(self.hosts[index])
        address = host.pop("address", None)
        if address is None:  # Sentinel or keyword hosts: channels-redis' own pool
            return super().create_pool(index)
        return BlockingConnectionPool.from_url(address, timeout=POOL_WAIT_SECONDS, **host)

    async def group_add(self, group, channel):
        await self.group_add_many([group], channel)

    def _shards(self, groups, channel) -> dict[int, list[str]]:
        """The groups by the Redis shard that holds them (inputs checked as channels-redis does)."""
        assert self.require_valid_channel_name(channel), "Channel name not valid"
        shards: dict[int, list[str]] = {}
        for group in groups:
            assert self.require_valid_group_name(group), "Group name not valid"
            shards.setdefault(self.consistent_hash(group), []).append(group)
        return shards

    async def group_add_many(self, groups, channel):
        """Add `channel` to each of `groups` (the same ZADD and EXPIRE as channels-redis)."""
        now = time.time()
        for index, names in self._shards(groups, channel).items():
            pipe = self.connection(index).pipeline(transaction=False)
            for group in names:
                key = self._group_key(group)
                pipe.zadd(key, {channel: now})
                pipe.expire(key, self.group_expiry)
            await pipe.execute()

    async def group_discard_many(self, groups, channel):
        """Remove `channel` from each of `groups`, one pipeline per shard."""
        for index, names in self._shards(groups, channel).items():
            pipe = self.connection(index).pipeline(transaction=False)
            for group in names:
                pipe.zrem(self._group_key(group), channel)
            await pipe.execute()
