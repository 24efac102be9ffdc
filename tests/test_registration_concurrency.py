"""Fifty families press "register" at the same moment for ten seats."""

import pytest

from hubs import services
from hubs.models import Registration
from tests.concurrency import all_at_once
from tests.factories import make_hub, make_user

Status = Registration.Status


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_registrations_for_ten_seats(edition):
    hub = make_hub(conference=edition, capacity=10)
    users = [make_user() for _ in range(50)]
    errors = all_at_once(
        lambda user: services.registration_create(
            user=user, hub=hub, mode="in_person", adults=1, consent=True, notify=False
        ),
        users,
    )

    assert errors == []
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
