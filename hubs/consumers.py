from channels.db import database_sync_to_async

from conference import permissions
from conference.consumers import CLOSE_FORBIDDEN, LiveConsumer
from hubs import live
from hubs.models import Hub


def _may_run_desk(user, hub) -> bool:
    return permissions.can_check_in(user, hub) and not permissions.needs_two_factor_setup(user)


@database_sync_to_async
def _desk_access(user, hub_id: int) -> dict | None:
    """The desk's first count if `user` may run this hub's desk, else None."""
    hub = Hub.objects.filter(pk=hub_id).first()
    if hub is None or not _may_run_desk(user, hub):
        return None
    return live.desk_counts(hub)


@database_sync_to_async
def _still_allowed(user, hub_id: int) -> bool:
    hub = Hub.objects.filter(pk=hub_id).first()
    return hub is not None and _may_run_desk(permissions.fresh_user(user), hub)


class DeskConsumer(LiveConsumer):
    """Pushes the arrival count to every open check-in desk of a hub. Read-only:
    check-ins themselves are ordinary POSTs, so they work without a socket."""

    async def connect(self):
        self.hub_id = int(self.scope["url_route"]["kwargs"]["hub_id"])
        counts = await _desk_access(self.scope["user"], self.hub_id)
        if counts is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        await self.join({live.desk_group(self.hub_id)})
        await self.accept()
        await self.send_json({"type": "desk.count", "counts": counts})

    async def read_access(self):
        if await _still_allowed(self.scope["user"], self.hub_id):
            return {live.desk_group(self.hub_id)}
        return None

    async def receive_json(self, content, **kwargs):
        # Nothing is accepted from the desk over the socket.
        await self.send_json({"type": "error", "error": "read_only"})

    async def desk_count(self, event):
        await self.send_json({"type": "desk.count", "counts": event["counts"]})
