"""Reads of support signals and conversations, as plain dicts for pages and sockets."""

import datetime

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from support.signals.models import SupportMessage, SupportSignal

# How long a closed signal stays in the facilitator's list in the circle.
RECENTLY_CLOSED = datetime.timedelta(hours=2)


def with_people(queryset):
    return queryset.select_related("session", "user", "acknowledged_by")


def conversation_url(signal_id: int) -> str:
    return reverse("support_signals:conversation", args=[signal_id])


def signal_data(signal: SupportSignal, *, change: str = "") -> dict:
    """What staff see of a signal (`change`: what just happened, for live pages)."""
    return {
        "id": signal.pk,
        "circle": signal.session_id,
        "circle_title": signal.session.title,
        "user": signal.user_id,
        "name": signal.person_name,
        "at": signal.created_at.isoformat(),
        "acknowledged": signal.acknowledged_at is not None,
        "acknowledged_by": signal.acknowledged_by.display_name if signal.acknowledged_by else "",
        "closed": signal.closed_at is not None,
        "url": conversation_url(signal.pk),
        "change": change,
    }


def family_signal_data(signal: SupportSignal, messages=()) -> dict:
    """What the family sees of its own signal: no staff notes, no other family."""
    return {
        "id": signal.pk,
        "acknowledged": signal.acknowledged_at is not None,
        "closed": signal.closed_at is not None,
        "url": conversation_url(signal.pk),
        "messages": [message_data(m) for m in messages],
    }


def message_data(message: SupportMessage) -> dict:
    return {
        "id": message.pk,
        "user": message.author_id,
        "name": message.shown_name,
        "staff": message.from_staff,
        "body": message.body,
        "at": message.created_at.isoformat(),
    }


def signals_for(session) -> list[dict]:
    """A circle's signals, for those running it: open ones and those closed lately."""
    signals = with_people(
        SupportSignal.objects.filter(session=session).filter(
            Q(closed_at__isnull=True) | Q(closed_at__gte=timezone.now() - RECENTLY_CLOSED)
        )
    )
    return [signal_data(s) for s in signals]


def my_open_signal(session, user_id: int) -> dict | None:
    """The family's own open signal in this circle, with its conversation."""
    signal = SupportSignal.objects.filter(
        session=session, user_id=user_id, closed_at__isnull=True
    ).first()
    if signal is None:
        return None
    return family_signal_data(signal, signal.messages.all())


def open_signals(hub_ids):
    """Open signals of these hubs' circles for the staff list, oldest first, with how
    many messages each conversation has and when the last one came."""
    return (
        with_people(
            SupportSignal.objects.filter(session__hub_id__in=hub_ids, closed_at__isnull=True)
        )
        .select_related("session__hub")
        .annotate(message_count=Count("messages"), last_message_at=Max("messages__created_at"))
        .order_by("created_at", "pk")
    )


def conversation(signal: SupportSignal) -> list[dict]:
    return [message_data(m) for m in signal.messages.all()]


def open_forum_concerns(hub_ids, *, unplaced: bool = False):
    """Forum posts suggesting someone may be at risk, for these hubs' support staff
    (`unplaced`: also those of members registered at no hub, for global admins)."""
    from support.forum.models import ForumConcern

    where = Q(hub_id__in=hub_ids)
    if unplaced:
        where |= Q(hub__isnull=True)
    return (
        ForumConcern.objects.filter(where, closed_at__isnull=True)
        .select_related("post__thread", "member", "hub")
        .order_by("created_at", "pk")
    )
