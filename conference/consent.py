"""Consent: recorded with the notice's version and the time, withdrawn with effect at
once, and asked again when a notice changes in substance.

`has_consent(user, purpose)` is what every sender asks before acting on a consent
(reminders here, the forum's digests): a standing agreement says yes, a withdrawal
says no, and a member who never said gets the notice's default (reminders on,
digests off)."""

from urllib.parse import urlencode

from django.contrib.auth.signals import user_logged_in
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from conference.models import Consent
from conference.notices import NOTICES, versions_stamp

SESSION_STAMP = "flh_notices_checked"


def _notice(purpose: str):
    try:
        return NOTICES[purpose]
    except KeyError:
        raise ValueError(f"no notice for the purpose {purpose!r}") from None


def has_consent(user, purpose: str) -> bool:
    notice = _notice(purpose)
    if user is None or not getattr(user, "pk", None):
        return False
    rows = Consent.objects.filter(user_id=user.pk, purpose=purpose)
    standing = rows.filter(withdrawn_at__isnull=True).exists()
    if standing:
        return True
    if rows.exists():
        return False
    return notice.default


def users_without_consent(purpose: str):
    """Ids of members who said no to `purpose` (for senders filtering in bulk)."""
    notice = _notice(purpose)
    withdrawn = Consent.objects.filter(purpose=purpose).exclude(
        user_id__in=Consent.objects.filter(purpose=purpose, withdrawn_at__isnull=True).values(
            "user_id"
        )
    )
    if notice.default:
        return withdrawn.values("user_id")
    raise ValueError("only for purposes given by default; ask has_consent() for the others")


@transaction.atomic
def consent_give(*, user, purpose: str) -> Consent:
    """Record that `user` agrees to the current notice of `purpose` (again, if an
    older version was agreed to: that row is closed, the history kept)."""
    notice = _notice(purpose)
    now = timezone.now()
    standing = (
        Consent.objects.select_for_update()
        .filter(user=user, purpose=purpose, withdrawn_at__isnull=True)
        .first()
    )
    if standing is not None and standing.notice_version == notice.version:
        return standing
    if standing is not None:
        standing.withdrawn_at = now
        standing.save(update_fields=["withdrawn_at"])
    try:
        with transaction.atomic():
            return Consent.objects.create(
                user=user, purpose=purpose, notice_version=notice.version, given_at=now
            )
    except IntegrityError:  # the same agreement sent twice at once
        return Consent.objects.get(user=user, purpose=purpose, withdrawn_at__isnull=True)


@transaction.atomic
def consent_withdraw(*, user, purpose: str) -> None:
    """Withdraw consent to an optional purpose; senders see it at once. Withdrawing
    what was on by default (reminders) leaves a closed row as the record."""
    notice = _notice(purpose)
    if not notice.withdrawable:
        raise ValueError(f"{purpose} is not withdrawn here")
    now = timezone.now()
    closed = Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).update(
        withdrawn_at=now
    )
    if not closed and not Consent.objects.filter(user=user, purpose=purpose).exists():
        Consent.objects.create(
            user=user,
            purpose=purpose,
            notice_version=notice.version,
            given_at=now,
            withdrawn_at=now,
        )


def standing_consents(user) -> dict[str, Consent]:
    rows = Consent.objects.filter(user=user, withdrawn_at__isnull=True)
    return {row.purpose: row for row in rows}


def outdated(user) -> list[str]:
    """Purposes the member agreed to in a version older than the notice's current one."""
    latest = (
        Consent.objects.filter(user=user, withdrawn_at__isnull=True)
        .values("purpose")
        .annotate(version=Max("notice_version"))
    )
    return sorted(
        row["purpose"]
        for row in latest
        if row["purpose"] in NOTICES and row["version"] < NOTICES[row["purpose"]].version
    )


# Asking again -----------------------------------------------------------------------

# Pages the review must not get in the way of.
NOT_ASKED_ON = ("/account/privacy/", "/accounts/", "/static/", "/media/", "/i18n/", "/admin/")


def _remember_checked(request, *, due: bool) -> None:
    request.session[SESSION_STAMP] = versions_stamp()
    request.session["flh_notices_due"] = due


def _checked_at_login(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        _remember_checked(request, due=bool(outdated(user)))


user_logged_in.connect(_checked_at_login, dispatch_uid="flh-notices-at-login")


def _is_a_page(request) -> bool:
    """A page the member opens, not a script's fetch (which sends */*): the question
    must reach a person, not be swallowed by a background request."""
    accept = request.headers.get("Accept", "")
    return not accept or "text/html" in accept


class NoticeReviewMiddleware:
    """Sends a member who agreed to a notice that has since changed in substance to the
    page that asks again, once per visit (a session). No query on ordinary requests:
    what was found at sign-in (or when the notices last changed) is kept in the
    session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.method == "GET"
            and not request.headers.get("HX-Request")
            and _is_a_page(request)
            and not request.path.startswith(NOT_ASKED_ON)
        ):
            session = request.session
            if session.get(SESSION_STAMP) != versions_stamp():
                _remember_checked(request, due=bool(outdated(user)))
            if session.get("flh_notices_due"):
                session["flh_notices_due"] = False  # asked once per visit
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('conference:notices_review')}?{query}")
        return self.get_response(request)
