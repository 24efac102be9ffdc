"""Whatever changes what a person may see tells that person's open sockets at once.

Every live consumer (`conference.consumers.LiveConsumer`) is in its person's group
and reads its access again on `access.changed` (`conference.live.access_changed`,
sent after commit). The changes are caught here, on the models, so that no way of
making them is missed: the services, the admin, the demo, a shell. Bulk queryset
updates send no model signal; the sockets' freshness window
(`conference.consumers.ACCESS_FRESH_SECONDS`) bounds those.

- a hub role granted, changed (on duty or not) or taken away;
- an account deactivated, made or unmade global admin, or deleted;
- a session's facilitators changed;
- an enrolment given up or taken away.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from conference.live import access_changed

USER_ACCESS_FIELDS = {"is_active", "is_superuser"}


def _role_changed(sender, instance, **kwargs):
    """A role saved or deleted (or an enrolment deleted): its person's access changed."""
    access_changed([instance.user_id])


def _user_changed(sender, instance, created=False, update_fields=None, **kwargs):
    if created:
        return
    if update_fields is None or USER_ACCESS_FIELDS & set(update_fields):
        access_changed([instance.pk])


def _user_deleted(sender, instance, **kwargs):
    access_changed([instance.pk])


def _facilitators_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear":
        # Who is about to be cleared, before the rows go.
        if reverse:
            instance._flh_cleared = [instance.pk]
        else:
            instance._flh_cleared = list(instance.facilitators.values_list("pk", flat=True))
        return
    if action == "post_clear":
        access_changed(getattr(instance, "_flh_cleared", []))
    elif action in ("post_add", "post_remove"):
        access_changed([instance.pk] if reverse else pk_set or [])


def _enrolment_changed(sender, instance, created=False, **kwargs):
    if not created and instance.status != "enrolled":
        access_changed([instance.user_id])


def connect() -> None:
    post_save.connect(_role_changed, sender="conference.HubRole", dispatch_uid="flh-role-saved")
    post_delete.connect(_role_changed, sender="conference.HubRole", dispatch_uid="flh-role-deleted")
    post_save.connect(_user_changed, sender="conference.User", dispatch_uid="flh-user-saved")
    post_delete.connect(_user_deleted, sender="conference.User", dispatch_uid="flh-user-deleted")
    m2m_changed.connect(
        _facilitators_changed,
        sender="sessions_app.Session_facilitators",
        dispatch_uid="flh-facilitators",
    )
    post_save.connect(
        _enrolment_changed, sender="sessions_app.Enrolment", dispatch_uid="flh-enrolment-saved"
    )
    post_delete.connect(
        _role_changed, sender="sessions_app.Enrolment", dispatch_uid="flh-enrolment-deleted"
    )
