"""Sending the platform's e-mails, each in its recipient's language and time zone.

Mails are sent by the background worker, never in a request: a task builds a
`Mail` from the ids it was given and `conference.tasks.mail_task` sends it."""

import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation


@dataclass
class Attachment:
    filename: str
    content: bytes
    mimetype: str
    inline_id: str | None = None  # Content-ID for images shown in the HTML body


@dataclass
class Mail:
    """One mail to one person, rendered from `<template>_subject.txt`, `<template>.txt`
    and `<template>.html` (if present) in their language and zone when sent.

    `key` names what makes it this mail (for example one recipient of one message to
    registrants); without it, the task that sends it is its identity. `on_sent` runs
    in the transaction that records the mail as sent."""

    user: object
    template: str
    context: dict
    attachments: Sequence[Attachment] = ()
    key: str | None = None
    on_sent: Callable[[], None] | None = field(default=None, repr=False)

    def send(self, connection=None) -> None:
        send_to_user(
            user=self.user,
            template=self.template,
            context=self.context,
            attachments=self.attachments,
            connection=connection,
        )


def _zone(user) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.time_zone or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def send_to_user(*, user, template: str, context: dict, attachments=(), connection=None) -> None:
    """Render `<template>_subject.txt`, `<template>.txt` and, if present,
    `<template>.html`, and send them to `user`."""
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language), timezone.override(_zone(user)):
        context = {"user": user, "site_url": settings.SITE_URL, **context}
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        text = render_to_string(f"{template}.txt", context)
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=text,
        to=[user.email],
        connection=connection,
    )
    if html:
        message.attach_alternative(html, "text/html")
    for item in attachments:
        if item.inline_id:
            image = MIMEImage(item.content, _subtype=item.mimetype.split("/")[1])
            image.add_header("Content-ID", f"<{item.inline_id}>")
            image.add_header("Content-Disposition", "inline", filename=item.filename)
            message.attach(image)
        else:
            message.attach(item.filename, item.content, item.mimetype)
    message.send()
