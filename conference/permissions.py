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
    for name in (
        "_flh_roles_by_hub",
        "_flh_service_countries",
        "_flh_forum_hubs",
        "_flh_forum_sanctions",
    ):
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


# The family solidarity forum ----------------------------------------------------
#
# A family sees the global and language categories and those of the hubs it is
# registered at (any edition, unless cancelled); staff see those of the hubs where
# they hold a role; a global admin sees all. Reading needs an account: the forum is
# a place for families, not for the open web.

FORUM_BADGE_ORDER = (Role.ORGANISER, Role.MODERATOR, Role.SUPPORT, Role.FACILITATOR)


def forum_hub_ids(user) -> set[int] | None:
    """Hubs whose forum categories this person sees; None means every hub."""
    if not (user and user.is_authenticated and user.is_active):
        return set()
    if is_global_admin(user):
        return None
    cached = getattr(user, "_flh_forum_hubs", None)
    if cached is None:
        from hubs.models import Registration

        registered = Registration.objects.filter(user=user).exclude(
            status=Registration.Status.CANCELLED
        )
        cached = set(registered.values_list("hub_id", flat=True)) | set(_roles_by_hub(user))
        user._flh_forum_hubs = cached
    return cached


def category_ids_visible_to(user):
    """The categories this person may read, as a queryset of ids (a subquery to
    filter threads, posts, follows or search by)."""
    from support.forum.models import Category

    categories = Category.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return categories.none().values("pk")
    hubs = forum_hub_ids(user)
    if hubs is not None:
        categories = categories.filter(Q(hub__isnull=True) | Q(hub_id__in=hubs))
    suspended = {hub for kind, hub in forum_sanctions(user) if kind == "suspension"}
    if None in suspended:
        return categories.none().values("pk")
    if suspended:
        categories = categories.exclude(hub_id__in=suspended)
    return categories.values("pk")


def can_see_category(user, category) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if is_suspended(user, category.hub_id):
        return False
    if category.hub_id is None:
        return True
    hubs = forum_hub_ids(user)
    return hubs is None or category.hub_id in hubs


def can_moderate_category(user, category) -> bool:
    """Moderators of the category's hub for a hub category; any moderator for the
    global and language ones (DESIGN.md: own hub + global)."""
    return can_moderate(user, category.hub_id)


def moderated_category_ids(user):
    """The categories this person moderates, as a queryset of ids (the review queue,
    the audit log and every moderation action are scoped by it)."""
    from support.forum.models import Category

    categories = Category.objects.all()
    if is_global_admin(user):
        return categories.values("pk")
    hubs = staff_hub_ids(user, [Role.MODERATOR]) or set()
    if not hubs:
        return categories.none().values("pk")
    return categories.filter(Q(hub__isnull=True) | Q(hub_id__in=hubs)).values("pk")


def moderated_hub_ids(user) -> set[int] | None:
    """Hubs whose forum this person moderates (None: every hub, a global admin)."""
    if is_global_admin(user):
        return None
    return staff_hub_ids(user, [Role.MODERATOR]) or set()


def can_sanction(user, hub=None) -> bool:
    """Silence or suspend a member in a hub's categories (`hub`), or in the whole
    forum (`hub=None`: global admins and moderators, for the global categories)."""
    return can_moderate(user, hub)


def can_see_audit_entry(user, entry) -> bool:
    if is_global_admin(user):
        return True
    return can_moderate(user, entry.hub_id)


def can_manage_watched_word(user, word) -> bool:
    """A hub's watched words by its moderators; the forum-wide ones by any moderator."""
    return can_moderate(user, word.hub_id)


# Sanctions: a silenced member reads but does not write; a suspended one does
# neither (every page and socket of the forum is closed to them).


def forum_sanctions(user) -> list[tuple[str, int | None]]:
    """(kind, hub id or None for the whole forum) of the member's active sanctions,
    read once per user object (one query)."""
    if not (user and user.is_authenticated):
        return []
    cached = getattr(user, "_flh_forum_sanctions", None)
    if cached is None:
        from django.utils import timezone

        from support.forum.models import Sanction

        active = Sanction.objects.filter(
            member_id=user.pk, lifted_at__isnull=True, until__gt=timezone.now()
        )
        cached = list(active.values_list("kind", "hub_id"))
        user._flh_forum_sanctions = cached
    return cached


def is_suspended(user, hub_id=None) -> bool:
    """Suspended from the whole forum, or (with `hub_id`) from that hub's categories."""
    return any(
        kind == "suspension" and (hub is None or hub == hub_id)
        for kind, hub in forum_sanctions(user)
    )


def is_silenced(user, hub_id=None) -> bool:
    """May not write in the whole forum, or (with `hub_id`) in that hub's categories."""
    return any(hub is None or hub == hub_id for _kind, hub in forum_sanctions(user))


def can_start_thread(user, category) -> bool:
    """Start a thread: any member who sees an open category; in a staff-only one
    (announcements) its hub's staff, or for the others global admins and
    moderators; in a locked one only its moderators."""
    if not can_see_category(user, category):
        return False
    if can_moderate_category(user, category):
        return True
    if category.locked:
        return False
    if category.who_may_start == "staff":
        if category.hub_id is None:
            return is_global_admin(user)
        return bool(hub_roles(user, category.hub_id))
    return True


def can_see_thread(user, thread) -> bool:
    """A visible thread of a category the person sees; one held for review only by
    its author and moderators; hidden and removed ones only by moderators."""
    if not can_see_category(user, thread.category):
        return False
    if thread.state == "visible":
        return True
    if thread.state == "pending" and thread.author_id == user.pk:
        return True
    return can_moderate_category(user, thread.category)


def can_post_in(user, thread) -> bool:
    """Reply to a thread: one the person sees, visible, neither it nor its category
    locked (moderators may still write in a locked one)."""
    if not can_see_thread(user, thread) or thread.state != "visible":
        return False
    if thread.locked or thread.category.locked:
        return can_moderate_category(user, thread.category)
    return True


def can_see_post(user, post) -> bool:
    """The post's text: visible ones by all who see the thread; one held for review
    by its author and moderators; hidden and removed ones by moderators only."""
    if not can_see_thread(user, post.thread):
        return False
    if post.state == "visible":
        return True
    if post.state == "pending" and post.author_id == user.pk:
        return True
    return can_moderate_category(user, post.thread.category)


def can_edit_post(user, post, *, now) -> bool:
    """Its author, within FORUM_EDIT_MINUTES of writing it, while it is not deleted,
    hidden or removed and the thread is open for them."""
    if not (user and user.is_authenticated and post.author_id == user.pk):
        return False
    if post.deleted_by_author or post.state not in ("visible", "pending"):
        return False
    if now - post.created_at > _edit_window():
        return False
    return post.thread.state == "pending" or can_post_in(user, post.thread)


def can_delete_own_post(user, post) -> bool:
    return bool(
        user
        and user.is_authenticated
        and post.author_id == user.pk
        and not post.deleted_by_author
        and post.state in ("visible", "pending")
        and can_see_thread(user, post.thread)
    )


def can_react(user, post) -> bool:
    return (
        not is_silenced(user, post.thread.category.hub_id)
        and post.state == "visible"
        and not post.deleted_by_author
        and post.author_id != user.pk
        and can_see_thread(user, post.thread)
        and post.thread.state == "visible"
    )


def _edit_window():
    import datetime

    return datetime.timedelta(minutes=settings.FORUM_EDIT_MINUTES)


def forum_badges(user_ids: Iterable[int]) -> dict[int, str]:
    """The staff role shown beside each of these people's pseudonyms (one query):
    "organiser" for a global admin, else their most senior role at any hub."""
    from django.contrib.auth import get_user_model

    ids = {pk for pk in user_ids if pk}
    if not ids:
        return {}
    rank = {role: index for index, role in enumerate(FORUM_BADGE_ORDER)}
    badges: dict[int, str] = {}
    held = (
        HubRole.objects.filter(user_id__in=ids)
        .values_list("user_id", "role")
        .union(
            get_user_model()
            .objects.filter(pk__in=ids, is_superuser=True, is_active=True)
            .values_list("pk", _constant(Role.ORGANISER))
        )
    )
    for user_id, role in held:
        if user_id not in badges or rank.get(role, 99) < rank.get(badges[user_id], 99):
            badges[user_id] = role
    return badges


def _constant(value: str):
    from django.db.models import CharField, Value

    return Value(value, output_field=CharField())
