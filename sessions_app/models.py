import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conference.languages import WORKING_LANGUAGE_CHOICES

CIRCLE_MAX_FAMILIES = 12
# More places than any session could hold; a bigger number typed in was a 500.
SESSION_MAX_PLACES = 10_000


class SessionQuerySet(models.QuerySet):
    def visible(self):
        return self.exclude(status=Session.Status.CANCELLED)

    def overlapping(self, starts_at, ends_at):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)

    def for_programme(self):
        """What a programme list shows of each session, in a fixed number of queries."""
        return (
            self.select_related("hub", "room")
            .prefetch_related("facilitators")
            .annotate(
                enrolled_count=models.Count(
                    "enrolments", filter=Q(enrolments__status="enrolled"), distinct=True
                )
            )
        )

    def speaking(self, language: str):
        """Held in `language`, or interpreted into it."""
        return self.filter(
            Q(language=language) | Q(interpretation_languages__icontains=f'"{language}"')
        )

    def current_and_next(self, now, within: datetime.timedelta):
        return self.visible().filter(
            ends_at__gt=now, starts_at__lt=now + within, status__in=["scheduled", "live"]
        )


class Session(models.Model):
    """One item of the programme: a plenary for every hub, or a hub's own session."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        DISCUSSION = "discussion", _("Expert discussion")
        PSYCHOSOCIAL = "psychosocial", _("Psychosocial presentation")
        WORKSHOP = "workshop", _("Workshop")
        CIRCLE = "circle", _("Sharing circle")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        LIVE = "live", _("Live now")
        ENDED = "ended", _("Ended")
        CANCELLED = "cancelled", _("Cancelled")

    conference = models.ForeignKey(
        "conference.Conference", on_delete=models.CASCADE, related_name="sessions"
    )
    hub = models.ForeignKey(
        "hubs.Hub",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sessions",
        help_text=_("Empty for a plenary, which every hub follows."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices)
    room = models.ForeignKey(
        "hubs.Room", null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    language = models.CharField(_("language"), max_length=10, choices=WORKING_LANGUAGE_CHOICES)
    interpretation_languages = models.JSONField(_("interpretation into"), default=list, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(SESSION_MAX_PLACES)],
        help_text=_("Families who can enrol; empty for no enrolment (open to all)."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_sessions"
    )
    speakers = models.CharField(
        _("speakers"),
        max_length=300,
        blank=True,
        help_text=_("Names as the speakers wish to be shown, separated by commas."),
    )
    join_link = models.URLField(
        _("link for online participants"),
        blank=True,
        help_text=_(
            "Where online participants follow a session that is not a sharing circle "
            "(a live stream or meeting address); shown only while it is live."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [
            models.Index(fields=["conference", "starts_at"]),
            models.Index(fields=["room", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(kind="plenary", hub__isnull=True)
                | (~Q(kind="plenary") & Q(hub__isnull=False)),
                name="session_plenary_has_no_hub",
            ),
            models.CheckConstraint(
                condition=~Q(kind="circle")
                | (
                    Q(capacity__isnull=False, capacity__gte=1, capacity__lte=CIRCLE_MAX_FAMILIES)
                    & ~Q(mode="in_person")
                ),
                name="session_circle_small_and_online",
            ),
            models.CheckConstraint(
                condition=Q(mode="online") | Q(room__isnull=False) | Q(kind="plenary"),
                name="session_in_person_has_room",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_circle(self) -> bool:
        return self.kind == self.Kind.CIRCLE

    @property
    def is_plenary(self) -> bool:
        return self.kind == self.Kind.PLENARY

    @property
    def speaker_names(self) -> list[str]:
        return [name.strip() for name in self.speakers.split(",") if name.strip()]

    JOIN_EARLY = datetime.timedelta(minutes=10)

    def is_live(self, now=None) -> bool:
        """Open to join: marked live, or scheduled and within its time (from ten
        minutes before the start). Ended and cancelled sessions never are."""
        if self.status == self.Status.LIVE:
            return True
        if self.status != self.Status.SCHEDULED:
            return False
        now = now or timezone.now()
        return self.starts_at - self.JOIN_EARLY <= now < self.ends_at

    @property
    def join_url(self) -> str:
        if self.is_circle:
            return reverse("circles:circle", args=[self.pk])
        return self.join_link

    @property
    def places_left(self) -> int | None:
        """Needs `for_programme()`; None when the session takes no enrolment."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.enrolled_count)

    @property
    def place(self):
        """Where the session's local time is: its hub, or the secretariat's zone."""
        return self.hub if self.hub_id else settings.PLENARY_TIME_ZONE

    @property
    def has_online_part(self) -> bool:
        return self.mode in (self.Mode.ONLINE, self.Mode.HYBRID)

    @property
    def interpretation_names(self) -> list[str]:
        from conference.languages import language_name

        return [language_name(code) for code in self.interpretation_languages]


class Enrolment(models.Model):
    """A family's place in a session that has a limited number of places."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    queued_at = models.DateTimeField(null=True, blank=True)
    ground_rules_accepted_at = models.DateTimeField(
        _("ground rules accepted"), null=True, blank=True
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="enrolment_unique"),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(queued_at__isnull=False),
                name="enrolment_waitlist_has_queue_time",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.session}"


class CalendarToken(models.Model):
    """The secret in a person's private calendar feed address; replaced to revoke it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"calendar feed of {self.user}"


# Live sharing circles -------------------------------------------------------------
# Everything a circle needs to show the same state after a reload, a reconnect,
# a second server process or a restart. Nothing else from a circle is kept.


class CircleState(models.Model):
    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, primary_key=True, related_name="circle_state"
    )
    locked_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    speaker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who has the word (holds the talking piece)."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"state of {self.session}"


class CircleParticipant(models.Model):
    """A person's place in one circle: waiting, admitted, removed or gone."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting to be admitted")
        ADMITTED = "admitted", _("In the circle")
        REMOVED = "removed", _("Removed")
        LEFT = "left", _("Left")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_places"
    )
    display_name = models.CharField(_("name shown in the circle"), max_length=40)
    audio_only = models.BooleanField(_("audio only"), default=False)
    rules_accepted_at = models.DateTimeField(_("ground rules accepted"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    is_facilitator = models.BooleanField(default=False)
    hand_raised_at = models.DateTimeField(null=True, blank=True)
    admitted_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="circle_participant_unique"),
        ]
        indexes = [models.Index(fields=["session", "state"])]

    def __str__(self) -> str:
        return f"{self.display_name} in {self.session}"


class CirclePresence(models.Model):
    """One open socket of a person in a circle. Rows not seen for a while are stale."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel_name = models.CharField(max_length=200, unique=True)
    connected_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["session", "seen_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.session_id}"


class CircleJitsiId(models.Model):
    """A Jitsi participant id a person's page reported as its own, so that removing
    the person from the circle can also remove them from the video room.

    Pages report their own id, and any page can see every id in the room: an id
    reported by two people is `disputed` and never used to remove anyone (see
    `circles.jitsi_claim`). Deleted when the circle ends."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="jitsi_ids")
    jitsi_id = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    disputed = models.BooleanField(default=False)
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "jitsi_id"], name="circle_jitsi_id_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.jitsi_id} in {self.session_id}"


class CircleMessage(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    display_name = models.CharField(max_length=40)
    body = models.TextField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["session", "created_at"])]

    def __str__(self) -> str:
        return f"message {self.pk} in {self.session_id}"
