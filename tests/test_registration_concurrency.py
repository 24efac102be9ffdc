"""Fifty families press "register" at the same moment for ten seats.

PostgreSQL only: SQLite lets one writer in at a time, so there the same test
passes with the hub's row lock removed."""

import pytest

from hubs import services
from hubs.models import Registration
from tests.concurrency import crowd
from tests.factories import make_hub, make_user

Status = Registration.Status


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_registrations_for_ten_seats(edition):
    hub = make_hub(conference=edition, capacity=10)
    users = [make_user() for _ in range(50)]
    outcome = crowd(
        lambda user: services.registration_create(
            user=user, hub=hub, mode="in_person", adults=1, consent=True, notify=False
        ),
        users,
        hold=hub,
    )

    assert outcome.errors == []
    registrations = list(Registration.objects.filter(hub=hub))
    assert len(registrations) == 50  # nothing lost
    confirmed = [r for r in registrations if r.status == Status.CONFIRMED]
    waiting = sorted(
        (r for r in registrations if r.status == Status.WAITLISTED),
        key=lambda r: (r.queued_at, r.pk),
    )
    assert len(confirmed) == 10
    assert len(waiting) == 40
    assert Registration.objects.seats_taken(hub, "in_person") == 10
    # Everyone confirmed registered before everyone waiting, and the queue is in that order.
    assert max(r.created_at for r in confirmed) <= min(r.created_at for r in waiting)
    assert [r.waitlist_position() for r in waiting] == list(range(1, 41))
    assert len({r.ticket_code for r in registrations}) == 50
    # The test measured what it says: fifty connections at once, and all fifty
    # queued for the hub's row at the same moment (none of them queued for a
    # connection of the pool instead).
    assert outcome.connected_at_once == 50
    assert outcome.waiting_at_once == 50
