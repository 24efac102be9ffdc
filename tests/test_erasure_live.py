"""Erasing an account closes the member's open sockets at once, and the circle they
were in sees them gone (Redis channel layer on CI)."""

import pytest
from channels.db import database_sync_to_async

from conference import consumers as base
from conference import erasure
from sessions_app.models import CircleParticipant
from tests.live import Sockets, closed_within, drain

pytestmark = pytest.mark.django_db(transaction=True)
SECOND = 1.0


@pytest.fixture
async def sockets():
    opened = Sockets()
    yield opened
    await opened.close_all()


async def test_erasure_closes_the_members_sockets_at_once(world, admitted_circle, sockets):
    gul, state = await sockets.circle(world.family, admitted_circle)
    assert state["me"]["runner"] is False
    facilitator, _ = await sockets.circle(world.facilitator_a, admitted_circle)
    await drain(facilitator)

    await database_sync_to_async(erasure.account_erase)(user=world.family)

    assert await closed_within(gul, SECOND) == base.CLOSE_FORBIDDEN
    left = await database_sync_to_async(
        lambda: CircleParticipant.objects.filter(session=admitted_circle).count()
    )()
    assert left == 2  # the facilitator and the other family
    # The facilitator's page heard that someone left the circle.
    seen = [message["type"] for message in await drain(facilitator)]
    assert any(kind.startswith("circle.") for kind in seen)
