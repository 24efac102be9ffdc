"""Erasing an account: the member's own (password, and the second factor for staff
or anyone who set one up), or the secretariat's on a request the family made by
other means (a letter, a visit to a tracing office).

One transaction walks the register of personal data (conference/privacy.py): each
declaration's own `erase(user)` when it has one (registrations cancelled through
their services so seats go to the waiting list, enrolments given up so circles
promote, support signals pseudonymised, forum posts kept as "a former member"),
otherwise its rows are deleted (Erasure.DELETE) or left to their foreign key's
SET_NULL (ANONYMISE, NONE). Then the account goes (e-mail addresses, second factors
and consents with it), the member's sessions are ended, and every open socket of
theirs closes at once (`access.changed`). Nothing is half-done: an error anywhere
rolls everything back, and the member can try again.

The audit log keeps that an account was erased, by whom when it was staff, and
nothing that points to the person."""

import re
from importlib import import_module

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session as SessionRow
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference import permissions, privacy
from conference.access_log import What, access_log_record
from conference.live import access_changed
from conference.services import audit_record

Erasure = privacy.Erasure
SECOND_FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES)
# What kept text says instead of the person's e-mail address or pseudonym.
REMOVED = "…"


class ErasureRefused(Exception):
    """The erasure cannot be done now; `message` is translated and says why."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


# Kept text ---------------------------------------------------------------------------


def scrub(text: str, user) -> str:
    """`text` without the member's e-mail address and pseudonym, for rows that are kept
    (a support conversation, a forum post). Case-insensitive, whole words for the
    pseudonym, so that "Gul" leaves "Gulnaz" alone."""
    if not text:
        return text
    text = re.sub(re.escape(user.email), REMOVED, text, flags=re.IGNORECASE)
    pseudonym = (user.pseudonym or "").strip()
    if len(pseudonym) >= 2:
        text = re.sub(rf"(?<!\w){re.escape(pseudonym)}(?!\w)", REMOVED, text, flags=re.I)
    return text


# Checks --------------------------------------------------------------------------------


def needs_second_factor(user) -> bool:
    """Staff (where staff must have one) and anyone who set one up confirm with it."""
    if Authenticator.objects.filter(user=user, type__in=SECOND_FACTOR_TYPES).exists():
        return True
    return settings.STAFF_REQUIRE_2FA and permissions.is_staff_member(user)


def _second_factor_ok(user, code: str) -> bool:
    """As allauth's own sign-in check: a TOTP code not used in its period, or an
    unused recovery code (which is then used up)."""
    code = (code or "").strip()
    if not code:
        return False
    for authenticator in Authenticator.objects.filter(user=user, type__in=SECOND_FACTOR_TYPES):
        if authenticator.wrap().validate_code(code):
            authenticator.record_usage()
            return True
    return False


def confirm_identity(*, user, password: str, code: str = "") -> None:
    """The member's password, and the second factor when needed; ErasureRefused if not."""
    if not password or not user.check_password(password):
        raise ErasureRefused(_("This is not your password. Nothing was deleted."), "password")
    if not needs_second_factor(user):
        return
    if not Authenticator.objects.filter(user=user, type__in=SECOND_FACTOR_TYPES).exists():
        raise ErasureRefused(
            _(
                "Staff confirm with their second factor, and you have not set one up. Set up "
                "two-factor authentication first. Nothing was deleted."
            ),
            "no_second_factor",
        )
    if not code.strip():
        raise ErasureRefused(
            _(
                "Please enter the code from your authenticator app, or a recovery code. "
                "Nothing was deleted."
            ),
            "code_missing",
        )
    if not _second_factor_ok(user, code):
        raise ErasureRefused(
            _("This code is not right, or was already used. Nothing was deleted."), "code"
        )


def live_circles_led(user):
    """Circles running now that `user` facilitates (erasing would leave them unled)."""
    from sessions_app.models import Session

    return [
        session
        for session in Session.objects.filter(facilitators=user, kind=Session.Kind.CIRCLE)
        if session.is_live()
    ]


def live_circles_joined(user):
    """Circles running now that the member is in (erasing takes them out at once)."""
    from sessions_app.models import CircleParticipant

    places = CircleParticipant.objects.filter(
        user=user,
        is_facilitator=False,
        state__in=[CircleParticipant.State.ADMITTED, CircleParticipant.State.WAITING],
    ).select_related("session")
    return [place.session for place in places if place.session.is_live()]


def _refusal(user) -> ErasureRefused | None:
    if live_circles_led(user):
        return ErasureRefused(
            _(
                "You are leading a circle that is running now. End it, or ask another "
                "facilitator to take over, then delete your account. Nothing was deleted."
            ),
            "leading_live_circle",
        )
    if user.is_superuser:
        others = get_user_model().objects.filter(is_superuser=True, is_active=True)
        if not others.exclude(pk=user.pk).exists():
            return ErasureRefused(
                _("The last global admin's account cannot be deleted. Nothing was deleted."),
                "last_admin",
            )
    return None


# Erasing --------------------------------------------------------------------------------


def _session_keys(user) -> list[str]:
    """The member's signed-in sessions (read before the account goes)."""
    keys = []
    for row in SessionRow.objects.filter(expire_date__gt=timezone.now()).iterator():
        if row.get_decoded().get("_auth_user_id") == str(user.pk):
            keys.append(row.session_key)
    return keys


def _end_sessions(keys) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in keys:
        store(session_key=key).delete()


def erase_declared(declaration, user) -> int:
    """One declared model's part of the erasure; rows affected."""
    if declaration.erase is not None:
        return declaration.erase(user) or 0
    if declaration.erasure == Erasure.DELETE:
        model = declaration.model
        pks = declaration.rows_about(user).values("pk")
        deleted, _by_model = model._default_manager.filter(pk__in=pks).delete()
        return deleted
    if declaration.erasure == Erasure.PSEUDONYMISE:
        raise ImproperlyConfigured(
            f"{declaration.label} is kept pseudonymised: its declaration needs erase=."
        )
    return 0  # ANONYMISE, NONE: the foreign key's SET_NULL does it when the account goes


@transaction.atomic
def account_erase(*, user, by=None) -> dict[str, int]:
    """Erase `user`'s account and everything that points to them (see the module's
    docstring). `by`: the global admin acting on the member's request, or None when
    the member does it. Returns rows affected by model label."""
    user_model = get_user_model()
    locked = user_model.objects.select_for_update().filter(pk=user.pk).first()
    if locked is None:
        raise ErasureRefused(_("This account no longer exists."), "gone")
    refusal = _refusal(locked)
    if refusal is not None:
        raise refusal
    sessions = _session_keys(locked)
    affected = {}
    for declaration in list(privacy.REGISTER.values()):
        if declaration.model is user_model:
            continue
        affected[declaration.label] = erase_declared(declaration, locked)
    user_id = locked.pk
    permissions.forget_roles(locked)
    locked.delete()
    affected[user_model._meta.label] = 1
    audit_record(actor=by, action="account.erase", on_request=by is not None)
    if by is not None:
        access_log_record(actor=by, what=What.MEMBER_ERASED, records=1)
    transaction.on_commit(lambda: _end_sessions(sessions))
    access_changed([user_id])
    return affected
