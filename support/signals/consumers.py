"""Live support signals (the staff's list) and live support conversations."""

from conference import permissions
from conference.consumers import CLOSE_FORBIDDEN, LiveConsumer, in_thread_pool
from conference.live import send_all
from support.signals import live, services


@in_thread_pool
def _support_groups(user) -> set[str]:
    """The hub groups whose signals reach this person now (empty: none)."""
    user = permissions.fresh_user(user)
    if not user.is_authenticated or permissions.needs_two_factor_setup(user):
        return set()
    return {live.hub_group(hub_id) for hub_id in permissions.support_signal_hub_ids(user)}


class SupportSignalsConsumer(LiveConsumer):
    """New, acknowledged and closed signals and new messages, for the support staff
    on duty (and organisers) of a person's hubs. Read-only: acknowledging, closing
    and writing are forms of the signals and conversation pages."""

    async def connect(self):
        groups, _messages = await _support_groups(self.scope["user"])
        if not groups:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        await self.join(groups)
        await self.accept()

    async def read_access(self):
        groups, _messages = await _support_groups(self.scope["user"])
        return groups or None

    async def receive_json(self, content, **kwargs):
        await self.send_json({"type": "error", "error": "read_only"})

    async def support_signal(self, event):
        await self.send_json({"type": event["type"], **event.get("data", {})})

    # A forum post suggesting that someone may be at risk (support/forum/moderation.py).
    support_forum_concern = support_signal


@in_thread_pool
def _conversation(user, signal_id: int) -> dict | None:
    """The conversation's messages if this person may be in it now, else None."""
    user = permissions.fresh_user(user)
    if not user.is_authenticated:
        return None
    try:
        signal = services.conversation_for(user, signal_id)
    except services.SupportError:
        return None
    if signal.user_id != user.pk and permissions.needs_two_factor_setup(user):
        return None
    return {"user": user, "closed": signal.closed_at is not None}


@in_thread_pool
def _write(user, signal_id: int, body) -> dict:
    return services.support_message_send(user=user, signal_id=signal_id, body=body)


class ConversationConsumer(LiveConsumer):
    """One support conversation, live: its messages, its acknowledgement and its
    closing, for the family who raised the signal and those who may handle it."""

    async def connect(self):
        self.signal_id = int(self.scope["url_route"]["kwargs"]["signal_id"])
        if await self.read_access() is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        await self.join({live.conversation_group(self.signal_id)})
        await self.accept()

    async def read_access(self):
        allowed, _messages = await _conversation(self.scope["user"], self.signal_id)
        if allowed is None:
            return None
        self.user = allowed["user"]
        return {live.conversation_group(self.signal_id)}

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict) or content.get("action") != "message.send":
            await self.send_json({"type": "error", "error": "invalid"})
            return
        try:
            _data, messages = await _write(self.user, self.signal_id, content.get("body"))
        except services.SupportError as error:
            await self.send_json({"type": "error", "error": error.code, "message": error.message})
            if error.code == "not_found":
                await self.refresh_access()
            return
        await send_all(messages)

    async def _forward(self, event):
        await self.send_json({"type": event["type"], **event.get("data", {})})

    support_message = _forward
    support_acknowledged = _forward
    support_closed = _forward
