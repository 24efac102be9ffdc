"""The posting path: threads, replies, edits, deletion, quotes, reactions, history."""

import datetime

import pytest
from django.utils import timezone

from support.forum import services
from support.forum.models import GuidelinesAcceptance, Post, PostRevision, PseudonymChange, State
from tests import factories
from tests.forum_helpers import forum_world


@pytest.fixture
def fw(world):
    return forum_world(world)


def test_thread_and_replies_are_numbered_and_counted(fw):
    thread = services.thread_start(
        author=fw.family, category=fw.general, title="After the circle", body="Thank you all."
    )
    first = thread.posts.get()
    assert (first.position, first.state, thread.state) == (1, State.VISIBLE, State.VISIBLE)
    reply = services.post_reply(author=fw.family2, thread=thread, body="With you, Gul.")
    again = services.post_reply(author=fw.family, thread=thread, body="Thanks", quote=reply)
    thread.refresh_from_db()
    fw.general.refresh_from_db()
    assert [reply.position, again.position] == [2, 3]
    assert again.quote == reply
    assert (thread.reply_count, thread.last_position) == (2, 3)
    assert fw.general.thread_count == 1
    assert fw.general.last_post_at == again.created_at


def test_guidelines_must_be_accepted_and_are_recorded(fw, settings):
    newcomer = factories.make_user(pseudonym="New")
    with pytest.raises(services.ForumError) as refused:
        services.thread_start(author=newcomer, category=fw.general, title="Hello", body="Hi")
    assert refused.value.code == "guidelines"
    services.guidelines_accept(user=newcomer)
    assert GuidelinesAcceptance.objects.get(user=newcomer).version == 1
    services.thread_start(author=newcomer, category=fw.general, title="Hello", body="Hi")
    settings.FORUM_GUIDELINES_VERSION = 2
    with pytest.raises(services.ForumError):
        services.thread_start(author=newcomer, category=fw.general, title="Again", body="Hi")


def test_unverified_email_cannot_post(fw):
    person = factories.make_user(verified=False)
    services.guidelines_accept(user=person)
    with pytest.raises(services.ForumError) as refused:
        services.thread_start(author=person, category=fw.general, title="Hello", body="Hi")
    assert refused.value.code == "unverified"


def test_edit_within_window_keeps_history_and_after_window_is_refused(fw, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 2, 6, 0, tzinfo=datetime.UTC), tick=False)
    thread = services.thread_start(
        author=fw.family, category=fw.general, title="First try", body="Version one"
    )
    post = thread.posts.get()
    services.post_edit(author=fw.family, post=post, body="Version two", title="Better title")
    post.refresh_from_db()
    thread.refresh_from_db()
    assert (post.body, thread.title) == ("Version two", "Better title")
    revision = PostRevision.objects.get(post=post)
    assert (revision.body, revision.title) == ("Version one", "First try")
    with pytest.raises(services.ForumError) as stale:
        services.post_edit(author=fw.family, post=post, body="Version three", seen_edited_at=None)
    assert stale.value.code == "stale"
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=31))
    with pytest.raises(services.ForumError) as closed:
        services.post_edit(
            author=fw.family, post=post, body="Too late", seen_edited_at=post.edited_at
        )
    assert closed.value.code == "edit_closed"


def test_others_cannot_edit_or_delete(fw):
    thread = services.thread_start(author=fw.family, category=fw.general, title="Mine", body="x y")
    post = thread.posts.get()
    with pytest.raises(services.ForumError):
        services.post_edit(author=fw.family2, post=post, body="hijack")
    with pytest.raises(services.ForumError):
        services.post_delete_own(author=fw.family2, post=post)


def test_delete_own_removes_text_keeps_a_version(fw):
    thread = services.thread_start(author=fw.family, category=fw.general, title="Mine", body="abc")
    reply = services.post_reply(author=fw.family2, thread=thread, body="my phone is secret")
    services.post_delete_own(author=fw.family2, post=reply)
    reply.refresh_from_db()
    assert (reply.body, reply.deleted_by_author) == ("", True)
    assert PostRevision.objects.get(post=reply).body == "my phone is secret"
    with pytest.raises(services.ForumError):
        services.post_delete_own(author=fw.family2, post=reply)


def test_reaction_toggles_and_counts_and_not_on_own(fw):
    thread = services.thread_start(author=fw.family, category=fw.general, title="Mine", body="abc")
    post = thread.posts.get()
    assert services.reaction_toggle(user=fw.family2, post=post) == (True, 1)
    assert services.reaction_toggle(user=fw.moderator_a, post=post) == (True, 2)
    assert services.reaction_toggle(user=fw.family2, post=post) == (False, 1)
    with pytest.raises(services.ForumError):
        services.reaction_toggle(user=fw.family, post=post)


def test_bad_input_and_closed_places(fw):
    with pytest.raises(services.ForumError) as short:
        services.thread_start(author=fw.family, category=fw.general, title=" ", body="x")
    assert short.value.field == "title"
    with pytest.raises(services.ForumError) as long:
        services.thread_start(author=fw.family, category=fw.general, title="t" * 151, body="x")
    assert long.value.code == "title_long"
    with pytest.raises(services.ForumError) as empty:
        services.thread_start(author=fw.family, category=fw.general, title="Fine", body="  ")
    assert empty.value.code == "body_empty"
    with pytest.raises(services.ForumError) as invisible:
        services.thread_start(author=fw.family, category=fw.cat_b, title="Fine", body="x")
    assert invisible.value.code == "not_found"
    fw.general.locked = True
    fw.general.save()
    with pytest.raises(services.ForumError) as locked:
        services.thread_start(author=fw.family, category=fw.general, title="Fine", body="x")
    assert locked.value.code == "locked"


def test_hidden_thread_refuses_replies_and_recounts(fw):
    thread = services.thread_start(author=fw.family, category=fw.general, title="Mine", body="abc")
    services.post_hide(actor=fw.moderator_a, post=thread.posts.get())
    thread.refresh_from_db()
    fw.general.refresh_from_db()
    assert (thread.state, fw.general.thread_count) == (State.HIDDEN, 0)
    with pytest.raises(services.ForumError) as refused:
        services.post_reply(author=fw.family2, thread=thread, body="hello")
    assert refused.value.code == "not_found"
    with pytest.raises(services.ForumError):
        services.post_hide(actor=fw.family2, post=thread.posts.get())


def test_moderator_of_other_hub_cannot_hide(fw):
    thread = services.thread_start(author=fw.family, category=fw.cat_a, title="Ours", body="abc")
    other = factories.make_user()
    factories.grant(other, fw.hub_b, "moderator")
    with pytest.raises(services.ForumError):
        services.post_hide(actor=other, post=thread.posts.get())
    assert Post.objects.get(thread=thread).state == State.VISIBLE


def test_pseudonym_changes_are_remembered(fw):
    fw.family.pseudonym = "Gul Bibi"
    fw.family.save()
    fw.family.save()
    change = PseudonymChange.objects.get(user=fw.family)
    assert (change.old_pseudonym, change.new_pseudonym) == ("Gul", "Gul Bibi")


def test_nul_characters_are_dropped_not_a_database_error(fw):
    thread = services.thread_start(
        author=fw.family, category=fw.general, title="Hel\x00lo", body="wo\x00rds"
    )
    assert (thread.title, thread.posts.get().body) == ("Hello", "words")
