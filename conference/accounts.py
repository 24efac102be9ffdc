"""How allauth fits this platform: whose address a rate limit counts, and where
people land after signing in."""

import ipaddress

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied


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
