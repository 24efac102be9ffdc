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
