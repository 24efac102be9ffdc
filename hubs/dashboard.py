"""What an organiser sees about their hub: a constant number of queries, whatever the size."""

import csv
import io

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Sum, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from conference import dates
from conference.languages import language_name
from hubs.models import Registration
from hubs.services import normalise_ticket_code

Mode = Registration.Mode
Status = Registration.Status
WAITLIST_SHOWN = 50
SEARCH_SHOWN = 50
NEEDS_SHOWN = 100


def summary(hub) -> dict:
    """Registrations and people by mode and status, and arrivals: one query."""
    rows = (
        Registration.objects.filter(hub=hub)
        .values("mode", "status")
        .annotate(
            parties=Count("pk"),
            people=Sum("adults") + Sum("children"),
            arrived=Count("pk", filter=Q(checked_in_at__isnull=False)),
        )
    )
    table = {
        mode: {status: {"parties": 0, "people": 0} for status in Status.values}
        for mode in Mode.values
    }
    arrived = 0
    for row in rows:
        table[row["mode"]][row["status"]] = {"parties": row["parties"], "people": row["people"]}
        arrived += row["arrived"] if row["status"] == Status.CONFIRMED else 0
    return {
        "table": [
            {"mode": Mode(mode).label, "counts": [table[mode][status] for status in Status.values]}
            for mode in Mode.values
        ],
        "statuses": [Status(status).label for status in Status.values],
        "arrived": arrived,
        "in_person_confirmed": table[Mode.IN_PERSON][Status.CONFIRMED],
    }


def waitlist(hub) -> list[Registration]:
    """The first families waiting, in order, with their position (one query)."""
    waiting = list(
        Registration.objects.filter(hub=hub, status=Status.WAITLISTED)
        .select_related("user")
        .order_by("mode", "queued_at", "pk")[: WAITLIST_SHOWN * 2]
    )
    position = {}
    for registration in waiting:
        position[registration.mode] = position.get(registration.mode, 0) + 1
        registration.position = position[registration.mode]
    return waiting[:WAITLIST_SHOWN]


def needs(hub) -> dict:
    """Interpretation languages (people per language) and accessibility notes."""
    active = Registration.objects.filter(hub=hub).exclude(status=Status.CANCELLED)
    languages = (
        active.exclude(interpretation_language="")
        .values("interpretation_language")
        .annotate(parties=Count("pk"), people=Sum("adults") + Sum("children"))
        .order_by("-people")
    )
    notes = list(
        active.exclude(accessibility_needs="")
        .select_related("user")
        .order_by("created_at")[:NEEDS_SHOWN]
    )
    return {
        "languages": [
            {"name": language_name(row["interpretation_language"]), **row} for row in languages
        ],
        "accessibility": notes,
    }


def search(hub, query: str) -> list[Registration]:
    query = query.strip()
    if not query:
        return []
    code = normalise_ticket_code(query)
    matches = Q(user__pseudonym__icontains=query)
    if code:
        matches |= Q(ticket_code__startswith=code)
    return list(
        Registration.objects.filter(hub=hub)
        .filter(matches)
        .select_related("user")
        .order_by("user__pseudonym")[:SEARCH_SHOWN]
    )


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """Text a spreadsheet will not run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


REGISTRATIONS_PER_PAGE = 50


def _waitlist_position():
    """Per row: 1 + the families waiting ahead in the same hub and mode (None when
    not waiting). A subquery, so that any filter on the list leaves positions true."""
    ahead = (
        Registration.objects.filter(
            hub=OuterRef("hub"), mode=OuterRef("mode"), status=Status.WAITLISTED
        )
        .filter(
            Q(queued_at__lt=OuterRef("queued_at"))
            | Q(queued_at=OuterRef("queued_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("hub")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Case(
        When(status=Status.WAITLISTED, then=Coalesce(Subquery(ahead), 0) + 1),
        default=None,
        output_field=IntegerField(),
    )


def registrations(hub, *, status="", mode="", arrived="", query=""):
    """The hub's registrations for its organisers, newest first, filtered; each with
    `position` on the waiting list. Only what running the hub needs: no e-mail
    address or contact detail (families are written to through the platform)."""
    rows = (
        Registration.objects.filter(hub=hub)
        .select_related("user")
        .only(
            "pk",
            "hub",
            "mode",
            "status",
            "adults",
            "children",
            "queued_at",
            "checked_in_at",
            "created_at",
            "user__pseudonym",
        )
        .annotate(position=_waitlist_position())
        .order_by("-created_at", "-pk")
    )
    if status:
        rows = rows.filter(status=status)
    if mode:
        rows = rows.filter(mode=mode)
    if arrived == "yes":
        rows = rows.filter(checked_in_at__isnull=False)
    elif arrived == "no":
        rows = rows.filter(checked_in_at__isnull=True)
    query = query.strip()
    if query:
        matches = Q(user__pseudonym__icontains=query)
        code = normalise_ticket_code(query)
        if code:
            matches |= Q(ticket_code__startswith=code)
        rows = rows.filter(matches)
    return rows


# Column keys (stable, for code and tests) and their headers in the organiser's language.
EXPORT_COLUMNS = [
    "ticket",
    "pseudonym",
    "mode",
    "status",
    "waitlist_position",
    "adults",
    "children",
    "interpretation",
    "accessibility_needs",
    "registered_at",
    "waitlisted_since",
    "arrived_at",
]


def export_header(hub) -> list[str]:
    zone = hub.time_zone
    return [
        _("Ticket"),
        _("Pseudonym"),
        _("How they take part"),
        _("Status"),
        _("Place on the waiting list"),
        _("Adults"),
        _("Children"),
        _("Interpretation"),
        _("Accessibility needs"),
        _("Registered (%(zone)s)") % {"zone": zone},
        _("Waiting since (%(zone)s)") % {"zone": zone},
        _("Arrived (%(zone)s)") % {"zone": zone},
    ]


def export_csv(hub) -> str:
    """Every registration of the hub, for a spreadsheet: a UTF-8 byte-order mark (so
    that Excel reads Urdu and Persian pseudonyms right), labels in the organiser's
    language instead of codes, times in the hub's zone to the minute, and no cell
    a spreadsheet would run as a formula."""
    zone = hub.zone
    positions = {}
    for mode in Mode.values:
        waiting = Registration.objects.waitlist(mode).filter(hub=hub).values_list("pk", flat=True)
        positions.update({pk: number for number, pk in enumerate(waiting, start=1)})
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(export_header(hub))
    rows = Registration.objects.filter(hub=hub).select_related("user").order_by("created_at")
    for registration in rows.iterator(chunk_size=500):
        language = registration.interpretation_language
        writer.writerow(
            [
                spreadsheet_safe(value)
                for value in (
                    registration.ticket_display,
                    registration.user.pseudonym,
                    registration.get_mode_display(),
                    registration.get_status_display(),
                    positions.get(registration.pk, ""),
                    registration.adults,
                    registration.children,
                    language_name(language) if language else "",
                    registration.accessibility_needs,
                    dates.sheet_moment(registration.created_at, zone),
                    dates.sheet_moment(registration.queued_at, zone),
                    dates.sheet_moment(registration.checked_in_at, zone),
                )
            ]
        )
    return buffer.getvalue()
