"""Erasing an account, end to end, walking the register: afterwards no text column of
any table holds the member's e-mail address, pseudonym or circle name; seats and
circle places went to those waiting; the organisers' counts are right; support
signals are kept pseudonymised; identity is checked first; nothing is half-done."""

import dataclasses

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth import get_user_model
from django.urls import reverse

from conference import erasure, privacy
from conference.models import AuditEntry, HubRole, StaffAccess
from hubs import dashboard
from hubs.models import Registration
from sessions_app.models import Enrolment, Session
from support.signals.models import SupportMessage, SupportSignal
from tests.factories import PASSWORD, enrol, make_session, make_user, register
from tests.privacy_helpers import circle_name, member_everywhere, rows_mentioning

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def circle(world):
    return make_session(hub=world.hub_a, kind="circle", title="Sisters", starts_in=120)


@pytest.fixture
def member(world, circle):
    return member_everywhere(world, circle, pseudonym="Shirin Noor", email="shirin@example.org")


@pytest.fixture
def other(world, circle):
    return member_everywhere(world, circle, pseudonym="Laleh Sadr", email="laleh@example.org")


def traces(person) -> tuple[str, ...]:
    return (person.email, person.pseudonym, circle_name(person))


def test_erasure_end_to_end(client, world, circle, member, other, settings):
    hub = world.hub_a
    # The member holds the hub's last in-person seats; a family waits for them.
    Registration.objects.filter(user__in=[member, other]).update(mode="in_person", adults=10)
    waiting = register(world.family2, hub, status="waitlisted")
    # The circle is full with the member and the other family; another family waits.
    Session.objects.filter(pk=circle.pk).update(capacity=2)
    third = make_user(pseudonym="Third")
    Enrolment.objects.create(
        session=circle, user=third, status="waitlisted", queued_at=circle.starts_at
    )
    # A background job holding the member's address (an account mail not yet sent).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from conference.accounts import account_mail

    account_mail.enqueue({"to": [member.email], "subject": "Confirm", "body": ""})
    client.force_login(member)
    member_id = member.pk
    assert rows_mentioning(*traces(member))  # the search finds them before

    affected = erasure.account_erase(user=member)

    assert rows_mentioning(*traces(member)) == {}
    assert not User.objects.filter(pk=member_id).exists()
    for declaration in privacy.REGISTER.values():
        if declaration.erasure == privacy.Erasure.DELETE and declaration.subject == "user":
            rows = declaration.model._default_manager.filter(user_id=member_id)
            assert not rows.exists(), declaration.label
    assert affected["hubs.Registration"] == 1
    # Seats and places went to those waiting; the organisers' counts are right.
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert Enrolment.objects.get(session=circle, user=third).status == "enrolled"
    summary = dashboard.summary(hub)
    in_person = summary["in_person_confirmed"]
    assert (
        in_person["parties"]
        == Registration.objects.filter(hub=hub, mode="in_person", status="confirmed").count()
    )
    assert in_person["people"] == 10 + 1  # the other family and the promoted one
    # The support signal is kept for its retention period, pointing to nobody.
    signal = SupportSignal.objects.get(session=circle, user__isnull=True)
    assert signal.closed_at is not None
    lines = SupportMessage.objects.filter(signal=signal)
    assert {line.display_name for line in lines if not line.from_staff} == {"a former member"}
    assert all(line.author_id is None for line in lines if not line.from_staff)
    # The other family lost nothing.
    assert Registration.objects.filter(user=other).exists()
    assert rows_mentioning(other.email)
    # The audit log says an account was erased, and nothing of whose.
    entry = AuditEntry.objects.get(action="account.erase")
    assert (entry.actor, entry.target_id, entry.data) == (None, "", {"on_request": False})
    # Their session is over.
    response = client.get(reverse("conference:profile"))
    assert response.status_code == 302


def test_every_pseudonymised_model_says_how():
    for declaration in privacy.REGISTER.values():
        if declaration.erasure == privacy.Erasure.PSEUDONYMISE:
            assert declaration.erase is not None, declaration.label


def test_the_page_checks_the_password_and_deletes(client, world):
    member = world.family
    register(member, world.hub_a)
    client.force_login(member)
    url = reverse("conference:account_delete")
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="code"' not in page.content.decode()  # no second factor set up
    wrong = client.post(url, {"password": "not it", "confirm": "on"})
    assert "This is not your password. Nothing was deleted." in wrong.content.decode()
    assert User.objects.filter(pk=member.pk).exists()
    unconfirmed = client.post(url, {"password": PASSWORD})
    assert "Please tick the box to confirm." in unconfirmed.content.decode()
    done = client.post(url, {"password": PASSWORD, "confirm": "on"})
    assert done["Location"] == reverse("conference:account_deleted")
    assert not User.objects.filter(pk=member.pk).exists()
    assert client.get(reverse("conference:account_deleted")).status_code == 200


def _current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_staff_confirm_with_their_second_factor(client, world, settings):
    settings.STAFF_REQUIRE_2FA = True
    secret = generate_totp_secret()
    TOTP.activate(world.organiser_a, secret)
    client.force_login(world.organiser_a)
    url = reverse("conference:account_delete")
    assert 'name="code"' in client.get(url).content.decode()
    missing = client.post(url, {"password": PASSWORD, "confirm": "on"})
    assert "Please enter the code" in missing.content.decode()
    wrong = client.post(url, {"password": PASSWORD, "confirm": "on", "code": "000000"})
    if _current_code(secret) != "000000":
        assert "This code is not right" in wrong.content.decode()
    assert User.objects.filter(pk=world.organiser_a.pk).exists()
    done = client.post(url, {"password": PASSWORD, "confirm": "on", "code": _current_code(secret)})
    assert done.status_code == 302
    assert not User.objects.filter(pk=world.organiser_a.pk).exists()
    # Their role is gone; a role they gave another stays, without them.
    assert not HubRole.objects.filter(user_id=world.organiser_a.pk).exists()


def test_staff_without_a_second_factor_must_set_one_up_first(world, settings):
    settings.STAFF_REQUIRE_2FA = True
    with pytest.raises(erasure.ErasureRefused) as refused:
        erasure.confirm_identity(user=world.support_a, password=PASSWORD)
    assert refused.value.code == "no_second_factor"


def test_roles_given_to_others_stay_when_the_giver_goes(world):
    role = HubRole.objects.get(user=world.facilitator_a, hub=world.hub_a)
    role.granted_by = world.organiser_a
    role.save()
    erasure.account_erase(user=world.organiser_a)
    role.refresh_from_db()
    assert role.granted_by is None


def test_a_facilitator_leading_a_live_circle_is_asked_to_hand_over_first(client, world):
    live = make_session(hub=world.hub_a, kind="circle", starts_in=-5)
    live.facilitators.add(world.facilitator_a)
    with pytest.raises(erasure.ErasureRefused) as refused:
        erasure.account_erase(user=world.facilitator_a)
    assert refused.value.code == "leading_live_circle"
    assert User.objects.filter(pk=world.facilitator_a.pk).exists()
    client.force_login(world.facilitator_a)
    page = client.get(reverse("conference:account_delete")).content.decode()
    assert "You are leading a circle that is running now" in page


def test_a_family_in_a_live_circle_is_told_and_taken_out(client, world, admitted_circle):
    client.force_login(world.family)
    page = client.get(reverse("conference:account_delete")).content.decode()
    assert "You are in a circle that is running now" in page
    erasure.account_erase(user=world.family)
    from sessions_app.models import CircleParticipant

    assert not CircleParticipant.objects.filter(user_id=world.family.pk).exists()
    assert CircleParticipant.objects.filter(session=admitted_circle, user=world.family2).exists()


def test_nothing_is_half_deleted_when_a_step_fails(world, circle, member, monkeypatch):
    last = next(
        model
        for model, d in privacy.REGISTER.items()
        if d.label == "support_signals.SupportMessage"
    )

    def fails(user):
        raise RuntimeError("the disk is full")

    monkeypatch.setitem(
        privacy.REGISTER, last, dataclasses.replace(privacy.REGISTER[last], erase=fails)
    )
    with pytest.raises(RuntimeError):
        erasure.account_erase(user=member)
    assert User.objects.filter(pk=member.pk).exists()
    assert Registration.objects.filter(user=member, status="confirmed").exists()
    assert Enrolment.objects.filter(user=member, status="enrolled").exists()
    assert SupportSignal.objects.filter(user=member).exists()


def test_the_secretariat_erases_on_request_without_keeping_whose(
    client, world, circle, member, no_staff_2fa
):
    client.force_login(world.organiser_a)
    assert client.get(reverse("conference:member_erase")).status_code == 404
    client.force_login(world.admin)
    url = reverse("conference:member_erase")
    wrong = client.post(url, {"email": member.email, "password": "nope", "confirm": "on"})
    assert "This is not your password." in wrong.content.decode()
    response = client.post(url, {"email": member.email, "password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    entry = AuditEntry.objects.get(action="account.erase")
    assert entry.actor == world.admin
    assert entry.data == {"on_request": True}
    assert entry.target_id == ""
    assert StaffAccess.objects.filter(actor=world.admin, what="member.erased").exists()
    assert rows_mentioning(*traces(member)) == {}


def test_the_last_global_admin_stays(world):
    with pytest.raises(erasure.ErasureRefused):
        erasure.account_erase(user=world.admin)


def test_scrub_takes_out_the_address_and_the_pseudonym_as_a_word():
    person = get_user_model()(email="gul@example.org", pseudonym="Gul")
    assert erasure.scrub("Gul wrote GUL@example.org; Gulnaz", person) == "… wrote …; Gulnaz"


def test_a_family_that_erased_leaves_its_enrolment_to_the_next(world):
    workshop = make_session(hub=world.hub_a, kind="workshop", capacity=1, starts_in=120)
    enrol(world.family, workshop)
    Enrolment.objects.create(
        session=workshop, user=world.family2, status="waitlisted", queued_at=workshop.starts_at
    )
    erasure.account_erase(user=world.family)
    assert Enrolment.objects.get(session=workshop, user=world.family2).status == "enrolled"


def test_a_staff_members_erasure_leaves_their_work_without_them(world, settings):
    """An organiser who published library resources, scheduled sessions, answered a
    support signal, looked at registrations and gave roles: the work stays, nothing
    names them."""
    from conference.access_log import What, access_log_record
    from conference.services import role_grant
    from support.library.models import Resource, ResourceStatusChange
    from tests.library_helpers import publish

    settings.STAFF_REQUIRE_2FA = False
    organiser = world.organiser_a
    organiser.pseudonym = "Farida Organiser"
    organiser.save()
    from tests.library_helpers import make_resource

    resource = publish(
        make_resource(author=organiser, hub=world.hub_a), author=organiser, reviewer=world.admin
    )
    session = make_session(hub=world.hub_a, kind="workshop", starts_in=600, created_by=organiser)
    session.facilitators.add(organiser)
    signal = SupportSignal.objects.create(session=session, user=world.family)
    SupportMessage.objects.create(
        signal=signal,
        author=organiser,
        from_staff=True,
        display_name=organiser.display_name,
        body="We are here.",
    )
    access_log_record(actor=organiser, what=What.REGISTRATION_LIST, hub=world.hub_a, records=3)
    role_grant(granted_by=organiser, user=world.family2, hub=world.hub_a, role="moderator")

    erasure.account_erase(user=organiser)

    assert rows_mentioning(organiser.email, organiser.pseudonym) == {}
    resource.refresh_from_db()
    assert resource.status == Resource.Status.PUBLISHED
    assert resource.author is None
    assert ResourceStatusChange.objects.filter(resource=resource).exists()
    assert Session.objects.filter(pk=session.pk, created_by__isnull=True).exists()
    assert not session.facilitators.exists()
    line = SupportMessage.objects.get(signal=signal, from_staff=True)
    assert (line.author, line.display_name, line.body) == (None, "support team", "We are here.")
    assert StaffAccess.objects.filter(actor__isnull=True, what=What.REGISTRATION_LIST).exists()
    assert HubRole.objects.get(user=world.family2, role="moderator").granted_by is None
    assert AuditEntry.objects.filter(action="role.grant", actor__isnull=True).exists()


def test_lines_of_an_erased_member_are_signed_in_the_readers_language(world):
    from django.utils import translation

    session = make_session(hub=world.hub_a)
    signal = SupportSignal.objects.create(session=session, user=world.family)
    SupportMessage.objects.create(
        signal=signal, author=world.family, from_staff=False, display_name="Gul", body="Hello"
    )
    erasure.account_erase(user=world.family)
    line = SupportMessage.objects.get(signal=signal)
    assert line.shown_name == "a former member"
    with translation.override("fa"):
        assert line.shown_name == translation.gettext("a former member")
    assert line.display_name == "a former member"  # what is stored names nobody either
