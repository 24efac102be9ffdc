"""The psychosocial library (resources, topics, their review history) and the
directory of support services.

Resources are monolingual: each has one `language`, and its translations are other
resources sharing its `translation_group`, so "also in: فارسی · اردو" is one query
and the link holds both ways. Topics and support services are written once by
staff and translated field by field (translation.py, django-modeltranslation).
"""

import datetime
import uuid
import zoneinfo

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from conference.languages import WORKING_LANGUAGE_CHOICES, language_name
from conference.models import validate_time_zone

WORDS_PER_MINUTE = 180


class Topic(models.Model):
    """A theme families look for (ambiguous loss, talking with children…); admins
    manage them in the admin, with the name in every language."""

    slug = models.SlugField(_("short address"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True, max_length=500)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("library:topic", args=[self.slug])


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Resource.Status.PUBLISHED)

    def for_list(self):
        """What a list of resources shows, in a fixed number of queries."""
        return (
            self.select_related("hub")
            .prefetch_related("topics")
            .defer("body", "transcript", "search_document", "search_vector")
        )

    def language_first(self, languages: list[str]) -> "LanguageFirst":
        """Resources in `languages` (the viewer's) first, then the others, each
        newest first; a sequence a Paginator can page through."""
        return LanguageFirst(self, languages)


class LanguageFirst:
    """A list of resources in the viewer's languages first, then the others.

    Sorting every row on "is it in my language?" read the whole table for each
    page (36 ms at 20,000 resources); two queries that follow the index on
    (status, language, published_at) take well under a millisecond. Each page is
    always two small counts (bounded), two small queries for primary keys (one
    may come back unused) and one for the rows: the same queries on every page."""

    ORDER = ("-published_at", "-pk")
    COUNT_LIMIT = 1000

    def __init__(self, resources, languages: list[str]):
        self.resources = resources
        self.languages = languages
        self.first = resources.filter(language__in=languages).order_by(*self.ORDER)
        self.rest = resources.exclude(language__in=languages).order_by(*self.ORDER)
        self._count = None
        self._first_count = None

    def count(self) -> int:
        """How many there are, counted up to COUNT_LIMIT only: counting every
        resource of a topic took 30 ms at 20,000, and nobody pages that far."""
        if self._count is None:
            limit = self.COUNT_LIMIT
            self._first_count = self.first.order_by()[:limit].count()
            # At least one row is asked for, so every page makes the same queries.
            rest = self.rest.order_by()[: max(1, limit - self._first_count)].count()
            self._count = min(self._first_count + rest, limit)
        return self._count

    @property
    def capped(self) -> bool:
        return self.count() >= self.COUNT_LIMIT

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("LanguageFirst is read in slices (pages)")
        self.count()
        start, stop = index.start or 0, index.stop if index.stop is not None else self._count
        split = self._first_count
        # At least one row is asked of each part, so each page makes the same queries.
        first_ids = list(
            self.first.values_list("pk", flat=True)[min(start, split) : max(stop, start + 1)]
        )[: max(0, min(stop, split) - start)]
        rest_start = max(0, start - split)
        rest_ids = list(
            self.rest.values_list("pk", flat=True)[rest_start : max(stop - split, rest_start + 1)]
        )[: max(0, stop - max(start, split))]
        ids = first_ids + rest_ids
        rows = self.resources.in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]


class Resource(models.Model):
    """One item of the library, in one language."""

    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        AUDIO = "audio", _("Audio")
        VIDEO = "video", _("Video")
        PDF = "pdf", _("PDF document")
        LINK = "link", _("Link to another site")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("Waiting for review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Audience(models.TextChoices):
        FAMILIES = "families", _("Families")
        CHILDREN = "children", _("Children and parents")
        STAFF = "staff", _("Facilitators and staff")

    FILE_KINDS = frozenset({Kind.AUDIO, Kind.VIDEO, Kind.PDF})
    MEDIA_KINDS = frozenset({Kind.AUDIO, Kind.VIDEO})

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("short summary"),
        max_length=600,
        help_text=_("Two or three sentences shown in lists and before anyone downloads."),
    )
    body = models.TextField(
        _("text"), blank=True, help_text=_("Markdown: *italic*, **bold**, lists, ## headings.")
    )
    transcript = models.TextField(
        _("transcript or text summary"),
        blank=True,
        help_text=_("Required for audio and video before publishing: what is said, in words."),
    )
    file = models.FileField(_("file"), upload_to="library/", blank=True, max_length=300)
    file_type = models.CharField(_("file type"), max_length=60, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(_("file size"), null=True, blank=True)
    url = models.URLField(_("address of the other site"), blank=True, max_length=500)
    duration_seconds = models.PositiveIntegerField(_("duration in seconds"), null=True, blank=True)
    reading_minutes = models.PositiveSmallIntegerField(_("reading time"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=WORKING_LANGUAGE_CHOICES)
    topics = models.ManyToManyField(Topic, related_name="resources", verbose_name=_("topics"))
    audience = models.CharField(
        _("for"), max_length=10, choices=Audience.choices, default=Audience.FAMILIES
    )
    hub = models.ForeignKey(
        "hubs.Hub",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resources",
        help_text=_("Empty for the conference secretariat's (global) resources."),
    )
    translation_group = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    sessions = models.ManyToManyField(
        "sessions_app.Session",
        blank=True,
        related_name="resources",
        verbose_name=_("read or listen after these sessions"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Kept by the services: the normalised words of title, summary and text, for
    # the SQLite fallback and trigram matching; the weighted tsvector on PostgreSQL.
    search_title = models.CharField(max_length=200, blank=True, editable=False)
    search_document = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        # Lists page through resources newest first: in the viewer's languages
        # (first index), then in the others (second), never sorting every row.
        indexes = [
            models.Index(fields=["status", "language", "-published_at"]),
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["hub", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_group", "language"],
                condition=~Q(status="archived"),
                name="resource_one_per_language",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="resource_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:resource", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def has_file(self) -> bool:
        return self.kind in self.FILE_KINDS and bool(self.file)

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def duration_display(self) -> str:
        """ "4:05" (minutes:seconds), or "1:02:03" past an hour."""
        if not self.duration_seconds:
            return ""
        minutes, seconds = divmod(self.duration_seconds, 60)
        hours, minutes = divmod(minutes, 60)
        if hours:
            return f"{hours}:{minutes:02d}:{seconds:02d}"
        return f"{minutes}:{seconds:02d}"

    @staticmethod
    def reading_time(text: str) -> int:
        return max(1, round(len(text.split()) / WORDS_PER_MINUTE))


class ResourceStatusChange(models.Model):
    """Who moved a resource from one status to another, and when."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=10, choices=Resource.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Resource.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.resource_id}: {self.from_status or '-'} → {self.to_status}"


class SupportServiceQuerySet(models.QuerySet):
    def for_directory(self):
        return self.select_related("society").order_by("country", "position", "kind", "pk")


class SupportService(models.Model):
    """Somewhere a family can turn to: a tracing service, a support line, legal
    counselling… A national society's tracing service points to the society and
    shows the contact details kept there (one place to change them)."""

    class Kind(models.TextChoices):
        TRACING = "tracing", _("Tracing service")
        PSYCHOSOCIAL = "psychosocial", _("Psychosocial support line")
        LEGAL = "legal", _("Legal and migration counselling")
        FAMILY_LINKS = "family_links", _("ICRC Family Links")
        TRACE_THE_FACE = "trace_the_face", _("Trace the Face")
        OTHER = "other", _("Other help")

    country = CountryField(
        _("country"), blank=True, help_text=_("Empty for a service that works in every country.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    society = models.ForeignKey(
        "hubs.NationalSociety",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="support_services",
        help_text=_("For a national society's tracing service: its contact details are shown."),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    description = models.TextField(_("what it offers"), blank=True, max_length=1000)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, validators=[validate_time_zone], default="UTC"
    )
    open_days = models.JSONField(
        _("days open"), default=list, blank=True, help_text=_("0 is Monday, 6 is Sunday.")
    )
    opens_at = models.TimeField(_("opens (local time)"), null=True, blank=True)
    closes_at = models.TimeField(_("closes (local time)"), null=True, blank=True)
    hours_note = models.CharField(_("about the hours"), max_length=300, blank=True)
    is_free = models.BooleanField(_("free of charge"), default=True)
    website = models.URLField(_("web address"), blank=True, max_length=500)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("address for walk-in visits"), blank=True, max_length=500)
    position = models.PositiveSmallIntegerField(_("position"), default=10)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SupportServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("support service")
        verbose_name_plural = _("support services")
        constraints = [
            models.CheckConstraint(
                condition=(Q(opens_at__isnull=True) & Q(closes_at__isnull=True))
                | Q(closes_at__gt=models.F("opens_at")),
                name="supportservice_hours",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def clean(self):
        """Rules any form (the directory's, the admin's) shows next to its fields."""
        super().clean()
        if self.society_id and self.kind != self.Kind.TRACING:
            raise ValidationError({"society": _("Only a tracing service belongs to a society.")})
        if not (self.name_en or self.society_id):
            raise ValidationError(
                {"name_en": _("Please give the service's name, at least in English.")}
            )

    # What families see: the society's own details unless the service has its own.
    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        if self.society_id:
            return self.society.name
        return str(self.get_kind_display())

    @property
    def contact_website(self) -> str:
        return self.website or (self.society.tracing_url if self.society_id else "")

    @property
    def contact_phone(self) -> str:
        return self.phone or (self.society.tracing_phone if self.society_id else "")

    @property
    def contact_email(self) -> str:
        return self.email or (self.society.tracing_email if self.society_id else "")

    @property
    def notes(self) -> str:
        return self.description or (self.society.tracing_notes if self.society_id else "")

    @property
    def language_names(self) -> list[str]:
        return [language_name(code) for code in self.languages]

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def open_day_names(self) -> list[str]:
        return [str(WEEKDAYS[day]) for day in sorted(self.open_days) if day in WEEKDAYS]

    @property
    def has_hours(self) -> bool:
        return self.opens_at is not None and self.closes_at is not None and bool(self.open_days)

    def is_open(self, moment: datetime.datetime | None = None) -> bool | None:
        """Open at `moment` (now by default) in the service's own zone; None when
        it has no fixed hours."""
        if not self.has_hours:
            return None
        local = (moment or timezone.now()).astimezone(self.zone)
        return local.weekday() in self.open_days and self.opens_at <= local.time() < self.closes_at
