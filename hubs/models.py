import datetime
import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conference.languages import WORKING_LANGUAGE_CHOICES, language_name
from conference.models import validate_time_zone

# Upper bounds for numbers people type: far above any venue, far below what the
# database's integers hold (a bigger number was a 500 instead of an error).
ROOM_MAX_CAPACITY = 10_000
HUB_MAX_CAPACITY = 100_000


class NationalSociety(models.Model):
    """A Red Cross or Red Crescent society, with how to reach its tracing service."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=20, unique=True)
    country = models.CharField(_("country"), max_length=100)
    tracing_url = models.URLField(_("tracing service web page"), blank=True)
    tracing_email = models.EmailField(_("tracing service e-mail"), blank=True)
    tracing_phone = models.CharField(_("tracing service telephone"), max_length=40, blank=True)
    tracing_notes = models.TextField(
        _("how to reach the tracing service"),
        blank=True,
        help_text=_("Opening hours, addresses, what to bring."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("national society")
        verbose_name_plural = _("national societies")

    def __str__(self) -> str:
        return self.name


class HubQuerySet(models.QuerySet):
    def for_conference(self, conference):
        return self.filter(conference=conference).select_related("society")

    def with_seats_taken(self):
        """Annotate `in_person_taken` and `online_taken`: people holding a confirmed place."""
        annotations = {}
        for mode in ("in_person", "online"):
            taken = (
                Registration.objects.filter(
                    hub=models.OuterRef("pk"), mode=mode, status=Registration.Status.CONFIRMED
                )
                .values("hub")
                .annotate(total=models.Sum(models.F("adults") + models.F("children")))
                .values("total")
            )
            annotations[f"{mode}_taken"] = Coalesce(models.Subquery(taken), 0)
        return self.annotate(**annotations)


class Hub(models.Model):
    """One national society's venue for one edition of the conference."""

    conference = models.ForeignKey(
        "conference.Conference", on_delete=models.CASCADE, related_name="hubs"
    )
    society = models.ForeignKey(NationalSociety, on_delete=models.PROTECT, related_name="hubs")
    slug = models.SlugField(_("short address"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    city = models.CharField(_("city"), max_length=100)
    time_zone = models.CharField(
        _("time zone"), max_length=64, validators=[validate_time_zone], default="UTC"
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_("Language codes spoken at the hub, for example ur, en."),
    )
    venue = models.TextField(_("venue"), blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    contact_email = models.EmailField(
        _("e-mail address of the hub's team"),
        blank=True,
        help_text=_("Where families can write with a question; shown in the platform's e-mails."),
    )
    contact_phone = models.CharField(
        _("telephone of the hub's team"),
        max_length=40,
        blank=True,
        help_text=_("With the country code, for example +92 51 000 0000."),
    )
    in_person_capacity = models.PositiveIntegerField(
        _("in-person capacity"), default=0, validators=[MaxValueValidator(HUB_MAX_CAPACITY)]
    )
    online_open = models.BooleanField(_("takes online participants"), default=True)
    online_capacity = models.PositiveIntegerField(
        _("online capacity"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(HUB_MAX_CAPACITY)],
        help_text=_("Leave empty for no limit on online participants."),
    )
    opens_at = models.TimeField(_("doors open (local time)"), default=datetime.time(9, 0))
    closes_at = models.TimeField(_("day ends (local time)"), default=datetime.time(17, 0))

    objects = HubQuerySet.as_manager()

    class Meta:
        ordering = ["conference", "city"]
        verbose_name = _("hub")
        verbose_name_plural = _("hubs")
        constraints = [
            models.UniqueConstraint(fields=["conference", "society"], name="hub_one_per_society"),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="hub_day_hours"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def local_now(self):
        return timezone.now().astimezone(self.zone)

    @property
    def in_person_seats_left(self) -> int:
        """Needs `with_seats_taken()`; never negative, even after a capacity cut."""
        return max(0, self.in_person_capacity - self.in_person_taken)

    @property
    def online_seats_left(self) -> int | None:
        if self.online_capacity is None:
            return None
        return max(0, self.online_capacity - self.online_taken)

    def capacity_for(self, mode: str) -> int | None:
        """Seats for `mode`; None means no limit."""
        if mode == Registration.Mode.IN_PERSON:
            return self.in_person_capacity
        return self.online_capacity

    def day_hours(self, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
        """When the hub opens and closes on `day`, as aware datetimes."""
        return (
            datetime.datetime.combine(day, self.opens_at, tzinfo=self.zone),
            datetime.datetime.combine(day, self.closes_at, tzinfo=self.zone),
        )

    @property
    def language_names(self) -> list[str]:
        return [language_name(code) for code in self.languages]


class Room(models.Model):
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=100)
    capacity = models.PositiveIntegerField(
        _("capacity"), validators=[MinValueValidator(1), MaxValueValidator(ROOM_MAX_CAPACITY)]
    )

    class Meta:
        ordering = ["hub", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            # "Garden room" and "garden room" are one room to the people choosing it,
            # in each language its name is written in (hubs/translation.py; an
            # empty translation is NULL, which never collides).
            *(
                models.UniqueConstraint(
                    Lower(f"name_{code.replace('-', '_')}"),
                    "hub",
                    name=f"room_unique_name_{code.replace('-', '_')}_ci",
                )
                for code, _name in settings.LANGUAGES
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1, capacity__lte=ROOM_MAX_CAPACITY),
                name="room_capacity_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.hub})"


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlist(self, mode):
        return self.filter(status=Registration.Status.WAITLISTED, mode=mode).order_by(
            "queued_at", "pk"
        )

    def seats_taken(self, hub, mode) -> int:
        """People holding a confirmed place at `hub` in `mode` (party sizes summed)."""
        total = (
            self.filter(hub=hub, mode=mode, status=Registration.Status.CONFIRMED)
            .aggregate(total=models.Sum(models.F("adults") + models.F("children")))
            .get("total")
        )
        return total or 0


class Registration(models.Model):
    """A family's place at one hub for one edition."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    MAX_PARTY = 10

    conference = models.ForeignKey(
        "conference.Conference", on_delete=models.CASCADE, related_name="registrations"
    )
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations"
    )
    mode = models.CharField(_("how you take part"), max_length=12, choices=Mode.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    adults = models.PositiveSmallIntegerField(_("adults"), default=1)
    children = models.PositiveSmallIntegerField(_("children"), default=0)
    interpretation_language = models.CharField(
        _("interpretation language"),
        max_length=10,
        choices=WORKING_LANGUAGE_CHOICES,
        blank=True,
    )
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True, max_length=500)
    ticket_code = models.CharField(_("ticket code"), max_length=12, unique=True)
    consent_given_at = models.DateTimeField(_("consent given"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    queued_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the family joined the waiting list.")
    )
    checked_in_at = models.DateTimeField(_("arrived"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "conference"], name="registration_one_per_edition"
            ),
            models.CheckConstraint(
                condition=models.Q(adults__gte=1, adults__lte=10, children__lte=10),
                name="registration_party_size",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="waitlisted") | models.Q(queued_at__isnull=False),
                name="registration_waitlist_has_queue_time",
            ),
        ]
        indexes = [models.Index(fields=["hub", "status", "mode"])]

    def __str__(self) -> str:
        return f"{self.ticket_code} ({self.hub})"

    @property
    def party_size(self) -> int:
        return self.adults + self.children

    def waitlist_position(self) -> int | None:
        """1 for the first family waiting at this hub in this mode."""
        if self.status != self.Status.WAITLISTED:
            return None
        ahead = (
            Registration.objects.waitlist(self.mode)
            .filter(hub_id=self.hub_id)
            .filter(
                models.Q(queued_at__lt=self.queued_at)
                | models.Q(queued_at=self.queued_at, pk__lt=self.pk)
            )
            .count()
        )
        return ahead + 1

    @property
    def ticket_display(self) -> str:
        """The code in two groups, easier to read aloud: ABCDE-FGHJK."""
        return f"{self.ticket_code[:5]}-{self.ticket_code[5:]}"


MESSAGE_SUBJECT_MAX = 150
MESSAGE_BODY_MAX = 5000


class RegistrantMessage(models.Model):
    """An e-mail an organiser wrote to a group of the hub's registrants. One mail per
    family is sent by the worker, in the family's language; `recipients` records who
    it went to and the progress."""

    class Group(models.TextChoices):
        CONFIRMED_IN_PERSON = "confirmed_in_person", _("Confirmed, coming in person")
        CONFIRMED_ONLINE = "confirmed_online", _("Confirmed, taking part online")
        WAITLIST = "waitlist", _("On the waiting list")
        ALL = "all", _("Everyone registered, confirmed or waiting")

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    group = models.CharField(_("who it is for"), max_length=24, choices=Group.choices)
    subject = models.CharField(_("subject"), max_length=MESSAGE_SUBJECT_MAX)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        indexes = [models.Index(fields=["hub", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.lookups.LessThanOrEqual(
                    models.functions.Length("body"), MESSAGE_BODY_MAX
                ),
                name="registrant_message_body_length",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class MessageRecipient(models.Model):
    """One family a message to registrants goes to: queued, then sent or failed."""

    message = models.ForeignKey(
        RegistrantMessage, on_delete=models.CASCADE, related_name="recipients"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    queued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "user"], name="message_recipient_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} → {self.user_id}"


def hubs_to_contact(user) -> list[Hub]:
    """The hubs a person can write to about the platform: their own hub in the
    current edition, or, before they registered, every hub of it that gave contact
    details."""
    hubs = Hub.objects.filter(conference__is_current=True).exclude(contact_email="")
    if getattr(user, "pk", None):
        own = hubs.filter(
            registrations__user=user, registrations__status__in=["confirmed", "waitlisted"]
        )
        if own:
            return list(own)
    return list(hubs.order_by("city"))
