"""E-mails about followed threads and categories, and the link that stops them.

Two ways, chosen per follow: once a day (`digest_queue`, run hourly by the worker's
scheduler, queues one digest per member per UTC day when something new is there),
or at once (`immediate_fan_out`, queued when a post becomes visible). Each mail is
claimed by a unique `MailQueued` row in the transaction that queues it, and sent
with a key (`send_once`): two workers, or the job running twice, send it once.
Every mail is written in the member's language (conference.mail) and carries,
for each follow, a signed link that stops it without signing in.
"""

import datetime

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from conference import permissions
from conference.mail import Mail
from conference.privacy import has_consent
from support.forum.models import Follow, MailQueued, Post, State
from support.rendering import plain_text

UNFOLLOW_SALT = "forum.unfollow"
MAX_ITEMS = 20
EXCERPT = 280


def unfollow_token(follow) -> str:
    """A link token that ends this one follow, for whoever holds the e-mail; it
    names the follow and its person, and never expires (the follow itself may)."""
    return signing.dumps({"f": follow.pk, "u": follow.user_id}, salt=UNFOLLOW_SALT, compress=True)


def follow_from_token(token: str):
    """The follow a token names, or None if it is already gone. BadSignature if the
    token was not made here."""
    data = signing.loads(token, salt=UNFOLLOW_SALT)
    if not isinstance(data, dict):
        raise signing.BadSignature("not a follow token")
    return (
        Follow.objects.select_related("thread", "category", "user")
        .filter(pk=data.get("f"), user_id=data.get("u"))
        .first()
    )


def unfollow_url(follow) -> str:
    return reverse("forum:unfollow", args=[unfollow_token(follow)])


def _claim(user_id: int, period: str) -> bool:
    """True if this call is the one that queues the mail for (user, period)."""
    try:
        with transaction.atomic():
            MailQueued.objects.create(user_id=user_id, period=period)
    except IntegrityError:
        return False
    return True


# Once a day ----------------------------------------------------------------------------


def _due_daily(now) -> list[int]:
    """Members with a daily follow where something happened since their last mail."""
    return list(
        Follow.objects.filter(mail=Follow.Mail.DAILY, user__is_active=True)
        .filter(
            Q(thread__last_post_at__gt=F("mailed_until"), thread__last_post_at__lte=now)
            | Q(category__last_post_at__gt=F("mailed_until"), category__last_post_at__lte=now)
        )
        .values_list("user_id", flat=True)
        .distinct()
    )


def _consenting(user_ids: list[int]) -> list[int]:
    """Those of `user_ids` who agree to the digests now (conference/consent.py)."""
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.filter(pk__in=user_ids)
    return [person.pk for person in people if has_consent(person, "digests")]


def digest_queue(*, now=None) -> int:
    """Queue today's digest of every member with something new; returns how many."""
    from conference.tasks import enqueue
    from support.forum import tasks

    now = now or timezone.now()
    period = f"daily:{now.date().isoformat()}"
    queued = 0
    consenting = _consenting(_due_daily(now))
    for user_id in consenting:
        with transaction.atomic():
            if _claim(user_id, period):
                enqueue(tasks.digest_mail, user_id, period, now.isoformat())
                queued += 1
    return queued


def _new_posts(user, follows, until) -> list[dict]:
    """What is new for `user` in `follows` up to `until`: replies in followed
    threads, new threads in followed categories; only what they may read, never
    their own posts."""
    condition = Q()
    for follow in follows:
        if follow.thread_id:
            condition |= Q(thread_id=follow.thread_id, created_at__gt=follow.mailed_until)
        else:
            condition |= Q(
                thread__category_id=follow.category_id,
                position=1,
                created_at__gt=follow.mailed_until,
            )
    if not condition:
        return []
    posts = (
        Post.objects.filter(condition)
        .filter(
            state=State.VISIBLE,
            deleted_by_author=False,
            thread__state=State.VISIBLE,
            thread__category__in=permissions.category_ids_visible_to(user),
            created_at__lte=until,
        )
        .exclude(author=user)
        .select_related("thread__category", "author")
        .order_by("thread_id", "position")[: MAX_ITEMS + 1]
    )
    return list(posts)


def _item(post) -> dict:
    text = plain_text(post.body)
    return {
        "post": post,
        "author": post.author.display_name if post.author else None,
        "excerpt": text if len(text) <= EXCERPT else text[:EXCERPT].rsplit(" ", 1)[0] + "…",
        "url": reverse("forum:post", args=[post.pk]),
    }


def digest_build(user_id: int, period: str, until: str) -> Mail | None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not has_consent(user, "digests"):
        return None  # withdrawn since it was queued: nothing goes
    until_moment = datetime.datetime.fromisoformat(until)
    follows = list(
        Follow.objects.filter(user=user, mail=Follow.Mail.DAILY).select_related(
            "thread", "category"
        )
    )
    posts = _new_posts(user, follows, until_moment)
    if not posts:
        return None
    follow_ids = [f.pk for f in follows]

    def on_sent():
        Follow.objects.filter(pk__in=follow_ids, mailed_until__lt=until_moment).update(
            mailed_until=until_moment
        )

    return Mail(
        user=user,
        template="forum/email/digest",
        context={
            "items": [_item(p) for p in posts[:MAX_ITEMS]],
            "more": len(posts) > MAX_ITEMS,
            "follows": [{"follow": f, "unfollow_url": unfollow_url(f)} for f in follows],
        },
        key=f"forum-digest:{user_id}:{period}",
        on_sent=on_sent,
    )


# At once ---------------------------------------------------------------------------------


def immediate_queue(post) -> None:
    """After a post becomes visible: fan out its "at once" mails in the background."""
    from conference.tasks import enqueue
    from support.forum import tasks

    if (
        Follow.objects.filter(mail=Follow.Mail.IMMEDIATE)
        .filter(Q(thread_id=post.thread_id) | Q(category_id=post.thread.category_id))
        .exclude(user_id=post.author_id)
        .exists()
    ):
        enqueue(tasks.immediate_fan_out, post.pk)


def immediate_fan_out(post_id: int) -> int:
    """Queue one mail per member following the post's thread (or, for a new thread,
    its category) "at once", who may read it. Returns how many were queued."""
    from conference.tasks import enqueue
    from support.forum import tasks

    post = Post.objects.select_related("thread__category").filter(pk=post_id).first()
    if post is None or post.state != State.VISIBLE:
        return 0
    targets = Q(thread_id=post.thread_id)
    if post.position == 1:
        targets |= Q(category_id=post.thread.category_id)
    follows = (
        Follow.objects.filter(targets, mail=Follow.Mail.IMMEDIATE, user__is_active=True)
        .exclude(user_id=post.author_id)
        .select_related("user")
    )
    queued = 0
    for follow in follows:
        if not permissions.can_see_thread(follow.user, post.thread):
            continue
        with transaction.atomic():
            if _claim(follow.user_id, f"post:{post_id}"):
                enqueue(tasks.post_mail, post_id, follow.pk)
                queued += 1
    return queued


def post_build(post_id: int, follow_id: int) -> Mail | None:
    follow = (
        Follow.objects.select_related("user", "thread", "category").filter(pk=follow_id).first()
    )
    post = Post.objects.select_related("thread__category", "author").filter(pk=post_id).first()
    if follow is None or post is None or not follow.user.is_active:
        return None
    if not has_consent(follow.user, "digests"):
        return None
    if post.state != State.VISIBLE or post.deleted_by_author:
        return None
    if not permissions.can_see_thread(follow.user, post.thread):
        return None
    return Mail(
        user=follow.user,
        template="forum/email/post",
        context={"item": _item(post), "follow": follow, "unfollow_url": unfollow_url(follow)},
        key=f"forum-post:{post_id}:{follow.user_id}",
    )
