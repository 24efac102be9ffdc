"""The mails families receive about their registration."""

from conference.mail import Attachment, send_to_user
from hubs import tickets


def _ticket_attachments(registration) -> list[Attachment]:
    return [
        Attachment("ticket-qr.png", tickets.qr_png(registration), "image/png", inline_id="qr"),
        Attachment("conference.ics", tickets.ticket_calendar(registration), "text/calendar"),
    ]


def send_ticket(registration) -> None:
    send_to_user(
        user=registration.user,
        template="hubs/email/ticket",
        context={"registration": registration, "hub": registration.hub},
        attachments=_ticket_attachments(registration),
    )


def send_promoted(registration) -> None:
    send_to_user(
        user=registration.user,
        template="hubs/email/promoted",
        context={"registration": registration, "hub": registration.hub},
        attachments=_ticket_attachments(registration),
    )
