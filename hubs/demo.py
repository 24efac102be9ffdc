"""Demo registrations: families at every hub, a full hub with a waiting list,
and the demo family registered in person at Islamabad."""

from conference.models import User
from hubs import services
from hubs.models import Registration

Mode = Registration.Mode

PSEUDONYMS = [
    "Amina", "Bilal", "Dunya", "Farid", "Golnar", "Hamid", "Iman", "Jamila", "Kaveh",
    "Layla", "Mahsa", "Nasir", "Omid", "Parisa", "Qasim", "Rana", "Samir", "Tahmina",
    "Umar", "Vida", "Wahid", "Yasmin", "Zainab", "Arash", "Bahar", "Cemil", "Deniz",
    "Elif", "Faisal", "Ghazal", "Hasan", "Ilham", "Jawad", "Khadija", "Leyla", "Mehmet",
    "Nadia", "Orhan", "Pari", "Rahim",
]  # fmt: skip

# hub slug -> list of (mode, adults, children, interpretation language); the order
# matters: Ankara (12 seats) fills up and the last families wait.
PLAN = {
    "islamabad-2025": [(Mode.IN_PERSON, 2, 1, "ur"), (Mode.IN_PERSON, 1, 0, "")] * 5
    + [(Mode.ONLINE, 1, 0, "en")] * 2,
    "tehran-2025": [(Mode.IN_PERSON, 1, 2, "fa"), (Mode.IN_PERSON, 2, 0, "")] * 3
    + [(Mode.ONLINE, 1, 0, "fa")] * 2,
    "ankara-2025": [(Mode.IN_PERSON, 2, 1, "ar"), (Mode.IN_PERSON, 1, 0, "tr")] * 3
    + [(Mode.IN_PERSON, 2, 0, "ar"), (Mode.IN_PERSON, 1, 1, "ar")],
    "online-2025": [(Mode.ONLINE, 1, 0, "ps"), (Mode.ONLINE, 1, 0, "fr")] * 3,
}


def demo_family_email(number: int) -> str:
    return f"demo-family-{number:02d}@example.org"


def build_registrations(demo) -> None:
    """Idempotent: a family already registered keeps its registration."""
    number = 0
    for slug, rows in PLAN.items():
        hub = demo.hubs[slug]
        for mode, adults, children, language in rows:
            number += 1
            user, _ = User.objects.get_or_create(
                email=demo_family_email(number),
                defaults={"pseudonym": PSEUDONYMS[(number - 1) % len(PSEUDONYMS)]},
            )
            if user.has_usable_password():
                user.set_unusable_password()
                user.save(update_fields=["password"])
            demo.families.append(user)
            _register(user, hub, mode, adults, children, language)

    _register(
        demo.users["family@example.org"], demo.hubs["islamabad-2025"], Mode.IN_PERSON, 1, 1, "ur"
    )
    _register(demo.users["family2@example.org"], demo.hubs["online-2025"], Mode.ONLINE, 1, 0, "fa")


def _register(user, hub, mode, adults, children, language) -> Registration:
    existing = Registration.objects.filter(user=user, conference=hub.conference).first()
    if existing is not None and existing.status != Registration.Status.CANCELLED:
        return existing
    return services.registration_create(
        user=user,
        hub=hub,
        mode=mode,
        adults=adults,
        children=children,
        interpretation_language=language,
        consent=True,
        notify=False,
    )
