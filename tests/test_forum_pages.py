"""The forum's pages: who sees what (404 for other hubs), writing through the
forms, bad input kept and answered kindly, no e-mail of another family anywhere,
script injection, and a constant number of queries as the forum grows."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from support.forum import services
from support.forum.models import Post, State, Thread
from tests import factories
from tests.forum_helpers import forum_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def fw(world, no_staff_2fa):
    forum_world(world)
    world.t_general = services.thread_start(
        author=world.family, category=world.general, title="Hope after the circle", body="Hello"
    )
    world.t_a = services.thread_start(
        author=world.family2, category=world.cat_a, title="Islamabad families", body="Salaam"
    )
    world.t_b = services.thread_start(
        author=world.outsider, category=world.cat_b, title="Tehran families", body="Dorood"
    )
    return world


def _status(client, user, url):
    client.force_login(user)
    return client.get(url).status_code


# Visibility: every role × hub --------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "sees_a", "sees_b"),
    [
        ("family", True, False),
        ("outsider", False, True),
        ("organiser_a", True, False),
        ("facilitator_a", True, False),
        ("moderator_a", True, False),
        ("support_a", True, False),
        ("organiser_b", False, True),
        ("admin", True, True),
    ],
)
def test_hub_categories_answer_404_to_those_not_of_the_hub(client, fw, person, sees_a, sees_b):
    user = getattr(fw, person)
    expected = {True: 200, False: 404}
    for category, thread, sees in ((fw.cat_a, fw.t_a, sees_a), (fw.cat_b, fw.t_b, sees_b)):
        urls = [
            reverse("forum:category", args=[category.slug]),
            reverse("forum:thread_new", args=[category.slug]),
            reverse("forum:thread", args=[thread.pk]),
            reverse("forum:posts_fragment", args=[thread.pk]),
        ]
        for url in urls:
            assert _status(client, user, url) == expected[sees], (person, url)
        post = thread.posts.get()
        assert _status(client, user, reverse("forum:post", args=[post.pk])) == (
            302 if sees else 404
        )
    for url in (
        reverse("forum:index"),
        reverse("forum:category", args=[fw.general.slug]),
        reverse("forum:thread", args=[fw.t_general.pk]),
    ):
        assert _status(client, user, url) == 200


def test_index_lists_only_visible_categories(client, fw):
    client.force_login(fw.family)
    html = client.get(reverse("forum:index")).content.decode()
    assert "Hub A" in html
    assert "Hub B" not in html
    assert "فارسی" in html


def test_a_cancelled_registration_no_longer_opens_the_hub_category(client, fw):
    from hubs.models import Registration

    Registration.objects.filter(user=fw.family).update(status="cancelled")
    assert _status(client, fw.family, reverse("forum:category", args=[fw.cat_a.slug])) == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, fw):
    response = client.get(reverse("forum:thread", args=[fw.t_general.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_post_waiting_for_review_is_seen_by_its_author_and_moderators_only(client, fw):
    reply = services.post_reply(author=fw.family2, thread=fw.t_a, body="Call me on this number")
    Post.objects.filter(pk=reply.pk).update(state=State.PENDING)
    url = reverse("forum:thread", args=[fw.t_a.pk])
    for user, sees in ((fw.family2, True), (fw.moderator_a, True), (fw.family, False)):
        client.force_login(user)
        assert ("Call me on this number" in client.get(url).content.decode()) is sees


def test_a_hidden_post_shows_a_note_to_families_and_text_to_moderators(client, fw):
    reply = services.post_reply(author=fw.family2, thread=fw.t_a, body="Unkind words")
    services.post_hide(actor=fw.moderator_a, post=reply)
    url = reverse("forum:thread", args=[fw.t_a.pk])
    client.force_login(fw.family)
    html = client.get(url).content.decode()
    assert "Unkind words" not in html
    assert "Hidden by a moderator." in html
    client.force_login(fw.moderator_a)
    assert "Unkind words" in client.get(url).content.decode()


# No family ever sees another member's e-mail -----------------------------------------


def test_no_page_shows_another_members_email(client, fw, time_machine):
    """Every forum page, rendered as a family, holds no e-mail address of anyone else."""
    reply = services.post_reply(author=fw.moderator_a, thread=fw.t_a, body="Welcome, all")
    services.post_reply(author=fw.family, thread=fw.t_a, body="Thank you", quote=reply)
    services.reaction_toggle(user=fw.family, post=reply)
    services.follow_set(user=fw.family, thread=fw.t_a)
    from conference.models import User

    others = [u.email for u in User.objects.exclude(pk=fw.family.pk)]
    mine = fw.family.posts_mine = Post.objects.filter(author=fw.family).first()
    urls = [
        reverse("forum:index"),
        reverse("forum:guidelines"),
        reverse("forum:search") + "?q=welcome",
        reverse("forum:search") + "?q=hope",
        reverse("forum:category", args=[fw.general.slug]),
        reverse("forum:category", args=[fw.cat_a.slug]),
        reverse("forum:category", args=[fw.persian.slug]),
        reverse("forum:thread_new", args=[fw.cat_a.slug]),
        reverse("forum:thread", args=[fw.t_a.pk]) + f"?quote={reply.pk}",
        reverse("forum:thread", args=[fw.t_general.pk]),
        reverse("forum:posts_fragment", args=[fw.t_a.pk]),
        reverse("forum:post_fragment", args=[reply.pk]),
        reverse("forum:post_edit", args=[mine.pk]),
        reverse("forum:post_delete", args=[mine.pk]),
    ]
    client.force_login(fw.family)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for email in others:
            assert email not in html, (url, email)
        assert not re.search(r"[\w.+-]+@example\.net", html.replace(fw.family.email, "")), url


def test_forum_templates_never_mention_email_or_real_names():
    """No forum template reaches for an author's e-mail."""
    from pathlib import Path

    for template in Path("templates/forum").glob("*.html"):
        text = template.read_text()
        assert ".email" not in text, template
        assert "first_name" not in text, template
        assert "last_name" not in text, template


def test_staff_get_a_badge_families_none(client, fw):
    services.post_reply(author=fw.moderator_a, thread=fw.t_a, body="I am here to help")
    client.force_login(fw.family)
    html = client.get(reverse("forum:thread", args=[fw.t_a.pk])).content.decode()
    assert '<span class="badge">Moderator</span>' in html
    assert html.count('class="badge"') == 1


# Writing through the pages -----------------------------------------------------------


def test_start_a_thread_and_reply_with_a_quote(client, fw):
    client.force_login(fw.family)
    response = client.post(
        reverse("forum:thread_new", args=[fw.persian.slug]),
        {"title": "امید", "body": "سلام به همه"},
    )
    thread = Thread.objects.get(title="امید")
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    first = thread.posts.get()
    client.force_login(fw.family2)
    page = client.get(reverse("forum:thread", args=[thread.pk]) + f"?quote={first.pk}")
    assert f'name="quote" value="{first.pk}"' in page.content.decode()
    response = client.post(
        reverse("forum:reply", args=[thread.pk]), {"body": "با شما هستم", "quote": first.pk}
    )
    reply = Post.objects.get(thread=thread, position=2)
    assert reply.quote == first
    assert response["Location"].endswith("#post-2")
    fragment = client.get(reverse("forum:post_fragment", args=[reply.pk])).content.decode()
    assert f'href="/forum/t/{thread.pk}/?page=last&amp;quote={reply.pk}#reply"' in fragment
    html = client.get(reverse("forum:thread", args=[thread.pk])).content.decode()
    assert f'href="/forum/t/{thread.pk}/?page=last&amp;quote={first.pk}#reply"' in html
    assert 'dir="auto"' in html
    assert "سلام به همه" in html
    assert "<blockquote" in html


def test_guidelines_are_asked_before_the_first_post(client, fw):
    newcomer = factories.make_user(pseudonym="New")
    client.force_login(newcomer)
    response = client.get(reverse("forum:thread_new", args=[fw.general.slug]))
    assert response.status_code == 302
    assert "guidelines" in response["Location"]
    html = client.get(reverse("forum:thread", args=[fw.t_general.pk])).content.decode()
    assert "read the forum guidelines" in html
    response = client.post(reverse("forum:guidelines"), {"next": "/forum/"})
    assert not services.has_accepted_guidelines(newcomer)  # the box was not ticked
    response = client.post(reverse("forum:guidelines"), {"agree": "1", "next": "/forum/"})
    assert response["Location"] == "/forum/"
    assert services.has_accepted_guidelines(newcomer)


def test_guidelines_never_redirect_elsewhere(client, fw):
    newcomer = factories.make_user()
    client.force_login(newcomer)
    response = client.post(
        reverse("forum:guidelines"), {"agree": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("forum:index")


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("", "Some words", "Please give your thread a title."),
        ("T" * 151, "Some words", "Please keep the title under 150 characters."),
        ("A good title", "   ", "Please write your message."),
        ("A good title", "x" * 10_001, "Please keep your message under 10000 characters"),
    ],
)
def test_bad_threads_are_refused_kindly_and_keep_the_text(client, fw, title, body, message):
    client.force_login(fw.family)
    response = client.post(
        reverse("forum:thread_new", args=[fw.general.slug]), {"title": title, "body": body}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    if body.strip():
        assert body[:50] in html
    if title and len(title) < 150:
        assert f'value="{title}"' in html


def test_bad_input_is_translated(client, fw):
    client.force_login(fw.family)
    client.cookies["django_language"] = "fa"
    response = client.post(
        reverse("forum:thread_new", args=[fw.general.slug]),
        {"title": "", "body": "کلمات من"},
        HTTP_ACCEPT_LANGUAGE="fa",
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "کلمات من" in html
    assert 'lang="fa"' in html
    from django.utils import translation

    with translation.override("fa"):
        assert translation.gettext("Please give your thread a title.") in html


def test_reply_to_a_locked_or_removed_thread_keeps_the_text(client, fw):
    client.force_login(fw.family)
    Thread.objects.filter(pk=fw.t_general.pk).update(locked=True)
    response = client.post(reverse("forum:reply", args=[fw.t_general.pk]), {"body": "My words"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "closed for new replies" in html
    assert "My words" in html
    services.post_set_state(actor=fw.admin, post=fw.t_a.posts.get(), state=State.REMOVED)
    response = client.post(reverse("forum:reply", args=[fw.t_a.pk]), {"body": "Still here"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "no longer open for replies" in html
    assert "Still here" in html
    client.force_login(fw.outsider)  # one who may not see the category learns nothing
    response = client.post(reverse("forum:reply", args=[fw.t_a.pk]), {"body": "Still here"})
    assert response.status_code == 404


def test_posting_into_a_locked_category_is_refused(client, fw):
    fw.general.locked = True
    fw.general.save()
    client.force_login(fw.family)
    response = client.get(reverse("forum:thread_new", args=[fw.general.slug]))
    assert response.status_code == 302
    response = client.post(
        reverse("forum:thread_new", args=[fw.general.slug]), {"title": "Hello", "body": "x"}
    )
    assert response.status_code == 302
    assert not Thread.objects.filter(title="Hello").exists()


def test_staff_only_category(client, fw):
    fw.general.who_may_start = "staff"
    fw.general.save()
    client.force_login(fw.family)
    response = client.post(
        reverse("forum:thread_new", args=[fw.general.slug]), {"title": "Hello", "body": "x"}
    )
    assert response.status_code == 302
    assert not Thread.objects.filter(title="Hello").exists()
    client.force_login(fw.admin)
    client.post(
        reverse("forum:thread_new", args=[fw.general.slug]), {"title": "Notice", "body": "x"}
    )
    assert Thread.objects.filter(title="Notice").exists()


def test_edit_a_post_and_a_stale_edit(client, fw):
    post = fw.t_general.posts.get()
    url = reverse("forum:post_edit", args=[post.pk])
    client.force_login(fw.family)
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Hope, still", "body": "Hello again", "seen": ""})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Hello again"
    # A second window opened before the change sends its own version: refused, kept.
    response = client.post(url, {"title": "Old tab", "body": "My other words", "seen": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "changed in another window" in html
    assert "My other words" in html
    response = client.post(url, {"title": "x", "body": "y", "seen": "not-a-date"})
    assert response.status_code == 400


def test_edit_after_the_window_is_refused(client, fw, time_machine):
    post = fw.t_general.posts.get()
    time_machine.move_to(post.created_at + datetime.timedelta(minutes=31))
    client.force_login(fw.family)
    url = reverse("forum:post_edit", args=[post.pk])
    assert client.get(url).status_code == 302
    response = client.post(url, {"title": "Late", "body": "Late words", "seen": ""})
    assert response.status_code == 400
    assert "Late words" in response.content.decode()
    client.force_login(fw.family2)
    assert client.get(url).status_code == 404


def test_delete_and_react_through_the_pages(client, fw):
    reply = services.post_reply(author=fw.family2, thread=fw.t_general, body="Gone soon")
    client.force_login(fw.family)
    client.post(reverse("forum:react", args=[reply.pk]))
    reply.refresh_from_db()
    assert reply.reaction_count == 1
    assert _status(client, fw.family, reverse("forum:post_delete", args=[reply.pk])) == 404
    client.force_login(fw.family2)
    client.post(reverse("forum:post_delete", args=[reply.pk]))
    html = client.get(reverse("forum:thread", args=[fw.t_general.pk])).content.decode()
    assert "Gone soon" not in html
    assert "Deleted by its author." in html


def test_follow_and_unfollow(client, fw):
    client.force_login(fw.family2)
    client.post(reverse("forum:follow_thread", args=[fw.t_general.pk]), {"mail": "immediate"})
    follow = fw.family2.forum_follows.get(thread=fw.t_general)
    assert follow.mail == "immediate"
    client.post(reverse("forum:follow_thread", args=[fw.t_general.pk]), {"stop": "1"})
    assert not fw.family2.forum_follows.filter(thread=fw.t_general).exists()
    client.post(reverse("forum:follow_category", args=[fw.cat_a.slug]), {"mail": "daily"})
    assert fw.family2.forum_follows.filter(category=fw.cat_a).exists()
    client.force_login(fw.outsider)
    response = client.post(reverse("forum:follow_category", args=[fw.cat_a.slug]))
    assert response.status_code == 404


def test_unread_markers_and_new_since_last_visit(client, fw):
    client.force_login(fw.family2)
    category_url = reverse("forum:category", args=[fw.general.slug])
    assert "badge-new" in client.get(category_url).content.decode()  # never opened
    client.get(reverse("forum:thread", args=[fw.t_general.pk]))
    assert "badge-new" not in client.get(category_url).content.decode()
    client.get(reverse("forum:index"))  # the visit
    services.post_reply(author=fw.family, thread=fw.t_general, body="One more")
    html = client.get(category_url).content.decode()
    assert "1 new" in html
    assert "new since your last visit" in client.get(reverse("forum:index")).content.decode()


def test_a_linked_post_finds_its_page(client, fw, settings):
    settings.FORUM_POSTS_PER_PAGE = 5
    for n in range(12):
        services.post_reply(author=fw.family2, thread=fw.t_general, body=f"Reply {n}")
    post = Post.objects.get(thread=fw.t_general, position=12)
    client.force_login(fw.family)
    response = client.get(reverse("forum:post", args=[post.pk]))
    assert response["Location"] == f"/forum/t/{fw.t_general.pk}/?page=3#post-12"
    html = client.get(response["Location"]).content.decode()
    assert "Reply 10" in html
    assert "Reply 2" not in html
    for bad in ("0", "-3", "abc", "999"):
        assert client.get(f"/forum/t/{fw.t_general.pk}/?page={bad}").status_code == 200


# Script injection ---------------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '"><svg onload=alert(1)>',
    "<a href='javascript:alert(1)'>x</a>",
    "<iframe src=//evil.example></iframe>",
    '<p style="background:url(javascript:alert(1))">x</p>',
]


class _Elements(HTMLParser):
    """Every element of a page, with its attributes, as a browser would see them."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def _dangerous(html: str) -> list:
    parser = _Elements()
    parser.feed(html)
    bad = []
    for tag, attrs in parser.found:
        if tag in ("iframe", "svg", "img", "object", "embed"):
            bad.append(tag)
        ours = (
            attrs.get("src", "").startswith("/static/") or attrs.get("type") == "application/json"
        )
        if tag == "script" and not ours:
            bad.append(tag)
        for name, value in attrs.items():
            if name.startswith("on") or "javascript:" in (value or "").replace(" ", "").lower():
                bad.append((tag, name, value))
            if name == "style":
                bad.append((tag, name))
    return bad


@pytest.mark.parametrize("payload", PAYLOADS)
def test_script_payloads_are_inert(client, fw, payload):
    client.force_login(fw.family)
    client.post(
        reverse("forum:thread_new", args=[fw.general.slug]),
        {"title": f"T {payload}", "body": f"B {payload}"},
    )
    thread = Thread.objects.get(title=f"T {payload}"[:150])
    services.post_reply(author=fw.family2, thread=thread, body=payload, quote=thread.posts.get())
    client.force_login(fw.family2)
    pages = [
        client.get(reverse("forum:thread", args=[thread.pk])),
        client.get(reverse("forum:category", args=[fw.general.slug])),
        client.get(reverse("forum:search") + "?q=alert"),
    ]
    for response in pages:
        assert _dangerous(response.content.decode()) == []


# Queries: constant as the forum grows --------------------------------------------------


def _fill(fw, threads=30, replies=45):
    for n in range(threads):
        thread = services.thread_start(
            author=fw.family2 if n % 2 else fw.moderator_a,
            category=fw.general,
            title=f"Thread {n}",
            body="Words",
        )
        if n == 0:
            for r in range(replies):
                services.post_reply(
                    author=(fw.family, fw.family2, fw.support_a)[r % 3], thread=thread, body=f"R{r}"
                )
    return Thread.objects.get(title="Thread 0")


def test_query_counts_are_constant(client, fw, django_assert_max_num_queries):
    client.force_login(fw.family)
    urls = lambda thread: [  # noqa: E731
        reverse("forum:index"),
        reverse("forum:category", args=[fw.general.slug]),
        reverse("forum:thread", args=[thread.pk]),
        reverse("forum:thread", args=[thread.pk]) + "?page=last",
    ]
    counts = []
    for url in urls(fw.t_general):
        with django_assert_max_num_queries(30) as small:
            assert client.get(url).status_code == 200
        counts.append(len(small.captured_queries))
    big = _fill(fw)
    for url, count in zip(urls(big), counts, strict=True):
        with django_assert_max_num_queries(count, info=url):
            assert client.get(url).status_code == 200
