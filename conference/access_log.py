"""The staff access log: every time staff look at or export families' personal data
(registration lists and exports, the check-in desk's lookups, support signals, a
member's moderation history), who, what, when, how many records, where.

Global admins read all of it; an organiser reads their hub's (see
`permissions.can_read_access_log`). Entries are kept one year (conference/retention.py)
and never edited: the admin shows them read-only."""

import datetime

from django.db.models import QuerySet

from conference.models import StaffAccess

What = StaffAccess.What


def access_log_record(*, actor, what: str, hub=None, records: int = 0, reason: str = "") -> None:
    """Record one look at families' data. `what` is a `StaffAccess.What` value."""
    if what not in What.values:
        raise ValueError(f"unknown access {what!r}")
    if actor is None or not actor.is_authenticated:
        return
    StaffAccess.objects.create(
        actor=actor, what=what, hub=hub, records=max(0, int(records)), reason=reason[:32]
    )


def access_log_forum_history(*, actor, hub=None, records: int) -> None:
    """For the forum's moderation pages: a moderator read a member's history."""
    access_log_record(actor=actor, what=What.FORUM_HISTORY, hub=hub, records=records)


def entries(
    *,
    hub_ids=None,
    hub_id: int | None = None,
    what: str = "",
    actor: str = "",
    since: datetime.date | None = None,
) -> QuerySet:
    """Entries, newest first, filtered. `hub_ids`: the hubs the reader may see
    (None: all)."""
    rows = StaffAccess.objects.select_related("actor", "hub").order_by("-created_at", "-pk")
    if hub_ids is not None:
        rows = rows.filter(hub_id__in=hub_ids)
    if hub_id:
        rows = rows.filter(hub_id=hub_id)
    if what:
        rows = rows.filter(what=what)
    if actor:
        rows = rows.filter(actor__pseudonym__icontains=actor)
    if since:
        rows = rows.filter(created_at__date__gte=since)
    return rows
