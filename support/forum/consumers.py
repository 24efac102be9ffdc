"""The forum, live: an open thread hears of new, changed and hidden posts, a
category's list hears of new and active threads.

Sockets carry no text: an event names the post (id, position) and the page fetches
what its person may see through the ordinary pages (`forum:posts_fragment`,
`forum:post_fragment`), which ask conference/permissions.py. The socket itself is
checked on connect and before each message its page sends (the one action: "read",
how far the person has read), and follows the person's access (LiveConsumer)."""

from conference import permissions
from conference.consumers import CLOSE_FORBIDDEN, LiveConsumer, in_thread_pool
from support.forum import live, services
from support.forum.models import Category, Thread


@in_thread_pool
def _thread_access(user, thread_id: int):
    user = permissions.fresh_user(user)
    thread = Thread.objects.select_related("category").filter(pk=thread_id).first()
    if thread is None or not permissions.can_see_thread(user, thread):
        return None
    return user


@in_thread_pool
def _category_access(user, category_id: int):
    user = permissions.fresh_user(user)
    category = Category.objects.filter(pk=category_id).first()
    if category is None or not permissions.can_see_category(user, category):
        return None
    return user


@in_thread_pool
def _read(user, thread_id: int, position) -> bool:
    thread = Thread.objects.select_related("category").filter(pk=thread_id).first()
    if thread is None or not permissions.can_see_thread(user, thread):
        return False
    services.read_mark(user=user, thread=thread, position=position)
    return True


class _ForumConsumer(LiveConsumer):
    route_key = ""

    def group(self) -> str:
        raise NotImplementedError

    async def allowed(self):
        raise NotImplementedError

    async def connect(self):
        self.target_id = int(self.scope["url_route"]["kwargs"][self.route_key])
        if await self.read_access() is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        await self.join({self.group()})
        await self.accept()

    async def read_access(self):
        user, _messages = await self.allowed()
        if user is None:
            return None
        self.user = user
        return {self.group()}

    async def _forward(self, event):
        await self.send_json({"type": event["type"], **event.get("data", {})})


class ThreadConsumer(_ForumConsumer):
    """ws/forum/thread/<id>/: new, changed, hidden and shown posts, reactions."""

    route_key = "thread_id"

    def group(self) -> str:
        return live.thread_group(self.target_id)

    async def allowed(self):
        return await _thread_access(self.scope["user"], self.target_id)

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict):
            content = {}
        position = content.get("position")
        if content.get("action") != "read" or type(position) is not int or position < 0:
            await self.send_json({"type": "error", "error": "invalid"})
            return
        # The permission again, for this message: a thread hidden since connecting
        # is not marked read, and the socket then learns it may no longer be here.
        allowed, _messages = await _read(self.user, self.target_id, position)
        if not allowed:
            await self.refresh_access()

    forum_post_new = _ForumConsumer._forward
    forum_post_changed = _ForumConsumer._forward
    forum_post_hidden = _ForumConsumer._forward
    forum_post_shown = _ForumConsumer._forward
    forum_reaction = _ForumConsumer._forward


class CategoryConsumer(_ForumConsumer):
    """ws/forum/category/<id>/: a new thread, or new activity in one."""

    route_key = "category_id"

    def group(self) -> str:
        return live.category_group(self.target_id)

    async def allowed(self):
        return await _category_access(self.scope["user"], self.target_id)

    async def receive_json(self, content, **kwargs):
        await self.send_json({"type": "error", "error": "read_only"})

    forum_thread_new = _ForumConsumer._forward
    forum_thread_active = _ForumConsumer._forward


@in_thread_pool
def _review_groups(user) -> set[str]:
    """The review groups this person hears now: the global one and their hubs'
    (every hub for a global admin); empty when they moderate nowhere."""
    from hubs.models import Hub

    user = permissions.fresh_user(user)
    if not permissions.can_moderate(user) or permissions.needs_two_factor_setup(user):
        return set()
    hubs = permissions.moderated_hub_ids(user)
    if hubs is None:
        hubs = set(Hub.objects.values_list("pk", flat=True))
    return {live.review_group(None)} | {live.review_group(hub) for hub in hubs}


class ReviewConsumer(LiveConsumer):
    """ws/forum/review/: moderators hear of items arriving in their review queue
    (held, flagged, hidden) and of items decided by someone else. Read-only: every
    decision is a form of the review page. Events carry ids only; the page fetches
    the item as the moderator may see it."""

    async def connect(self):
        groups, _messages = await _review_groups(self.scope["user"])
        if not groups:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        await self.join(groups)
        await self.accept()

    async def read_access(self):
        groups, _messages = await _review_groups(self.scope["user"])
        return groups or None

    async def receive_json(self, content, **kwargs):
        await self.send_json({"type": "error", "error": "read_only"})

    async def review_item(self, event):
        await self.send_json({"type": event["type"], **event.get("data", {})})
