"""Personal data held by the hubs app (see conference/privacy.py)."""

from django.utils.translation import gettext_lazy as _

from conference.privacy import Erasure, Purpose, declare, exempt
from hubs.models import (
    Hub,
    MessageRecipient,
    NationalSociety,
    RegistrantMessage,
    Registration,
    Room,
)


def erase_registrations(user) -> int:
    """Cancelled through the service first (seats freed, waiting families promoted
    and told, the organisers' counts right), then deleted. The purge of expired
    registrations is hubs.tasks.registrations_purge."""
    from hubs.services import registration_cancel

    rows = Registration.objects.filter(user=user)
    for registration in rows.exclude(status=Registration.Status.CANCELLED):
        registration_cancel(registration=registration)
    return rows.delete()[0]


declare(
    Registration,
    purpose=Purpose.REGISTRATION,
    holds=_(
        "your hub, how you take part, your party size, interpretation and accessibility "
        "needs, ticket code, consent and arrival time"
    ),
    retention=_("90 days after the edition ends"),
    erasure=Erasure.DELETE,
    erase=lambda user: erase_registrations(user),
)
declare(
    RegistrantMessage,
    purpose=Purpose.EMAIL,
    holds=_("messages organisers wrote to a hub's registered families, and who wrote them"),
    retention=_("as long as the hub's registrations"),
    erasure=Erasure.ANONYMISE,
    subject="author",
)
declare(
    MessageRecipient,
    purpose=Purpose.EMAIL,
    holds=_("which messages from your hub's organisers were sent to you, and when"),
    retention=_("as long as the hub's registrations"),
    erasure=Erasure.DELETE,
)
exempt(
    NationalSociety,
    reason="A national society's public tracing-service contact details, not a person's.",
)
exempt(Hub, reason="A venue: names, addresses and notes about a place, not a person.")
exempt(Room, reason="A room's name and size.")
