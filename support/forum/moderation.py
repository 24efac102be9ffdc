"""Moderation of the forum: what happens before a post is published (screening,
watched words, pre-moderation of new members, flood control, sanctions), flags,
the moderators' actions, and the append-only audit log.

`publication_for` is called by `services._publication_state`, the one hook every
new post and every edit goes through; `after_publication` runs once the post is
stored (an automatic hold is audited and reaches the live review queue; a post
suggesting that someone may be at risk reaches the hub's support staff).

Every action takes keyword arguments, runs in one transaction, locks the thread
then the post (the order `services` uses) and checks, under the lock, that the
post is still in the state the moderator saw (`expected_state`): of two
moderators deciding the same post at once, one decides and the other is told it
was already decided. Each action needs a reason and writes an `AuditEntry`.
Who may act where is asked of conference/permissions.py only; a post outside
the moderator's categories is "not found", as in the pages.
"""

import contextlib
import datetime
import re
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conference import permissions
from conference.live import access_changed, send_after_commit
from conference.tasks import Skip, enqueue, mail_task
from support.forum import live
from support.forum.models import (
    AuditEntry,
    Category,
    Flag,
    ForumConcern,
    Post,
    PostRevision,
    Sanction,
    State,
    Thread,
    WatchedWord,
)
from support.forum.services import ForumError, Publication
from support.text import normalise

# Screening reasons that are personal data of families: staff posts are held for them too.
PERSONAL_CODES = frozenset({"phone", "email", "messenger", "id_number", "address"})

# Hold reasons that are not the screening's (support/forum/screening/messages.py).
EXTRA_LABELS = {
    "new_member": gettext_lazy("First posts of a new member"),
    "watched": gettext_lazy("A watched word"),
    "watched_flag": gettext_lazy("A watched word (published, flagged)"),
    "flags": gettext_lazy("Hidden after flags from members"),
}
EXTRA_EXPLANATIONS = {
    "new_member": gettext_lazy(
        "Welcome to the forum. The first posts of every new member are read by a moderator "
        "before others see them; this keeps the forum safe for families. It usually takes "
        "a few hours."
    ),
    "watched": gettext_lazy(
        "Your post contains words that a moderator reads before others see them. You can "
        "change it and post again, or wait: a moderator will read it soon."
    ),
}

# What moderators choose from when they act (they may also write their own reason).
REASON_TEMPLATES = {
    "scam": gettext_lazy(
        "It asked for money or offered news in exchange for something. Real help from the "
        "Red Cross and Red Crescent is always free."
    ),
    "personal": gettext_lazy(
        "It contained personal details (a phone number, an address or an account) that "
        "could put you or your family at risk."
    ),
    "private": gettext_lazy(
        "It invited people to talk in private. On this forum conversations stay in the "
        "open, where moderators can help."
    ),
    "hurtful": gettext_lazy("It could hurt other families. Please be gentle with each other."),
    "spam": gettext_lazy("It was advertising or repeated messages."),
    "off_topic": gettext_lazy("It did not belong in this place of the forum."),
    "fine": gettext_lazy("We read it and it is fine."),
}

SILENCE_DAYS = (1, 3, 7, 30)
SUSPENSION_DAYS = (1, 7, 30, 90, 365)


def explanation(code: str):
    """The kind sentence an author reads about one reason their post waits."""
    from support.forum.screening.messages import EXPLANATIONS

    return EXPLANATIONS.get(code) or EXTRA_EXPLANATIONS.get(code)


def label(code: str):
    from support.forum.screening.messages import LABELS

    return LABELS.get(code) or EXTRA_LABELS.get(code) or code


# Before a post is published ------------------------------------------------------------

_history: ContextVar[bool] = ContextVar("forum_history", default=False)


@contextlib.contextmanager
def writing_history():
    """Posts written inside are an established community's history (the demo's
    weeks of conversation): no pre-moderation of new members and no flood control.
    Screening, watched words and sanctions still apply."""
    token = _history.set(True)
    try:
        yield
    finally:
        _history.reset(token)


def check_may_write(*, author, category: Category) -> None:
    """A silenced or suspended member may not write here: a clear refusal."""
    sanction = active_sanction(author, category.hub_id)
    if sanction is None:
        return
    from conference import dates

    until = dates.moment(sanction.until)
    if sanction.kind == Sanction.Kind.SUSPENSION:
        message = _("Your access to the forum is suspended until %(until)s.")
    else:
        message = _("You can read the forum but not write in it until %(until)s.")
    raise ForumError(message % {"until": until}, "silenced")


def active_sanction(user, hub_id=None) -> Sanction | None:
    """The member's sanction that applies to a hub's categories (or to the global
    ones with `hub_id=None`), the longest first."""
    if not (user and user.is_authenticated):
        return None
    return (
        Sanction.objects.filter(member_id=user.pk, lifted_at__isnull=True, until__gt=timezone.now())
        .filter(Q(hub__isnull=True) | Q(hub_id=hub_id))
        .order_by("-kind", "-until")  # suspension before silence
        .first()
    )


def is_trusted(author) -> bool:
    """Has had FORUM_PREMODERATE_POSTS posts approved (or published)."""
    needed = settings.FORUM_PREMODERATE_POSTS
    if needed <= 0:
        return True
    published = Post.objects.filter(author=author, state=State.VISIBLE).values("pk")[:needed]
    return len(published) >= needed


def _flood_check(author, text: str, *, trusted: bool, now) -> None:
    if not trusted:
        hour = Post.objects.filter(author=author, created_at__gte=now - datetime.timedelta(hours=1))
        if hour.count() >= settings.FORUM_NEW_MEMBER_POSTS_PER_HOUR:
            raise ForumError(
                _(
                    "You have written many posts in the last hour. Please wait a little "
                    "before you post again; your words are kept below."
                ),
                "flood",
                "body",
            )
    minutes = settings.FORUM_DUPLICATE_MINUTES
    if minutes:
        wanted = normalise(text)
        recent = (
            Post.objects.filter(
                author=author, created_at__gte=now - datetime.timedelta(minutes=minutes)
            )
            .select_related("thread")
            .only("body", "position", "thread__title")[:20]
        )
        for post in recent:
            texts = {normalise(post.body)}
            if post.position == 1:
                texts.add(normalise(f"{post.thread.title}\n\n{post.body}"))
            if wanted in texts:
                raise ForumError(
                    _("You posted the same text a moment ago. It is there already."),
                    "duplicate",
                    "body",
                )


def _watched(text: str, *, language: str, hub_id) -> list[WatchedWord]:
    words = WatchedWord.objects.filter(Q(language="") | Q(language=language)).filter(
        Q(hub__isnull=True) | Q(hub_id=hub_id)
    )
    found = []
    folded = f" {normalise(text)} "
    for word in words:
        needle = normalise(word.word)
        if needle and f" {needle} " in folded:
            found.append(word)
    return found


def rewrite(*, author, body: str, category: Category) -> str:
    """The body with watched words set to "replace" replaced (whole words, any case)."""
    if permissions.is_staff_member(author):
        return body
    language = author.language or translation.get_language() or ""
    replacing = WatchedWord.objects.filter(action=WatchedWord.Action.REPLACE).filter(
        Q(language="") | Q(language=language)
    )
    replacing = replacing.filter(Q(hub__isnull=True) | Q(hub_id=category.hub_id))
    for word in replacing:
        pattern = re.compile(rf"(?<!\w){re.escape(word.word)}(?!\w)", re.IGNORECASE)
        body = pattern.sub(word.replacement or "•••", body)
    return body


ALLOWLIST_SECONDS = 60.0
_allowlist: tuple[float, tuple, tuple[str, ...]] = (0.0, (), ())


def _link_allowlist() -> tuple[str, ...]:
    """The link allowlist, read at most once a minute per process (two queries saved
    on every post; a directory site added shows within a minute)."""
    global _allowlist
    from support.forum.allowlist import link_allowlist

    read_at, setting, domains = _allowlist
    wanted = tuple(settings.FORUM_LINK_ALLOWLIST)
    if not read_at or setting != wanted or time.monotonic() - read_at > ALLOWLIST_SECONDS:
        domains = link_allowlist()
        _allowlist = (time.monotonic(), wanted, domains)
    return domains


def _forget_allowlist(**kwargs) -> None:
    global _allowlist
    _allowlist = (0.0, (), ())


def _watch_directory() -> None:
    """A support service or national society saved: read the allowlist again."""
    from django.db.models.signals import post_delete, post_save

    from hubs.models import NationalSociety
    from support.library.models import SupportService

    for model in (SupportService, NationalSociety):
        for signal in (post_save, post_delete):
            signal.connect(_forget_allowlist, sender=model, dispatch_uid=f"forum-allow-{signal}")


_watch_directory()


def publication_for(*, author, text: str, category: Category, post=None) -> Publication:
    """Whether `text` (a new post, or an edit of `post`) is published or held."""
    from support.forum.screening import screen

    check_may_write(author=author, category=category)
    language = author.language or translation.get_language() or ""
    result = screen(text, lang=language, allowlist=_link_allowlist())
    codes = list(result.codes)
    if permissions.is_staff_member(author):
        # Staff are trusted, but a family's number in an announcement is still held.
        codes = [code for code in codes if code in PERSONAL_CODES or code == "at_risk"]
        held = any(code in PERSONAL_CODES for code in codes)
        return Publication(State.PENDING if held else State.VISIBLE, tuple(codes))
    now = timezone.now()
    editing_published = post is not None and post.state == State.VISIBLE
    history = _history.get()
    trusted = history or editing_published or is_trusted(author)
    if post is None and not history:
        _flood_check(author, text, trusted=trusted, now=now)
    held = result.hold
    for word in _watched(text, language=language, hub_id=category.hub_id):
        if word.action == WatchedWord.Action.BLOCK:
            raise ForumError(
                word.message or _("This post cannot be published. Please change it."),
                "blocked",
                "body",
            )
        if word.action == WatchedWord.Action.HOLD and "watched" not in codes:
            codes.append("watched")
            held = True
        if word.action == WatchedWord.Action.FLAG and "watched_flag" not in codes:
            codes.append("watched_flag")
    if not trusted:
        codes.append("new_member")
        held = True
    return Publication(State.PENDING if held else State.VISIBLE, tuple(codes))


def after_publication(*, post: Post, decided: Publication) -> None:
    """Once a post (new or edited) is stored: audit and announce an automatic hold,
    flag a watched word, tell support staff when someone may be at risk."""
    reasons = list(decided.reasons)
    if post.state == State.PENDING:
        if post.hold_codes != reasons:
            post.hold_codes = reasons
            post.save(update_fields=["hold_codes"])
        _audit(
            actor=None,
            action=AuditEntry.Action.HOLD,
            post=post,
            reason=", ".join(str(label(code)) for code in reasons),
            after={"state": post.state, "codes": reasons},
        )
        _tell_queue(post, "new")
    if "watched_flag" in reasons and post.state == State.VISIBLE:
        if not Flag.objects.filter(post=post, member=None, resolved_at=None).exists():
            Flag.objects.create(post=post, member=None, reason=Flag.Reason.OTHER, note="watched")
            _tell_queue(post, "new")
    elif post.edited_at is not None:
        _tell_queue(post, "changed")  # an edit may have let it through: queues look again
    if "at_risk" in reasons:
        concern_raise(post=post, raised_by=None)


# Telling moderators and support staff ---------------------------------------------------


def _tell_queue(post: Post, change: str) -> None:
    send_after_commit(
        live.review_group(post.thread.category.hub_id),
        "review.item",
        post=post.pk,
        change=change,
        robust=True,
    )


def _concern_hubs(post: Post) -> list[int | None]:
    """Whose support staff hear of a concern: the category's hub, else the hubs the
    member is registered at (None when none: global admins only)."""
    category = post.thread.category
    if category.hub_id:
        return [category.hub_id]
    from hubs.models import Registration

    hubs = (
        Registration.objects.filter(user_id=post.author_id)
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("hub_id", flat=True)
        .distinct()
    )
    return sorted(set(hubs)) or [None]


def concern_raise(*, post: Post, raised_by=None) -> list[ForumConcern]:
    """Someone may be at risk: the support staff on duty of the member's hubs hear of
    it on their support-signals page, live (never another family)."""
    from support.signals import live as signals_live

    if ForumConcern.objects.filter(post=post, closed_at__isnull=True).exists():
        return []
    concerns = []
    for hub_id in _concern_hubs(post):
        concern = ForumConcern.objects.create(
            post=post, member_id=post.author_id, raised_by=raised_by, hub_id=hub_id
        )
        concerns.append(concern)
        if hub_id is not None:
            send_after_commit(
                signals_live.hub_group(hub_id),
                "support.forum_concern",
                concern=concern.pk,
                url=reverse("forum:post", args=[post.pk]),
                change="new",
                robust=True,
            )
    _audit(
        actor=raised_by,
        action=AuditEntry.Action.AT_RISK,
        post=post,
        reason="flag" if raised_by else "screening",
    )
    return concerns


@transaction.atomic
def concern_close(*, user, concern_id: int) -> ForumConcern:
    concern = ForumConcern.objects.select_for_update().filter(pk=concern_id).first()
    hubs = permissions.support_signal_hub_ids(user)
    if concern is None or not (
        concern.hub_id in hubs or (concern.hub_id is None and permissions.is_global_admin(user))
    ):
        raise ForumError(_("This does not exist."), "not_found")
    if concern.closed_at is None:
        concern.closed_at = timezone.now()
        concern.closed_by = user
        concern.save(update_fields=["closed_at", "closed_by"])
    return concern


# The audit log -----------------------------------------------------------------------------


def _audit(
    *,
    actor,
    action,
    post=None,
    thread=None,
    category=None,
    member=None,
    reason="",
    hub_id=None,
    **states,
) -> AuditEntry:
    thread = thread or (post.thread if post is not None else None)
    category = category or (thread.category if thread is not None else None)
    if category is not None:
        hub_id = category.hub_id
    return AuditEntry.objects.create(
        actor=actor if (actor and actor.is_authenticated) else None,
        action=action,
        hub_id=hub_id,
        category=category,
        thread=thread,
        post=post,
        member=member or (post.author if post is not None else None),
        reason=str(reason)[:2000],
        before=states.get("before", {}),
        after=states.get("after", {}),
    )


def audit_entries_for(user):
    """The entries this person may read: their hubs' and the global ones
    (moderators), every one (global admins)."""
    entries = AuditEntry.objects.select_related("actor", "member", "thread", "category")
    hubs = permissions.moderated_hub_ids(user)
    if hubs is None:
        return entries
    if not hubs:
        return entries.none()
    return entries.filter(Q(hub__isnull=True) | Q(hub_id__in=hubs))


# Flags -------------------------------------------------------------------------------------


@transaction.atomic
def flag_create(*, member, post: Post, reason: str, note: str = "") -> Flag:
    """A member flags a post, once. Flags from FORUM_FLAGS_TO_HIDE members hide it
    until a moderator decides; "someone may be at risk" reaches support staff."""
    if not (member and member.is_authenticated):
        raise ForumError(_("Please sign in first."), "anonymous")
    thread = Thread.objects.select_for_update().select_related("category").get(pk=post.thread_id)
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.thread = thread
    if not permissions.can_see_post(member, post) or post.state != State.VISIBLE:
        raise ForumError(_("This post does not exist."), "not_found")
    if post.author_id == member.pk:
        raise ForumError(_("You cannot report your own post."), "own")
    if reason not in Flag.Reason.values:
        raise ForumError(_("Please choose what is wrong."), "reason", "reason")
    note = (note or "").strip()[:300]
    if reason == Flag.Reason.OTHER and not note:
        raise ForumError(_("Please say in a few words what is wrong."), "note", "note")
    try:
        with transaction.atomic():
            flag = Flag.objects.create(post=post, member=member, reason=reason, note=note)
    except IntegrityError:
        raise ForumError(
            _("You have already reported this post. Thank you: a moderator will read it."),
            "already",
        ) from None
    _audit(
        actor=member, action=AuditEntry.Action.FLAG, post=post, reason=f"{reason} {note}".strip()
    )
    if reason == Flag.Reason.AT_RISK:
        concern_raise(post=post, raised_by=member)
    members = (
        Flag.objects.filter(post=post, resolved_at__isnull=True, member__isnull=False)
        .values("member")
        .distinct()
        .count()
    )
    if members >= settings.FORUM_FLAGS_TO_HIDE:
        from support.forum import services

        services._set_state(post, State.HIDDEN, reasons=("flags",))
        Post.objects.filter(pk=post.pk).update(hold_codes=["flags"])
        _audit(
            actor=None,
            action=AuditEntry.Action.AUTO_HIDE,
            post=post,
            reason=_("Flags from %(count)s members") % {"count": members},
            before={"state": State.VISIBLE},
            after={"state": State.HIDDEN},
        )
    _tell_queue(post, "new")
    return flag


# Moderators' actions on posts --------------------------------------------------------------


def reason_text(*, template: str = "", written: str = "") -> str:
    """The reason of an action: the moderator's own words, or a template's."""
    written = (written or "").strip()
    if written:
        return written[:1000]
    if template in REASON_TEMPLATES:
        return str(REASON_TEMPLATES[template])
    raise ForumError(_("Please give a reason."), "reason", "reason")


def _already_decided() -> ForumError:
    return ForumError(
        _("Another moderator has already decided about this post. Nothing was changed."),
        "already_decided",
    )


def _post_for_moderator(actor, post_id) -> Post:
    """The post, its thread locked first, then the post; "not found" outside the
    moderator's categories."""
    thread_id = Post.objects.filter(pk=post_id).values_list("thread_id", flat=True).first()
    if thread_id is None:
        raise ForumError(_("This post does not exist."), "not_found")
    thread = Thread.objects.select_for_update(of=("self",)).select_related("category")
    thread = thread.get(pk=thread_id)
    if not permissions.can_moderate_category(actor, thread.category):
        raise ForumError(_("This post does not exist."), "not_found")
    post = Post.objects.select_for_update(of=("self",)).select_related("author").get(pk=post_id)
    post.thread = thread
    return post


def _open_flags(post: Post):
    return Flag.objects.filter(post=post, resolved_at__isnull=True)


def _expect(post: Post, expected_state: str | None, allowed: tuple[str, ...]) -> None:
    if expected_state is not None and post.state != expected_state:
        raise _already_decided()
    if post.state not in allowed:
        raise _already_decided()


def _decide(
    *, actor, post: Post, action, state: str, reason: str, template: str = "", extra=None
) -> Post:
    from support.forum import services

    before = {"state": post.state, "codes": post.hold_codes}
    if post.state != state:
        services.post_set_state(actor=actor, post=post, state=state, reasons=post.hold_codes)
        post.refresh_from_db(fields=["state", "hold_codes"])
    _open_flags(post).update(resolved_at=timezone.now())
    after = {"state": state, **(extra or {})}
    if template:
        after["template"] = template
    _audit(actor=actor, action=action, post=post, reason=reason, before=before, after=after)
    _tell_queue(post, "decided")
    return post


@transaction.atomic
def post_approve(*, actor, post_id: int, reason: str, expected_state: str | None = None) -> Post:
    """Publish a held post, show a hidden one again, or keep a flagged one."""
    post = _post_for_moderator(actor, post_id)
    _expect(post, expected_state, (State.PENDING, State.HIDDEN, State.VISIBLE))
    if post.state == State.VISIBLE and not _open_flags(post).exists():
        raise _already_decided()
    return _decide(
        actor=actor, post=post, action=AuditEntry.Action.APPROVE, state=State.VISIBLE, reason=reason
    )


@transaction.atomic
def post_reject(
    *, actor, post_id: int, reason: str, template: str = "", expected_state: str | None = None
) -> Post:
    """Remove a post; its author is told why, in their language."""
    post = _post_for_moderator(actor, post_id)
    _expect(post, expected_state, (State.PENDING, State.HIDDEN, State.VISIBLE))
    post = _decide(
        actor=actor,
        post=post,
        action=AuditEntry.Action.REJECT,
        state=State.REMOVED,
        reason=reason,
        template=template,
    )
    if post.author_id:
        entry = AuditEntry.objects.filter(post=post, action=AuditEntry.Action.REJECT).first()
        enqueue(rejection_mail, entry.pk)
    return post


@transaction.atomic
def post_hide(*, actor, post_id: int, reason: str, expected_state: str | None = None) -> Post:
    post = _post_for_moderator(actor, post_id)
    _expect(post, expected_state, (State.VISIBLE, State.PENDING))
    return _decide(
        actor=actor, post=post, action=AuditEntry.Action.HIDE, state=State.HIDDEN, reason=reason
    )


@transaction.atomic
def post_restore(*, actor, post_id: int, reason: str, expected_state: str | None = None) -> Post:
    post = _post_for_moderator(actor, post_id)
    _expect(post, expected_state, (State.HIDDEN, State.REMOVED))
    return _decide(
        actor=actor,
        post=post,
        action=AuditEntry.Action.RESTORE,
        state=State.VISIBLE,
        reason=reason,
    )


@transaction.atomic
def post_redact(
    *, actor, post_id: int, reason: str, body: str | None = None, expected_state=None
) -> Post:
    """Remove personal data from a post: the moderator's corrected text, or every
    span the screening found masked. The original is kept in the audit entry only
    (earlier versions of the post are masked the same way)."""
    from support.forum import search, services
    from support.forum.screening import redact, screen

    post = _post_for_moderator(actor, post_id)
    _expect(post, expected_state, (State.PENDING, State.HIDDEN, State.VISIBLE))
    original = post.body
    if body is not None and body.strip():
        new_body = services.clean_body(body)
    else:
        new_body = redact(original, screen(original).spans)
    if new_body == original:
        raise ForumError(_("Nothing to remove was found. Change the text yourself."), "nothing")
    post.body = new_body
    post.hold_codes = [code for code in post.hold_codes if code not in PERSONAL_CODES]
    post.search_title, post.search_document = search.document_for(
        post, title=post.thread.title if post.is_opening else ""
    )
    post.save(update_fields=["body", "hold_codes", "search_title", "search_document"])
    services._after_index(post)
    for revision in PostRevision.objects.filter(post=post):
        revision.body = redact(revision.body, screen(revision.body).spans)
        revision.save(update_fields=["body"])
    _audit(
        actor=actor,
        action=AuditEntry.Action.REDACT,
        post=post,
        reason=reason,
        before={"state": post.state, "body": original},
        after={"state": post.state, "body": new_body},
    )
    if post.state == State.VISIBLE:
        services._announce_post(post, "forum.post_changed")
    _tell_queue(post, "changed")
    return post


@mail_task()
def rejection_mail(entry_id: int):
    """The author of a removed post is told why, in their language."""
    from conference.mail import Mail

    entry = AuditEntry.objects.select_related("post__thread", "member").filter(pk=entry_id).first()
    if entry is None or entry.member is None or not entry.member.is_active:
        raise Skip(f"audit entry {entry_id} has nobody to tell")
    template = entry.after.get("template", "")
    return Mail(
        user=entry.member,
        template="forum/email/rejected",
        context={
            "thread_title": entry.post.thread.title if entry.post else "",
            # Lazy: translated when the mail is rendered, in the member's language.
            "template": REASON_TEMPLATES.get(template, ""),
            "written": "" if template in REASON_TEMPLATES else entry.reason,
            "body": entry.post.body if entry.post else "",
            "help_url": reverse("library:help"),
        },
        key=f"forum-rejected:{entry_id}",
    )


# Threads -------------------------------------------------------------------------------------


def _thread_for_moderator(actor, thread_id) -> Thread:
    thread = (
        Thread.objects.select_for_update(of=("self",))
        .select_related("category")
        .filter(pk=thread_id)
        .first()
    )
    if thread is None or not permissions.can_moderate_category(actor, thread.category):
        raise ForumError(_("This thread does not exist."), "not_found")
    return thread


_THREAD_FLAGS = {
    "lock": ("locked", True, AuditEntry.Action.LOCK),
    "unlock": ("locked", False, AuditEntry.Action.UNLOCK),
    "pin": ("pinned", True, AuditEntry.Action.PIN),
    "unpin": ("pinned", False, AuditEntry.Action.UNPIN),
}


@transaction.atomic
def thread_set(*, actor, thread_id: int, change: str, reason: str) -> Thread:
    """Lock, unlock, pin or unpin a thread."""
    if change not in _THREAD_FLAGS:
        raise ForumError(_("This is not something a thread can be."), "bad_change")
    field, value, action = _THREAD_FLAGS[change]
    thread = _thread_for_moderator(actor, thread_id)
    if getattr(thread, field) == value:
        raise ForumError(_("This thread is already so. Nothing was changed."), "already_decided")
    setattr(thread, field, value)
    thread.save(update_fields=[field])
    _audit(
        actor=actor,
        action=action,
        thread=thread,
        member=thread.author,
        reason=reason,
        before={field: not value},
        after={field: value},
    )
    return thread


@transaction.atomic
def thread_move(*, actor, thread_id: int, category: Category, reason: str) -> Thread:
    """Move a thread to another category the moderator moderates."""
    from support.forum import services

    thread = _thread_for_moderator(actor, thread_id)
    if not permissions.can_moderate_category(actor, category):
        raise ForumError(_("This category does not exist."), "not_found", "category")
    if category.pk == thread.category_id:
        raise ForumError(_("The thread is already there."), "already_decided", "category")
    old = thread.category
    thread.category = category
    thread.save(update_fields=["category"])
    services._recount_category(old.pk)
    services._recount_category(category.pk)
    _audit(
        actor=actor,
        action=AuditEntry.Action.MOVE,
        thread=thread,
        category=old,
        member=thread.author,
        reason=reason,
        before={"category": old.slug},
        after={"category": category.slug},
    )
    return thread


# Members ---------------------------------------------------------------------------------------


@transaction.atomic
def member_sanction(
    *, actor, member, kind: str, hub=None, days: int, reason: str, message: str = ""
) -> Sanction:
    """Silence (read-only) or suspend a member for `days`, in `hub`'s categories or
    (hub None) in the whole forum. Their open pages and sockets follow at once."""
    if kind not in Sanction.Kind.values:
        raise ForumError(_("Please choose silence or suspension."), "bad_kind", "kind")
    hub_id = hub.pk if hasattr(hub, "pk") else hub
    if not permissions.can_sanction(actor, hub_id):
        raise ForumError(_("This member does not exist."), "not_found")
    if member is None or member.pk == getattr(actor, "pk", None):
        raise ForumError(_("This member does not exist."), "not_found")
    if permissions.is_staff_member(member) and not permissions.is_global_admin(actor):
        raise ForumError(_("Staff are not sanctioned here; ask a global admin."), "staff")
    allowed = SILENCE_DAYS if kind == Sanction.Kind.SILENCE else SUSPENSION_DAYS
    if days not in allowed:
        raise ForumError(_("Please choose how long."), "bad_days", "days")
    now = timezone.now()
    sanction = Sanction.objects.create(
        member=member,
        kind=kind,
        hub_id=hub_id,
        until=now + datetime.timedelta(days=days),
        message=(message or "").strip()[:1000],
        created_by=actor,
        created_at=now,
    )
    _audit(
        actor=actor,
        action=AuditEntry.Action.SUSPEND if kind == "suspension" else AuditEntry.Action.SILENCE,
        member=member,
        reason=reason,
        hub_id=hub_id,
        after={"kind": kind, "hub": hub_id, "until": sanction.until.isoformat(), "days": days},
    )
    permissions.forget_roles(member)
    access_changed([member.pk])
    return sanction


@transaction.atomic
def sanction_lift(*, actor, sanction_id: int, reason: str) -> Sanction:
    sanction = Sanction.objects.select_for_update().filter(pk=sanction_id).first()
    if sanction is None or not permissions.can_sanction(actor, sanction.hub_id):
        raise ForumError(_("This does not exist."), "not_found")
    if not sanction.is_active():
        raise ForumError(_("This has already ended. Nothing was changed."), "already_decided")
    sanction.lifted_at = timezone.now()
    sanction.lifted_by = actor
    sanction.end_audited = True
    sanction.save(update_fields=["lifted_at", "lifted_by", "end_audited"])
    _audit(
        actor=actor,
        action=AuditEntry.Action.LIFT,
        member=sanction.member,
        reason=reason,
        hub_id=sanction.hub_id,
        before={"kind": sanction.kind, "until": sanction.until.isoformat()},
        after={"lifted": True},
    )
    access_changed([sanction.member_id])
    return sanction


def sanctions_expire(*, now=None) -> int:
    """Write the end of every sanction that ran out into the audit log, once each
    (the periodic job `forum_sanctions_expire`; safe to run twice at once)."""
    now = now or timezone.now()
    count = 0
    ended = Sanction.objects.filter(lifted_at__isnull=True, until__lte=now, end_audited=False)
    for pk in ended.values_list("pk", flat=True)[:500]:
        with transaction.atomic():
            sanction = (
                Sanction.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, end_audited=False)
                .first()
            )
            if sanction is None:
                continue
            sanction.end_audited = True
            sanction.save(update_fields=["end_audited"])
            _audit(
                actor=None,
                action=AuditEntry.Action.EXPIRE,
                member=sanction.member,
                reason=sanction.get_kind_display(),
                hub_id=sanction.hub_id,
                before={"kind": sanction.kind, "until": sanction.until.isoformat()},
                after={"ended": True},
            )
            count += 1
    return count


# Watched words ---------------------------------------------------------------------------------


@transaction.atomic
def watched_word_add(
    *,
    actor,
    word: str,
    action: str,
    language: str = "",
    hub=None,
    message: str = "",
    replacement: str = "",
) -> WatchedWord:
    hub_id = hub.pk if hasattr(hub, "pk") else hub
    if not permissions.can_moderate(actor, hub_id):
        raise ForumError(_("This does not exist."), "not_found")
    word = " ".join((word or "").split())
    if not normalise(word):
        raise ForumError(_("Please write the word or phrase."), "word", "word")
    if len(word) > 100:
        raise ForumError(_("Please keep it under 100 characters."), "word", "word")
    if action not in WatchedWord.Action.values:
        raise ForumError(_("Please choose what to do."), "action", "action")
    if action == WatchedWord.Action.REPLACE and not replacement.strip():
        raise ForumError(_("Please write what replaces it."), "replacement", "replacement")
    entry = WatchedWord.objects.create(
        word=word,
        action=action,
        language=language or "",
        hub_id=hub_id,
        message=(message or "").strip()[:300],
        replacement=(replacement or "").strip()[:100],
        created_by=actor,
    )
    AuditEntry.objects.create(
        actor=actor,
        action=AuditEntry.Action.WATCHED_ADD,
        hub_id=hub_id,
        reason=word,
        after={"word": word, "action": action, "language": language},
    )
    return entry


@transaction.atomic
def watched_word_remove(*, actor, word_id: int) -> None:
    word = WatchedWord.objects.select_for_update().filter(pk=word_id).first()
    if word is None or not permissions.can_manage_watched_word(actor, word):
        raise ForumError(_("This does not exist."), "not_found")
    AuditEntry.objects.create(
        actor=actor,
        action=AuditEntry.Action.WATCHED_REMOVE,
        hub_id=word.hub_id,
        reason=word.word,
        before={"word": word.word, "action": word.action, "language": word.language},
    )
    word.delete()


# The review queue --------------------------------------------------------------------------------


def review_posts(user):
    """Held, flagged and hidden posts of the categories this person moderates,
    oldest first, with their thread, category and author (one query)."""
    flagged = Flag.objects.filter(resolved_at__isnull=True).values("post_id")
    return (
        Post.objects.filter(thread__category__in=permissions.moderated_category_ids(user))
        .filter(Q(state__in=[State.PENDING, State.HIDDEN]) | Q(pk__in=flagged))
        .exclude(deleted_by_author=True)
        .select_related("thread__category__hub", "author")
        .order_by("created_at", "pk")
    )
