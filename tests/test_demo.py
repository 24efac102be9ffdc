"""`seed_demo` builds the 2025 edition, its hubs and one verified account per role,
and can run again without changing anything."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from conference import permissions
from conference.demo import DEMO_PASSWORD
from conference.models import Conference, HubRole, User
from hubs.models import Hub, Room

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Conference.objects.count(),
        Hub.objects.count(),
        Room.objects.count(),
        User.objects.count(),
        HubRole.objects.count(),
        EmailAddress.objects.count(),
    )


def test_seed_is_idempotent_and_prints_the_accounts():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first
    text = out.getvalue()
    for email in (
        "admin@example.org",
        "organiser@example.org",
        "facilitator@example.org",
        "moderator@example.org",
        "support@example.org",
        "family@example.org",
        "family2@example.org",
    ):
        assert email in text
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.get(user=user).verified
    assert DEMO_PASSWORD in text


def test_seed_builds_the_2025_edition_and_its_hubs():
    call_command("seed_demo", stdout=io.StringIO())
    conference = Conference.objects.current()
    assert conference.year == 2025
    assert len(conference.days) == 3
    hubs = {hub.city: hub for hub in Hub.objects.filter(conference=conference)}
    assert set(hubs) == {"Islamabad", "Tehran", "Ankara", "Geneva"}
    assert hubs["Islamabad"].time_zone == "Asia/Karachi"
    assert hubs["Islamabad"].society.short_name == "PRCS"
    assert hubs["Tehran"].languages == ["fa", "fa-af", "en"]
    assert hubs["Ankara"].languages == ["tr", "ar", "fa", "ps", "en"]
    assert hubs["Geneva"].time_zone == "Europe/Zurich"


def test_seed_gives_each_demo_account_its_role():
    call_command("seed_demo", stdout=io.StringIO())
    islamabad = Hub.objects.get(city="Islamabad")
    users = {user.email.split("@")[0]: user for user in User.objects.all()}
    assert permissions.is_global_admin(users["admin"])
    assert permissions.can_manage_hub(users["organiser"], islamabad)
    assert permissions.has_hub_role(users["facilitator"], islamabad, "facilitator")
    assert permissions.can_moderate(users["moderator"], islamabad)
    assert permissions.has_hub_role(users["support"], islamabad, "support")
    assert not permissions.is_staff_member(users["family"])
    assert not permissions.is_staff_member(users["family2"])
