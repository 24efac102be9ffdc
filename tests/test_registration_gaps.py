"""Registration rules the mutation run (scripts/mutants.py) found unguarded: each
test fails against one surviving mutant of hubs/services.py."""

import datetime

import pytest

from conference.models import AuditEntry
from hubs import services
from hubs.models import Hub, Registration
from tests import factories
from tests.factories import make_hub, make_user

Status = Registration.Status


def register(user, hub, adults=1, mode="in_person"):
    return services.registration_create(
        user=user, hub=hub, mode=mode, adults=adults, consent=True, notify=False
    )


@pytest.mark.django_db
def test_a_confirmed_family_at_an_overfull_hub_may_still_change_its_needs(world):
    """The organiser lowered the capacity below the seats already given (nobody
    loses a place). A confirmed family keeping its size may still change its
    interpretation language; only growing is refused."""
    hub = make_hub(conference=world.conference, capacity=4)
    mine = register(world.family, hub, adults=2)
    register(world.family2, hub, adults=2)
    services.hub_update(hub=hub, by=world.organiser_a, in_person_capacity=3)
    changed = services.registration_change(
        registration=mine, mode="in_person", adults=2, children=0, interpretation_language="fa"
    )
    assert (changed.status, changed.interpretation_language) == (Status.CONFIRMED, "fa")
    with pytest.raises(services.RegistrationError) as caught:
        services.registration_change(registration=mine, mode="in_person", adults=3, children=0)
    assert caught.value.code == "full"
    assert Registration.objects.get(pk=mine.pk).adults == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_every_seat_change_runs_in_its_own_transaction(world):
    """Outside a test's transaction, as in a view: the hub's row lock needs a
    transaction of its own (PostgreSQL refuses SELECT … FOR UPDATE in autocommit)."""
    hub = make_hub(conference=world.conference, capacity=2)
    first = register(world.family, hub, adults=2)
    waiting = register(world.family2, hub, adults=1)
    assert waiting.status == Status.WAITLISTED
    services.registration_change(registration=first, mode="in_person", adults=1, children=0)
    assert Registration.objects.get(pk=waiting.pk).status == Status.CONFIRMED
    services.registration_cancel(registration=first)
    late = register(make_user(), hub)
    assert late.status == Status.CONFIRMED
    services.hub_update(hub=hub, by=world.organiser_a, in_person_capacity=5)
    assert Hub.objects.get(pk=hub.pk).in_person_capacity == 5
    arrived = services.registration_check_in(hub=hub, code=late.ticket_code, by=world.organiser_a)
    assert arrived.checked_in_at is not None


@pytest.mark.django_db
def test_registration_stays_open_through_the_last_day_at_the_hub(world, time_machine):
    """Until the edition's last day is over in the hub's own zone (Karachi)."""
    hub = make_hub(conference=world.conference, time_zone="Asia/Karachi")
    last_evening = datetime.datetime.combine(
        world.conference.ends_on, datetime.time(23, 30), tzinfo=hub.zone
    )
    time_machine.move_to(last_evening, tick=False)
    assert register(make_user(), hub).status == Status.CONFIRMED
    time_machine.move_to(last_evening + datetime.timedelta(hours=1), tick=False)
    with pytest.raises(services.RegistrationError) as caught:
        register(make_user(), hub)
    assert caught.value.code == "closed"


@pytest.mark.django_db
def test_a_cancellation_is_audited_only_when_someone_else_cancels(world):
    own = register(world.family, world.hub_a)
    services.registration_cancel(registration=own, by=world.family)
    assert not AuditEntry.objects.filter(action="registration.cancel").exists()
    theirs = register(world.family2, world.hub_a)
    services.registration_cancel(registration=theirs, by=world.organiser_a)
    entry = AuditEntry.objects.get(action="registration.cancel")
    assert (entry.actor, entry.hub) == (world.organiser_a, world.hub_a)


@pytest.mark.django_db
def test_party_sizes_at_their_limits(world):
    hub = make_hub(conference=world.conference, capacity=50)
    most = Registration.MAX_PARTY
    registration = services.registration_create(
        user=make_user(), hub=hub, mode="in_person", adults=1, children=most, consent=True
    )
    assert registration.party_size == most + 1
    for children in (-1, most + 1):
        with pytest.raises(services.RegistrationError) as caught:
            services.registration_create(
                user=make_user(),
                hub=hub,
                mode="in_person",
                adults=1,
                children=children,
                consent=True,
            )
        assert caught.value.code == "children"


@pytest.mark.django_db
def test_children_take_seats_too(world):
    """One seat left: one adult with one child waits (the party is two)."""
    hub = make_hub(conference=world.conference, capacity=2)
    register(make_user(), hub, adults=1)
    family = services.registration_create(
        user=world.family, hub=hub, mode="in_person", adults=1, children=1, consent=True
    )
    assert family.status == Status.WAITLISTED


@pytest.mark.django_db
def test_in_person_stays_open_when_online_is_closed(world):
    hub = make_hub(conference=world.conference, online_open=False)
    assert register(world.family, hub).status == Status.CONFIRMED
    with pytest.raises(services.RegistrationError) as caught:
        register(world.family2, hub, mode="online")
    assert caught.value.code == "online_closed"


@pytest.mark.django_db
def test_switching_mode_checks_the_new_mode_and_frees_the_old_one(world):
    """Both directions: online is full, in person has room."""
    hub = make_hub(conference=world.conference, capacity=10, online_capacity=1)
    online = register(make_user(), hub, mode="online")
    waiting_online = register(make_user(), hub, mode="online")
    assert waiting_online.status == Status.WAITLISTED
    in_person = register(world.family, hub)
    # In person -> online: online is full, nothing changes.
    with pytest.raises(services.RegistrationError) as caught:
        services.registration_change(registration=in_person, mode="online", adults=1, children=0)
    assert caught.value.code == "full"
    assert Registration.objects.get(pk=in_person.pk).mode == "in_person"
    # Online -> in person: the online seat goes to the family waiting for one.
    services.registration_change(registration=online, mode="in_person", adults=1, children=0)
    assert Registration.objects.get(pk=waiting_online.pk).status == Status.CONFIRMED


def test_cancelling_a_registration_gives_its_circle_places_to_the_next_families(world):
    """A family that gives up its place at the hub gives up its places in sessions
    too (they need a registration): the next family waiting is promoted, and a
    waiting-list spot is left; sessions already over keep their record."""
    from sessions_app import services as sessions
    from sessions_app.models import Enrolment

    own = factories.register(world.family, world.hub_a)
    factories.register(world.family2, world.hub_a)
    circle = factories.make_session(hub=world.hub_a, starts_in=60, capacity=1)
    workshop = factories.make_session(hub=world.hub_a, kind="workshop", starts_in=60, capacity=1)
    over = factories.make_session(hub=world.hub_a, starts_in=-300, minutes=60, capacity=5)
    mine = sessions.enrolment_create(user=world.family, session=circle, accept_ground_rules=True)
    waiting = sessions.enrolment_create(
        user=world.family2, session=circle, accept_ground_rules=True
    )
    holder = factories.enrol(world.family2, workshop)
    queued = sessions.enrolment_create(user=world.family, session=workshop)
    past = factories.enrol(world.family, over)
    assert (mine.status, waiting.status, queued.status) == ("enrolled", "waitlisted", "waitlisted")

    services.registration_cancel(registration=own, by=world.family)

    statuses = dict(Enrolment.objects.values_list("pk", "status"))
    assert statuses[mine.pk] == Enrolment.Status.CANCELLED
    assert statuses[waiting.pk] == Enrolment.Status.ENROLLED
    assert statuses[queued.pk] == Enrolment.Status.CANCELLED
    assert statuses[holder.pk] == Enrolment.Status.ENROLLED
    assert statuses[past.pk] == Enrolment.Status.ENROLLED
