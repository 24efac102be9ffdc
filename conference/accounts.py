"""How allauth fits this platform: whose address a rate limit counts, and where
people land after signing in."""

import ipaddress

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from conference import permissions
from conference.models import HubRole


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """The address the server vouched for, never a header a client can write.

        Behind the shipped nginx, Daphne puts X-Real-IP (set by nginx from the
        connection, or from what our own TLS proxy said) into REMOTE_ADDR; allauth's
        own header settings (ALLAUTH_TRUSTED_PROXY_COUNT…) are deliberately unused."""
        address = request.META.get("REMOTE_ADDR", "")
        try:
            return str(ipaddress.ip_address(address.strip("[]")))
        except ValueError:
            raise PermissionDenied("Unable to determine client IP address") from None

    def get_login_redirect_url(self, request) -> str:
        """Where someone lands after signing in, when no valid `next` was given
        (allauth follows a `next` on this site first): staff at their own hub's
        pages, or the list of their hubs when they have several; a family at
        its registration when it has one, else the home page."""
        user = request.user
        hub_ids = permissions.staff_hub_ids(user)
        if hub_ids is None or len(hub_ids) > 1:
            return reverse("conference:staff_home")
        if hub_ids:
            (hub_id,) = hub_ids
            return _own_hub_page(user, hub_id)
        if _has_registration(user):
            return reverse("hubs:mine")
        return reverse("home")


def _own_hub_page(user, hub_id: int) -> str:
    from hubs.models import Hub

    roles = permissions.hub_roles(user, hub_id)
    hub = Hub.objects.only("slug").get(pk=hub_id)
    if HubRole.Role.ORGANISER in roles:
        return reverse("hubs:dashboard", args=[hub.slug])
    if HubRole.Role.SUPPORT in roles:
        return reverse("support_signals:list")
    # Facilitators and moderators: the hub's page, with its links for staff.
    return reverse("hubs:detail", args=[hub.slug])


def _has_registration(user) -> bool:
    from conference.models import Conference
    from hubs.models import Registration

    conference = Conference.objects.current()
    return (
        conference is not None
        and Registration.objects.filter(user=user, conference=conference)
        .exclude(status=Registration.Status.CANCELLED)
        .exists()
    )
