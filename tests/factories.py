"""Named people and places for tests: one hub A with its staff, one hub B, families.

Built directly with the ORM (fast); the demo data set in conference/demo.py is
what the end-to-end tests use.
"""

import datetime
import itertools

from allauth.account.models import EmailAddress
from django.utils import timezone

from conference.models import Conference, HubRole, User
from hubs.models import Hub, NationalSociety, Room

_counter = itertools.count(1)
PASSWORD = "a-long-test-password-42"


def make_user(*, email=None, pseudonym=None, verified=True, superuser=False, **fields) -> User:
    number = next(_counter)
    email = email or f"person{number}@example.net"
    user = User.objects.create_user(
        email=email,
        password=PASSWORD,
        pseudonym=pseudonym or f"Person {number}",
        is_superuser=superuser,
        is_staff=superuser,
        **fields,
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def make_conference(*, year=None, current=True, starts_on=None, days=3) -> Conference:
    starts_on = starts_on or timezone.localdate()
    return Conference.objects.create(
        year=year or 2000 + next(_counter),
        title="Test edition",
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=days - 1),
        is_current=current,
    )


def make_society(**fields) -> NationalSociety:
    number = next(_counter)
    defaults = {
        "name": f"Society {number}",
        "short_name": f"S{number}",
        "country": "Testland",
    }
    return NationalSociety.objects.create(**{**defaults, **fields})


def make_hub(*, conference, society=None, time_zone="Asia/Karachi", capacity=20, **fields) -> Hub:
    number = next(_counter)
    defaults = {
        "slug": f"hub-{number}",
        "name": f"Hub {number}",
        "city": f"City {number}",
        "languages": ["en"],
    }
    hub = Hub.objects.create(
        conference=conference,
        society=society or make_society(),
        time_zone=time_zone,
        in_person_capacity=capacity,
        **{**defaults, **fields},
    )
    Room.objects.create(hub=hub, name="Main room", capacity=50)
    return hub


def grant(user, hub, role) -> HubRole:
    return HubRole.objects.create(user=user, hub=hub, role=role)


def make_session(*, hub, kind="circle", starts_in=-5, minutes=90, capacity=12, mode=None, **fields):
    """A programme session at `hub` starting `starts_in` minutes from now."""
    from sessions_app.models import Session

    start = timezone.now() + datetime.timedelta(minutes=starts_in)
    return Session.objects.create(
        conference=hub.conference,
        hub=hub if kind != "plenary" else None,
        kind=kind,
        title=fields.pop("title", f"Session {next(_counter)}"),
        mode=mode or ("online" if kind == "circle" else "in_person"),
        room=fields.pop("room", None if kind in ("circle", "plenary") else hub.rooms.first()),
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=minutes),
        language=fields.pop("language", "en"),
        capacity=capacity,
        **fields,
    )


def enrol(user, session):
    from sessions_app.models import Enrolment

    return Enrolment.objects.create(
        session=session, user=user, status="enrolled", ground_rules_accepted_at=timezone.now()
    )


def register(user, hub, mode="in_person", status="confirmed"):
    """A registration made directly (the rules are tested in test_registration)."""
    from hubs.models import Registration
    from hubs.services import new_ticket_code

    return Registration.objects.create(
        conference=hub.conference,
        hub=hub,
        user=user,
        mode=mode,
        status=status,
        adults=1,
        ticket_code=new_ticket_code(),
        consent_given_at=timezone.now(),
        queued_at=timezone.now() if status == "waitlisted" else None,
    )
