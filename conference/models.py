import datetime
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a known time zone."), code="invalid", params={"value": value}
        )


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        extra_fields.setdefault("pseudonym", "Secretariat")
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Only the pseudonym is ever shown to other people.

    We keep no real name: the e-mail address is for signing in and for messages
    from the platform, and is seen only by the person and the secretariat.
    A superuser is a global admin (the conference secretariat).
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    pseudonym = models.CharField(
        _("pseudonym"),
        max_length=40,
        help_text=_("The name other people see. It does not need to be your real name."),
    )
    language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, blank=True, validators=[validate_time_zone]
    )
    is_staff = models.BooleanField(
        _("can open the admin site"),
        default=False,
        help_text=_("Global admins only; hub staff work from the hub pages."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["pseudonym"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.pseudonym or f"#{self.pk}"

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    @property
    def display_name(self) -> str:
        return self.pseudonym or _("Member %(number)s") % {"number": self.pk}

    @property
    def is_global_admin(self) -> bool:
        return self.is_active and self.is_superuser


class ConferenceQuerySet(models.QuerySet):
    def current(self) -> "Conference | None":
        return self.filter(is_current=True).first()


class Conference(models.Model):
    """One edition of the Global Conference on Restoring Family Links."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    summary = models.TextField(_("summary"), blank=True)
    is_current = models.BooleanField(_("current edition"), default=False)

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("conference edition")
        verbose_name_plural = _("conference editions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="conference_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="conference_one_current",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def days(self) -> list[datetime.date]:
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + datetime.timedelta(days=n) for n in range(count)]


class HubRole(models.Model):
    """A staff role a person holds at one hub. Global admins need none."""

    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        FACILITATOR = "facilitator", _("Facilitator")
        MODERATOR = "moderator", _("Moderator")
        SUPPORT = "support", _("Psychosocial support staff")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hub_roles"
    )
    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    on_duty = models.BooleanField(
        _("on duty"),
        default=True,
        help_text=_("Support staff on duty receive support signals from sharing circles."),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hub role")
        verbose_name_plural = _("hub roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "hub", "role"], name="hubrole_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.hub}"


class AuditEntry(models.Model):
    """Who did what to what, for staff actions that affect other people."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=64)
    hub = models.ForeignKey("hubs.Hub", null=True, blank=True, on_delete=models.SET_NULL)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["hub", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


# Background tasks (conference/tasks.py) -----------------------------------------


class ScheduledJob(models.Model):
    """When a periodic job of TASK_SCHEDULE is next due. A worker's scheduler
    locks the row, moves `next_run_at` on and queues the job in one transaction,
    so two workers never queue the same run."""

    name = models.CharField(max_length=64, primary_key=True)
    next_run_at = models.DateTimeField()
    last_queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        return self.name


class TaskWorker(models.Model):
    """A running `manage.py run_worker`, heard of every few seconds. A task left
    running by a worker not heard of for TASK_WORKER_TIMEOUT_SECONDS runs again."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return self.worker_id


class SentMail(models.Model):
    """A mail that has left: a task run again (after its worker died, or retried)
    finds its key here and does not send it twice. The key holds ids, never
    addresses or names."""

    key = models.CharField(max_length=100, unique=True)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sent mail")
        verbose_name_plural = _("sent mails")

    def __str__(self) -> str:
        return self.key


# Data protection (conference/consent.py, conference/access_log.py, conference/data_rights.py)


class Consent(models.Model):
    """A member's agreement to one notice (conference/notices.py), in the version they
    read, and when they withdrew it. A new agreement is a new row: the history stays."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=20)
    notice_version = models.PositiveIntegerField(_("notice version"))
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_one_standing_per_purpose",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} v{self.notice_version}"


class StaffAccess(models.Model):
    """One look at, or export of, families' personal data by staff: who, what, when,
    how many records, at which hub, and for an export the reason given. Written by
    `conference.access_log.access_log_record`, never edited."""

    class What(models.TextChoices):
        REGISTRATION_LIST = "registrations.list", _("Registration list")
        REGISTRATION_SEARCH = "registrations.search", _("Search among registrations")
        DASHBOARD = "registrations.dashboard", _("Hub dashboard (waiting list and needs)")
        REGISTRATION_EXPORT = "registrations.export", _("Registrations exported (CSV)")
        DESK_LOOKUP = "desk.lookup", _("Check-in desk lookup")
        SIGNALS_LIST = "signals.list", _("Support signals list")
        SIGNAL_CONVERSATION = "signals.conversation", _("Support conversation")
        FORUM_HISTORY = "forum.history", _("A member's moderation history")
        MEMBER_ERASED = "member.erased", _("An account erased on the member's request")

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    hub = models.ForeignKey(
        "hubs.Hub", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("hub")
    )
    what = models.CharField(_("what"), max_length=32, choices=What.choices)
    records = models.PositiveIntegerField(_("records"), default=0)
    reason = models.CharField(_("reason given"), max_length=32, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("staff access")
        verbose_name_plural = _("staff access log")
        indexes = [models.Index(fields=["hub", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.what}"


class DataExport(models.Model):
    """A member's "my data" archive: asked for, built by the worker (progress shown),
    downloadable by that member only until it expires, then deleted."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        BUILDING = "building", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be prepared")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # per cent
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # A ZIP of a few kilobytes: kept in the database, never among public media files.
    archive = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")

    def __str__(self) -> str:
        return f"data export {self.pk}"
