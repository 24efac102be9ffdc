"""Enrolment: who may take a place, the waiting list, ground rules, reminders."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sessions_app import services
from sessions_app.models import Enrolment
from tests.concurrency import crowd
from tests.factories import make_session, make_user, register


@pytest.fixture
def circle(world):
    return make_session(hub=world.hub_a, kind="circle", starts_in=60 * 24, capacity=2)


def refusal_code(user, session, **kwargs) -> str:
    with pytest.raises(services.EnrolmentError) as caught:
        services.enrolment_create(user=user, session=session, **kwargs)
    return caught.value.code


@pytest.mark.django_db
def test_only_registered_families_enrol(world, circle):
    assert refusal_code(world.family, circle, accept_ground_rules=True) == "not_registered"
    register(world.family, world.hub_b, status="waitlisted")
    assert refusal_code(world.family, circle, accept_ground_rules=True) == "not_registered"
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_online_circles_are_open_to_families_of_every_hub(world, circle):
    register(world.family, world.hub_b, mode="in_person")
    enrolment = services.enrolment_create(
        user=world.family, session=circle, accept_ground_rules=True
    )
    assert enrolment.status == "enrolled"


@pytest.mark.django_db
def test_in_person_sessions_are_for_that_hubs_in_person_registrants(world):
    workshop = make_session(hub=world.hub_a, kind="workshop", starts_in=600, capacity=10)
    register(world.family, world.hub_b, mode="in_person")
    register(world.family2, world.hub_a, mode="online")
    assert refusal_code(world.family, workshop) == "in_person_only"
    assert refusal_code(world.family2, workshop) == "in_person_only"
    here = make_user()
    register(here, world.hub_a, mode="in_person")
    assert services.enrolment_create(user=here, session=workshop).status == "enrolled"


@pytest.mark.django_db
def test_hybrid_sessions_take_online_families_and_the_hubs_own(world):
    hybrid = make_session(
        hub=world.hub_a, kind="workshop", mode="hybrid", starts_in=600, capacity=10
    )
    online_elsewhere, in_person_elsewhere = make_user(), make_user()
    register(online_elsewhere, world.hub_b, mode="online")
    register(in_person_elsewhere, world.hub_b, mode="in_person")
    assert services.enrolment_create(user=online_elsewhere, session=hybrid).status == "enrolled"
    assert refusal_code(in_person_elsewhere, hybrid) == "other_hub"


@pytest.mark.django_db
def test_a_circle_needs_its_ground_rules_accepted_and_records_when(world, circle):
    register(world.family, world.hub_a)
    assert refusal_code(world.family, circle, accept_ground_rules=False) == "ground_rules"
    before = timezone.now()
    enrolment = services.enrolment_create(
        user=world.family, session=circle, accept_ground_rules=True
    )
    assert enrolment.ground_rules_accepted_at >= before


@pytest.mark.django_db
def test_no_place_in_a_session_that_is_over_cancelled_or_open_to_all(world):
    register(world.family, world.hub_a)
    past = make_session(hub=world.hub_a, kind="workshop", starts_in=-120, minutes=60)
    open_talk = make_session(hub=world.hub_a, kind="discussion", starts_in=60, capacity=None)
    assert refusal_code(world.family, past) == "closed"
    assert refusal_code(world.family, open_talk) == "open"


@pytest.mark.django_db
def test_waiting_list_in_order_and_promotion_by_email(
    world, circle, django_capture_on_commit_callbacks
):
    families = [make_user() for _ in range(4)]
    for family in families:
        register(family, world.hub_a, mode="online")
    enrolments = [
        services.enrolment_create(user=family, session=circle, accept_ground_rules=True)
        for family in families
    ]
    assert [e.status for e in enrolments] == ["enrolled", "enrolled", "waitlisted", "waitlisted"]
    assert [services.waitlist_position(e) for e in enrolments[2:]] == [1, 2]
    assert refusal_code(families[0], circle, accept_ground_rules=True) == "duplicate"

    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_cancel(enrolment=enrolments[0])
    for enrolment in enrolments:
        enrolment.refresh_from_db()
    assert [e.status for e in enrolments] == ["cancelled", "enrolled", "enrolled", "waitlisted"]
    assert [m.to for m in mail.outbox] == [[families[2].email]]
    assert circle.title in mail.outbox[0].subject
    assert mail.outbox[0].attachments[0][0] == "session.ics"
    assert services.waitlist_position(enrolments[3]) == 1
    # Taking a place again after cancelling joins the end of the queue.
    again = services.enrolment_create(user=families[0], session=circle, accept_ground_rules=True)
    assert again.pk == enrolments[0].pk
    assert again.status == "waitlisted"
    assert services.waitlist_position(again) == 2


@pytest.mark.django_db
def test_enrol_page_in_persian_shows_translated_error_and_keeps_nothing(client, world, circle):
    register(world.family, world.hub_a)
    client.force_login(world.family)
    world.family.language = "fa"
    world.family.save()
    response = client.post(reverse("sessions_app:enrol", args=[circle.pk]), {})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert "Please read the circle's ground rules" not in html  # translated
    assert not Enrolment.objects.exists()
    response = client.post(
        reverse("sessions_app:enrol", args=[circle.pk]), {"accept_ground_rules": "on"}
    )
    assert response.status_code == 302
    assert Enrolment.objects.get().status == "enrolled"
    response = client.post(reverse("sessions_app:enrolment_cancel", args=[circle.pk]))
    assert response.status_code == 302
    assert Enrolment.objects.get().status == "cancelled"


@pytest.mark.django_db
def test_reminders_are_sent_once_before_the_session(
    world, settings, django_capture_on_commit_callbacks
):
    settings.SESSION_REMINDER_MINUTES = 60
    soon = make_session(hub=world.hub_a, kind="circle", starts_in=30)
    later = make_session(hub=world.hub_a, kind="circle", starts_in=180)
    for session in (soon, later):
        register_once = not Enrolment.objects.filter(user=world.family).exists()
        if register_once:
            register(world.family, world.hub_a, mode="online")
        services.enrolment_create(user=world.family, session=session, accept_ground_rules=True)
    waiting = make_user()
    Enrolment.objects.create(
        session=soon, user=waiting, status="waitlisted", queued_at=timezone.now()
    )

    # The periodic job queues each reminder once; the queued task sends it (tests
    # run tasks at once; tests/test_tasks_*.py run them in the real worker).
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_queue() == 1
    assert [m.to for m in mail.outbox] == [[world.family.email]]
    assert soon.title in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_queue() == 0
    assert len(mail.outbox) == 1
    # Later, the second session's reminder goes out.
    with django_capture_on_commit_callbacks(execute=True):
        queued = services.reminders_queue(
            now=timezone.now() + datetime.timedelta(hours=2, minutes=30)
        )
    assert queued == 1
    assert later.title in mail.outbox[1].subject


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_forty_concurrent_enrolments_for_a_twelve_place_circle(edition):
    from tests.factories import make_hub

    hub = make_hub(conference=edition)
    circle = make_session(hub=hub, kind="circle", starts_in=600, capacity=12)
    families = [make_user() for _ in range(40)]
    for family in families:
        register(family, hub, mode="online")
    outcome = crowd(
        lambda user: services.enrolment_create(user=user, session=circle, accept_ground_rules=True),
        families,
        hold=circle,
    )
    assert outcome.errors == []
    enrolments = list(Enrolment.objects.filter(session=circle))
    assert len(enrolments) == 40
    assert sum(e.status == "enrolled" for e in enrolments) == 12
    waiting = sorted((e for e in enrolments if e.status == "waitlisted"), key=lambda e: e.pk)
    assert len(waiting) == 28
    assert sorted(services.waitlist_position(e) for e in waiting) == list(range(1, 29))
    # Forty connections at once, all forty queued for the session's row together.
    assert (outcome.connected_at_once, outcome.waiting_at_once) == (40, 40)
