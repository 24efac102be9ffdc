"""The forum, live, over real WebSockets (the Redis channel layer when REDIS_URL is
set): members in one thread hear each other's replies, a member who may not see
the category cannot connect, a hidden post disappears for everyone."""

import asyncio

import pytest
from channels.db import database_sync_to_async

from support.forum import services
from support.forum.models import ReadMarker
from tests.forum_helpers import forum_world
from tests.sockets import socket_for

pytestmark = pytest.mark.django_db(transaction=True)

_open_sockets = []


@pytest.fixture(autouse=True)
async def close_sockets():
    yield
    while _open_sockets:
        await _open_sockets.pop().disconnect()


@pytest.fixture
def fw(world):
    forum_world(world)
    world.thread = services.thread_start(
        author=world.family, category=world.cat_a, title="Islamabad evening", body="Salaam"
    )
    return world


async def connect(user, path):
    socket = await socket_for(user, path)
    _open_sockets.append(socket)
    connected, code = await socket.connect(timeout=5)
    return (socket, None) if connected else (None, code)


async def next_of(socket, kind, seconds=5):
    async with asyncio.timeout(seconds):
        while True:
            message = await socket.receive_json_from(timeout=seconds)
            if message["type"] == kind:
                return message


async def test_two_members_hear_each_others_replies(fw):
    path = f"/ws/forum/thread/{fw.thread.pk}/"
    first, _ = await connect(fw.family, path)
    second, _ = await connect(fw.family2, path)
    category, _ = await connect(fw.family, f"/ws/forum/category/{fw.cat_a.pk}/")
    reply = await database_sync_to_async(services.post_reply)(
        author=fw.family2, thread=fw.thread, body="We are with you"
    )
    for socket in (first, second):
        message = await next_of(socket, "forum.post_new")
        assert message == {"type": "forum.post_new", "post": reply.pk, "position": 2}
    assert (await next_of(category, "forum.thread_active"))["thread"] == fw.thread.pk
    back = await database_sync_to_async(services.post_reply)(
        author=fw.family, thread=fw.thread, body="Thank you"
    )
    assert (await next_of(second, "forum.post_new"))["post"] == back.pk


async def test_those_who_may_not_see_the_category_cannot_connect(fw):
    for user in (None, fw.outsider, fw.organiser_b):
        socket, code = await connect(user, f"/ws/forum/thread/{fw.thread.pk}/")
        assert (socket, code) == (None, 4403), user
        socket, code = await connect(user, f"/ws/forum/category/{fw.cat_a.pk}/")
        assert (socket, code) == (None, 4403), user
    socket, code = await connect(fw.family, "/ws/forum/thread/999999/")
    assert (socket, code) == (None, 4403)


async def test_a_hidden_post_disappears_live(fw):
    reply = await database_sync_to_async(services.post_reply)(
        author=fw.family2, thread=fw.thread, body="Send me money"
    )
    path = f"/ws/forum/thread/{fw.thread.pk}/"
    family, _ = await connect(fw.family, path)
    moderator, _ = await connect(fw.moderator_a, path)
    await database_sync_to_async(services.post_hide)(actor=fw.moderator_a, post=reply)
    for socket in (family, moderator):
        message = await next_of(socket, "forum.post_hidden")
        assert message["post"] == reply.pk
    # The page then asks for the post: gone for the family, marked for the moderator.
    from django.test import AsyncClient

    client = AsyncClient()
    await database_sync_to_async(client.force_login)(fw.family)
    response = await client.get(f"/forum/p/{reply.pk}/fragment/")
    assert response.status_code == 200
    assert "Send me money" not in response.content.decode()


async def test_a_whole_thread_hidden_closes_the_familys_socket(fw):
    path = f"/ws/forum/thread/{fw.thread.pk}/"
    family, _ = await connect(fw.family2, path)
    opening = await database_sync_to_async(fw.thread.posts.get)()
    await database_sync_to_async(services.post_hide)(actor=fw.moderator_a, post=opening)
    await next_of(family, "forum.post_hidden")
    await family.send_json_to({"action": "read", "position": 1})
    output = await family.receive_output(timeout=5)
    assert output == {"type": "websocket.close", "code": 4403}


async def test_read_marks_through_the_socket_and_bad_frames(fw):
    await database_sync_to_async(services.post_reply)(author=fw.family, thread=fw.thread, body="x")
    socket, _ = await connect(fw.family2, f"/ws/forum/thread/{fw.thread.pk}/")
    await socket.send_json_to({"action": "read", "position": 2})
    for bad in (
        {"action": "read", "position": "2"},
        {"action": "shout"},
        [1, 2],
        {"action": "read", "position": True},
    ):
        await socket.send_json_to(bad)
        assert await next_of(socket, "error") == {"type": "error", "error": "invalid"}

    marker = await database_sync_to_async(ReadMarker.objects.get)(user=fw.family2, thread=fw.thread)
    assert marker.position == 2
