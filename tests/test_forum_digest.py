"""Forum e-mails: one digest per member per day with what is new in what they
follow, "at once" mails, in the member's language, a signed unfollow link that
works signed out, and never twice, even with two workers."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from conference import consent
from support.forum import digest, services
from support.forum.models import Follow, MailQueued
from tests.concurrency import all_at_once
from tests.forum_helpers import forum_world
from tests.tasks_helpers import database_tasks, run_worker  # noqa: F401

START = datetime.datetime(2026, 12, 2, 6, 0, tzinfo=datetime.UTC)


@pytest.fixture
def fw(world, time_machine):
    time_machine.move_to(START, tick=False)
    forum_world(world)
    world.thread = services.thread_start(
        author=world.family, category=world.cat_a, title="Evening tea & talk", body="Salaam"
    )
    services.follow_set(user=world.family2, thread=world.thread)  # asks for mails: consents
    # Starting a thread follows it, but mails need the digests' consent (opt-in).
    consent.consent_give(user=world.family, purpose="digests")
    return world


def _later(time_machine, minutes):
    time_machine.move_to(START + datetime.timedelta(minutes=minutes), tick=False)


def _links(text):
    return re.findall(r"https?://\S+", text)


@pytest.mark.django_db
def test_one_digest_per_member_per_day(fw, time_machine, django_capture_on_commit_callbacks):
    _later(time_machine, 10)
    services.post_reply(author=fw.moderator_a, thread=fw.thread, body="Welcome, everyone")
    services.post_reply(author=fw.family, thread=fw.thread, body="See you on **Friday**")
    services.post_reply(author=fw.family2, thread=fw.thread, body="My own words")
    _later(time_machine, 60)
    with django_capture_on_commit_callbacks(execute=True):
        assert digest.digest_queue() == 2  # family2 (thread), family (own thread, others' reply)
    by_person = {m.to[0]: m for m in mail.outbox}
    message = by_person[fw.family2.email]
    assert "Evening tea & talk" in message.body  # plain text: no &amp;
    assert "Welcome, everyone" in message.body
    assert "See you on Friday" in message.body
    assert "My own words" not in message.body
    assert fw.family.email not in message.body
    assert fw.moderator_a.email not in message.body
    # Later the same day: nothing more, even with new posts.
    _later(time_machine, 120)
    services.post_reply(author=fw.family, thread=fw.thread, body="One more")
    _later(time_machine, 180)
    with django_capture_on_commit_callbacks(execute=True):
        assert digest.digest_queue() == 0
    assert len(mail.outbox) == 2
    # The next day: only what is new since the last mail.
    time_machine.move_to(START + datetime.timedelta(days=1), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        digest.digest_queue()
    latest = [m for m in mail.outbox[2:] if m.to == [fw.family2.email]]
    assert len(latest) == 1
    assert "One more" in latest[0].body
    assert "Welcome, everyone" not in latest[0].body


@pytest.mark.django_db
def test_the_digest_is_in_the_members_language(
    fw, time_machine, django_capture_on_commit_callbacks
):
    fw.family2.language = "fa"
    fw.family2.save()
    _later(time_machine, 10)
    services.post_reply(author=fw.family, thread=fw.thread, body="سلام دوستان")
    _later(time_machine, 60)
    with django_capture_on_commit_callbacks(execute=True):
        digest.digest_queue()
    [message] = [m for m in mail.outbox if m.to == [fw.family2.email]]
    from django.utils import translation

    with translation.override("fa"):
        subject = translation.gettext("New in the forum threads you follow")
    assert subject in message.subject
    assert "سلام دوستان" in message.body


@pytest.mark.django_db
def test_hidden_or_invisible_posts_are_not_mailed(
    fw, time_machine, django_capture_on_commit_callbacks
):
    services.follow_set(user=fw.outsider, category=fw.general)
    _later(time_machine, 10)
    reply = services.post_reply(author=fw.family, thread=fw.thread, body="Hidden words")
    services.post_hide(actor=fw.moderator_a, post=reply)
    _later(time_machine, 60)
    with django_capture_on_commit_callbacks(execute=True):
        digest.digest_queue()
    assert all("Hidden words" not in m.body for m in mail.outbox)


@pytest.mark.django_db
def test_unfollow_link_works_signed_out(
    client, fw, time_machine, django_capture_on_commit_callbacks
):
    _later(time_machine, 10)
    services.post_reply(author=fw.family, thread=fw.thread, body="Hello")
    _later(time_machine, 60)
    with django_capture_on_commit_callbacks(execute=True):
        digest.digest_queue()
    [message] = [m for m in mail.outbox if m.to == [fw.family2.email]]
    [link] = [url for url in _links(message.body) if "/unfollow/" in url]
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200
    assert "Stop following" in page.content.decode()
    assert Follow.objects.filter(user=fw.family2, thread=fw.thread).exists()  # GET changes nothing
    done = client.post("/" + path)
    assert done.status_code == 200
    assert not Follow.objects.filter(user=fw.family2, thread=fw.thread).exists()
    assert client.post("/" + path).status_code == 200  # again: nothing left to do
    tampered = client.get(reverse("forum:unfollow", args=[path.rstrip("/").split("/")[-1] + "x"]))
    assert tampered.status_code == 400


@pytest.mark.django_db
def test_immediate_mails(fw, django_capture_on_commit_callbacks):
    services.follow_set(user=fw.family2, thread=fw.thread, mail=Follow.Mail.IMMEDIATE)
    services.follow_set(user=fw.moderator_a, category=fw.cat_a, mail=Follow.Mail.IMMEDIATE)
    services.follow_set(user=fw.outsider, category=fw.general, mail=Follow.Mail.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(author=fw.family, thread=fw.thread, body="Right now")
    assert [m.to for m in mail.outbox] == [[fw.family2.email]]  # not the author, not a reply
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_start(author=fw.family2, category=fw.cat_a, title="New one", body="Hi")
    assert [m.to for m in mail.outbox[1:]] == [[fw.moderator_a.email]]
    assert "/unfollow/" in mail.outbox[1].body


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_tasks")
def test_two_workers_never_send_twice(fw, time_machine):
    families = []
    from tests import factories

    for n in range(12):
        person = factories.make_user(pseudonym=f"Follower {n}")
        factories.register(person, fw.hub_a)
        services.follow_set(user=person, thread=fw.thread)
        families.append(person)
    _later(time_machine, 10)
    services.post_reply(author=fw.family, thread=fw.thread, body="News for all")
    _later(time_machine, 60)
    # Both workers run the hourly job and the mail queue at the same time.
    errors = all_at_once(lambda _worker: (digest.digest_queue(), run_worker()), ["a", "b"])
    assert errors == []
    run_worker()
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == sorted([p.email for p in families] + [fw.family2.email])


@pytest.mark.django_db
def test_no_forum_mail_without_the_digests_consent(
    fw, time_machine, django_capture_on_commit_callbacks
):
    """A thread's author follows it without asking for mails: nothing is sent until they
    agree; withdrawing the consent stops queued and future mails at once."""
    consent.consent_withdraw(user=fw.family, purpose="digests")
    _later(time_machine, 10)
    services.post_reply(author=fw.family2, thread=fw.thread, body="Thinking of you")
    _later(time_machine, 60)
    digest.digest_queue()
    assert not MailQueued.objects.filter(user=fw.family).exists()
    assert MailQueued.objects.filter(user=fw.family2).exists()  # the job did run
    consent.consent_give(user=fw.family, purpose="digests")
    services.follow_set(user=fw.family, thread=fw.thread, mail=Follow.Mail.IMMEDIATE)
    consent.consent_withdraw(user=fw.family, purpose="digests")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(author=fw.family2, thread=fw.thread, body="Still here")
    assert fw.family.email not in [address for m in mail.outbox for address in m.to]
