"""The demo programme: three days at every hub, plenaries for all, sharing
circles in several languages (some full, with a waiting list), and a circle
that is live whenever the demo is seeded, led by facilitator@example.org with
family@example.org and family2@example.org enrolled.

Sessions are first created through the scheduling services, so the plan is
checked for conflicts like any organiser's; re-seeding moves them to the new
demo dates and keeps their enrolments."""

import contextlib
import datetime

from django.utils import timezone

from conference.demo_texts import translated
from conference.models import HubRole, User
from hubs.models import Registration
from sessions_app import services
from sessions_app.models import (
    CircleMessage,
    CircleParticipant,
    CirclePresence,
    CircleState,
    Enrolment,
    Session,
)
from support.signals.models import SupportMessage, SupportSignal

Kind = Session.Kind
Mode = Session.Mode
# Its English title; sessions are found by their English title (title_en).
LIVE_CIRCLE_TITLE = "Sharing circle: living with not knowing"

# Extra facilitators, so no one leads two sessions at once (they cannot sign in).
FACILITATORS = {
    "islamabad-2025": ("demo-facilitator-islamabad@example.org", "Facilitator Saima"),
    "tehran-2025": ("demo-facilitator-tehran@example.org", "Facilitator Leila"),
    "ankara-2025": ("demo-facilitator-ankara@example.org", "Facilitator Elif"),
    "online-2025": ("demo-facilitator-online@example.org", "Facilitator Claire"),
}

PLENARIES = [
    # day index, start (Geneva time), minutes, title, speakers
    (
        0,
        "10:00",
        90,
        "Opening plenary: families at the centre of the search",
        "Central Tracing Agency, ICRC; families from the 2023 edition",
    ),
    (
        1,
        "10:00",
        60,
        "Plenary: the missing, the law and the right to know",
        "ICRC legal adviser; a national society tracing officer",
    ),
    (2, "15:00", 60, "Closing plenary: staying connected after the conference", "Hub organisers"),
]

DISCUSSIONS = [
    "How tracing works: from a request to an answer",
    "Missing migrants: searching along the routes",
    "Your rights as the family of a missing person",
]
PRESENTATIONS = [
    "Coping with uncertainty",
    "Talking with children about a missing relative",
    "Looking after yourself: sleep, stress and grief",
]
WORKSHOPS = [
    "Writing a letter to your missing relative",
    "Memory boxes: keeping a place for the one you miss",
    "Where to find support after the conference",
]
CIRCLE_TOPICS = [
    "Sharing circle: the first days of not knowing",
    "Sharing circle: holding on to hope",
    "Sharing circle: caring for the family while we search",
]


def _at(day: datetime.date, clock: str, zone) -> datetime.datetime:
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.datetime.combine(day, datetime.time(hours, minutes), tzinfo=zone)


def _facilitator(demo, slug: str) -> User:
    email, pseudonym = FACILITATORS[slug]
    user, created = User.objects.get_or_create(email=email, defaults={"pseudonym": pseudonym})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    HubRole.objects.get_or_create(user=user, hub=demo.hubs[slug], role=HubRole.Role.FACILITATOR)
    return user


def _texts(title, description="", speakers="", society="") -> dict:
    """A session's title, description and speakers in every language the demo has
    them in (conference/demo_texts.py)."""
    columns = translated("title", title)
    if description:
        columns.update(translated("description", description))
    if speakers:
        columns.update(translated("speakers", speakers, society=society))
    return columns


def _schedule(
    demo, *, hub, starts_at, minutes, texts, facilitators=(), occurrence=0, **fields
) -> Session:
    """Schedule a demo session, or move the one seeded before to the new demo dates.
    Sessions are told apart by hub, language and English title, and the nth of them
    (`occurrence`) when one is held on several days. An older demo's titles carried
    labels ("… (Islamabad)", "… (FA, 2025-11-30)"): they are found by their start."""
    ends_at = starts_at + datetime.timedelta(minutes=minutes)
    same = Session.objects.filter(
        conference=demo.conference,
        hub=hub,
        language=fields["language"],
        title_en__startswith=texts["title_en"],
    ).order_by("starts_at", "pk")
    existing = same[occurrence : occurrence + 1].first()
    if existing is None:
        return services.session_create(
            by=demo.users["admin@example.org"],
            conference=demo.conference,
            hub=hub,
            facilitators=facilitators,
            starts_at=starts_at,
            ends_at=ends_at,
            **texts,
            **fields,
        )
    # Re-seeding: the demo dates moved; shift the session, keep its places.
    Session.objects.filter(pk=existing.pk).update(
        starts_at=starts_at, ends_at=ends_at, status=Session.Status.SCHEDULED, **texts
    )
    existing.refresh_from_db()
    return existing


def _enrol(user, session) -> None:
    if Enrolment.objects.filter(session=session, user=user).exists():
        return
    # Families not eligible (registered in person at another hub) are skipped.
    with contextlib.suppress(services.EnrolmentError):
        services.enrolment_create(user=user, session=session, accept_ground_rules=True)


def build_programme(demo, *, now=None) -> None:
    now = now or timezone.now()
    days = demo.conference.days
    zurich = services.plenary_zone()
    for index, clock, minutes, title, speakers in PLENARIES:
        _schedule(
            demo,
            hub=None,
            starts_at=_at(days[index], clock, zurich),
            minutes=minutes,
            kind=Kind.PLENARY,
            texts=_texts(
                title, "Followed together by every hub, in the main hall or online.", speakers
            ),
            mode=Mode.HYBRID,
            language="en",
            interpretation_languages=["fr", "ar", "fa", "ur", "ps"],
        )

    facilitators = {slug: _facilitator(demo, slug) for slug in FACILITATORS}
    lead = demo.users["facilitator@example.org"]
    families_by_hub: dict[int, list[User]] = {}
    for registration in Registration.objects.confirmed().filter(conference=demo.conference):
        families_by_hub.setdefault(registration.hub_id, []).append(registration.user)

    for slug, hub in demo.hubs.items():
        zone = hub.zone
        rooms = list(hub.rooms.order_by("-capacity"))
        main_room = rooms[0] if rooms else None
        small_room = rooms[1] if len(rooms) > 1 else None
        language = hub.languages[0]
        mode = Mode.IN_PERSON if main_room else Mode.ONLINE
        for index, day in enumerate(days):
            _schedule(
                demo,
                hub=hub,
                starts_at=_at(day, "09:00", zone),
                minutes=60,
                kind=Kind.DISCUSSION,
                texts=_texts(
                    DISCUSSIONS[index],
                    "An expert answers families' questions; bring yours.",
                    "Tracing officer, {society}",
                    hub.society.short_name,
                ),
                mode=Mode.HYBRID if main_room else Mode.ONLINE,
                room=main_room,
                language=language,
                interpretation_languages=["en"] if language != "en" else ["fr", "ar"],
            )
            _schedule(
                demo,
                hub=hub,
                starts_at=_at(day, "11:30", zone),
                minutes=60,
                kind=Kind.PSYCHOSOCIAL,
                texts=_texts(
                    PRESENTATIONS[index],
                    "Practical ways families have found to cope, and where to get help.",
                    "Psychologist, {society}",
                    hub.society.short_name,
                ),
                mode=mode,
                room=main_room,
                language=language,
            )
            workshop = _schedule(
                demo,
                hub=hub,
                starts_at=_at(day, "13:30", zone),
                minutes=90,
                kind=Kind.WORKSHOP,
                texts=_texts(WORKSHOPS[index], "A small group, with materials provided."),
                mode=mode,
                room=small_room or main_room,
                language=language,
                capacity=4 if slug == "ankara-2025" else 10,
            )
            circle_facilitator = (
                lead if slug == "islamabad-2025" and index != 1 else facilitators[slug]
            )
            circle = _schedule(
                demo,
                hub=hub,
                starts_at=_at(day, "15:30", zone),
                minutes=90,
                facilitators=[circle_facilitator],
                kind=Kind.CIRCLE,
                texts=_texts(
                    CIRCLE_TOPICS[index],
                    "Up to a few families and a trained facilitator. Never recorded.",
                ),
                mode=Mode.HYBRID if small_room else Mode.ONLINE,
                room=small_room,
                language=language,
                capacity=6 if slug == "online-2025" else 8,
            )
            if index == 2:
                # Full, with families waiting: the Ankara workshop and the online circle.
                for family in families_by_hub.get(hub.pk, []):
                    _enrol(family, workshop)
                    _enrol(family, circle)

    # Circles in more languages at the online hub, and the live one.
    online = demo.hubs["online-2025"]
    for index, (language, clock) in enumerate((("fa", "17:30"), ("ar", "19:30"))):
        for number, day in enumerate(days):
            _schedule(
                demo,
                hub=online,
                starts_at=_at(day, clock, online.zone),
                minutes=90,
                facilitators=[facilitators["online-2025"]],
                kind=Kind.CIRCLE,
                texts=_texts(
                    CIRCLE_TOPICS[index], "A sharing circle held in the families' own language."
                ),
                occurrence=number,
                mode=Mode.ONLINE,
                language=language,
                capacity=10,
            )
    build_live_circle(demo, now=now)


def build_live_circle(demo, *, now) -> Session:
    """The circle to try at once: live from ten minutes ago for three hours,
    starting fresh each time the demo is seeded."""
    starts_at = now.replace(second=0, microsecond=0) - datetime.timedelta(minutes=10)
    circle = _schedule(
        demo,
        hub=demo.hubs["online-2025"],
        starts_at=starts_at,
        minutes=190,
        facilitators=[demo.users["facilitator@example.org"]],
        kind=Kind.CIRCLE,
        texts=_texts(
            LIVE_CIRCLE_TITLE,
            "A demo circle, live whenever the demo starts. Try it from two browsers.",
        ),
        mode=Mode.ONLINE,
        language="en",
        interpretation_languages=["fa", "ur"],
        capacity=8,
    )
    for model in (CircleParticipant, CirclePresence, CircleMessage, SupportSignal):
        model.objects.filter(session=circle).delete()
    CircleState.objects.filter(session=circle).delete()
    for email in ("family@example.org", "family2@example.org"):
        _enrol(demo.users[email], circle)
    for family in demo.families[:3]:
        _enrol(family, circle)
    build_support_conversation(demo, circle, now=now)
    return circle


def build_support_conversation(demo, circle: Session, *, now) -> SupportSignal | None:
    """A support signal from a demo family, taken on by the support staff, with the
    start of their conversation: what `support@example.org` finds at /support/signals/.
    Only with the demo's registered families (not the two sign-in accounts, whose
    circle pages should start clean)."""
    if not demo.families:
        return None
    family = demo.families[0]
    support = demo.users["support@example.org"]
    raised = now - datetime.timedelta(minutes=6)
    signal = SupportSignal.objects.create(session=circle, user=family)
    SupportSignal.objects.filter(pk=signal.pk).update(
        created_at=raised,
        acknowledged_at=raised + datetime.timedelta(minutes=1),
        acknowledged_by=support,
    )
    lines = [
        (support, "Hello, I saw your signal. I am here with you. How are you feeling now?"),
        (family, "Talking about my brother was hard. I did not expect to cry."),
        (support, "That is all right. Would you like to talk a little here, or by phone later?"),
    ]
    for minute, (author, body) in enumerate(lines, start=2):
        message = SupportMessage.objects.create(
            signal=signal,
            author=author,
            from_staff=author == support,
            display_name=author.display_name,
            body=body,
        )
        SupportMessage.objects.filter(pk=message.pk).update(
            created_at=raised + datetime.timedelta(minutes=minute)
        )
    return signal
