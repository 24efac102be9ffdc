"""Forum moderation over HTTP: the review queue and its forms per role and hub
(404 elsewhere, refusals that keep what was typed and change nothing), the
author's held-post page, reporting a post, silence and suspension on pages, the
at-risk path on the support staff's page and never elsewhere, the audit log and
watched-words pages, and constant query counts on the queue and the audit log."""

import pytest
from django.urls import reverse

from support.forum import moderation, services
from support.forum.models import AuditEntry, Flag, Post, State
from tests import factories
from tests.moderation_helpers import AT_RISK, PHONE, SCAM, moderation_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def mw(world, settings, no_staff_2fa):
    settings.FORUM_PREMODERATE_POSTS = 0
    return moderation_world(world)


def held_in(mw, where, author="family", body=PHONE):
    thread = {"a": mw.t_a, "b": mw.t_b, "general": mw.t_general}[where]
    return services.post_reply(author=getattr(mw, author), thread=thread, body=body)


def as_user(client, user):
    client.force_login(user)
    return client


# The review queue -------------------------------------------------------------------------


def test_the_queue_lists_the_moderators_categories_only(client, mw):
    in_a = held_in(mw, "a")
    in_b = held_in(mw, "b", author="outsider", body=SCAM)
    in_general = held_in(
        mw, "general", author="family2", body="Write to me at gul at gmail dot com"
    )
    page = as_user(client, mw.moderator_a).get(reverse("forum:review"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="review-{in_a.pk}"' in html
    assert f'id="review-{in_general.pk}"' in html
    assert f'id="review-{in_b.pk}"' not in html
    assert "<mark>+92 300 1234567</mark>" in html  # what the screening found, marked
    admin = as_user(client, mw.admin).get(reverse("forum:review")).content.decode()
    assert f'id="review-{in_b.pk}"' in admin


@pytest.mark.parametrize("person", ["family", "organiser_a", "support_a", "facilitator_a"])
def test_the_queue_is_404_to_those_who_do_not_moderate(client, mw, person):
    post = held_in(mw, "a")
    user = getattr(mw, person)
    client = as_user(client, user)
    for url in (
        reverse("forum:review"),
        reverse("forum:review_item", args=[post.pk]),
        reverse("forum:review_audit"),
        reverse("forum:review_words"),
        reverse("forum:review_member", args=[mw.family.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("forum:review_post", args=[post.pk]),
        {"action": "approve", "template": "fine", "state": "pending"},
    )
    assert response.status_code == 404
    post.refresh_from_db()
    assert post.state == State.PENDING


def test_staff_pages_need_two_factor(client, mw, settings):
    settings.STAFF_REQUIRE_2FA = True
    response = as_user(client, mw.moderator_a).get(reverse("forum:review"))
    assert response.status_code == 302
    assert response["Location"] == reverse("conference:two_factor_required")


def test_a_moderator_approves_with_a_template_reason(client, mw):
    post = held_in(mw, "a")
    response = as_user(client, mw.moderator_a).post(
        reverse("forum:review_post", args=[post.pk]),
        {"action": "approve", "template": "fine", "state": "pending"},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.state == State.VISIBLE
    entry = AuditEntry.objects.get(post=post, action=AuditEntry.Action.APPROVE)
    assert entry.reason == "We read it and it is fine."
    assert entry.actor == mw.moderator_a


def test_another_hubs_post_is_404_and_unchanged(client, mw):
    post = held_in(mw, "b", author="outsider")
    response = as_user(client, mw.moderator_a).post(
        reverse("forum:review_post", args=[post.pk]),
        {"action": "reject", "template": "scam", "state": "pending"},
    )
    assert response.status_code == 404
    post.refresh_from_db()
    assert post.state == State.PENDING
    assert not AuditEntry.objects.filter(post=post, action=AuditEntry.Action.REJECT).exists()


def test_a_missing_reason_is_refused_and_what_was_typed_stays(client, mw):
    post = held_in(mw, "a")
    response = as_user(client, mw.moderator_a).post(
        reverse("forum:review_post", args=[post.pk]),
        {"action": "reject", "template": "", "reason": "   ", "state": "pending"},
    )
    assert response.status_code == 400
    assert "Please give a reason." in response.content.decode()
    post.refresh_from_db()
    assert post.state == State.PENDING


def test_a_post_already_decided_says_so(client, mw):
    post = held_in(mw, "a")
    moderation.post_reject(actor=mw.admin, post_id=post.pk, reason="scam")
    response = as_user(client, mw.moderator_a).post(
        reverse("forum:review_post", args=[post.pk]),
        {"action": "approve", "reason": "I think it is fine", "state": "pending"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Another moderator has already decided about this post." in html
    post.refresh_from_db()
    assert post.state == State.REMOVED


def test_a_forged_action_is_refused(client, mw):
    post = held_in(mw, "a")
    response = as_user(client, mw.moderator_a).post(
        reverse("forum:review_post", args=[post.pk]),
        {"action": "delete_everything", "template": "fine", "state": "pending"},
    )
    assert response.status_code == 400
    assert Post.objects.get(pk=post.pk).state == State.PENDING


def test_a_decided_item_leaves_the_queue(client, mw):
    post = held_in(mw, "a")
    client = as_user(client, mw.moderator_a)
    assert client.get(reverse("forum:review_item", args=[post.pk])).status_code == 200
    moderation.post_approve(actor=mw.admin, post_id=post.pk, reason="ok")
    assert client.get(reverse("forum:review_item", args=[post.pk])).status_code == 204


def test_thread_actions_over_http(client, mw):
    client = as_user(client, mw.moderator_a)
    url = reverse("forum:review_thread", args=[mw.t_a.pk])
    assert client.post(url, {"action": "lock", "reason": "cooling down"}).status_code == 302
    mw.t_a.refresh_from_db()
    assert mw.t_a.locked
    assert client.post(url, {"action": "lock", "reason": "again"}).status_code == 302
    assert AuditEntry.objects.filter(thread=mw.t_a, action="lock").count() == 1
    other = reverse("forum:review_thread", args=[mw.t_b.pk])
    assert client.post(other, {"action": "lock", "reason": "r"}).status_code == 404


# The author's held post ---------------------------------------------------------------------


def test_a_held_reply_takes_its_author_to_the_kind_explanation(client, mw):
    client = as_user(client, mw.family)
    response = client.post(reverse("forum:reply", args=[mw.t_a.pk]), {"body": PHONE})
    post = Post.objects.get(author=mw.family)
    assert response["Location"] == reverse("forum:held", args=[post.pk])
    page = client.get(response["Location"]).content.decode()
    assert "We keep numbers off the forum" in page
    assert "<mark>+92 300 1234567</mark>" in page
    assert reverse("forum:post_edit", args=[post.pk]) in page
    # Edited out, it is published.
    edited = client.post(reverse("forum:post_edit", args=[post.pk]), {"body": "I may know."})
    assert edited.status_code == 302
    post.refresh_from_db()
    assert post.state == State.VISIBLE


def test_the_held_page_is_the_authors_and_the_moderators_only(client, mw):
    post = held_in(mw, "a")
    url = reverse("forum:held", args=[post.pk])
    assert as_user(client, mw.family2).get(url).status_code == 404
    assert as_user(client, mw.moderator_b).get(url).status_code == 404
    assert as_user(client, mw.moderator_a).get(url).status_code == 200


def test_an_at_risk_post_shows_its_author_where_to_find_support(client, mw):
    client = as_user(client, mw.family)
    response = client.post(reverse("forum:reply", args=[mw.t_general.pk]), {"body": AT_RISK})
    page = client.get(response["Location"]).content.decode()
    assert reverse("library:help") in page
    assert "You are not alone" in page


def test_the_at_risk_path_reaches_support_staff_and_never_other_families(client, mw):
    post = held_in(mw, "general", body=AT_RISK)
    support = as_user(client, mw.support_a).get(reverse("support_signals:list")).content.decode()
    assert reverse("forum:post", args=[post.pk]) in support
    for person in ("family2", "outsider", "organiser_b"):
        page = as_user(client, getattr(mw, person)).get(reverse("support_signals:list"))
        assert reverse("forum:post", args=[post.pk]) not in page.content.decode()
    # The thread shows the post to others, with nothing of the concern.
    thread = as_user(client, mw.family2).get(reverse("forum:thread", args=[mw.t_general.pk]))
    assert "at risk" not in thread.content.decode()


# Reporting ------------------------------------------------------------------------------------


def test_every_post_of_another_member_has_a_report_link(client, mw):
    post = held_in(mw, "general", body="Hello all")
    page = as_user(client, mw.family2).get(reverse("forum:thread", args=[mw.t_general.pk]))
    assert reverse("forum:report", args=[post.pk]) in page.content.decode()
    own = as_user(client, mw.family).get(reverse("forum:thread", args=[mw.t_general.pk]))
    assert reverse("forum:report", args=[post.pk]) not in own.content.decode()


def test_reporting_a_post_once(client, mw):
    post = held_in(mw, "general", body="Hello all")
    client = as_user(client, mw.family2)
    url = reverse("forum:report", args=[post.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "spam"}).status_code == 302
    assert client.post(url, {"reason": "hurtful"}).status_code == 302
    assert Flag.objects.filter(post=post).count() == 1


# Silence and suspension on pages ---------------------------------------------------------------


def test_a_silenced_member_reads_but_cannot_write(client, mw):
    moderation.member_sanction(
        actor=mw.moderator_a, member=mw.family, kind="silence", days=3, reason="heated"
    )
    client = as_user(client, mw.family)
    assert client.get(reverse("forum:thread", args=[mw.t_general.pk])).status_code == 200
    response = client.post(reverse("forum:reply", args=[mw.t_general.pk]), {"body": "Hello"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "You can read the forum but not write in it until" in html
    assert "Hello" in html  # what was typed stays
    assert not Post.objects.filter(author=mw.family).exists()


def test_a_suspended_member_sees_the_message_on_every_forum_page(client, mw):
    moderation.member_sanction(
        actor=mw.moderator_a,
        member=mw.family,
        kind="suspension",
        days=7,
        reason="scam",
        message="Please read the guidelines again.",
    )
    client = as_user(client, mw.family)
    for url in (
        reverse("forum:index"),
        reverse("forum:thread", args=[mw.t_general.pk]),
        reverse("forum:category", args=["general"]),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Please read the guidelines again." in response.content.decode()
    assert (
        client.post(reverse("forum:reply", args=[mw.t_general.pk]), {"body": "x"}).status_code
        == 403
    )


def test_a_hub_suspension_closes_that_hubs_categories_only(client, mw):
    moderation.member_sanction(
        actor=mw.moderator_a, member=mw.family, kind="suspension", hub=mw.hub_a, days=7, reason="r"
    )
    client = as_user(client, mw.family)
    assert client.get(reverse("forum:category", args=["hub-a"])).status_code == 404
    assert client.get(reverse("forum:category", args=["general"])).status_code == 200


def test_sanctions_from_the_member_page(client, mw):
    held_in(mw, "a")  # the family wrote in hub A: its moderators may look it up
    client = as_user(client, mw.moderator_a)
    url = reverse("forum:review_member", args=[mw.family.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"kind": "silence", "hub": "", "days": 1, "reason": ""})
    assert bad.status_code == 400
    done = client.post(url, {"kind": "silence", "hub": str(mw.hub_a.pk), "days": 1, "reason": "r"})
    assert done.status_code == 302
    sanction = mw.family.forum_sanctions.get()
    lift = client.post(reverse("forum:review_lift", args=[sanction.pk]), {"reason": "ok"})
    assert lift.status_code == 302
    sanction.refresh_from_db()
    assert sanction.lifted_by == mw.moderator_a
    # A member who never wrote in the moderator's categories is not found.
    assert client.get(reverse("forum:review_member", args=[mw.outsider.pk])).status_code == 404


# Audit log and watched words ----------------------------------------------------------------------


def test_watched_words_page(client, mw):
    client = as_user(client, mw.moderator_a)
    url = reverse("forum:review_words")
    response = client.post(url, {"word": "", "action": "hold"})
    assert response.status_code == 400
    response = client.post(url, {"word": "hawala", "action": "hold", "language": "fa", "hub": ""})
    assert response.status_code == 302
    assert "hawala" in client.get(url).content.decode()


def test_audit_page_per_scope(client, mw):
    in_a = held_in(mw, "a")
    in_b = held_in(mw, "b", author="outsider")
    page = as_user(client, mw.moderator_a).get(reverse("forum:review_audit")).content.decode()
    assert reverse("forum:thread", args=[in_a.thread_id]) in page
    assert reverse("forum:thread", args=[in_b.thread_id]) not in page
    admin = as_user(client, mw.admin).get(reverse("forum:review_audit")).content.decode()
    assert reverse("forum:thread", args=[in_b.thread_id]) in admin


# Queries ------------------------------------------------------------------------------------------


def _fill_queue(mw, count):
    for index in range(count):
        author = factories.make_user()
        factories.register(author, mw.hub_a)
        services.guidelines_accept(user=author)
        post = services.post_reply(
            author=author, thread=mw.t_a, body=f"Call me {index} on +92 300 12345{index:02d}"
        )
        flagger = factories.make_user()
        services.guidelines_accept(user=flagger)
        if index % 2:
            Post.objects.filter(pk=post.pk).update(state=State.VISIBLE)
            Flag.objects.create(post=post, member=flagger, reason="spam")


def _queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200


def test_the_queue_and_the_audit_log_take_a_constant_number_of_queries(
    client, mw, django_assert_max_num_queries
):
    client = as_user(client, mw.moderator_a)
    _fill_queue(mw, 3)
    _queries(client, reverse("forum:review"), django_assert_max_num_queries, 16)
    _queries(client, reverse("forum:review_audit"), django_assert_max_num_queries, 10)
    _fill_queue(mw, 12)
    _queries(client, reverse("forum:review"), django_assert_max_num_queries, 16)
    _queries(client, reverse("forum:review_audit"), django_assert_max_num_queries, 10)


def test_moderators_moderate_any_post_and_thread_from_the_thread_page(client, mw):
    post = held_in(mw, "a", body="Hello from Islamabad")
    page = as_user(client, mw.moderator_a).get(reverse("forum:thread", args=[mw.t_a.pk]))
    html = page.content.decode()
    assert reverse("forum:review_post", args=[post.pk]) in html
    assert reverse("forum:review_thread", args=[mw.t_a.pk]) in html
    moderate = client.get(reverse("forum:review_post", args=[post.pk]))
    assert moderate.status_code == 200
    assert f'id="review-{post.pk}"' in moderate.content.decode()
    family = as_user(client, mw.family2).get(reverse("forum:thread", args=[mw.t_a.pk]))
    assert reverse("forum:review_post", args=[post.pk]) not in family.content.decode()
    assert reverse("forum:review_thread", args=[mw.t_a.pk]) not in family.content.decode()
    other = as_user(client, mw.moderator_b).get(reverse("forum:review_post", args=[post.pk]))
    assert other.status_code == 404


def test_support_staff_close_a_concern_and_families_cannot(client, mw):
    from support.forum.models import ForumConcern

    post = held_in(mw, "general", body=AT_RISK)
    concern = ForumConcern.objects.get(post=post)
    url = reverse("forum:concern_close", args=[concern.pk])
    assert as_user(client, mw.family2).post(url).status_code == 404
    assert as_user(client, mw.organiser_b).post(url).status_code == 404
    assert as_user(client, mw.support_a).post(url).status_code == 302
    concern.refresh_from_db()
    assert concern.closed_by == mw.support_a
