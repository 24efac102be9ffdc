"""Organisers writing to their hub's registrants: who a group is, sending, progress.

The organiser writes one text; the worker sends one mail per family, framed in the
family's language (hubs/tasks.py). The audit log records who wrote to which group
and how many families, never the text."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conference import permissions
from conference.languages import language_name
from conference.models import User
from conference.services import audit_record
from conference.tasks import enqueue
from hubs import tasks
from hubs.models import Hub, MessageRecipient, RegistrantMessage, Registration

Group = RegistrantMessage.Group
Status = Registration.Status
# At most this many messages per hub in any 24 hours: families should not be flooded,
# even by a hurried organiser or a stolen account.
MESSAGES_PER_DAY = 10
WINDOW = datetime.timedelta(hours=24)


class MessagingError(Exception):
    """A message that cannot be sent; `message` is translated."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


_GROUPS = {
    Group.CONFIRMED_IN_PERSON: Q(status=Status.CONFIRMED, mode=Registration.Mode.IN_PERSON),
    Group.CONFIRMED_ONLINE: Q(status=Status.CONFIRMED, mode=Registration.Mode.ONLINE),
    Group.WAITLIST: Q(status=Status.WAITLISTED),
    Group.ALL: Q(status__in=[Status.CONFIRMED, Status.WAITLISTED]),
}


def recipients(hub: Hub, group: str) -> QuerySet:
    """The people a message to `group` of `hub`'s registrants goes to."""
    registrations = Registration.objects.filter(_GROUPS[group], hub=hub)
    return User.objects.filter(is_active=True, registrations__in=registrations)


def recipients_preview(hub: Hub, group: str) -> dict:
    """How many families, and in which languages their mail will be framed (one query)."""
    rows = recipients(hub, group).values("language").annotate(n=Count("pk"))
    by_language: dict[str, int] = {}
    for row in rows:  # no language chosen: the mail is in the site's default language
        code = row["language"] or settings.LANGUAGE_CODE
        by_language[code] = by_language.get(code, 0) + row["n"]
    languages = sorted(
        ((language_name(code), n) for code, n in by_language.items()), key=lambda item: -item[1]
    )
    return {"count": sum(by_language.values()), "languages": languages}


def _check_allowed(hub: Hub, by, group: str, subject: str, body: str, now) -> None:
    recent = RegistrantMessage.objects.filter(hub=hub, created_at__gt=now - WINDOW)
    if recent.count() >= MESSAGES_PER_DAY:
        raise MessagingError(
            ngettext(
                "This hub has already sent %(count)d message in the last 24 hours, the most "
                "we allow so that families are not flooded. Please try again later.",
                "This hub has already sent %(count)d messages in the last 24 hours, the most "
                "we allow so that families are not flooded. Please try again later.",
                MESSAGES_PER_DAY,
            )
            % {"count": MESSAGES_PER_DAY},
            "rate",
        )
    if recent.filter(group=group, subject=subject, body=body).exists():
        raise MessagingError(
            _("This message was already sent to this group today. It is not sent twice."),
            "duplicate",
        )


@transaction.atomic
def registrant_message_send(
    *, hub: Hub, by, group: str, subject: str, body: str
) -> RegistrantMessage:
    """Record the message and the families it goes to, and queue the sending.

    The group is taken as it is now: a family registering later does not get it."""
    if not permissions.can_message_registrants(by, hub):
        raise PermissionDenied
    if group not in _GROUPS:
        raise MessagingError(_("Please choose who the message is for."), "group")
    # One message at a time per hub: the limits below are checked and kept together.
    Hub.objects.select_for_update().filter(pk=hub.pk).first()
    now = timezone.now()
    _check_allowed(hub, by, group, subject, body, now)
    people = list(recipients(hub, group).values_list("pk", flat=True))
    if not people:
        raise MessagingError(_("Nobody is in this group yet."), "empty")
    message = RegistrantMessage.objects.create(
        hub=hub, author=by, group=group, subject=subject, body=body, created_at=now
    )
    MessageRecipient.objects.bulk_create(
        MessageRecipient(message=message, user_id=pk) for pk in people
    )
    audit_record(
        actor=by,
        action="registrants.message",
        hub=hub,
        target=message,
        group=group,
        recipients=len(people),
    )
    enqueue(tasks.registrant_message_fan_out, message.pk)
    return message


def _progress_counts():
    return {
        "total": Count("recipients"),
        "sent": Count("recipients", filter=Q(recipients__sent_at__isnull=False)),
        "failed": Count("recipients", filter=Q(recipients__failed_at__isnull=False)),
    }


def _finish(progress: dict) -> dict:
    progress["handled"] = progress["sent"] + progress["failed"]
    progress["done"] = progress["handled"] >= progress["total"]
    return progress


def message_progress(message: RegistrantMessage) -> dict:
    """Families in all, sent to, could not be sent to, and whether it is over."""
    counts = RegistrantMessage.objects.filter(pk=message.pk).aggregate(**_progress_counts())
    return _finish(counts)


def hub_messages(hub: Hub) -> list[RegistrantMessage]:
    """The hub's messages, newest first, each with `progress` and its author (one query)."""
    messages = list(
        RegistrantMessage.objects.filter(hub=hub)
        .select_related("author")
        .annotate(**_progress_counts())
    )
    for message in messages:
        message.progress = _finish(
            {"total": message.total, "sent": message.sent, "failed": message.failed}
        )
    return messages
