"""iCalendar for the programme: one session, or a person's private feed."""

import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from conference.ical import CalendarEvent, build_calendar
from sessions_app.models import CalendarToken, Session


def _event(session: Session) -> CalendarEvent:
    place = session.hub.name if session.hub_id else _("All hubs")
    if session.room_id:
        place = f"{session.room.name}, {place}"
    return CalendarEvent(
        uid=f"session-{session.pk}@family-links-hub",
        start=session.starts_at,
        end=session.ends_at,
        summary=session.title,
        location=place,
        description=session.description,
        url=settings.SITE_URL + reverse("sessions_app:session", args=[session.pk]),
        cancelled=session.status == Session.Status.CANCELLED,
    )


def session_ics(session: Session) -> bytes:
    return build_calendar([_event(session)])


def feed_ics(sessions, *, name: str) -> bytes:
    return build_calendar([_event(session) for session in sessions], name=name)


@transaction.atomic
def token_for(user) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return token


@transaction.atomic
def token_renew(user) -> CalendarToken:
    """A new secret address; the old one stops working at once."""
    token = token_for(user)
    token.token = secrets.token_urlsafe(32)
    token.save(update_fields=["token", "created_at"])
    return token
