"""Personal data held by the programme and the circles (see conference/privacy.py)."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conference.privacy import Erasure, Purpose, declare
from sessions_app.models import (
    CalendarToken,
    CircleJitsiId,
    CircleMessage,
    CircleParticipant,
    CirclePresence,
    CircleState,
    Enrolment,
    Session,
)


def erase_enrolments(user) -> int:
    """Places given up through the service (the waiting list promoted, the member out
    of any circle running now, told live), then deleted."""
    from sessions_app.services import enrolment_cancel

    rows = Enrolment.objects.filter(user=user)
    for enrolment in rows.exclude(status=Enrolment.Status.CANCELLED):
        enrolment_cancel(enrolment=enrolment)
    return rows.delete()[0]


def _ended_before(now, days: int):
    """Circles that ended more than `days` days before `now`."""
    return Session.objects.filter(ends_at__lt=now - datetime.timedelta(days=days))


def _circle_data_days() -> int:
    return settings.RETENTION["circle_data_days"]


def purge_circle_rows(model, now) -> int:
    """A circle's chat, video ids and participants: deleted a day after it ends
    (RETENTION["circle_data_days"]); ending it deletes the chat at once already."""
    ended = _ended_before(now, _circle_data_days()).values("pk")
    return model.objects.filter(session__in=ended).delete()[0]


declare(
    Session,
    purpose=Purpose.STAFF,
    holds=_("the sessions you lead as a facilitator or scheduled as staff"),
    retention=_("as long as the programme of the edition is kept"),
    erasure=Erasure.ANONYMISE,
    subject=lambda user: Session.objects.filter(
        Q(facilitators=user) | Q(created_by=user)
    ).distinct(),
)
declare(
    Enrolment,
    purpose=Purpose.PROGRAMME,
    holds=_("your places and waiting-list places in sessions, ground rules accepted"),
    retention=_("as long as your registration"),
    erasure=Erasure.DELETE,
    erase=erase_enrolments,
)
declare(
    CalendarToken,
    purpose=Purpose.PROGRAMME,
    holds=_("the secret address of your private calendar feed"),
    retention=_("until you replace it or delete your account"),
    erasure=Erasure.DELETE,
    export_exclude=("token",),
)
declare(
    CircleState,
    purpose=Purpose.CIRCLES,
    holds=_("who has the word in a circle"),
    retention=_("while the circle runs"),
    erasure=Erasure.ANONYMISE,
    subject="speaker",
)
declare(
    CircleParticipant,
    purpose=Purpose.CIRCLES,
    holds=_("the name you chose in a circle, when you accepted its ground rules, your place"),
    retention=_("until the circle's data is cleared after it ends"),
    erasure=Erasure.DELETE,
    purge=lambda now: purge_circle_rows(CircleParticipant, now),
)
declare(
    CirclePresence,
    purpose=Purpose.CIRCLES,
    holds=_("which of your pages is open in a circle"),
    retention=_("while the page is open"),
    erasure=Erasure.DELETE,
    # At once: no presence outlives its circle.
    purge=lambda now: CirclePresence.objects.filter(session__ends_at__lt=now).delete()[0],
)
declare(
    CircleJitsiId,
    purpose=Purpose.CIRCLES,
    holds=_("the video-room identifiers your pages reported in a circle"),
    retention=_("deleted when the circle ends"),
    erasure=Erasure.DELETE,
    purge=lambda now: purge_circle_rows(CircleJitsiId, now),
)
declare(
    CircleMessage,
    purpose=Purpose.CIRCLES,
    holds=_("what you wrote in a circle's chat"),
    retention=_("deleted when the circle ends"),
    erasure=Erasure.DELETE,
    subject=lambda user: CircleMessage.objects.filter(Q(author=user) | Q(hidden_by=user)),
    # Their own lines go; lines they hid as a facilitator stay hidden (hidden_by SET_NULL).
    erase=lambda user: CircleMessage.objects.filter(author=user).delete()[0],
    purge=lambda now: purge_circle_rows(CircleMessage, now),
)
