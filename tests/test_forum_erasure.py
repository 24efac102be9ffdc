"""A member who deletes their account leaves the forum's conversations whole for the
others, as "a former member", but takes their personal data with them."""

import pytest

from conference import erasure
from support.forum import moderation, services
from support.forum.models import Post, PostRevision, State, Thread
from tests.forum_helpers import forum_world

pytestmark = pytest.mark.django_db


def test_a_former_members_posts_stay_without_anything_that_points_to_them(world):
    forum_world(world)
    gul = world.family
    thread = services.thread_start(
        author=gul,
        category=world.cat_a,
        title="Gul is looking for her son",
        body=f"I am Gul from Quetta. Call me on 0300 1234567 or write to {gul.email}.",
    )
    opening = thread.posts.get(position=1)
    # Screening holds her contact details; a moderator lets them through (her choice).
    moderation.post_approve(actor=world.admin, post_id=opening.pk, reason="Her choice")
    opening.refresh_from_db()
    services.post_edit(author=gul, post=opening, body=opening.body + " Thank you all.")
    moderation.post_approve(actor=world.admin, post_id=opening.pk, reason="Her choice")
    reply = services.post_reply(author=world.family2, thread=thread, body="We are with you, Gul.")
    held = services.post_reply(author=gul, thread=thread, body="My address is House 12, Street 5")
    Post.objects.filter(pk=held.pk).update(state=State.PENDING)
    assert PostRevision.objects.filter(post=opening).exists()

    erasure.account_erase(user=gul)

    opening.refresh_from_db()
    thread.refresh_from_db()
    assert opening.author_id is None
    assert thread.author_id is None
    assert "0300" not in opening.body
    assert "1234567" not in opening.body
    assert gul.email not in opening.body
    assert "Gul" not in opening.body
    assert "Gul" not in thread.title
    assert "Quetta" in opening.body  # the rest stays
    assert "Thank you all." in opening.body
    assert not Post.objects.filter(pk=held.pk).exists()  # never published: gone
    assert not PostRevision.objects.filter(post=opening).exists()  # earlier versions gone
    assert "gul" not in opening.search_document.casefold()
    # Other members' words are theirs: a reply naming her stays as written.
    reply.refresh_from_db()
    assert reply.author_id == world.family2.pk
    assert Thread.objects.get(pk=thread.pk).reply_count == 1


def test_a_former_members_unpublished_thread_goes_whole(world):
    forum_world(world)
    thread = services.thread_start(
        author=world.family, category=world.cat_a, title="Waiting", body="Please help"
    )
    Post.objects.filter(thread=thread).update(state=State.PENDING)
    Thread.objects.filter(pk=thread.pk).update(state=State.PENDING)
    erasure.account_erase(user=world.family)
    assert not Thread.objects.filter(pk=thread.pk).exists()


def test_rejected_posts_go_thirty_days_after_the_decision_and_audit_entries_after_a_year(
    world, time_machine
):
    """The forum's retention rules (settings.RETENTION), run by the hourly job."""
    import datetime

    from conference import retention
    from support.forum.models import AuditEntry

    start = datetime.datetime(2026, 12, 2, 6, 0, tzinfo=datetime.UTC)
    time_machine.move_to(start, tick=False)
    forum_world(world)
    thread = services.thread_start(
        author=world.family, category=world.cat_a, title="Tea", body="We meet on Friday"
    )
    kept = services.post_reply(author=world.family2, thread=thread, body="I will come")
    scam = services.post_reply(author=world.family2, thread=thread, body="Send money first")
    moderation.post_reject(actor=world.moderator_a, post_id=scam.pk, reason="Scam")

    time_machine.move_to(start + datetime.timedelta(days=29), tick=False)
    retention.retention_run()
    assert Post.objects.filter(pk=scam.pk).exists()  # not yet
    time_machine.move_to(start + datetime.timedelta(days=31), tick=False)
    retention.retention_run()
    retention.retention_run()  # again: nothing more, nothing fails
    assert not Post.objects.filter(pk=scam.pk).exists()
    assert Post.objects.filter(pk=kept.pk).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REJECT).exists()

    time_machine.move_to(start + datetime.timedelta(days=366), tick=False)
    retention.retention_run()
    assert not AuditEntry.objects.exists()
    assert Thread.objects.filter(pk=thread.pk).exists()


def test_a_rejected_opening_post_takes_its_thread_and_the_counts_are_right(world, time_machine):
    """Killed mutants of support/forum/retention.py: the opening post's thread goes
    with it (a rejected reply leaves its thread), and each rule counts what it did."""
    import datetime

    from support.forum import retention as forum_retention

    start = datetime.datetime(2026, 12, 2, 6, 0, tzinfo=datetime.UTC)
    time_machine.move_to(start, tick=False)
    forum_world(world)
    scam = services.thread_start(
        author=world.family2, category=world.cat_a, title="Paid news", body="Pay me first"
    )
    kept = services.thread_start(
        author=world.family, category=world.cat_a, title="Tea", body="On Friday"
    )
    reply = services.post_reply(author=world.family2, thread=kept, body="Send a fee")
    opening = scam.posts.get(position=1)
    moderation.post_reject(actor=world.moderator_a, post_id=opening.pk, reason="Scam")
    moderation.post_reject(actor=world.moderator_a, post_id=reply.pk, reason="Scam")
    later = start + datetime.timedelta(days=31)
    # the scam thread and its rows (its post, its author's follow…), and the reply
    assert forum_retention.rejected_posts_purge(later) >= 3
    assert not Thread.objects.filter(pk=scam.pk).exists()
    assert Thread.objects.filter(pk=kept.pk).exists()
    assert not Post.objects.filter(pk=reply.pk).exists()
    assert forum_retention.rejected_posts_purge(later) == 0

    thread = services.thread_start(
        author=world.family, category=world.cat_a, title="Hello", body="Gul writes from Quetta"
    )
    moderation.post_hide(actor=world.moderator_a, post_id=thread.posts.get().pk, reason="Gul")
    assert forum_retention.audit_erase_member(world.family) >= 1
    assert forum_retention.audit_erase_member(world.admin) == 0
