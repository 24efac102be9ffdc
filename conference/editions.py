"""The conference edition pages are about."""

from django.http import Http404
from django.utils.translation import gettext as _

from conference.models import Conference


def current_conference_or_404() -> Conference:
    """The current edition; a 404 with a translated reason when none is open."""
    conference = Conference.objects.current()
    if conference is None:
        raise Http404(_("No conference edition is open."))
    return conference
