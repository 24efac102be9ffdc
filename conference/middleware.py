import functools
import zoneinfo
from urllib.parse import unquote

from django.conf import settings
from django.utils import timezone, translation

TZ_COOKIE = "flh_tz"
# The longest IANA name is about 30 characters; anything much longer is not a zone.
ZONE_NAME_MAX = 64


@functools.cache
def known_time_zones() -> frozenset[str]:
    """IANA zone names on this machine, read once per process."""
    return frozenset(zoneinfo.available_timezones())


def zone_from_name(name: str | None) -> zoneinfo.ZoneInfo | None:
    """The zone called `name`, or None. Only known names reach zoneinfo, which
    would otherwise look any text up as a file (a long cookie raised OSError)."""
    if not name or len(name) > ZONE_NAME_MAX or name not in known_time_zones():
        return None
    return zoneinfo.ZoneInfo(name)


def zone_from_cookie(value: str | None) -> zoneinfo.ZoneInfo | None:
    """The zone the browser reported (site.js sends it URL-encoded: Europe%2FZurich)."""
    if not value or len(value) > 3 * ZONE_NAME_MAX:
        return None
    return zone_from_name(unquote(value))


class UserPreferencesMiddleware:
    """Language and time zone of the viewer.

    A signed-in person's saved language and zone win; otherwise the language
    comes from Django's LocaleMiddleware (cookie, then browser) and the zone
    from the cookie our small script sets from the browser.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        saved_language = getattr(user, "language", "") if user.is_authenticated else ""
        cookie_language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if saved_language and saved_language != request.LANGUAGE_CODE:
            translation.activate(saved_language)
            request.LANGUAGE_CODE = translation.get_language()

        zone = None
        if user.is_authenticated:
            zone = zone_from_name(user.time_zone)
            request.time_zone_source = "account" if zone else None
        if zone is None:
            zone = zone_from_cookie(request.COOKIES.get(TZ_COOKIE))
            request.time_zone_source = "browser" if zone else "default"
        if zone is None:
            timezone.deactivate()
            request.time_zone = settings.TIME_ZONE
        else:
            timezone.activate(zone)
            request.time_zone = zone.key

        response = self.get_response(request)

        if saved_language and saved_language != cookie_language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                saved_language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


class PermissionsPolicyMiddleware:
    """Sends the site's Permissions-Policy unless the view set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response
