"""What a ticket looks like: its QR code and its calendar."""

import io

import segno
from django.utils.translation import gettext as _

from conference.ical import CalendarEvent, build_calendar
from hubs.models import Registration


def _qr(registration: Registration) -> segno.QRCode:
    # The code only: a lost ticket reveals nothing about the family.
    return segno.make(registration.ticket_code, error="m")


def qr_svg(registration: Registration) -> str:
    return _qr(registration).svg_inline(
        scale=5, title=_("Ticket %(code)s") % {"code": registration.ticket_display}
    )


def qr_png(registration: Registration) -> bytes:
    buffer = io.BytesIO()
    _qr(registration).save(buffer, kind="png", scale=6, border=2)
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
