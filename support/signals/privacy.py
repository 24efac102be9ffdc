"""Personal data of support signals and support conversations (see conference/privacy.py)."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conference.privacy import Erasure, Purpose, declare
from support.signals.models import FORMER_MEMBER, SupportMessage, SupportSignal

# What a staff member's lines are signed with once their account is erased.
SUPPORT_TEAM = "support team"


def erase_signals(user) -> int:
    """The member's signals are kept, without anything that points to them, until
    their retention period ends (closed now if still open, so that it starts): the
    account link goes, their lines are signed "a former member", and their e-mail
    address and pseudonym are taken out of every line and note of the conversation."""
    from conference.erasure import scrub

    now = timezone.now()
    signals = list(SupportSignal.objects.select_for_update().filter(user=user))
    for signal in signals:
        for message in SupportMessage.objects.filter(signal=signal):
            message.body = scrub(message.body, user)
            if message.author_id == user.pk:
                message.author = None
                message.display_name = str(FORMER_MEMBER)
            message.save(update_fields=["body", "author", "display_name"])
        signal.follow_up_note = scrub(signal.follow_up_note, user)
        signal.user = None
        signal.closed_at = signal.closed_at or now
        signal.save(update_fields=["follow_up_note", "user", "closed_at"])
    return len(signals)


def erase_staff_lines(user) -> int:
    """A staff member's answers stay in the families' conversations, signed "support
    team" (the author link goes with the account: SET_NULL)."""
    return SupportMessage.objects.filter(author=user, from_staff=True).update(
        display_name=SUPPORT_TEAM
    )


def purge_closed_signals(now) -> int:
    """Signals (and their conversations) RETENTION["support_signal_days"] after closing."""
    cutoff = now - datetime.timedelta(days=settings.RETENTION["support_signal_days"])
    return SupportSignal.objects.filter(closed_at__lt=cutoff).delete()[0]


declare(
    SupportSignal,
    purpose=Purpose.SUPPORT,
    holds=_("your requests for support in a circle, and how they were followed up"),
    retention=_("90 days after the signal is closed"),
    erasure=Erasure.PSEUDONYMISE,
    subject=lambda user: SupportSignal.objects.filter(
        Q(user=user) | Q(acknowledged_by=user) | Q(closed_by=user)
    ),
    erase=erase_signals,
    purge=purge_closed_signals,
)
declare(
    SupportMessage,
    purpose=Purpose.SUPPORT,
    holds=_("what you and the support team wrote to each other after a support signal"),
    retention=_("deleted with its support signal"),
    erasure=Erasure.PSEUDONYMISE,
    subject=lambda user: SupportMessage.objects.filter(Q(author=user) | Q(signal__user=user)),
    erase=erase_staff_lines,
)
