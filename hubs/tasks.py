"""Background work of the hubs: registration mails, messages to registrants, and
the registrations purge."""

from django.db import transaction
from django.utils import timezone

from conference.tasks import (
    PRIORITY_BULK_MAIL,
    PRIORITY_HOUSEKEEPING,
    Skip,
    background,
    enqueue,
    mail_task,
)
from hubs import emails
from hubs.models import MessageRecipient, Registration

Status = Registration.Status


def _registration(registration_id: int) -> Registration:
    registration = (
        Registration.objects.select_related("user", "hub", "hub__society", "conference")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        raise Skip(f"registration {registration_id} no longer exists")
    return registration


@mail_task()
def ticket_mail(registration_id: int):
    """The ticket (or "you are on the waiting list") after registering."""
    registration = _registration(registration_id)
    if registration.status == Status.CANCELLED:
        raise Skip(f"registration {registration_id} was cancelled before its ticket was sent")
    return emails.ticket(registration)


@mail_task()
def promotion_mail(registration_id: int):
    """A place became free for a waiting family."""
    registration = _registration(registration_id)
    if registration.status != Status.CONFIRMED:
        raise Skip(f"registration {registration_id} is no longer confirmed")
    return emails.promoted(registration)


@background(priority=PRIORITY_HOUSEKEEPING)
def registrations_purge() -> int:
    from hubs.services import registrations_purge_expired

    return registrations_purge_expired()


# Messages to registrants ----------------------------------------------------------

FAN_OUT_CHUNK = 200


@background(priority=PRIORITY_BULK_MAIL)
def registrant_message_fan_out(message_id: int) -> int:
    """Queue one mail per family of a message. Each family is marked queued in the
    transaction that queues its mail, so running this again (its worker died) queues
    only the families not queued yet."""
    queued = 0
    while True:
        with transaction.atomic():
            chunk = list(
                MessageRecipient.objects.select_for_update(skip_locked=True)
                .filter(message_id=message_id, queued_at__isnull=True)
                .values_list("pk", flat=True)[:FAN_OUT_CHUNK]
            )
            if not chunk:
                return queued
            MessageRecipient.objects.filter(pk__in=chunk).update(queued_at=timezone.now())
            for pk in chunk:
                enqueue(registrant_mail, pk)
        queued += len(chunk)


def _recipient_failed(recipient_id: int, **kwargs) -> None:
    MessageRecipient.objects.filter(pk=recipient_id, sent_at__isnull=True).update(
        failed_at=timezone.now()
    )


@mail_task(priority=PRIORITY_BULK_MAIL, on_give_up=_recipient_failed)
def registrant_mail(recipient_id: int):
    """One family's copy of a message to registrants, framed in their language."""
    recipient = (
        MessageRecipient.objects.select_related("user", "message", "message__hub")
        .filter(pk=recipient_id)
        .first()
    )
    if recipient is None:
        raise Skip(f"message recipient {recipient_id} no longer exists")
    if not recipient.user.is_active:
        _recipient_failed(recipient_id)
        raise Skip(f"the account of message recipient {recipient_id} is closed")
    message = recipient.message

    def sent() -> None:
        MessageRecipient.objects.filter(pk=recipient_id).update(
            sent_at=timezone.now(), failed_at=None
        )

    return emails.registrant_message(
        recipient.user, message, key=f"message:{recipient_id}", on_sent=sent
    )
