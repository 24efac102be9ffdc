from django.conf import settings

from conference import permissions
from conference.models import Conference


def site(request):
    """The current edition and the language menu, for every page."""

    def current_conference():
        if not hasattr(request, "_flh_conference"):
            request._flh_conference = Conference.objects.current()
        return request._flh_conference

    return {
        "current_conference": current_conference,
        "site_languages": settings.LANGUAGES,
        "viewer_time_zone": getattr(request, "time_zone", settings.TIME_ZONE),
        "viewer_time_zone_source": getattr(request, "time_zone_source", "default"),
        "is_staff_member": lambda: permissions.is_staff_member(request.user),
    }
