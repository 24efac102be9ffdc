"""Forum moderation's demo: after `seed_demo`, the review queue of
moderator@example.org holds a screened scam reply in Persian, a reply with a phone
number in Urdu, a flagged post and a new member's first post. Idempotent."""

import io

import pytest
from django.core.management import call_command

from conference.models import User
from support.forum import moderation
from support.forum.models import AuditEntry, Flag, Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.FORUM_PREMODERATE_POSTS = 2  # as in production
    call_command("seed_demo", stdout=io.StringIO())


def _queue():
    moderator = User.objects.get(email="moderator@example.org")
    return {post.pk: post for post in moderation.review_posts(moderator)}


def test_the_moderators_queue_holds_the_four_demo_cases(seeded):
    queue = _queue()
    by_code = {code: post for post in queue.values() for code in post.hold_codes}
    assert by_code["money_request"].thread.category.slug == "lang-fa"
    assert by_code["phone"].thread.category.slug == "lang-ur"
    assert by_code["new_member"].author.email == "newfamily@example.org"
    flagged = [post for post in queue.values() if post.flags.filter(resolved_at=None).exists()]
    assert len(flagged) == 1
    assert flagged[0].state == "visible"
    assert len(queue) == 4
    # The forum's history itself is published, and every hold is in the audit log.
    assert Post.objects.filter(state="pending").count() == 3
    assert AuditEntry.objects.filter(action="hold").count() == 3


def test_the_moderation_demo_is_idempotent(seeded):
    first = (Post.objects.count(), Flag.objects.count(), set(_queue()))
    call_command("seed_demo", stdout=io.StringIO())
    assert (Post.objects.count(), Flag.objects.count(), set(_queue())) == first
