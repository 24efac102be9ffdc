"""Personal data held by the programme and the circles (see conference/privacy.py)."""

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
)
declare(
    CirclePresence,
    purpose=Purpose.CIRCLES,
    holds=_("which of your pages is open in a circle"),
    retention=_("while the page is open"),
    erasure=Erasure.DELETE,
)
declare(
    CircleJitsiId,
    purpose=Purpose.CIRCLES,
    holds=_("the video-room identifiers your pages reported in a circle"),
    retention=_("deleted when the circle ends"),
    erasure=Erasure.DELETE,
)
declare(
    CircleMessage,
    purpose=Purpose.CIRCLES,
    holds=_("what you wrote in a circle's chat"),
    retention=_("deleted when the circle ends"),
    erasure=Erasure.DELETE,
    subject=lambda user: CircleMessage.objects.filter(Q(author=user) | Q(hidden_by=user)),
)
