"""Writes that belong to the conference app: audit entries, roles, editions."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from conference import permissions
from conference.models import AuditEntry, Conference, HubRole


def audit_record(*, actor, action: str, hub=None, target=None, **data) -> AuditEntry:
    """Keep a line in the audit log. `target` is any model instance (or None)."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        hub=hub,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data,
    )


@transaction.atomic
def role_grant(*, granted_by, user, hub, role: str) -> HubRole:
    if role not in permissions.grantable_roles(granted_by, hub):
        raise PermissionDenied
    hub_role, created = HubRole.objects.get_or_create(
        user=user, hub=hub, role=role, defaults={"granted_by": granted_by}
    )
    if created:
        audit_record(actor=granted_by, action="role.grant", hub=hub, target=user, role=role)
    permissions.forget_roles(user)
    return hub_role


@transaction.atomic
def role_revoke(*, revoked_by, hub_role: HubRole) -> None:
    if hub_role.role not in permissions.grantable_roles(revoked_by, hub_role.hub):
        raise PermissionDenied
    audit_record(
        actor=revoked_by,
        action="role.revoke",
        hub=hub_role.hub,
        target=hub_role.user,
        role=hub_role.role,
    )
    hub_role.delete()
    permissions.forget_roles(hub_role.user)


@transaction.atomic
def duty_set(*, user, hub_id: int, on_duty: bool) -> bool:
    """Support staff go on or off duty at one of their hubs: only those on duty are
    sent the families' support signals. False when the person is not support staff
    there. Their open signal pages follow at once (the role's change reaches their
    sockets through `conference.access`)."""
    role = (
        HubRole.objects.select_for_update()
        .select_related("hub")
        .filter(user=user, hub_id=hub_id, role=HubRole.Role.SUPPORT)
        .first()
    )
    if role is None:
        return False
    if role.on_duty != on_duty:
        role.on_duty = on_duty
        role.save(update_fields=["on_duty"])
        audit_record(actor=user, action="duty.on" if on_duty else "duty.off", hub=role.hub)
        permissions.forget_roles(user)
    return True


@transaction.atomic
def conference_make_current(*, conference: Conference) -> Conference:
    Conference.objects.exclude(pk=conference.pk).filter(is_current=True).update(is_current=False)
    if not conference.is_current:
        conference.is_current = True
        conference.save(update_fields=["is_current"])
    return conference
