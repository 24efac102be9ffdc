"""Scheduling and enrolment rules the mutation run (scripts/mutants.py) found
unguarded: each test fails against one surviving mutant of sessions_app/services.py."""

import datetime

import pytest
from django.core import mail

from sessions_app import services
from sessions_app.models import Enrolment, Session
from tests.factories import enrol, make_session, make_user, register


def _on(world, day_index: int, hour: int, minutes: int, **fields) -> Session:
    zone = world.hub_a.zone
    day = world.conference.days[day_index]
    starts_at = datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)
    fields = {
        "kind": "discussion",
        "title": "A session",
        "mode": "in_person",
        "room": world.hub_a.rooms.first(),
        "language": "en",
        **fields,
    }
    return services.session_create(
        by=world.organiser_a,
        conference=world.conference,
        hub=world.hub_a,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes),
        **fields,
    )


@pytest.mark.django_db
def test_a_session_may_end_at_midnight_after_the_last_day(world):
    """Ending at 24:00 is still the last day; one minute later is not."""
    last = len(world.conference.days) - 1
    session = _on(world, last, 23, 60, title="Closing words")
    assert session.pk is not None
    with pytest.raises(services.SchedulingError) as caught:
        _on(world, last, 23, 61, title="Too late", room=None, mode="online")
    assert "day" in caught.value.errors


@pytest.mark.django_db
def test_a_hybrid_circle_is_scheduled(world):
    circle = _on(world, 0, 10, 90, kind="circle", mode="hybrid", capacity=10, title="Hybrid circle")
    assert Session.objects.get(pk=circle.pk).mode == "hybrid"
    with pytest.raises(services.SchedulingError) as caught:
        _on(world, 0, 14, 90, kind="circle", mode="in_person", capacity=10, title="In a room")
    assert "mode" in caught.value.errors


@pytest.mark.django_db
def test_a_circle_refuses_a_place_unless_its_ground_rules_are_accepted(world):
    circle = make_session(hub=world.hub_a, kind="circle", starts_in=600)
    register(world.family, world.hub_a, mode="online")
    with pytest.raises(services.EnrolmentError) as caught:
        services.enrolment_create(user=world.family, session=circle)  # nothing said: no
    assert caught.value.code == "ground_rules"
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_nobody_is_promoted_into_a_cancelled_session(world, django_capture_on_commit_callbacks):
    workshop = make_session(hub=world.hub_a, kind="workshop", starts_in=600, capacity=1)
    holder, waiting = make_user(), make_user()
    place = enrol(holder, workshop)
    Enrolment.objects.create(
        session=workshop, user=waiting, status="waitlisted", queued_at=place.created_at
    )
    services.session_cancel(session=workshop, by=world.organiser_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_cancel(enrolment=place)
    assert Enrolment.objects.get(user=waiting).status == "waitlisted"
    assert mail.outbox == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_cancelling_runs_in_its_own_transaction(world):
    """Outside a test's transaction, as in a view: the row locks need one of their own
    (PostgreSQL refuses SELECT … FOR UPDATE in autocommit)."""
    workshop = make_session(hub=world.hub_a, kind="workshop", starts_in=600, capacity=1)
    holder, waiting = make_user(), make_user()
    place = enrol(holder, workshop)
    Enrolment.objects.create(
        session=workshop, user=waiting, status="waitlisted", queued_at=place.created_at
    )
    services.enrolment_cancel(enrolment=place)
    assert Enrolment.objects.get(user=waiting).status == "enrolled"
    services.session_cancel(session=workshop, by=world.organiser_a)
    assert Session.objects.get(pk=workshop.pk).status == "cancelled"


@pytest.mark.django_db
def test_a_session_must_end_after_it_starts(world):
    for minutes in (0, -30):
        with pytest.raises(services.SchedulingError) as caught:
            _on(world, 0, 10, minutes, title=f"Backwards {minutes}")
        assert "ends" in caught.value.errors
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_a_room_of_another_hub_is_refused_whichever_hub_is_older(world):
    """Hub A was made before hub B: its room at hub B, and hub B's room at hub A."""
    for hub, room in (
        (world.hub_b, world.hub_a.rooms.first()),
        (world.hub_a, world.hub_b.rooms.first()),
    ):
        starts_at = datetime.datetime.combine(
            world.conference.days[0], datetime.time(10), tzinfo=hub.zone
        )
        with pytest.raises(services.SchedulingError) as caught:
            services.session_create(
                by=world.admin,
                conference=world.conference,
                hub=hub,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=1),
                kind="discussion",
                title="Wrong room",
                mode="in_person",
                room=room,
                language="en",
            )
        assert "another hub" in str(caught.value)
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_a_circle_of_twelve_families_is_scheduled(world):
    circle = _on(world, 0, 10, 90, kind="circle", mode="online", room=None, capacity=12)
    assert circle.capacity == 12
    with pytest.raises(services.SchedulingError) as caught:
        _on(world, 0, 14, 90, kind="circle", mode="online", room=None, capacity=13)
    assert "capacity" in caught.value.errors


@pytest.mark.django_db
def test_a_session_is_closed_from_the_moment_it_ends(world, time_machine):
    workshop = make_session(hub=world.hub_a, kind="workshop", starts_in=60, capacity=5)
    register(world.family, world.hub_a, mode="in_person")
    time_machine.move_to(workshop.ends_at, tick=False)
    with pytest.raises(services.EnrolmentError) as caught:
        services.enrolment_create(user=world.family, session=workshop)
    assert caught.value.code == "closed"


@pytest.mark.django_db
def test_in_person_at_one_hub_is_not_in_person_at_another_whichever_is_older(world):
    """Hub A was made before hub B: a family in person at hub A may not take a
    place in hub B's in-person workshop, nor the other way round."""
    for here, there in ((world.hub_a, world.hub_b), (world.hub_b, world.hub_a)):
        family = make_user()
        register(family, here, mode="in_person")
        workshop = make_session(hub=there, kind="workshop", starts_in=600, capacity=5)
        with pytest.raises(services.EnrolmentError) as caught:
            services.enrolment_create(user=family, session=workshop)
        assert caught.value.code == "in_person_only"


@pytest.mark.django_db
def test_a_session_cancelled_twice_tells_the_families_once(
    world, django_capture_on_commit_callbacks
):
    workshop = make_session(hub=world.hub_a, kind="workshop", starts_in=600, capacity=5)
    enrol(world.family, workshop)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.session_cancel(session=workshop, by=world.organiser_a)
    assert [m.to for m in mail.outbox] == [[world.family.email]]


@pytest.mark.django_db
def test_no_place_is_given_beyond_a_lowered_capacity(world):
    """Lowering a session's capacity keeps the families already in; a newcomer
    waits, even though the places are not 'exactly' full."""
    workshop = make_session(hub=world.hub_a, kind="workshop", starts_in=600, capacity=3)
    for _ in range(3):
        enrol(make_user(), workshop)
    Session.objects.filter(pk=workshop.pk).update(capacity=2)
    register(world.family, world.hub_a, mode="in_person")
    enrolment = services.enrolment_create(user=world.family, session=workshop)
    assert enrolment.status == "waitlisted"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_scheduling_runs_in_its_own_transaction(world):
    """Outside a test's transaction: the room and facilitator locks need one."""
    session = _on(world, 0, 10, 60, title="First", facilitators=[world.facilitator_a])
    services.session_update(session=session, by=world.organiser_a, title="Renamed")
    assert Session.objects.get(pk=session.pk).title == "Renamed"


def test_a_session_cancelled_while_the_family_was_checked_gives_no_place(world, monkeypatch):
    """The checks of who the family is run before the session's lock; its state is
    read again under the lock, so a cancellation in between is honoured."""
    circle = make_session(hub=world.hub_a, kind="circle", starts_in=600)
    register(world.family, world.hub_a, mode="online")
    real_consent = services.consent.consent_give

    def cancelled_meanwhile(**kwargs):
        real_consent(**kwargs)
        Session.objects.filter(pk=circle.pk).update(status=Session.Status.CANCELLED)

    monkeypatch.setattr(services.consent, "consent_give", cancelled_meanwhile)
    with pytest.raises(services.EnrolmentError) as refused:
        services.enrolment_create(user=world.family, session=circle, accept_ground_rules=True)
    assert refused.value.code == "closed"
    assert not Enrolment.objects.filter(session=circle).exists()


@pytest.mark.postgres  # SQLite has no row locks: no FOR UPDATE to find
def test_under_the_sessions_lock_only_the_places_are_counted(world):
    """What a request does while holding the session's row lock is what every other
    family enrolling at that moment waits for: the lock, a place of theirs already
    taken, the count of places, the write. Registration, where and how they attend,
    and consent come before it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    circle = make_session(hub=world.hub_a, kind="circle", starts_in=600)
    register(world.family, world.hub_a, mode="online")
    with CaptureQueriesContext(connection) as captured:
        services.enrolment_create(user=world.family, session=circle, accept_ground_rules=True)
    statements = [q["sql"] for q in captured.captured_queries]
    locked_at = next(
        i
        for i, sql in enumerate(statements)
        if "FOR UPDATE" in sql and "sessions_app_session" in sql
    )
    under_lock = [
        sql for sql in statements[locked_at + 1 :] if not sql.startswith(("SAVEPOINT", "RELEASE"))
    ]
    assert len(under_lock) <= 3, under_lock
    assert not any("hubs_registration" in sql or "conference_consent" in sql for sql in under_lock)
    assert Enrolment.objects.get(session=circle, user=world.family).status == "enrolled"
