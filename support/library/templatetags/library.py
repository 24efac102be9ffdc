"""Template helpers of the library: safe Markdown, what a resource costs to open,
and the resources other pages offer (a session's, the end of a circle)."""

from urllib.parse import urlsplit

from django import template
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from markdown_it import MarkdownIt

from support.library.models import Resource
from support.rendering import render_markdown

register = template.Library()


_PARSER = MarkdownIt("commonmark")


def _heading_offset(text: str) -> int:
    """Shift the text's headings so that its highest becomes <h2>, under the page's
    <h1>, whether the writer started with # or ## (no level is skipped)."""
    levels = [int(t.tag[1]) for t in _PARSER.parse(text or "") if t.type == "heading_open"]
    return 2 - min(levels) if levels else 1


@register.filter
def markdown(text):
    """What someone wrote in Markdown, as safe HTML (support/rendering.py)."""
    return render_markdown(text, heading_offset=_heading_offset(text))


@register.filter
def resource_cost(resource) -> str:
    """What opening it takes: "4:05 · 1.2 MB", "3 min read", "120 KB"."""
    parts = []
    if resource.kind == Resource.Kind.ARTICLE and resource.reading_minutes:
        parts.append(
            ngettext("%(n)s minute to read", "%(n)s minutes to read", resource.reading_minutes)
            % {"n": resource.reading_minutes}
        )
    if resource.duration_seconds and resource.kind in Resource.MEDIA_KINDS:
        parts.append(_("%(duration)s long") % {"duration": resource.duration_display})
    if resource.file_size and resource.kind in Resource.FILE_KINDS:
        parts.append(filesizeformat(resource.file_size))
    if resource.kind == Resource.Kind.LINK and resource.url:
        parts.append(urlsplit(resource.url).hostname or "")
    return " · ".join(part for part in parts if part)


@register.simple_tag
def session_resources(session, limit=6):
    """Published resources to read or listen to after `session` (one query)."""
    return list(
        Resource.objects.published()
        .filter(sessions=session)
        .select_related("hub")
        .defer("body", "transcript", "search_document", "search_vector")
        .order_by("-published_at", "-pk")[:limit]
    )


@register.simple_tag(takes_context=True)
def resources_in_language(context, limit=3):
    """A few published resources for families in the viewer's language (one query)."""
    from support.library.views import viewer_languages

    return list(
        Resource.objects.published()
        .filter(language__in=viewer_languages(), audience=Resource.Audience.FAMILIES)
        .defer("body", "transcript", "search_document", "search_vector")
        .order_by("-published_at", "-pk")[:limit]
    )


@register.simple_tag
def help_url(hub=None) -> str:
    """/help/, for the hub of the page when there is one."""
    url = reverse("library:help")
    slug = getattr(hub, "slug", "")
    return f"{url}?{urlencode({'hub': slug})}" if slug else url


@register.simple_tag(takes_context=True)
def library_staff(context) -> dict:
    """Whether the viewer writes library resources and manages the directory."""
    from conference import permissions

    user = context["request"].user
    admin = permissions.is_global_admin(user)
    return {
        "writes": admin or bool(permissions.library_writer_hub_ids(user)),
        "directory": admin or bool(permissions.support_service_countries(user)),
    }
