"""Who may do what: the one place every view and consumer asks.

Roles are held per hub (`HubRole`); a global admin (superuser) holds every role
at every hub. Functions take the user and the object concerned and answer
True/False; views turn a False on an object of another hub into a 404.
"""

from collections.abc import Iterable
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect

from conference.models import HubRole

Role = HubRole.Role
STAFF_ROLES = frozenset(Role.values)


def _roles_by_hub(user) -> dict[int, frozenset[str]]:
    """All of a user's hub roles, loaded once per user object (one query)."""
    cached = getattr(user, "_flh_roles_by_hub", None)
    if cached is None:
        grouped: dict[int, set[str]] = {}
        for hub_id, role in HubRole.objects.filter(user=user).values_list("hub_id", "role"):
            grouped.setdefault(hub_id, set()).add(role)
        cached = {hub_id: frozenset(roles) for hub_id, roles in grouped.items()}
        user._flh_roles_by_hub = cached
    return cached


def forget_roles(user) -> None:
    """Drop the cached roles after a grant or revoke in the same request."""
    for name in ("_flh_roles_by_hub", "_flh_service_countries"):
        if hasattr(user, name):
            delattr(user, name)


def fresh_user(user):
    """The person as the database has them now, with nothing cached: what a long-lived
    socket asks with, so that a role, a duty or an account taken away is seen. An
    account deleted or deactivated since comes back as an anonymous user."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    if user is None or not user.is_authenticated:
        return AnonymousUser()
    fresh = get_user_model().objects.filter(pk=user.pk, is_active=True).first()
    return fresh if fresh is not None else AnonymousUser()


def is_global_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def hub_roles(user, hub) -> frozenset[str]:
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    if is_global_admin(user):
        return STAFF_ROLES
    hub_id = hub if isinstance(hub, int) else hub.pk
    return _roles_by_hub(user).get(hub_id, frozenset())


def has_hub_role(user, hub, *roles: str) -> bool:
    return bool(hub_roles(user, hub) & set(roles))


def staff_hub_ids(user, roles: Iterable[str] = STAFF_ROLES) -> set[int] | None:
    """Hub ids where the user holds one of `roles`; None means every hub (global admin)."""
    if is_global_admin(user):
        return None
    if not (user and user.is_authenticated):
        return set()
    wanted = set(roles)
    return {hub_id for hub_id, held in _roles_by_hub(user).items() if held & wanted}


def is_staff_member(user) -> bool:
    """Holds any staff role anywhere (and so must use two-factor authentication)."""
    if is_global_admin(user):
        return True
    return bool(user and user.is_authenticated and _roles_by_hub(user))


# Hub administration -------------------------------------------------------------


def can_manage_hub(user, hub) -> bool:
    """Schedule sessions, edit rooms and settings, see the dashboard and exports."""
    return has_hub_role(user, hub, Role.ORGANISER)


def can_message_registrants(user, hub) -> bool:
    """Write an e-mail to the hub's registrants (or a group of them): its organisers."""
    return can_manage_hub(user, hub)


def can_check_in(user, hub) -> bool:
    """Run the check-in desk: organisers and any staff role of that hub."""
    return bool(hub_roles(user, hub))


def can_create_hub(user) -> bool:
    return is_global_admin(user)


# Data protection -----------------------------------------------------------------


def can_read_access_log(user, hub=None) -> bool:
    """The staff access log: all of it for global admins, a hub's for its organisers."""
    if hub is None:
        return is_global_admin(user)
    return can_manage_hub(user, hub)


def can_erase_members(user) -> bool:
    """Erase a member's account on their request made by other means (a letter, a
    visit to a tracing office): the secretariat only."""
    return is_global_admin(user)


def grantable_roles(user, hub) -> list[str]:
    """Roles this user may give to others at this hub."""
    if is_global_admin(user):
        return list(Role.values)
    if can_manage_hub(user, hub):
        return [Role.FACILITATOR, Role.MODERATOR, Role.SUPPORT]
    return []


def can_schedule_plenary(user) -> bool:
    return is_global_admin(user)


def can_schedule(user, hub) -> bool:
    """Create, change and cancel sessions at `hub`; `hub=None` means plenaries."""
    if hub is None:
        return can_schedule_plenary(user)
    return can_manage_hub(user, hub)


# Sharing circles ----------------------------------------------------------------


def can_run_circle(user, session) -> bool:
    """Admit, order speakers, mute, remove, lock, end: the session's facilitators,
    organisers of its hub, global admins."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if is_global_admin(user):
        return True
    if session.hub_id and has_hub_role(user, session.hub_id, Role.ORGANISER):
        return True
    return is_session_facilitator(user, session)


def is_session_facilitator(user, session) -> bool:
    ids = getattr(session, "_flh_facilitator_ids", None)
    if ids is None:
        ids = set(session.facilitators.values_list("pk", flat=True))
        session._flh_facilitator_ids = ids
    return user.pk in ids


def can_handle_support_signals(user, session) -> bool:
    """See and acknowledge a circle's support signals."""
    if can_run_circle(user, session):
        return True
    return bool(session.hub_id) and has_hub_role(user, session.hub_id, Role.SUPPORT)


def can_see_support_conversation(user, signal) -> bool:
    """Read and write a support signal's private conversation: the family who raised
    it, and those who may handle it (never another family)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return signal.user_id == user.pk or can_handle_support_signals(user, signal.session)


def support_signal_hub_ids(user) -> set[int]:
    """Hubs whose support signals reach this person live: support staff on duty
    and organisers; every hub for a global admin."""
    if not (user and user.is_authenticated and user.is_active):
        return set()
    if is_global_admin(user):
        from hubs.models import Hub

        return set(Hub.objects.values_list("pk", flat=True))
    on_duty = HubRole.objects.filter(user=user).filter(
        Q(role=Role.SUPPORT, on_duty=True) | Q(role=Role.ORGANISER)
    )
    return set(on_duty.values_list("hub_id", flat=True))


# Forum and library --------------------------------------------------------------


def can_moderate(user, hub=None) -> bool:
    """Review queue, hide and restore posts, suspend members.

    `hub=None` is the global forum: any moderator may keep it safe."""
    if is_global_admin(user):
        return True
    if hub is None:
        return bool(staff_hub_ids(user, [Role.MODERATOR]))
    return has_hub_role(user, hub, Role.MODERATOR)


def can_publish_resources(user, hub=None) -> bool:
    """Publish library resources: hub-owned ones by its organisers and support
    staff; global ones by global admins."""
    if hub is None:
        return is_global_admin(user)
    return has_hub_role(user, hub, Role.ORGANISER, Role.SUPPORT)


def can_write_resources(user, hub=None) -> bool:
    """Write, edit and submit library resources owned by `hub` (None: global ones).
    The same people who publish them: two of them are needed for each resource."""
    return can_publish_resources(user, hub)


def library_writer_hub_ids(user) -> set[int] | None:
    """Hubs whose resources this person writes; None means every hub (global admin)."""
    return staff_hub_ids(user, [Role.ORGANISER, Role.SUPPORT])


def can_see_resource(user, resource) -> bool:
    """Families see published resources; drafts, reviews and archives only the
    writers of the resource's owner (others get a 404)."""
    if resource.status == "published":
        return True
    return can_write_resources(user, resource.hub_id)


def can_publish(user, resource) -> bool:
    """Publish (or send back) a resource under review: a publisher of its owner who
    neither wrote it nor last changed it (two pairs of eyes)."""
    if not can_publish_resources(user, resource.hub_id):
        return False
    return user.pk not in (resource.author_id, resource.last_edited_by_id)


def can_manage_support_services(user, country: str = "") -> bool:
    """Add and change entries of the support-services directory: global admins for
    every country and for services that work everywhere (`country` empty);
    organisers for the countries of their hubs' national societies."""
    if is_global_admin(user):
        return True
    if not country:
        return False
    return country in support_service_countries(user)


def support_service_countries(user) -> set[str]:
    """Country codes whose support services this person manages (every one for a
    global admin is not listed: check is_global_admin first)."""
    if not (user and user.is_authenticated and user.is_active):
        return set()
    cached = getattr(user, "_flh_service_countries", None)
    if cached is None:
        from hubs.models import Hub
        from support.library.countries import country_code

        hub_ids = staff_hub_ids(user, [Role.ORGANISER]) or set()
        names = Hub.objects.filter(pk__in=hub_ids).values_list("society__country", flat=True)
        cached = {code for code in map(country_code, set(names)) if code}
        user._flh_service_countries = cached
    return cached


# Two-factor authentication for staff --------------------------------------------


def has_two_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def needs_two_factor_setup(user) -> bool:
    return settings.STAFF_REQUIRE_2FA and is_staff_member(user) and not has_two_factor(user)


def staff_view(view):
    """Decorator for every staff page: signed in, and two-factor set up when required.

    Whether the person may see this particular hub or session is decided inside
    the view (404 for objects of other hubs)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if needs_two_factor_setup(request.user):
            return redirect("conference:two_factor_required")
        return view(request, *args, **kwargs)

    return wrapper
