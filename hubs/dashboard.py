"""What an organiser sees about their hub: a constant number of queries, whatever the size."""

import csv
import io
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Sum, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from conference import content, dates
from conference.languages import language_name
from hubs.models import Hub, Registration, Room
from hubs.services import normalise_ticket_code
from sessions_app.models import Session

Mode = Registration.Mode
Status = Registration.Status
WAITLIST_SHOWN = 50
SEARCH_SHOWN = 50
NEEDS_SHOWN = 100
LANGUAGE_NAMES = dict(settings.LANGUAGES)


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


# What an organiser exports for (they say which, and it is recorded in the staff access
# log): each purpose gets only the columns it needs. Nobody's e-mail address, ever.
EXPORT_PURPOSES = {
    "planning": [
        "ticket",
        "pseudonym",
        "mode",
        "status",
        "waitlist_position",
        "adults",
        "children",
        "registered_at",
        "waitlisted_since",
        "arrived_at",
    ],
    "needs": [
        "ticket",
        "pseudonym",
        "mode",
        "adults",
        "children",
        "interpretation",
        "accessibility_needs",
    ],
}


def export_purpose_choices() -> list[tuple[str, str]]:
    return [
        (
            "planning",
            _("Seats, the waiting list and arrivals (no needs, no interpretation)"),
        ),
        ("needs", _("Interpretation and accessibility planning (no dates, no waiting list)")),
    ]


def export_header(hub, purpose: str = "planning") -> list[str]:
    zone = hub.time_zone
    headers = {
        "ticket": _("Ticket"),
        "pseudonym": _("Pseudonym"),
        "mode": _("How they take part"),
        "status": _("Status"),
        "waitlist_position": _("Place on the waiting list"),
        "adults": _("Adults"),
        "children": _("Children"),
        "interpretation": _("Interpretation"),
        "accessibility_needs": _("Accessibility needs"),
        "registered_at": _("Registered (%(zone)s)") % {"zone": zone},
        "waitlisted_since": _("Waiting since (%(zone)s)") % {"zone": zone},
        "arrived_at": _("Arrived (%(zone)s)") % {"zone": zone},
    }
    return [headers[column] for column in EXPORT_PURPOSES[purpose]]


def export_rows_count(hub, purpose: str) -> int:
    rows = Registration.objects.filter(hub=hub)
    if purpose == "needs":
        rows = rows.exclude(status=Status.CANCELLED)
    return rows.count()


def export_csv(hub, purpose: str = "planning") -> str:
    """The hub's registrations for a spreadsheet, with only the columns `purpose`
    needs (EXPORT_PURPOSES; "needs" leaves cancelled families out): a UTF-8
    byte-order mark (so that Excel reads Urdu and Persian pseudonyms right), labels
    in the organiser's language instead of codes, times in the hub's zone to the
    minute, and no cell a spreadsheet would run as a formula."""
    columns = EXPORT_PURPOSES[purpose]
    zone = hub.zone
    positions = {}
    for mode in Mode.values:
        waiting = Registration.objects.waitlist(mode).filter(hub=hub).values_list("pk", flat=True)
        positions.update({pk: number for number, pk in enumerate(waiting, start=1)})
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(export_header(hub, purpose))
    rows = Registration.objects.filter(hub=hub).select_related("user").order_by("created_at")
    if purpose == "needs":
        rows = rows.exclude(status=Status.CANCELLED)
    for registration in rows.iterator(chunk_size=500):
        language = registration.interpretation_language
        values = {
            "ticket": registration.ticket_display,
            "pseudonym": registration.user.pseudonym,
            "mode": registration.get_mode_display(),
            "status": registration.get_status_display(),
            "waitlist_position": positions.get(registration.pk, ""),
            "adults": registration.adults,
            "children": registration.children,
            "interpretation": language_name(language) if language else "",
            "accessibility_needs": registration.accessibility_needs,
            "registered_at": dates.sheet_moment(registration.created_at, zone),
            "waitlisted_since": dates.sheet_moment(registration.queued_at, zone),
            "arrived_at": dates.sheet_moment(registration.checked_in_at, zone),
        }
        writer.writerow([spreadsheet_safe(values[column]) for column in columns])
    return buffer.getvalue()


UNTRANSLATED_SHOWN = 100


@dataclass(frozen=True)
class Untranslated:
    """One text of the hub's that some of its languages still lack, and where to write them."""

    what: object  # the hub, its society, a room, a session, a plenary or the edition
    field: str
    label: str
    languages: list[str]  # the missing languages' names
    url: str


def _edit_url(obj) -> str:
    if isinstance(obj, Hub):
        return reverse("hubs:settings", args=[obj.slug])
    if isinstance(obj, Room):
        return reverse("hubs:room", args=[obj.hub.slug, obj.pk])
    if isinstance(obj, Session):
        return reverse("sessions_app:session_edit", args=[obj.pk])
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def untranslated(hub, *, with_edition: bool = False) -> tuple[list[Untranslated], int]:
    """What the hub's families read that is not yet written in all the hub's languages
    (English and its interface languages): the hub, its society, rooms and sessions,
    and with `with_edition` (global admins) the plenaries and the edition itself,
    which every hub's families read. A constant number of queries; the first
    UNTRANSLATED_SHOWN rows and the total."""
    languages = content.interface_languages(hub.languages)
    found = content.missing(hub, languages)
    found += content.missing(hub.society, languages)
    rooms = list(Room.objects.filter(hub=hub))
    for room in rooms:
        room.hub = hub
        found += content.missing(room, languages)
    sessions = Session.objects.visible().filter(conference_id=hub.conference_id)
    for session in sessions.filter(hub=hub):
        wanted = content.interface_languages([*hub.languages, session.language])
        found += content.missing(session, wanted)
    if with_edition:
        everyone = content.LANGUAGE_CODES
        for plenary in sessions.filter(kind=Session.Kind.PLENARY):
            found += content.missing(plenary, everyone)
        found += content.missing(hub.conference, everyone)
    rows = [
        Untranslated(
            what=item.obj,
            field=item.field,
            label=item.label,
            languages=[LANGUAGE_NAMES.get(code, code) for code in item.languages],
            url=_edit_url(item.obj),
        )
        for item in found[:UNTRANSLATED_SHOWN]
    ]
    return rows, len(found)
