from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from conference import permissions
from hubs import live
from hubs.models import Hub


@database_sync_to_async
def _desk_access(user, hub_id: int) -> dict | None:
    """The desk's first count if `user` may run this hub's desk, else None."""
    hub = Hub.objects.filter(pk=hub_id).first()
    if hub is None or not permissions.can_check_in(user, hub):
        return None
    if permissions.needs_two_factor_setup(user):
        return None
    return live.desk_counts(hub)


class DeskConsumer(AsyncJsonWebsocketConsumer):
    """Pushes the arrival count to every open check-in desk of a hub. Read-only:
    check-ins themselves are ordinary POSTs, so they work without a socket."""

    async def connect(self):
        self.hub_id = int(self.scope["url_route"]["kwargs"]["hub_id"])
        counts = await _desk_access(self.scope["user"], self.hub_id)
        if counts is None:
            await self.close(code=4403)
            return
        self.group = live.desk_group(self.hub_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "desk.count", "counts": counts})

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        # Nothing is accepted from the desk over the socket.
        await self.send_json({"type": "error", "error": "read_only"})

    async def desk_count(self, event):
        await self.send_json({"type": "desk.count", "counts": event["counts"]})
