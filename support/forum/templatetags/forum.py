from django import template
from django.utils.translation import gettext_lazy as _

from conference.models import HubRole
from support.rendering import render_markdown

register = template.Library()

BADGES = {
    HubRole.Role.ORGANISER: _("Organiser"),
    HubRole.Role.MODERATOR: _("Moderator"),
    HubRole.Role.SUPPORT: _("Support staff"),
    HubRole.Role.FACILITATOR: _("Facilitator"),
}


@register.filter
def badge_label(role: str) -> str:
    return BADGES.get(role, "")


@register.filter
def post_html(text: str):
    """A post's Markdown as safe HTML; "#" becomes <h3>, under the post's heading."""
    return render_markdown(text, heading_offset=2)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
