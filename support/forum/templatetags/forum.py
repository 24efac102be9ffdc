import functools

from django import template
from django.utils.html import format_html
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
    """A post's Markdown as safe HTML; "#" becomes <h3>, under the post's heading.
    The same text is rendered once per process while it is read often (a thread's
    page is read by many people): the rendering is a pure function of the text."""
    return _post_html(text or "")


@functools.lru_cache(maxsize=1024)
def _post_html(text: str):
    return render_markdown(text, heading_offset=2)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def author(user, badge=""):
    """A member as others see them: their pseudonym (isolated, it may be written
    right to left) and a staff badge; "a former member" once the account is gone.
    A tag rather than an include: it is shown for every post of a page."""
    if user is None:
        return format_html('<span class="pseudonym muted">{}</span>', _("a former member"))
    label = BADGES.get(badge, "")
    if label:
        return format_html(
            '<bdi class="pseudonym">{}</bdi> <span class="badge">{}</span>',
            user.display_name,
            label,
        )
    return format_html('<bdi class="pseudonym">{}</bdi>', user.display_name)


@register.filter
def moderates(user, category) -> bool:
    """Whether `user` moderates `category` (conference/permissions.py)."""
    from conference import permissions

    return permissions.can_moderate_category(user, category)


@register.filter
def moderates_for(category, user) -> bool:
    return moderates(user, category)


@register.simple_tag(takes_context=True)
def moderated_categories(context):
    """The categories the page's person moderates (for "move to"), one query."""
    from conference import permissions
    from support.forum.models import Category

    user = context["request"].user
    return list(Category.objects.filter(pk__in=permissions.moderated_category_ids(user)))
