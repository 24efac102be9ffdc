"""conference/permissions.py: the one place that says who may do what."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from conference import permissions
from conference.models import AuditEntry, HubRole
from conference.services import role_grant, role_revoke
from tests.factories import make_user

Role = HubRole.Role
pytestmark = pytest.mark.django_db


def test_hub_management_is_own_hub_only(world):
    assert permissions.can_manage_hub(world.organiser_a, world.hub_a)
    assert not permissions.can_manage_hub(world.organiser_a, world.hub_b)
    assert permissions.can_manage_hub(world.admin, world.hub_b)
    for person in (world.family, world.facilitator_a, world.moderator_a, world.support_a):
        assert not permissions.can_manage_hub(person, world.hub_a)
    assert not permissions.can_manage_hub(AnonymousUser(), world.hub_a)


def test_check_in_is_any_staff_role_of_that_hub(world):
    assert permissions.can_check_in(world.support_a, world.hub_a)
    assert permissions.can_check_in(world.organiser_a, world.hub_a)
    assert not permissions.can_check_in(world.support_a, world.hub_b)
    assert not permissions.can_check_in(world.family, world.hub_a)


def test_role_lookups_cost_one_query_per_user(world, django_assert_num_queries):
    user = world.organiser_a
    with django_assert_num_queries(1):
        for _ in range(10):
            permissions.can_manage_hub(user, world.hub_a)
            permissions.can_moderate(user, world.hub_b)
            permissions.is_staff_member(user)


def test_staff_hub_ids(world):
    assert permissions.staff_hub_ids(world.organiser_a) == {world.hub_a.pk}
    assert permissions.staff_hub_ids(world.admin) is None
    assert permissions.staff_hub_ids(world.family) == set()
    assert permissions.staff_hub_ids(world.moderator_a, [Role.ORGANISER]) == set()


def test_who_is_staff(world):
    assert permissions.is_staff_member(world.facilitator_a)
    assert permissions.is_staff_member(world.admin)
    assert not permissions.is_staff_member(world.family)


def _session(world, hub, facilitators=()):
    """A stand-in for a programme session: what the permission functions read."""
    session = SimpleNamespace(hub_id=hub.pk if hub else None)
    session._flh_facilitator_ids = {user.pk for user in facilitators}
    return session


def test_running_a_circle(world):
    circle = _session(world, world.hub_a, facilitators=[world.facilitator_a])
    assert permissions.can_run_circle(world.facilitator_a, circle)
    assert permissions.can_run_circle(world.organiser_a, circle)
    assert permissions.can_run_circle(world.admin, circle)
    assert not permissions.can_run_circle(world.organiser_b, circle)
    assert not permissions.can_run_circle(world.family, circle)
    assert not permissions.can_run_circle(world.moderator_a, circle)
    other = _session(world, world.hub_a)
    assert not permissions.can_run_circle(world.facilitator_a, other)


def test_support_signals(world):
    circle = _session(world, world.hub_a, facilitators=[world.facilitator_a])
    assert permissions.can_handle_support_signals(world.support_a, circle)
    assert permissions.can_handle_support_signals(world.facilitator_a, circle)
    assert not permissions.can_handle_support_signals(world.moderator_a, circle)
    assert not permissions.can_handle_support_signals(world.family, circle)
    circle_b = _session(world, world.hub_b)
    assert not permissions.can_handle_support_signals(world.support_a, circle_b)


def test_moderation(world):
    assert permissions.can_moderate(world.moderator_a, world.hub_a)
    assert permissions.can_moderate(world.moderator_a, None)
    assert not permissions.can_moderate(world.moderator_a, world.hub_b)
    assert not permissions.can_moderate(world.organiser_a, world.hub_a)
    assert not permissions.can_moderate(world.family, None)


def test_publishing_resources(world):
    assert permissions.can_publish_resources(world.support_a, world.hub_a)
    assert permissions.can_publish_resources(world.organiser_a, world.hub_a)
    assert not permissions.can_publish_resources(world.support_a, world.hub_b)
    assert not permissions.can_publish_resources(world.organiser_a, None)
    assert permissions.can_publish_resources(world.admin, None)


def test_organiser_grants_only_non_organiser_roles_in_own_hub(world):
    newcomer = make_user()
    role_grant(granted_by=world.organiser_a, user=newcomer, hub=world.hub_a, role=Role.SUPPORT)
    assert permissions.has_hub_role(newcomer, world.hub_a, Role.SUPPORT)
    entry = AuditEntry.objects.get(action="role.grant")
    assert (entry.actor, entry.hub, entry.data) == (
        world.organiser_a,
        world.hub_a,
        {"role": "support"},
    )
    with pytest.raises(PermissionDenied):
        role_grant(
            granted_by=world.organiser_a, user=newcomer, hub=world.hub_a, role=Role.ORGANISER
        )
    with pytest.raises(PermissionDenied):
        role_grant(granted_by=world.organiser_a, user=newcomer, hub=world.hub_b, role=Role.SUPPORT)
    with pytest.raises(PermissionDenied):
        role_grant(granted_by=world.family, user=newcomer, hub=world.hub_a, role=Role.SUPPORT)
    role_grant(granted_by=world.admin, user=newcomer, hub=world.hub_b, role=Role.ORGANISER)
    assert permissions.can_manage_hub(newcomer, world.hub_b)


def test_revoking_a_role(world):
    hub_role = HubRole.objects.get(user=world.facilitator_a)
    with pytest.raises(PermissionDenied):
        role_revoke(revoked_by=world.organiser_b, hub_role=hub_role)
    role_revoke(revoked_by=world.organiser_a, hub_role=hub_role)
    assert not permissions.is_staff_member(world.facilitator_a)
    assert AuditEntry.objects.filter(action="role.revoke", hub=world.hub_a).count() == 1


def test_inactive_admin_has_no_power(world):
    world.admin.is_active = False
    assert not permissions.can_manage_hub(world.admin, world.hub_a)
