"""What an organiser sees about their hub: a constant number of queries, whatever the size."""

import csv
import io

from django.db.models import Count, Q, Sum

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


EXPORT_COLUMNS = [
    "ticket",
    "pseudonym",
    "mode",
    "status",
    "adults",
    "children",
    "interpretation",
    "accessibility_needs",
    "registered_at_utc",
    "waitlisted_since_utc",
    "arrived_at_utc",
]


def export_csv(hub) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    rows = Registration.objects.filter(hub=hub).select_related("user").order_by("created_at")
    for registration in rows.iterator(chunk_size=500):
        writer.writerow(
            [
                spreadsheet_safe(value)
                for value in (
                    registration.ticket_display,
                    registration.user.pseudonym,
                    registration.mode,
                    registration.status,
                    registration.adults,
                    registration.children,
                    registration.interpretation_language,
                    registration.accessibility_needs,
                    registration.created_at.isoformat(),
                    registration.queued_at.isoformat() if registration.queued_at else "",
                    registration.checked_in_at.isoformat() if registration.checked_in_at else "",
                )
            ]
        )
    return buffer.getvalue()
