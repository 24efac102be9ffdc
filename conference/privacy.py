"""The register of personal data: every model that holds data about a person says
here, in one place, what it holds, why, how long it is kept, how the person's rows
are found (for "my data" and erasure) and how they are erased.

Each app declares its models in its own `privacy.py` (loaded when Django starts,
see `ConferenceConfig.ready`); this module declares the models of Django and
allauth. `tests/test_privacy_register.py` walks every installed model and fails
when one with a relation to the user, or a field that can hold personal data, is
neither declared nor exempted with a reason, so the next feature cannot forget it.

This follows the Restoring Family Links code of conduct on data protection:
collect the minimum, for a stated purpose, keep it no longer than needed, and let
people see and erase what is held about them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    """Why personal data is held; each purpose has an information notice."""

    ACCOUNT = "account", _("Your account: signing in and the name others see")
    REGISTRATION = "registration", _("Registration at a hub, tickets and check-in")
    PROGRAMME = "programme", _("Places in sessions, reminders and your calendar")
    CIRCLES = "circles", _("Sharing circles")
    SUPPORT = "support", _("Support signals and support conversations")
    FORUM = "forum", _("The family solidarity forum")
    LIBRARY = "library", _("Writing and reviewing library resources")
    EMAIL = "email", _("E-mails from the platform")
    STAFF = "staff", _("Staff roles and the record of staff actions")
    SECURITY = "security", _("Keeping accounts and the platform safe")


# What kept rows (a support conversation, a forum post) show instead of the name of
# someone who erased their account. conference.erasure.scrub takes their e-mail
# address and pseudonym out of the text of such rows.
FORMER_MEMBER = _("a former member")


class Erasure(models.TextChoices):
    """What happens to a person's rows when they erase their account."""

    DELETE = "delete", _("deleted")
    ANONYMISE = "anonymise", _("kept without anything that points to the person")
    PSEUDONYMISE = "pseudonymise", _("kept pseudonymised until the end of the retention period")
    NONE = "none", _("nothing to erase: the rows name the person only as a staff actor")


@dataclass(frozen=True)
class Declaration:
    model: type[models.Model]
    purpose: Purpose
    holds: str  # what, in plain words
    retention: str  # how long, in plain words (the schedule itself is in settings)
    erasure: Erasure
    # The rows about a person: a lookup from the model to the user ("user",
    # "registration__user") or a function user -> queryset.
    subject: str | Callable = "user"
    # Fields left out of the person's export (secrets, internal keys).
    export_exclude: tuple[str, ...] = field(default_factory=tuple)
    # The app's own erasure, when deleting the rows is not enough (seats to free,
    # posts to keep as "a former member"): erase(user) -> rows affected. Called by
    # conference.erasure inside its transaction, before the user row goes. Without
    # it: DELETE deletes `rows_about(user)`; ANONYMISE and NONE leave the rows to
    # their foreign key's SET_NULL; PSEUDONYMISE must give one.
    erase: Callable | None = None
    # The retention rule, when the model has one the platform enforces:
    # purge(now) -> rows deleted; run by conference.retention's periodic job. It must
    # be idempotent and safe when two workers run it at once.
    purge: Callable | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label

    def rows_about(self, user) -> models.QuerySet:
        if callable(self.subject):
            return self.subject(user)
        return self.model._default_manager.filter(**{self.subject: user})


REGISTER: dict[type[models.Model], Declaration] = {}
EXEMPT: dict[type[models.Model], str] = {}


def declare(
    model,
    *,
    purpose,
    holds,
    retention,
    erasure,
    subject="user",
    export_exclude=(),
    erase: Callable | None = None,
    purge: Callable | None = None,
):
    if model in REGISTER or model in EXEMPT:
        raise ValueError(f"{model._meta.label} is already in the register")
    REGISTER[model] = Declaration(
        model=model,
        purpose=purpose,
        holds=holds,
        retention=retention,
        erasure=erasure,
        subject=subject,
        export_exclude=tuple(export_exclude),
        erase=erase,
        purge=purge,
    )


def exempt(model, *, reason: str) -> None:
    """A model that looks personal to the register's test but holds no data about a
    person (say why)."""
    if model in REGISTER or model in EXEMPT:
        raise ValueError(f"{model._meta.label} is already in the register")
    EXEMPT[model] = reason


# What the register's test takes for a sign of personal data -----------------------

PERSONAL_FIELD_TYPES = (models.EmailField, models.GenericIPAddressField, models.FileField)
# Text fields whose name says a person may have written or be described in them.
PERSONAL_NAME_PARTS = (
    "email",
    "name",
    "phone",
    "address",
    "ip",
    "note",
    "body",
    "text",
    "message",
    "comment",
    "reason",
    "needs",
    "data",
    "pseudonym",
)


def _points_to_user(field) -> bool:
    return bool(field.is_relation and field.related_model is not None) and (
        field.related_model._meta.label == settings.AUTH_USER_MODEL
    )


def signs_of_personal_data(model) -> list[str]:
    """Why the register's test thinks `model` may hold personal data ([] if not)."""
    signs = []
    for model_field in model._meta.get_fields(include_hidden=False):
        if not model_field.concrete and not model_field.many_to_many:
            continue  # reverse relations are the other model's business
        if _points_to_user(model_field):
            signs.append(f"{model_field.name} → user")
        elif isinstance(model_field, PERSONAL_FIELD_TYPES):
            signs.append(f"{model_field.name} ({type(model_field).__name__})")
        elif isinstance(model_field, models.CharField | models.TextField | models.JSONField):
            name = model_field.name.lower()
            if any(
                part in name.split("_") or name.startswith(part) for part in PERSONAL_NAME_PARTS
            ):
                signs.append(f"{model_field.name} (text)")
    if model._meta.label == settings.AUTH_USER_MODEL:
        signs.append("the user itself")
    return signs


def rows_about(user) -> dict[str, models.QuerySet]:
    """Every declared model's rows about `user`, by model label."""
    return {declaration.label: declaration.rows_about(user) for declaration in REGISTER.values()}


def export_rows(declaration: Declaration, user) -> list[dict]:
    """The person's rows of one model as plain JSON-ready dicts."""
    names = [
        f.attname
        for f in declaration.model._meta.concrete_fields
        if f.name not in declaration.export_exclude and f.attname not in declaration.export_exclude
    ]
    rows = []
    for values in declaration.rows_about(user).values(*names):
        rows.append({key: _plain(value) for key, value in values.items()})
    return rows


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool, type(None), list, dict)):
        return value
    return str(value)


def _older_than(model, field: str, now, setting: str) -> int:
    """Delete `model`'s rows whose `field` is older than RETENTION[setting] days."""
    import datetime

    cutoff = now - datetime.timedelta(days=settings.RETENTION[setting])
    return model._default_manager.filter(**{f"{field}__lt": cutoff}).delete()[0]


def _expired_exports(model, now) -> int:
    """Archives past their expiry, and requests that never became one (failed)."""
    import datetime

    from django.db.models import Q

    stale = now - datetime.timedelta(days=settings.RETENTION["export_days"])
    expired = Q(expires_at__lt=now) | Q(expires_at__isnull=True, requested_at__lt=stale)
    return model._default_manager.filter(expired).delete()[0]


def _forget_login_records(now) -> int:
    """Login records kept RETENTION["login_record_days"]: the last sign-in time, and
    sessions that ended (signed out, or expired)."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session

    cutoff = now - datetime.timedelta(days=settings.RETENTION["login_record_days"])
    forgotten = (
        get_user_model()._default_manager.filter(last_login__lt=cutoff).update(last_login=None)
    )
    return forgotten + Session.objects.filter(expire_date__lt=now).delete()[0]


def _declare_django_and_allauth() -> None:
    """Declarations for models this project did not write."""
    from allauth.account.models import EmailAddress, EmailConfirmation
    from allauth.mfa.models import Authenticator
    from django.contrib.admin.models import LogEntry
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.contrib.sessions.models import Session

    declare(
        get_user_model(),
        purpose=Purpose.ACCOUNT,
        holds=_("e-mail address, pseudonym, preferred language and time zone, password hash"),
        retention=_("until you delete your account"),
        erasure=Erasure.DELETE,
        subject=lambda user: get_user_model()._default_manager.filter(pk=user.pk),
        export_exclude=("password",),
        purge=_forget_login_records,
    )
    declare(
        EmailAddress,
        purpose=Purpose.ACCOUNT,
        holds=_("your e-mail addresses and whether they are verified"),
        retention=_("until you delete your account"),
        erasure=Erasure.DELETE,
    )
    declare(
        EmailConfirmation,
        purpose=Purpose.ACCOUNT,
        holds=_("a pending confirmation of an e-mail address"),
        retention=_("until the address is confirmed or the account is deleted"),
        erasure=Erasure.DELETE,
        subject="email_address__user",
        export_exclude=("key",),
    )
    declare(
        Authenticator,
        purpose=Purpose.SECURITY,
        holds=_("staff two-factor authentication secrets and recovery codes"),
        retention=_("until removed or the account is deleted"),
        erasure=Erasure.DELETE,
        export_exclude=("data",),
    )

    def erase_admin_log(user) -> int:
        # The admin's own entries go with the account (Django deletes them); entries
        # about the member (a global admin changed their account) lose what names them.
        return LogEntry.objects.filter(
            content_type__app_label=user._meta.app_label,
            content_type__model=user._meta.model_name,
            object_id=str(user.pk),
        ).update(object_id="", object_repr="…", change_message="")

    declare(
        LogEntry,
        purpose=Purpose.STAFF,
        holds=_("changes a global admin made in the admin site"),
        retention=_("one year"),
        erasure=Erasure.ANONYMISE,
        erase=erase_admin_log,
        purge=lambda now: _older_than(LogEntry, "action_time", now, "audit_days"),
    )
    exempt(
        Session,
        reason="Signed-in sessions hold only the user's id and expire; they are ended, "
        "not exported, when a person erases their account.",
    )
    exempt(Group, reason="Names of permission groups, not people.")
    exempt(Permission, reason="Names of permissions, not people.")


def _declare_conference() -> None:
    from django.db.models import Q, TextField
    from django.db.models.functions import Cast
    from django_tasks_db.models import DBTaskResult

    from conference.models import (
        AuditEntry,
        Consent,
        DataExport,
        HubRole,
        ScheduledJob,
        StaffAccess,
    )

    declare(
        HubRole,
        purpose=Purpose.STAFF,
        holds=_("the staff roles you hold at hubs, and who gave them"),
        retention=_("while you hold the role"),
        erasure=Erasure.DELETE,
        subject=lambda user: HubRole.objects.filter(Q(user=user) | Q(granted_by=user)),
        # The roles they hold go; roles they gave others stay (granted_by SET_NULL).
        erase=lambda user: HubRole.objects.filter(user=user).delete()[0],
    )
    declare(
        AuditEntry,
        purpose=Purpose.STAFF,
        holds=_("actions staff took that affect other people (who, what, when)"),
        retention=_("one year"),
        erasure=Erasure.ANONYMISE,
        subject="actor",
        # Entries about the member (a role given to them) no longer say whose.
        erase=lambda user: AuditEntry.objects.filter(
            target_type=user._meta.label_lower, target_id=str(user.pk)
        ).update(target_id=""),
        purge=lambda now: _older_than(AuditEntry, "created_at", now, "audit_days"),
    )
    declare(
        DBTaskResult,
        purpose=Purpose.EMAIL,
        holds=_(
            "background jobs about you, such as an e-mail waiting to be sent: the ids of what "
            "they concern, and for account e-mails your address until the mail has left"
        ),
        retention=_("a few days after the job ran"),
        erasure=Erasure.DELETE,
        # Account mails carry the address in their arguments; others carry only ids.
        subject=lambda user: DBTaskResult.objects.annotate(
            arguments=Cast("args_kwargs", TextField())
        ).filter(arguments__icontains=user.email),
        export_exclude=("args_kwargs", "return_value", "exception_class_path", "traceback"),
    )
    exempt(ScheduledJob, reason="Names and times of the platform's periodic jobs, not people.")
    declare(
        StaffAccess,
        purpose=Purpose.STAFF,
        holds=_("each time you, as staff, looked at or exported families' personal data"),
        retention=_("one year"),
        erasure=Erasure.ANONYMISE,
        subject="actor",
        purge=lambda now: _older_than(StaffAccess, "created_at", now, "audit_days"),
    )
    declare(
        DataExport,
        purpose=Purpose.ACCOUNT,
        holds=_("when you asked for your data, and the archive until it expires"),
        retention=_("seven days after the archive is ready"),
        erasure=Erasure.DELETE,
        export_exclude=("archive",),
        purge=lambda now: _expired_exports(DataExport, now),
    )
    declare(
        Consent,
        purpose=Purpose.ACCOUNT,
        holds=_("what you agreed to, the version of the notice you read, and when"),
        retention=_("until you delete your account"),
        erasure=Erasure.DELETE,
    )


def autodiscover() -> None:
    """Load every app's privacy.py (called once, from ConferenceConfig.ready)."""
    from django.utils.module_loading import autodiscover_modules

    if not REGISTER:
        _declare_django_and_allauth()
        _declare_conference()
        autodiscover_modules("privacy")


def has_consent(user, purpose: str) -> bool:
    """Whether `user` agrees, now, to `purpose` (a key of conference.notices.NOTICES:
    "reminders", "digests"…). Senders ask this right before sending."""
    from conference.consent import has_consent as _has_consent

    return _has_consent(user, purpose)
