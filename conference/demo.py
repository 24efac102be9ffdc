"""The demo data set: built through the services, used by `make run` and the
end-to-end tests. Each app adds its part in its own `demo.py`; this module
builds the edition, the host societies, the hubs and one account per role."""

import datetime
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.utils import timezone

from conference.demo_texts import all_translated, translated
from conference.models import Conference, HubRole, User
from conference.services import conference_make_current
from hubs.models import Hub, NationalSociety, Room

DEMO_PASSWORD = "familylinks-demo"  # noqa: S105 - printed on purpose for the demo


@dataclass
class Demo:
    """What the demo builders hand to each other."""

    conference: Conference
    hubs: dict[str, Hub] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    families: list[User] = field(default_factory=list)  # demo families beyond the accounts


SOCIETIES = [
    {
        "short_name": "PRCS",
        "name": "Pakistan Red Crescent Society",
        "country": "Pakistan",
        "tracing_url": "https://www.prcs.org.pk/",
        "tracing_notes": "Restoring Family Links service, with the ICRC delegation in Islamabad.",
    },
    {
        "short_name": "IRCS",
        "name": "Red Crescent Society of the Islamic Republic of Iran",
        "country": "Iran",
        "tracing_url": "https://www.rcs.ir/",
        "tracing_notes": "Protection of Family Links focal points in every province, "
        "for everyone regardless of nationality, race or legal status.",
    },
    {
        "short_name": "TRC",
        "name": "Turkish Red Crescent",
        "country": "Türkiye",
        "tracing_url": "https://www.kizilay.org.tr/",
        "tracing_notes": "Restoring Family Links service of the Turkish Red Crescent.",
    },
    {
        "short_name": "ICRC",
        "name": "International Committee of the Red Cross",
        "country": "Switzerland",
        "tracing_url": "https://familylinks.icrc.org/",
        "tracing_notes": "The Central Tracing Agency coordinates the Family Links Network.",
    },
]

HUBS = [
    {
        "slug": "islamabad-2025",
        "contact_email": "islamabad-hub@example.org",
        "contact_phone": "+92 51 000 0000",
        "society": "PRCS",
        "name": "Islamabad",
        "city": "Islamabad",
        "time_zone": "Asia/Karachi",
        "languages": ["ur", "ps", "en"],
        "venue": "Pakistan Red Crescent national headquarters, Islamabad",
        "accessibility": "Step-free entrance and lift; quiet room available.",
        "in_person_capacity": 40,
        "rooms": [("Main hall", 60), ("Garden room", 14), ("Quiet room", 8)],
    },
    {
        "slug": "tehran-2025",
        "contact_email": "tehran-hub@example.org",
        "contact_phone": "+98 21 0000 0000",
        "society": "IRCS",
        "name": "Tehran",
        "city": "Tehran",
        "time_zone": "Asia/Tehran",
        "languages": ["fa", "fa-af", "en"],
        "venue": "Red Crescent Society conference centre, Tehran",
        "accessibility": "Step-free access to the ground floor rooms.",
        "in_person_capacity": 30,
        "rooms": [("Conference room", 40), ("Circle room", 14)],
    },
    {
        "slug": "ankara-2025",
        "contact_email": "ankara-hub@example.org",
        "contact_phone": "+90 312 000 00 00",
        "society": "TRC",
        "name": "Ankara",
        "city": "Ankara",
        "time_zone": "Europe/Istanbul",
        "languages": ["tr", "ar", "fa", "ps", "en"],
        "venue": "Turkish Red Crescent headquarters, Ankara",
        "accessibility": "Lift to all floors; interpretation booth.",
        "in_person_capacity": 12,
        "rooms": [("Auditorium", 50), ("Meeting room", 14)],
    },
    {
        "slug": "online-2025",
        "contact_email": "online-hub@example.org",
        "society": "ICRC",
        "name": "Online (Geneva)",
        "city": "Geneva",
        "time_zone": "Europe/Zurich",
        # Its sharing circles in Persian and Arabic carry their own language's texts.
        "languages": ["en", "fr"],
        "venue": "Online only, run by the Central Tracing Agency in Geneva.",
        "accessibility": "Sessions have captions or interpretation where announced.",
        "in_person_capacity": 0,
        "rooms": [],
    },
]

# email, pseudonym, role, hub slug (None: global admin or family), time zone
ACCOUNTS = [
    ("admin@example.org", "Secretariat", "global admin", None, "Europe/Zurich"),
    (
        "organiser@example.org",
        "Organiser Amina",
        HubRole.Role.ORGANISER,
        "islamabad-2025",
        "Asia/Karachi",
    ),
    (
        "facilitator@example.org",
        "Facilitator Reza",
        HubRole.Role.FACILITATOR,
        "islamabad-2025",
        "Asia/Karachi",
    ),
    (
        "moderator@example.org",
        "Moderator Selin",
        HubRole.Role.MODERATOR,
        "islamabad-2025",
        "Europe/Istanbul",
    ),
    (
        "support@example.org",
        "Counsellor Nadia",
        HubRole.Role.SUPPORT,
        "islamabad-2025",
        "Asia/Karachi",
    ),
    ("family@example.org", "Gul", "family", None, "Asia/Karachi"),
    ("family2@example.org", "Hope", "family", None, "Asia/Tehran"),
]


def demo_dates(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The demo edition runs yesterday, today and tomorrow, so its live parts can be tried."""
    return today - datetime.timedelta(days=1), today + datetime.timedelta(days=1)


def build_conference(today: datetime.date | None = None) -> Demo:
    starts_on, ends_on = demo_dates(today or timezone.localdate())
    conference, _ = Conference.objects.update_or_create(
        year=2025,
        defaults={
            "starts_on": starts_on,
            "ends_on": ends_on,
            **all_translated(
                title="Global Conference on Restoring Family Links 2025",
                summary=(
                    "After the 2021 and 2023 editions, the ICRC's Central Tracing Agency and "
                    "National Red Cross and Red Crescent Societies bring families together "
                    "again, in several hubs at once and online."
                ),
            ),
        },
    )
    conference_make_current(conference=conference)
    demo = Demo(conference=conference)

    societies = {}
    for data in SOCIETIES:
        data = dict(data)
        texts = all_translated(
            **{key: data.pop(key) for key in ("name", "country", "tracing_notes")}
        )
        society, _ = NationalSociety.objects.update_or_create(
            short_name=data["short_name"], defaults={**data, **texts}
        )
        societies[society.short_name] = society

    for data in HUBS:
        data = dict(data)
        rooms = data.pop("rooms")
        data["society"] = societies[data["society"]]
        texts = all_translated(
            **{key: data.pop(key) for key in ("name", "city", "venue", "accessibility")}
        )
        hub, _ = Hub.objects.update_or_create(
            slug=data.pop("slug"), defaults={**data, **texts, "conference": conference}
        )
        for name, capacity in rooms:
            Room.objects.update_or_create(
                hub=hub, name_en=name, defaults={"capacity": capacity, **translated("name", name)}
            )
        demo.hubs[hub.slug] = hub
    return demo


def build_accounts(demo: Demo) -> None:
    for email, pseudonym, role, hub_slug, zone in ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=DEMO_PASSWORD, pseudonym=pseudonym
            )
        elif not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.pseudonym = pseudonym
        user.time_zone = zone
        user.is_superuser = user.is_staff = role == "global admin"
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if hub_slug:
            HubRole.objects.get_or_create(user=user, hub=demo.hubs[hub_slug], role=role)
        demo.users[email] = user
    # The facilitator also leads circles at the online hub.
    HubRole.objects.get_or_create(
        user=demo.users["facilitator@example.org"],
        hub=demo.hubs["online-2025"],
        role=HubRole.Role.FACILITATOR,
    )
    HubRole.objects.get_or_create(
        user=demo.users["support@example.org"],
        hub=demo.hubs["online-2025"],
        role=HubRole.Role.SUPPORT,
    )


def accounts_table() -> list[tuple[str, str]]:
    labels = {"global admin": "global admin", "family": "family"}
    rows = []
    for email, _pseudonym, role, hub_slug, _zone in ACCOUNTS:
        label = labels.get(role) or f"{HubRole.Role(role).label} ({hub_slug})"
        rows.append((email, str(label)))
    return rows
