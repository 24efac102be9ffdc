"""Support signals and their private conversations.

A family admitted in a circle raises a signal ("I need support"); the circle's
facilitators and the hub's support staff on duty hear of it at once. One of them
acknowledges it, and the family is told at once. Then the family and those who may
handle the signal (`permissions.can_handle_support_signals`) write to each other
in the signal's conversation, live, until someone closes the signal. No other
family ever sees any of it. The messages are deleted with their signal.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference import permissions
from conference.live import send_after_commit
from sessions_app import live as circle_live
from support.signals import live, selectors
from support.signals.models import SupportMessage, SupportSignal

MESSAGE_MAX_LENGTH = 1000
MESSAGE_BURST = 5  # messages …
MESSAGE_BURST_SECONDS = 10  # … per this many seconds, per person and conversation
NOTE_MAX_LENGTH = 300


class SupportError(Exception):
    """A refused support action; `message` is translated, `code` is for programs."""

    def __init__(self, code: str, message: str = ""):
        super().__init__(code)
        self.code = code
        self.message = message or _("This is not possible.")


def _not_found() -> SupportError:
    return SupportError("not_found", _("There is no such support signal."))


# Telling people -------------------------------------------------------------------


def _tell_staff(signal: SupportSignal, change: str) -> None:
    """The circle's runners (their circle page) and the hub's support-signals pages."""
    data = selectors.signal_data(signal, change=change)
    send_after_commit(circle_live.staff_group(signal.session_id), "support.signal", signal=data)
    send_after_commit(live.hub_group(signal.session.hub_id), "support.signal", signal=data)


def _tell_conversation(signal: SupportSignal, event_type: str, **data) -> None:
    """Everyone on the conversation's page, and the family's own circle pages."""
    send_after_commit(live.conversation_group(signal.pk), event_type, signal=signal.pk, **data)
    send_after_commit(
        circle_live.user_group(signal.session_id, signal.user_id),
        event_type,
        signal=signal.pk,
        **data,
    )


# Raising and handling a signal -----------------------------------------------------


@transaction.atomic
def support_signal_raise(*, access) -> SupportSignal:
    """A family in a circle (`access`: its `circles.Access`) asks privately for support.
    Only the circle's facilitators and the hub's support staff hear of it; one open
    signal per person and circle."""
    if access.runner or not access.admitted:
        raise SupportError("forbidden", _("You are not allowed to do this in this circle."))
    signals = selectors.with_people(SupportSignal.objects.all())
    signal = signals.filter(
        session=access.session, user_id=access.user_id, closed_at__isnull=True
    ).first()
    if signal is not None:
        return signal
    created = SupportSignal.objects.create(session=access.session, user_id=access.user_id)
    signal = signals.get(pk=created.pk)
    _tell_staff(signal, "new")
    send_after_commit(
        circle_live.user_group(signal.session_id, signal.user_id),
        "support.mine",
        signal=selectors.family_signal_data(signal),
    )
    return signal


def _signal_for_handler(user, signal_id: int) -> SupportSignal:
    signal = (
        selectors.with_people(SupportSignal.objects.select_for_update(of=("self",)))
        .filter(pk=signal_id)
        .first()
    )
    if signal is None or not permissions.can_handle_support_signals(user, signal.session):
        raise _not_found()
    return signal


def _acknowledge(signal: SupportSignal, user, now: datetime.datetime) -> None:
    signal.acknowledged_at = now
    signal.acknowledged_by = user
    signal.save(update_fields=["acknowledged_at", "acknowledged_by"])
    _tell_conversation(signal, "support.acknowledged")


@transaction.atomic
def support_signal_acknowledge(*, user, signal_id: int) -> SupportSignal:
    """Someone takes the signal on; the family is told at once."""
    signal = _signal_for_handler(user, signal_id)
    if signal.closed_at is not None:
        raise SupportError("closed", _("This support signal is already closed."))
    if signal.acknowledged_at is None:
        _acknowledge(signal, user, timezone.now())
    _tell_staff(signal, "acknowledged")
    return signal


@transaction.atomic
def support_signal_close(*, user, signal_id: int, note: str = "") -> SupportSignal:
    """Record that the person was followed up; the conversation then takes no more
    messages (it stays readable until the signal is deleted)."""
    signal = _signal_for_handler(user, signal_id)
    if not isinstance(note, str):
        raise SupportError("invalid", _("This request is not valid."))
    now = timezone.now()
    if signal.acknowledged_at is None:
        signal.acknowledged_at = now
        signal.acknowledged_by = user
    was_open = signal.closed_at is None
    signal.closed_at = signal.closed_at or now
    signal.closed_by = signal.closed_by or user
    signal.follow_up_note = note.strip()[:NOTE_MAX_LENGTH]
    signal.save()
    if was_open:
        _tell_conversation(signal, "support.closed")
    _tell_staff(signal, "closed")
    return signal


# The conversation -------------------------------------------------------------------


def conversation_for(user, signal_id: int) -> SupportSignal:
    """The signal whose conversation `user` may read, or SupportError("not_found")."""
    signal = (
        selectors.with_people(SupportSignal.objects.all())
        .select_related("session__hub")
        .filter(pk=signal_id)
        .first()
    )
    if signal is None or not permissions.can_see_support_conversation(user, signal):
        raise _not_found()
    return signal


@transaction.atomic
def support_message_send(*, user, signal_id: int, body) -> dict:
    """One message in a signal's conversation, from the family or from staff.

    Staff writing to a signal nobody has acknowledged yet acknowledge it."""
    signal = (
        selectors.with_people(SupportSignal.objects.select_for_update(of=("self",)))
        .filter(pk=signal_id)
        .first()
    )
    if signal is None or not permissions.can_see_support_conversation(user, signal):
        raise _not_found()
    if not isinstance(body, str):
        raise SupportError("invalid", _("Messages must be text."))
    body = body.strip()
    if not body:
        raise SupportError("empty", _("Write something first."))
    if len(body) > MESSAGE_MAX_LENGTH:
        raise SupportError(
            "too_long",
            _("Please keep messages under %(count)d characters.") % {"count": MESSAGE_MAX_LENGTH},
        )
    if signal.closed_at is not None:
        raise SupportError(
            "closed", _("This conversation is closed. It can be read but takes no new messages.")
        )
    now = timezone.now()
    recent = SupportMessage.objects.filter(
        signal=signal,
        author=user,
        created_at__gte=now - datetime.timedelta(seconds=MESSAGE_BURST_SECONDS),
    )
    if recent.count() >= MESSAGE_BURST:
        raise SupportError("too_fast", _("Please wait a moment before writing again."))
    from_staff = signal.user_id != user.pk
    if from_staff and signal.acknowledged_at is None:
        _acknowledge(signal, user, now)
    message = SupportMessage.objects.create(
        signal=signal,
        author=user,
        from_staff=from_staff,
        display_name=user.display_name,
        body=body,
    )
    data = selectors.message_data(message)
    _tell_conversation(signal, "support.message", message=data)
    _tell_staff(signal, "message")
    return data
