"""The forum's rules: every thread, reply, edit, deletion and reaction is written
here, and views, consumers, the demo and the admin all call these functions.

The one posting path
--------------------
`thread_start`, `post_reply` and `post_edit` all pass the text through
`_publication_state`, the single place that decides whether a post is published
at once (VISIBLE) or held for review (PENDING). Moderation (screening, watched
words, pre-moderation of new members) plugs in there and nowhere else. Changes of
state made by moderators go through `post_set_state` (and `post_hide`), which keeps
the counters of the thread and category true and tells open pages live.

Who may do what is asked of conference/permissions.py; a refusal raises
`ForumError` with a translated message for the person, never a bare exception.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from conference import consent, permissions
from conference.live import send_after_commit
from support.forum import live
from support.forum.models import (
    BODY_MAX,
    TITLE_MAX,
    TITLE_MIN,
    Category,
    Follow,
    GuidelinesAcceptance,
    Post,
    PostRevision,
    PseudonymChange,
    Reaction,
    ReadMarker,
    State,
    Thread,
)


class ForumError(Exception):
    """What a member tried cannot be done; `message` is translated for them and
    `field` names the form field it concerns ("" for the whole form)."""

    def __init__(self, message: str, code: str, field: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


@dataclass(frozen=True)
class Publication:
    """What `_publication_state` decided for a text."""

    state: str
    reasons: tuple[str, ...] = ()


# The publication hook ---------------------------------------------------------------


def _publication_state(*, author, text: str, category: Category, post: Post | None = None):
    """Whether a new or edited text is published at once, or held for review.

    THE place where moderation plugs in (issue 12): run the screening
    (`support.forum.screening.screen(text, lang=...)`: `.hold` and `.reasons`),
    the watched words, and pre-moderation of new members here, and return
    `Publication(State.PENDING, reasons)` to hold the post; the services then store
    it as PENDING with `hold_codes=reasons` and tell nobody until a moderator lets
    it through (`post_set_state(..., state=State.VISIBLE)`). `text` is the title
    and body together for a new thread; `post` is the post being edited, if any.

    Moderation (support/forum/moderation.py) decides: a silenced member is
    refused, screening and watched words may hold it, a new member's first posts
    wait, flood control refuses repeats.
    """
    from support.forum import moderation

    return moderation.publication_for(author=author, text=text, category=category, post=post)


def _rewrite(*, author, body: str, category: Category) -> str:
    """Watched words set to "replace" (support/forum/moderation.py)."""
    from support.forum import moderation

    return moderation.rewrite(author=author, body=body, category=category)


def _after_publication(post: Post, decided: Publication) -> None:
    """Once stored: a hold audited and sent to the review queue, support staff told
    when someone may be at risk (support/forum/moderation.py)."""
    from support.forum import moderation

    moderation.after_publication(post=post, decided=decided)


# Guidelines and readiness to post ---------------------------------------------------


def guidelines_version() -> int:
    return settings.FORUM_GUIDELINES_VERSION


def has_accepted_guidelines(user) -> bool:
    return GuidelinesAcceptance.objects.filter(user=user, version=guidelines_version()).exists()


def has_verified_email(user) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


@transaction.atomic
def guidelines_accept(*, user) -> GuidelinesAcceptance:
    """Record that `user` accepted the current guidelines (once per version)."""
    if not (user and user.is_authenticated):
        raise ForumError(_("Please sign in first."), "anonymous")
    acceptance, _created = GuidelinesAcceptance.objects.get_or_create(
        user=user, version=guidelines_version()
    )
    return acceptance


def _check_may_write(author) -> None:
    if not (author and author.is_authenticated and author.is_active):
        raise ForumError(_("Please sign in to write in the forum."), "anonymous")
    if not has_verified_email(author):
        raise ForumError(
            _("Please confirm your e-mail address before you write in the forum."), "unverified"
        )
    if not has_accepted_guidelines(author):
        raise ForumError(
            _("Please read and accept the forum guidelines before you write."), "guidelines"
        )


# Text checks ------------------------------------------------------------------------


def clean_title(title: str | None) -> str:
    title = " ".join((title or "").replace("\x00", "").split())
    if len(title) < TITLE_MIN:
        raise ForumError(_("Please give your thread a title."), "title_short", "title")
    if len(title) > TITLE_MAX:
        raise ForumError(
            _("Please keep the title under %(limit)s characters.") % {"limit": TITLE_MAX},
            "title_long",
            "title",
        )
    return title


def clean_body(body: str | None) -> str:
    body = (body or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if not body:
        raise ForumError(_("Please write your message."), "body_empty", "body")
    if len(body) > BODY_MAX:
        raise ForumError(
            _("Please keep your message under %(limit)s characters (it has %(count)s).")
            % {"limit": BODY_MAX, "count": len(body)},
            "body_long",
            "body",
        )
    return body


def _index(post: Post, *, title: str = "") -> None:
    """Fill the normalised search columns (support/forum/search.py)."""
    from support.forum import search

    post.search_title, post.search_document = search.document_for(post, title=title)


# Counters ---------------------------------------------------------------------------


def _recount_thread(thread: Thread) -> None:
    """Visible replies and the newest visible post, from the posts themselves."""
    visible = Post.objects.filter(thread=thread, state=State.VISIBLE)
    facts = visible.aggregate(count=Max("position"), newest=Max("created_at"))
    thread.reply_count = max(0, visible.exclude(position=1).count())
    thread.last_post_at = facts["newest"] or thread.created_at
    thread.save(update_fields=["reply_count", "last_post_at"])


def _recount_category(category_id: int) -> None:
    threads = Thread.objects.filter(category_id=category_id, state=State.VISIBLE)
    Category.objects.filter(pk=category_id).update(
        thread_count=threads.count(),
        last_post_at=threads.aggregate(newest=Max("last_post_at"))["newest"],
    )


def _lock_thread(thread: Thread) -> Thread:
    return (
        Thread.objects.select_related("category").select_for_update(of=("self",)).get(pk=thread.pk)
    )


# Writing ----------------------------------------------------------------------------


@transaction.atomic
def thread_start(*, author, category: Category, title: str, body: str, now=None) -> Thread:
    """Start a thread with its opening post (position 1)."""
    now = now or timezone.now()
    _check_may_write(author)
    if not permissions.can_see_category(author, category):
        raise ForumError(_("This category does not exist."), "not_found")
    if not permissions.can_start_thread(author, category):
        if category.locked:
            raise ForumError(_("This category is closed for new threads."), "locked")
        raise ForumError(_("Only staff start threads in this category."), "staff_only")
    title = clean_title(title)
    body = _rewrite(author=author, body=clean_body(body), category=category)
    decided = _publication_state(author=author, text=f"{title}\n\n{body}", category=category)
    thread = Thread.objects.create(
        category=category,
        title=title,
        author=author,
        created_at=now,
        last_post_at=now,
        last_position=1,
        state=decided.state,
    )
    post = Post(
        thread=thread,
        author=author,
        position=1,
        body=body,
        state=decided.state,
        hold_codes=list(decided.reasons),
        created_at=now,
    )
    _index(post, title=title)
    post.save()
    _after_index(post)
    post.thread = thread
    _after_publication(post, decided)
    ReadMarker.objects.create(user=author, thread=thread, position=1, seen_at=now)
    Follow.objects.get_or_create(
        user=author, thread=thread, defaults={"mail": Follow.Mail.DAILY, "mailed_until": now}
    )
    if decided.state == State.VISIBLE:
        Category.objects.filter(pk=category.pk).update(
            thread_count=F("thread_count") + 1, last_post_at=now
        )
        send_after_commit(
            live.category_group(category.pk), "forum.thread_new", thread=thread.pk, robust=True
        )
        _notify_followers(post)
    return thread


@transaction.atomic
def post_reply(*, author, thread: Thread, body: str, quote: Post | None = None, now=None) -> Post:
    """Add a reply at the end of `thread`, optionally quoting one of its posts."""
    now = now or timezone.now()
    _check_may_write(author)
    thread = _lock_thread(thread)
    if not permissions.can_see_thread(author, thread):
        raise ForumError(_("This thread does not exist."), "not_found")
    if thread.state != State.VISIBLE:
        raise ForumError(_("This thread is no longer open for replies."), "removed")
    if not permissions.can_post_in(author, thread):
        raise ForumError(_("This thread is closed for new replies."), "locked")
    body = _rewrite(author=author, body=clean_body(body), category=thread.category)
    if quote is not None and (
        quote.thread_id != thread.pk or quote.state != State.VISIBLE or quote.deleted_by_author
    ):
        quote = None  # only a visible post of this thread can be quoted
    decided = _publication_state(author=author, text=body, category=thread.category)
    thread.last_position += 1
    post = Post(
        thread=thread,
        author=author,
        position=thread.last_position,
        body=body,
        state=decided.state,
        hold_codes=list(decided.reasons),
        created_at=now,
        quote=quote,
    )
    _index(post)
    post.save()
    _after_index(post)
    fields = ["last_position"]
    if decided.state == State.VISIBLE:
        thread.reply_count += 1
        thread.last_post_at = now
        fields += ["reply_count", "last_post_at"]
    thread.save(update_fields=fields)
    _after_publication(post, decided)
    _read_up_to(author, thread, post.position, now=now)
    if decided.state == State.VISIBLE:
        Category.objects.filter(pk=thread.category_id).update(last_post_at=now)
        _announce_post(post, "forum.post_new")
        send_after_commit(
            live.category_group(thread.category_id),
            "forum.thread_active",
            thread=thread.pk,
            robust=True,
        )
        _notify_followers(post)
    return post


@transaction.atomic
def post_edit(
    *,
    author,
    post: Post,
    body: str,
    title: str | None = None,
    seen_edited_at=None,
    now=None,
) -> Post:
    """Change one's own post within FORUM_EDIT_MINUTES; the earlier version is kept.

    `seen_edited_at` is the post's `edited_at` when the edit form was opened (None
    for a post never edited): if it changed since, the edit is refused as stale so
    that a second tab does not silently overwrite the first. `title` changes the
    thread's title, for the opening post only."""
    now = now or timezone.now()
    thread = _lock_thread(post.thread)
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.thread = thread
    if not permissions.can_see_post(author, post):
        raise ForumError(_("This post does not exist."), "not_found")
    if not permissions.can_edit_post(author, post, now=now):
        raise ForumError(
            _("This post can no longer be changed: posts can be changed for %(minutes)s minutes.")
            % {"minutes": settings.FORUM_EDIT_MINUTES},
            "edit_closed",
        )
    if post.edited_at != seen_edited_at:
        raise ForumError(
            _(
                "This post was changed in another window since you opened it. Your text is "
                "below: copy it, then open the post again."
            ),
            "stale",
        )
    body = _rewrite(author=author, body=clean_body(body), category=thread.category)
    new_title = clean_title(title) if (title is not None and post.is_opening) else thread.title
    if body == post.body and new_title == thread.title:
        return post
    PostRevision.objects.create(
        post=post,
        body=post.body,
        title=thread.title if post.is_opening else "",
        replaced_by=author,
        replaced_at=now,
    )
    decided = _publication_state(
        author=author,
        text=f"{new_title}\n\n{body}" if post.is_opening else body,
        category=thread.category,
        post=post,
    )
    was_visible = post.state == State.VISIBLE
    post.body = body
    post.edited_at = now
    if post.is_opening and new_title != thread.title:
        thread.title = new_title
        thread.save(update_fields=["title"])
    _index(post, title=thread.title if post.is_opening else "")
    post.save(update_fields=["body", "edited_at", "search_title", "search_document"])
    _after_index(post)
    if decided.state != post.state:
        _set_state(post, decided.state, reasons=decided.reasons)
    elif was_visible:
        _announce_post(post, "forum.post_changed")
    _after_publication(post, decided)
    return post


@transaction.atomic
def post_delete_own(*, author, post: Post, now=None) -> Post:
    """The author takes back a post: its text is gone for everyone ("deleted by its
    author"); the last text is kept as an earlier version for moderators. A thread
    whose opening post is deleted stays, with its replies."""
    now = now or timezone.now()
    thread = _lock_thread(post.thread)
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.thread = thread
    if not permissions.can_delete_own_post(author, post):
        raise ForumError(_("This post cannot be deleted."), "not_allowed")
    PostRevision.objects.create(
        post=post,
        body=post.body,
        title=thread.title if post.is_opening else "",
        replaced_by=author,
        replaced_at=now,
    )
    post.body = ""
    post.deleted_by_author = True
    post.search_title = post.search_document = ""
    post.save(update_fields=["body", "deleted_by_author", "search_title", "search_document"])
    _after_index(post)
    Reaction.objects.filter(post=post).delete()
    Post.objects.filter(pk=post.pk).update(reaction_count=0)
    if post.state == State.VISIBLE:
        _announce_post(post, "forum.post_changed")
    return post


@transaction.atomic
def reaction_toggle(*, user, post: Post) -> tuple[bool, int]:
    """Say "with you" to a post, or take it back. Returns (now reacting, count)."""
    if not (user and user.is_authenticated):
        raise ForumError(_("Please sign in first."), "anonymous")
    post = (
        Post.objects.select_related("thread__category")
        .select_for_update(of=("self",))
        .get(pk=post.pk)
    )
    if not permissions.can_react(user, post):
        raise ForumError(_("You cannot react to this post."), "not_allowed")
    deleted, _rows = Reaction.objects.filter(post=post, user=user).delete()
    if not deleted:
        try:
            with transaction.atomic():
                Reaction.objects.create(post=post, user=user)
        except IntegrityError:  # a double click raced itself
            pass
    count = Reaction.objects.filter(post=post).count()
    Post.objects.filter(pk=post.pk).update(reaction_count=count)
    send_after_commit(
        live.thread_group(post.thread_id),
        "forum.reaction",
        post=post.pk,
        count=count,
        robust=True,
    )
    return not deleted, count


# States (moderation uses these) -----------------------------------------------------


def _set_state(post: Post, state: str, *, reasons=()) -> None:
    """Move a post to `state`, keeping counters true and open pages told. The
    opening post carries its thread with it."""
    post.state = state
    post.hold_codes = list(reasons) if state == State.PENDING else post.hold_codes
    post.save(update_fields=["state", "hold_codes"])
    thread = post.thread
    if post.is_opening:
        thread.state = state
        thread.save(update_fields=["state"])
    _recount_thread(thread)
    _recount_category(thread.category_id)
    _after_index(post)
    event = "forum.post_shown" if state == State.VISIBLE else "forum.post_hidden"
    _announce_post(post, event)
    send_after_commit(
        live.category_group(thread.category_id),
        "forum.thread_active",
        thread=thread.pk,
        robust=True,
    )


@transaction.atomic
def post_set_state(*, actor, post: Post, state: str, reasons=()) -> Post:
    """A moderator publishes, hides or removes a post (issue 12 records why and
    who in its audit log around this call)."""
    thread = _lock_thread(post.thread)
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.thread = thread
    if not permissions.can_moderate_category(actor, thread.category):
        raise ForumError(_("Only moderators can do this."), "not_allowed")
    if state not in State.values:
        raise ForumError(_("This is not a state a post can have."), "bad_state")
    was_visible = post.state == State.VISIBLE
    if post.state != state:
        _set_state(post, state, reasons=reasons)
        if state == State.VISIBLE and not was_visible:
            _notify_followers(post)
    return post


def post_hide(*, actor, post: Post, reasons=()) -> Post:
    """Hide a post from everyone but moderators; it disappears from open pages live."""
    return post_set_state(actor=actor, post=post, state=State.HIDDEN, reasons=reasons)


# Reading and following ---------------------------------------------------------------


def _read_up_to(user, thread: Thread, position: int, *, now) -> None:
    marker, created = ReadMarker.objects.get_or_create(
        user=user, thread=thread, defaults={"position": position, "seen_at": now}
    )
    if not created and marker.position < position:
        ReadMarker.objects.filter(pk=marker.pk, position__lt=position).update(
            position=position, seen_at=now
        )


def read_mark(*, user, thread: Thread, position: int, now=None) -> None:
    """`user` has seen `thread` up to `position` (it only ever moves forward).

    One statement whatever the marker's state (an upsert keeping the greater
    position), so that opening a thread page costs the same every time."""
    if not (user and user.is_authenticated):
        return
    position = max(0, min(position, thread.last_position))
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    table = ReadMarker._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (user_id, thread_id, position, seen_at) "  # noqa: S608 - names are ours
            "VALUES (%s, %s, %s, %s) ON CONFLICT (user_id, thread_id) DO UPDATE SET "
            f"position = {greatest}({table}.position, excluded.position), "
            "seen_at = excluded.seen_at",
            [user.pk, thread.pk, position, now or timezone.now()],
        )


@transaction.atomic
def follow_set(
    *, user, thread: Thread | None = None, category: Category | None = None, mail=None, now=None
) -> Follow:
    """Follow a thread or a category (or change how its e-mails come)."""
    if (thread is None) == (category is None):
        raise ValueError("follow exactly one thread or one category")
    visible = (
        permissions.can_see_thread(user, thread)
        if thread is not None
        else permissions.can_see_category(user, category)
    )
    if not visible:
        raise ForumError(_("This does not exist."), "not_found")
    mail = mail or Follow.Mail.DAILY
    if mail not in Follow.Mail.values:
        raise ForumError(_("Please choose how often to get e-mails."), "bad_mail", "mail")
    target = {"thread": thread} if thread is not None else {"category": category}
    follow, created = Follow.objects.get_or_create(
        user=user, **target, defaults={"mail": mail, "mailed_until": now or timezone.now()}
    )
    if not created and follow.mail != mail:
        follow.mail = mail
        follow.save(update_fields=["mail"])
    if mail != Follow.Mail.NONE and not consent.has_consent(user, "digests"):
        # Asking for e-mails about what one follows is agreeing to the digests'
        # notice (linked beside the choice); withdrawing it stops every such mail.
        consent.consent_give(user=user, purpose="digests")
    return follow


@transaction.atomic
def follow_remove(*, user, thread: Thread | None = None, category: Category | None = None) -> int:
    target = {"thread": thread} if thread is not None else {"category": category}
    deleted, _rows = Follow.objects.filter(user=user, **target).delete()
    return deleted


def _notify_followers(post: Post) -> None:
    """Queue "at once" e-mails about a newly visible post (support/forum/digest.py)."""
    from support.forum import digest

    digest.immediate_queue(post)


# Posts going out ----------------------------------------------------------------------


def _announce_post(post: Post, event: str) -> None:
    """Tell the thread's open pages; each socket then fetches what its person may
    see (the message itself carries no text)."""
    send_after_commit(
        live.thread_group(post.thread_id),
        event,
        post=post.pk,
        position=post.position,
        robust=True,
    )


def _after_index(post: Post) -> None:
    from support.forum import search

    search.refresh_search_vectors(Post.objects.filter(pk=post.pk))


# Pseudonyms ---------------------------------------------------------------------------


def pseudonym_change_record(*, user, old: str, new: str, now=None) -> PseudonymChange | None:
    """Remember an earlier pseudonym (called whenever a user's pseudonym changes)."""
    if not old or old == new:
        return None
    return PseudonymChange.objects.create(
        user=user, old_pseudonym=old, new_pseudonym=new, changed_at=now or timezone.now()
    )


# Erasure (conference/erasure.py, through support/forum/privacy.py) ------------------------


def member_posts_erase(*, user) -> int:
    """What the forum keeps of a member who deletes their account: posts others read
    stay, signed "a former member", without the member's e-mail, pseudonym or any
    contact detail or document number screening finds in them, and without their
    earlier versions; posts never published go, a thread whose opening post was
    never published with them. Runs inside the erasure's transaction."""
    from conference.erasure import scrub

    affected = 0
    threads_touched: set[int] = set()
    unpublished = Post.objects.filter(author=user, state=State.PENDING)
    for post in unpublished.select_related("thread"):
        threads_touched.add(post.thread_id)
        if post.is_opening:
            post.thread.delete()
        else:
            post.delete()
        affected += 1
    PostRevision.objects.filter(post__author=user).delete()
    for post in Post.objects.filter(author=user).select_related("thread"):
        title = _personal_data_removed(scrub(post.thread.title, user)) if post.is_opening else ""
        post.body = _personal_data_removed(scrub(post.body, user))
        _index(post, title=title)
        post.save(update_fields=["body", "search_title", "search_document"])
        if post.is_opening and title != post.thread.title:
            Thread.objects.filter(pk=post.thread_id).update(
                title=title[: Thread._meta.get_field("title").max_length]
            )
        affected += 1
    for thread in Thread.objects.filter(pk__in=threads_touched):
        _recount_thread(thread)
        _recount_category(thread.category_id)
    return affected


# What screening finds that points to a person (contact details, documents, homes,
# accounts): cut out of a former member's posts.
PERSONAL_DATA_CODES = frozenset(
    {"phone", "email", "messenger", "id_number", "address", "payment_details"}
)


def _personal_data_removed(text: str) -> str:
    """`text` with what screening takes for personal data cut out (screening is pure:
    no database, no network)."""
    from support.forum import screening

    found = screening.screen(text, allowlist=())
    spans = [
        span
        for reason in found.reasons
        if reason.code in PERSONAL_DATA_CODES
        for span in reason.spans
    ]
    return screening.redact(text, spans) if spans else text
