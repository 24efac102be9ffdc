"""Permission rules the mutation run (scripts/mutants.py) found unguarded: each
test here fails against one surviving mutant of conference/permissions.py."""

import pytest
from django.contrib.auth.models import AnonymousUser

from conference import permissions
from conference.models import HubRole
from tests.factories import make_hub, make_session

pytestmark = pytest.mark.django_db


def test_nobody_signed_out_or_deactivated_runs_a_circle(world):
    circle = make_session(hub=world.hub_a, kind="circle")
    circle.facilitators.add(world.facilitator_a)
    assert permissions.can_run_circle(world.facilitator_a, circle)
    assert not permissions.can_run_circle(AnonymousUser(), circle)
    assert not permissions.can_run_circle(None, circle)
    world.facilitator_a.is_active = False
    assert not permissions.can_run_circle(world.facilitator_a, circle)
    world.admin.is_active = False
    assert not permissions.can_run_circle(world.admin, circle)
    assert not permissions.can_handle_support_signals(AnonymousUser(), circle)


def test_a_visitor_moderates_nothing_and_has_no_staff_hubs(world):
    visitor = AnonymousUser()
    assert permissions.staff_hub_ids(visitor) == set()
    assert not permissions.can_moderate(visitor, None)
    assert not permissions.can_moderate(visitor, world.hub_a)
    assert not permissions.is_staff_member(visitor)
    assert permissions.hub_roles(visitor, world.hub_a) == frozenset()


def test_support_signals_reach_the_hubs_by_id(world):
    """A global admin gets every hub's signals; organisers and support staff on
    duty their own hub's; support staff off duty none."""
    extra = make_hub(conference=world.conference)
    assert permissions.support_signal_hub_ids(world.admin) == {
        world.hub_a.pk,
        world.hub_b.pk,
        extra.pk,
    }
    assert permissions.support_signal_hub_ids(world.organiser_a) == {world.hub_a.pk}
    assert permissions.support_signal_hub_ids(world.support_a) == {world.hub_a.pk}
    HubRole.objects.filter(user=world.support_a).update(on_duty=False)
    assert permissions.support_signal_hub_ids(world.support_a) == set()
    assert permissions.support_signal_hub_ids(world.family) == set()
    assert permissions.support_signal_hub_ids(AnonymousUser()) == set()


def test_a_deactivated_organiser_gets_no_support_signals(world):
    world.organiser_a.is_active = False
    assert permissions.support_signal_hub_ids(world.organiser_a) == set()


def test_a_global_admin_moderates_everywhere(world):
    assert permissions.can_moderate(world.admin, None)
    assert permissions.can_moderate(world.admin, world.hub_a)
    assert permissions.can_moderate(world.admin, world.hub_b)
    assert permissions.can_publish_resources(world.admin, world.hub_b)


@pytest.mark.parametrize("page", ["dashboard/", "export.csv", "settings/", "rooms/", "team/"])
def test_staff_pages_send_a_visitor_to_sign_in(client, world, page):
    response = client.get(f"/hubs/{world.hub_a.slug}/{page}")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
