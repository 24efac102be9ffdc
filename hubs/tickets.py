"""What a ticket looks like: its QR code and its calendar."""

import io

import segno
from django.utils.translation import gettext as _

from conference.ical import CalendarEvent, build_calendar
from hubs.models import Registration

# The quiet zone around the code, in modules: QR readers need four.
QUIET_ZONE = 4
# Pixels per module in the e-mailed PNG: 21 modules and the quiet zone, 29 x 8 =
# 232 px (the mail's <img> says so).
PNG_SCALE = 8


def _qr(registration: Registration) -> segno.QRCode:
    # The code only: a lost ticket reveals nothing about the family. Always a
    # regular QR code: segno picks a Micro QR for a code this short, which has one
    # finder pattern and which the desk's reader and most phone cameras cannot read.
    return segno.make(registration.ticket_code, error="m", micro=False)


def qr_svg(registration: Registration) -> str:
    """Scalable (no fixed size: the stylesheet draws it large and centred), black
    on white whatever the page's colours, with its quiet zone."""
    return _qr(registration).svg_inline(
        scale=1,
        border=QUIET_ZONE,
        omitsize=True,
        dark="#000",
        light="#fff",
        svgclass="ticket-qr-code",
        title=_("Ticket %(code)s") % {"code": registration.ticket_display},
    )


def qr_png(registration: Registration) -> bytes:
    buffer = io.BytesIO()
    _qr(registration).save(
        buffer, kind="png", scale=PNG_SCALE, border=QUIET_ZONE, dark="#000", light="#fff"
    )
    return buffer.getvalue()


def ticket_calendar(registration: Registration) -> bytes:
    """One event per day of the edition, at the hub's opening hours."""
    hub = registration.hub
    conference = registration.conference
    events = []
    for number, day in enumerate(conference.days, start=1):
        start, end = hub.day_hours(day)
        events.append(
            CalendarEvent(
                uid=f"registration-{registration.pk}-day-{number}@family-links-hub",
                start=start,
                end=end,
                summary=_("%(conference)s, %(hub)s, day %(day)d")
                % {"conference": conference.title, "hub": hub.name, "day": number},
                location=hub.venue if registration.mode == Registration.Mode.IN_PERSON else "",
                description=_("Ticket %(code)s") % {"code": registration.ticket_display},
                cancelled=registration.status == Registration.Status.CANCELLED,
            )
        )
    return build_calendar(events, name=conference.title)
