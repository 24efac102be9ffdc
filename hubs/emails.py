"""The mails families receive about their registration: what each one says.

The tasks in hubs/tasks.py load what they need by id and send these."""

from conference.mail import Attachment, Mail
from hubs import tickets


def _ticket_attachments(registration) -> list[Attachment]:
    return [
        Attachment("ticket-qr.png", tickets.qr_png(registration), "image/png", inline_id="qr"),
        Attachment("conference.ics", tickets.ticket_calendar(registration), "text/calendar"),
    ]


def ticket(registration) -> Mail:
    return Mail(
        user=registration.user,
        template="hubs/email/ticket",
        context={"registration": registration, "hub": registration.hub},
        attachments=_ticket_attachments(registration),
    )


def promoted(registration) -> Mail:
    return Mail(
        user=registration.user,
        template="hubs/email/promoted",
        context={"registration": registration, "hub": registration.hub},
        attachments=_ticket_attachments(registration),
    )


def registrant_message(user, message, *, key: str, on_sent) -> Mail:
    """The organiser's words as written, in a frame (greeting, who it is from, the
    safety note) in the family's language."""
    return Mail(
        user=user,
        template="hubs/email/registrant_message",
        context={"message": message, "hub": message.hub},
        key=key,
        on_sent=on_sent,
    )
