"""Forum search: the library's normaliser and queries over the posts a member may
read (PostgreSQL full text and trigram, or the SQLite fallback), with filters."""

import pytest
from django.urls import reverse

from support.forum import search, services
from support.forum.models import Post
from tests.forum_helpers import forum_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def fw(world):
    forum_world(world)
    world.fa_thread = services.thread_start(
        author=world.family, category=world.persian, title="کودکان و امید", body="سال ۱۴۰۳ سخت بود"
    )
    world.a_thread = services.thread_start(
        author=world.family2, category=world.cat_a, title="Tea after the circle", body="Hope grows"
    )
    world.b_thread = services.thread_start(
        author=world.outsider, category=world.cat_b, title="Hope in Tehran", body="Hope here too"
    )
    return world


def _found(user, query, **filters):
    posts, _more = search.search_posts(user, query, **filters)
    return {post.thread.title for post in posts}


def test_letter_forms_and_digits_are_folded(fw):
    # Arabic yeh and kaf typed for the Persian ones; Western digits for Persian ones.
    assert _found(fw.family, "كودك") == {"کودکان و امید"}
    assert _found(fw.family, "1403") == {"کودکان و امید"}


def test_only_what_the_member_may_read(fw):
    assert _found(fw.family, "hope") == {"Tea after the circle"}
    assert _found(fw.outsider, "hope") == {"Hope in Tehran"}
    assert _found(fw.admin, "hope") == {"Tea after the circle", "Hope in Tehran"}


def test_hidden_and_deleted_posts_are_not_found(fw):
    reply = services.post_reply(author=fw.family, thread=fw.a_thread, body="Marigold garden")
    assert _found(fw.family2, "marigold") == {"Tea after the circle"}
    services.post_hide(actor=fw.moderator_a, post=reply)
    assert _found(fw.family2, "marigold") == set()
    mine = services.post_reply(author=fw.family, thread=fw.a_thread, body="Jasmine tea")
    services.post_delete_own(author=fw.family, post=mine)
    assert _found(fw.family2, "jasmine") == set()


def test_filters_by_category_and_language(fw):
    services.post_reply(author=fw.family2, thread=fw.fa_thread, body="hope")
    assert _found(fw.family, "hope", category=fw.cat_a.slug) == {"Tea after the circle"}
    assert _found(fw.family, "hope", language="fa") == {"کودکان و امید"}


def test_an_edit_is_found_and_the_old_words_are_not(fw):
    post = fw.a_thread.posts.get()
    services.post_edit(author=fw.family2, post=post, body="Saffron and bread")
    assert _found(fw.family, "saffron") == {"Tea after the circle"}
    assert _found(fw.family, "grows") == set()


def test_the_search_page(client, fw):
    client.force_login(fw.family)
    html = client.get(reverse("forum:search"), {"q": "hope", "language": "zz"}).content.decode()
    assert "Tea after the circle" not in html  # an unknown language is refused, not a 500
    html = client.get(reverse("forum:search"), {"q": "hope"}).content.decode()
    assert "Tea after the circle" in html
    assert "Hope in Tehran" not in html
    assert client.get(reverse("forum:search"), {"q": "x" * 500}).status_code == 200


def test_search_columns_are_filled(fw):
    opening = Post.objects.get(thread=fw.fa_thread)
    assert opening.search_title == "کودکان و امید"
    assert "1403" in opening.search_document
