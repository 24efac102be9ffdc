"""Notices and consent: recorded with the notice's version, withdrawn with effect at
once, asked again when a notice changes in substance."""

import dataclasses

import pytest
from django.core import mail
from django.urls import reverse

from conference import consent, notices
from conference.models import Consent
from conference.privacy import has_consent
from hubs import services as hubs_services
from hubs.models import Registration
from sessions_app import services as programme
from tests.factories import make_session, register

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "fa"])
def test_every_notice_is_on_the_notices_page(client, language, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("conference:notices")).content.decode()
    for notice in notices.NOTICES.values():
        assert f'id="notice-{notice.key}"' in html
    assert set(notices.NOTICES) == {
        "registration",
        "circles",
        "support",
        "forum",
        "reminders",
        "digests",
    }


def test_registering_records_consent_with_the_notice_version(world):
    hubs_services.registration_create(
        user=world.family, hub=world.hub_a, mode=Registration.Mode.ONLINE, adults=1, consent=True
    )
    row = Consent.objects.get(user=world.family, purpose="registration")
    assert row.notice_version == notices.NOTICES["registration"].version
    assert row.withdrawn_at is None


def test_enrolling_in_a_circle_records_consent(world):
    register(world.family, world.hub_a, mode="online")
    circle = make_session(hub=world.hub_a, kind="circle", starts_in=120)
    programme.enrolment_create(user=world.family, session=circle, accept_ground_rules=True)
    assert has_consent(world.family, "circles")


def test_defaults_reminders_on_digests_off(world):
    assert has_consent(world.family, "reminders") is True
    assert has_consent(world.family, "digests") is False
    assert has_consent(None, "reminders") is False
    with pytest.raises(ValueError, match="no notice"):
        has_consent(world.family, "no-such-purpose")


def test_turning_digests_on_and_off_from_the_page(client, world):
    client.force_login(world.family)
    url = reverse("conference:consent_change", args=["digests"])
    client.post(url, {"on": "1"})
    assert has_consent(world.family, "digests")
    client.post(url, {"on": "0"})
    assert not has_consent(world.family, "digests")
    client.post(url, {"on": "1"})
    assert has_consent(world.family, "digests")
    # The history stays: given, withdrawn, given again.
    assert Consent.objects.filter(user=world.family, purpose="digests").count() == 2
    page = client.get(reverse("conference:my_privacy")).content.decode()
    assert "Turn off" in page


def test_a_purpose_agreed_by_starting_is_not_withdrawn_here(client, world):
    client.force_login(world.family)
    response = client.post(reverse("conference:consent_change", args=["registration"]))
    assert response.status_code == 404
    response = client.post(reverse("conference:consent_change", args=["nonsense"]))
    assert response.status_code == 404


def test_reminders_turned_off_are_not_sent_even_when_already_queued(
    world, settings, django_capture_on_commit_callbacks
):
    settings.SESSION_REMINDER_MINUTES = 60
    soon = make_session(hub=world.hub_a, kind="workshop", mode="online", room=None, starts_in=30)
    for family in (world.family, world.family2):
        register(family, world.hub_a, mode="online")
        programme.enrolment_create(user=family, session=soon)
    consent.consent_withdraw(user=world.family, purpose="reminders")
    with django_capture_on_commit_callbacks(execute=True):
        assert programme.reminders_queue() == 1
    assert [m.to for m in mail.outbox] == [[world.family2.email]]

    # Withdrawn between queueing and sending: the queued mail is skipped.
    later = make_session(hub=world.hub_a, kind="workshop", mode="online", room=None, starts_in=40)
    programme.enrolment_create(user=world.family2, session=later)
    from sessions_app import tasks

    enrolment = later.enrolments.get(user=world.family2)
    consent.consent_withdraw(user=world.family2, purpose="reminders")
    result = tasks.reminder_mail.enqueue(enrolment.pk)
    assert result.return_value["outcome"] == "skipped"
    assert len(mail.outbox) == 1


def test_a_changed_notice_is_asked_again_once_per_visit(client, world, monkeypatch):
    register(world.family, world.hub_a)
    consent.consent_give(user=world.family, purpose="registration")
    client.force_login(world.family)
    assert client.get(reverse("hubs:mine")).status_code == 200

    changed = dataclasses.replace(notices.NOTICES["registration"], version=2)
    monkeypatch.setitem(notices.NOTICES, "registration", changed)
    response = client.get(reverse("hubs:mine"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("conference:notices_review"))
    review = client.get(response["Location"])
    assert review.status_code == 200
    assert "Version 2 of this notice" in review.content.decode()
    # Not agreeing now: the visit goes on, and is not interrupted again.
    assert client.get(reverse("hubs:mine")).status_code == 200

    # Next visit (signing in again): asked again; agreeing records the new version.
    client.logout()
    client.force_login(world.family)
    response = client.get(reverse("hubs:mine"))
    assert response.status_code == 302
    done = client.post(response["Location"], {"next": reverse("hubs:mine")})
    assert done["Location"] == reverse("hubs:mine")
    assert consent.standing_consents(world.family)["registration"].notice_version == 2
    assert consent.outdated(world.family) == []
    client.logout()
    client.force_login(world.family)
    assert client.get(reverse("hubs:mine")).status_code == 200


def test_the_review_sends_only_to_this_site(client, world, monkeypatch):
    consent.consent_give(user=world.family, purpose="registration")
    monkeypatch.setitem(
        notices.NOTICES,
        "registration",
        dataclasses.replace(notices.NOTICES["registration"], version=3),
    )
    client.force_login(world.family)
    done = client.post(reverse("conference:notices_review"), {"next": "https://evil.example/"})
    assert done["Location"] == "/"


def test_a_scripts_request_is_not_sent_to_the_review(client, world, monkeypatch):
    consent.consent_give(user=world.family, purpose="registration")
    monkeypatch.setitem(
        notices.NOTICES,
        "registration",
        dataclasses.replace(notices.NOTICES["registration"], version=4),
    )
    client.force_login(world.family)
    fetched = client.get(reverse("hubs:mine"), headers={"Accept": "*/*"})
    assert fetched.status_code == 200
    page = client.get(reverse("hubs:mine"), headers={"Accept": "text/html,*/*;q=0.8"})
    assert page.status_code == 302


def test_asking_again_costs_no_query_on_ordinary_requests(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    consent.consent_give(user=world.family, purpose="registration")
    client.force_login(world.family)  # checked once, at sign-in
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("hubs:mine"))
    assert not [q for q in queries.captured_queries if "conference_consent" in q["sql"]]
