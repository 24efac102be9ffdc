"""Personal data of support signals and support conversations (see conference/privacy.py)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conference.privacy import Erasure, Purpose, declare
from support.signals.models import SupportMessage, SupportSignal

declare(
    SupportSignal,
    purpose=Purpose.SUPPORT,
    holds=_("your requests for support in a circle, and how they were followed up"),
    retention=_("90 days after the signal is closed"),
    erasure=Erasure.PSEUDONYMISE,
    subject=lambda user: SupportSignal.objects.filter(
        Q(user=user) | Q(acknowledged_by=user) | Q(closed_by=user)
    ),
)
declare(
    SupportMessage,
    purpose=Purpose.SUPPORT,
    holds=_("what you and the support team wrote to each other after a support signal"),
    retention=_("deleted with its support signal"),
    erasure=Erasure.PSEUDONYMISE,
    subject=lambda user: SupportMessage.objects.filter(Q(author=user) | Q(signal__user=user)),
)
