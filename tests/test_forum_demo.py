"""The forum's part of `seed_demo`: categories for every hub and language, at least
30 threads and 200 posts in six languages, and family@example.org following a
thread with replies they have not read. Idempotent."""

import io

import pytest
from django.core.management import call_command

from conference.models import User
from hubs.models import Hub
from support.forum import selectors
from support.forum.demo import LANGUAGES
from support.forum.demo_texts import THREADS
from support.forum.models import Category, Follow, Post, Reaction, Thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())


def _counts():
    return (
        Category.objects.count(),
        Thread.objects.count(),
        Post.objects.count(),
        Reaction.objects.count(),
    )


def test_categories_threads_and_posts(seeded):
    assert set(Category.objects.filter(kind="hub").values_list("hub_id", flat=True)) == set(
        Hub.objects.values_list("pk", flat=True)
    )
    assert set(Category.objects.filter(kind="language").values_list("language", flat=True)) == set(
        LANGUAGES
    )
    assert Thread.objects.count() >= 30
    assert Post.objects.count() >= 200
    titles = set(Thread.objects.values_list("title", flat=True))
    assert {language for _c, language, _a, title, _b in THREADS if title in titles} == set(
        LANGUAGES
    )
    assert Post.objects.exclude(quote=None).exists()


def test_seed_is_idempotent(seeded):
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first


def test_family_follows_a_thread_with_unread_replies(seeded):
    family = User.objects.get(email="family@example.org")
    followed = [f.thread for f in Follow.objects.filter(user=family, thread__isnull=False)]
    unread = selectors.unread_counts(family, followed)
    assert any(count for count in unread.values())
