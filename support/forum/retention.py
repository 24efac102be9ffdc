"""What the forum keeps, and for how long, for the register of personal data
(support/forum/privacy.py): a former member's traces in the moderation audit log,
the end of rejected posts, and the end of audit entries.

The audit log is append-only for everyone (support/forum/models.py); these three
functions are the only writers allowed past that, for data protection, through a
plain queryset that skips the log's guard."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Max, Q

from support.forum.models import AuditEntry, Post, State, Thread

_TEXT_KEYS = ("body", "title")


def _unguarded(model=AuditEntry) -> models.QuerySet:
    return models.QuerySet(model)


def _cutoff(now: datetime.datetime, setting: str) -> datetime.datetime:
    return now - datetime.timedelta(days=settings.RETENTION[setting])


def audit_erase_member(user) -> int:
    """A member erases their account: entries about them, their posts or their reports
    (a flag's note is its reason) keep what was decided, when and by whom, but not
    the texts (the post's words before and after, a written reason may name them):
    those are cut to what points to nobody. The foreign keys to the member are set
    to null by the account's deletion."""
    from conference.erasure import scrub
    from support.forum.services import _personal_data_removed

    entries = _unguarded().filter(Q(member=user) | Q(post__author=user) | Q(actor=user))
    changed = 0
    for entry in entries:
        before, after = dict(entry.before), dict(entry.after)
        for states in (before, after):
            for key in _TEXT_KEYS:
                if states.get(key):
                    states[key] = _personal_data_removed(scrub(states[key], user))
        reason = _personal_data_removed(scrub(entry.reason, user))
        changed += (
            _unguarded().filter(pk=entry.pk).update(before=before, after=after, reason=reason)
        )
    return changed


def audit_purge(now: datetime.datetime) -> int:
    """Moderation audit entries older than RETENTION["audit_days"] (one year)."""
    deleted, _by_model = _unguarded().filter(created_at__lt=_cutoff(now, "audit_days")).delete()
    return deleted


def rejected_posts_purge(now: datetime.datetime) -> int:
    """Posts a moderator rejected (removed), RETENTION["forum_decided_days"] after the
    decision (the newest audit entry about them); a rejected opening post takes its
    thread with it. Posts deleted by their own author show "deleted by its author"
    and hold no text: they stay."""
    decided = (
        Post.objects.filter(state=State.REMOVED, deleted_by_author=False)
        .annotate(decided_at=Max("audit_entries__created_at"))
        .filter(decided_at__lt=_cutoff(now, "forum_decided_days"))
    )
    removed = 0
    for post in decided.select_related("thread"):
        if post.position == 1:
            removed += Thread.objects.filter(pk=post.thread_id).delete()[0]
        else:
            removed += Post.objects.filter(pk=post.pk).delete()[0]
    return removed
