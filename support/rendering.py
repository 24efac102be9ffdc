"""The one safe rendering of what people write in Markdown: library articles,
forum posts, anything later.

markdown-it-py parses CommonMark with raw HTML switched off (a `<script>` typed
into a post is shown as text); nh3 then keeps only an allowlist of tags and
attributes, so nothing the parser lets through can carry a script, an event
handler, a style or a frame. Links may only be http(s) or mailto and get
`rel="noopener nofollow"`; images are shown as their description only (privacy and
costly data: a remote image tells its server who read the page). Headings are shifted down so a
written "# Title" never competes with the page's own <h1>.
"""

from html import unescape

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener nofollow"

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style", "template", "iframe", "object", "svg", "math"},
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel=LINK_REL,
    strip_comments=True,
)
_to_text = nh3.Cleaner(tags=set(), clean_content_tags={"script", "style"})


def _parser(heading_offset: int) -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable("strikethrough")

    def image_as_text(renderer, tokens, index, options, env):
        return escapeHtml(tokens[index].content)

    def shift_heading(renderer, tokens, index, options, env):
        token = tokens[index]
        level = min(6, int(token.tag[1]) + heading_offset)
        token.tag = f"h{level}"
        return renderer.renderToken(tokens, index, options, env)

    parser.add_render_rule("heading_open", shift_heading)
    parser.add_render_rule("heading_close", shift_heading)
    parser.add_render_rule("image", image_as_text)
    return parser


_parsers: dict[int, MarkdownIt] = {}


def _get_parser(heading_offset: int) -> MarkdownIt:
    parser = _parsers.get(heading_offset)
    if parser is None:
        parser = _parsers[heading_offset] = _parser(heading_offset)
    return parser


def sanitise_html(html: str) -> SafeString:
    """Keep only the allowlist of `html`: the second of the two layers, on its own
    so that it is tested on its own (the parser already escapes raw HTML)."""
    return mark_safe(_cleaner.clean(html))  # noqa: S308 - nh3 allowlist output


def render_markdown(text: str, *, heading_offset: int = 1) -> SafeString:
    """`text` (Markdown) as safe HTML. `heading_offset=1` turns "#" into <h2>."""
    return sanitise_html(_get_parser(heading_offset).render(text or ""))


def plain_text(text: str) -> str:
    """The readable words of a Markdown text, without markup (for search and summaries)."""
    html = _get_parser(1).render(text or "")
    return " ".join(unescape(_to_text.clean(html)).split())
