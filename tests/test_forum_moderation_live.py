"""Forum moderation, live over real WebSockets (the Redis layer when REDIS_URL is
set): the review queue hears of held posts per hub, only moderators connect, a
suspended member's forum sockets close at once and cannot reopen, the at-risk path
reaches the support staff's socket. And two moderators deciding the same post at
the same moment on PostgreSQL: one decision, one "already decided"."""

import threading

import pytest
from channels.db import database_sync_to_async

from support.forum import moderation, services
from support.forum.models import AuditEntry, Post, State
from support.forum.services import ForumError
from tests.live import closed_within, drain
from tests.moderation_helpers import AT_RISK, PHONE, SCAM, moderation_world
from tests.sockets import socket_for

pytestmark = pytest.mark.django_db(transaction=True)

_open = []


@pytest.fixture(autouse=True)
async def close_sockets():
    yield
    while _open:
        await _open.pop().disconnect()


@pytest.fixture
def mw(world, settings, no_staff_2fa):
    settings.FORUM_PREMODERATE_POSTS = 0
    return moderation_world(world)


async def connect(user, path):
    socket = await socket_for(user, path)
    _open.append(socket)
    connected, code = await socket.connect(timeout=5)
    return (socket, None) if connected else (None, code)


def _reply(author, thread, body):
    return services.post_reply(author=author, thread=thread, body=body)


async def test_held_posts_reach_the_moderators_of_their_hub(mw):
    mod_a, _ = await connect(mw.moderator_a, "/ws/forum/review/")
    mod_b, _ = await connect(mw.moderator_b, "/ws/forum/review/")
    post = await database_sync_to_async(_reply)(mw.family, mw.t_a, PHONE)
    heard = await drain(mod_a)
    assert {"type": "review.item", "post": post.pk, "change": "new"} in heard
    assert not [m for m in await drain(mod_b) if m.get("post") == post.pk]
    # A post of the global categories reaches every moderator.
    scam = await database_sync_to_async(_reply)(mw.family2, mw.t_general, SCAM)
    for socket in (mod_a, mod_b):
        assert scam.pk in [m.get("post") for m in await drain(socket)]
    # Decided by one, the others hear it go.
    await database_sync_to_async(moderation.post_reject)(
        actor=mw.moderator_b, post_id=scam.pk, reason="scam"
    )
    assert {"type": "review.item", "post": scam.pk, "change": "decided"} in await drain(mod_a)


async def test_only_moderators_connect_to_the_queue(mw):
    for user in (None, mw.family, mw.organiser_a, mw.support_a):
        socket, code = await connect(user, "/ws/forum/review/")
        assert (socket, code) == (None, 4403), user


def _suspend(mw, **kwargs):
    return moderation.member_sanction(
        actor=mw.moderator_a, member=mw.family, kind="suspension", days=7, reason="r", **kwargs
    )


async def test_a_suspended_members_sockets_close_at_once_and_cannot_reopen(mw):
    path = f"/ws/forum/thread/{mw.t_general.pk}/"
    socket, _ = await connect(mw.family, path)
    category, _ = await connect(mw.family, f"/ws/forum/category/{mw.general.pk}/")
    other, _ = await connect(mw.family2, path)
    await database_sync_to_async(_suspend)(mw)
    assert await closed_within(socket, 2) == 4403
    assert await closed_within(category, 2) == 4403
    assert await drain(other) == []  # nobody else is touched
    again, code = await connect(mw.family, path)
    assert (again, code) == (None, 4403)


async def test_a_hub_suspension_closes_that_hubs_sockets_only(mw):
    in_a, _ = await connect(mw.family, f"/ws/forum/thread/{mw.t_a.pk}/")
    general, _ = await connect(mw.family, f"/ws/forum/thread/{mw.t_general.pk}/")
    await database_sync_to_async(_suspend)(mw, hub=mw.hub_a)
    assert await closed_within(in_a, 2) == 4403
    assert [m for m in await drain(general) if m.get("type") == "closed"] == []


async def test_lifting_a_suspension_opens_the_sockets_again(mw):
    sanction = await database_sync_to_async(_suspend)(mw)
    path = f"/ws/forum/thread/{mw.t_general.pk}/"
    assert (await connect(mw.family, path))[1] == 4403
    await database_sync_to_async(moderation.sanction_lift)(
        actor=mw.moderator_a, sanction_id=sanction.pk, reason="ok"
    )
    _socket, code = await connect(mw.family, path)
    assert code is None


async def test_the_at_risk_path_reaches_support_staff_live_and_no_family(mw):
    support, _ = await connect(mw.support_a, "/ws/support/signals/")
    family_socket, _code = await connect(mw.family2, "/ws/support/signals/")
    assert family_socket is None
    thread_socket, _ = await connect(mw.family2, f"/ws/forum/thread/{mw.t_general.pk}/")
    post = await database_sync_to_async(_reply)(mw.family, mw.t_general, AT_RISK)
    heard = await drain(support)
    concern = [m for m in heard if m["type"] == "support.forum_concern"]
    assert len(concern) == 1
    assert concern[0]["url"].endswith(f"/forum/p/{post.pk}/")
    # The other family's thread page hears of a new post, and nothing of the concern.
    told = await drain(thread_socket)
    assert {m["type"] for m in told} <= {"forum.post_new"}


# Two moderators at once -------------------------------------------------------------------------


@pytest.mark.postgres
def test_two_moderators_deciding_at_once_give_one_decision(mw):
    post = _reply(mw.family, mw.t_a, PHONE)
    assert post.state == State.PENDING
    barrier = threading.Barrier(2)
    outcomes = {}

    def decide(name, function, actor):
        from django.db import connection

        try:
            barrier.wait(timeout=10)
            function(actor=actor, post_id=post.pk, reason=name, expected_state="pending")
            outcomes[name] = "done"
        except ForumError as error:
            outcomes[name] = error.code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=("approve", moderation.post_approve, mw.moderator_a)),
        threading.Thread(target=decide, args=("reject", moderation.post_reject, mw.admin)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["already_decided", "done"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "done")
    post = Post.objects.get(pk=post.pk)
    assert post.state == {"approve": State.VISIBLE, "reject": State.REMOVED}[winner]
    decisions = AuditEntry.objects.filter(post=post, action__in=["approve", "reject"])
    assert [entry.action for entry in decisions] == [winner]
