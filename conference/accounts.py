"""How allauth fits this platform: whose address a rate limit counts, where people
land after signing in, and its mails (address confirmation, password reset, e-mail
change…), which leave through the task queue like every other mail, so signing up
never waits for the mail server and a mail that failed is tried again."""

import ipaddress

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives, get_connection
from django.urls import reverse

from conference import permissions
from conference.models import HubRole
from conference.tasks import background, current_run, send_once


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # As allauth's own send_mail (65.x), rendered here in the request's language,
        # then queued instead of sent.
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"),
            None,
        )
        # Queued at once, not on commit: allauth sends outside any transaction of ours,
        # and in the tests (immediate backend) the mail is then in the outbox at once.
        account_mail.enqueue(
            {
                "subject": message.subject,
                "body": message.body,
                "content_subtype": message.content_subtype,
                "html": html,
                "from_email": message.from_email,
                "to": list(message.to),
                "headers": dict(message.extra_headers),
            }
        )

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


@background(secret=True)
def account_mail(message: dict) -> str:
    """One of allauth's mails, as rendered in the request. It holds a one-time link:
    its stored arguments are forgotten once it ran, and never logged."""

    def send() -> None:
        email = EmailMultiAlternatives(
            subject=message["subject"],
            body=message["body"],
            from_email=message["from_email"],
            to=message["to"],
            headers=message["headers"],
            connection=connection,
        )
        email.content_subtype = message["content_subtype"]
        if message["html"]:
            email.attach_alternative(message["html"], "text/html")
        email.send()

    with get_connection() as connection:
        return send_once(f"task:{current_run().chain}", send)
