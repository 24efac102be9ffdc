"""The shared normaliser (support/text.py) and safe Markdown rendering
(support/rendering.py) that the library, the forum and screening all use."""

import re

import pytest

from support.rendering import plain_text, render_markdown, sanitise_html
from support.text import normalise, words


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("كتاب", "کتاب"),  # Arabic kaf typed, Persian keheh stored
        ("مردي", "مردی"),  # Arabic yeh
        ("مردى", "مردی"),  # alef maksura
        ("أمل", "امل"),  # hamza on alef
        ("إيران", "ایران"),
        ("آب", "اب"),
        ("مؤسسه", "موسسه"),
        ("مسئول", "مسیول"),
        ("خانة", "خانه"),  # teh marbuta
        ("خانۀ ما", "خانه ما"),
        ("سَلامٌ", "سلام"),  # harakat
        ("ســـلام", "سلام"),  # tatweel
        ("می‌خواهم", "میخواهم"),  # zero-width non-joiner
        ("۱۴۰۳", "1403"),  # Persian digits
        ("٢٠٢٥", "2025"),  # Arabic-Indic digits
        ("RÉUNION", "reunion"),  # case and accents, Latin only
        ("Straße", "strasse"),
        ("ﻻ", "لا"),  # presentation form (NFKC)
        ("ｆａｍｉｌｙ", "family"),  # full-width letters
        ("  two\n\tspaces ", "two spaces"),
    ],
)
def test_forms_a_reader_takes_for_the_same_word_normalise_alike(typed, stored):
    assert normalise(typed) == normalise(stored)


def test_normalised_text_is_what_was_promised():
    assert normalise("مي‌خواهم كتاب ۱۲۳ ٤٥ Réunion ـسلامٌ") == "میخواهم کتاب 123 45 reunion سلام"
    assert words("Où est-il? ۳ روز") == ["ou", "est", "il", "3", "روز"]
    assert normalise("") == ""


# Payloads from the usual cheat sheets, each one in a body people write.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "![x](https://evil.example/track.png)",
    '[x](https://ok.example "onmouseover=alert(1)")',
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
]
_DANGEROUS = re.compile(
    r"<\s*(script|img|svg|iframe|style|details|math|object|embed|form|input)\b"
    r"|\son\w+\s*=|javascript:|vbscript:|data:text|style=",
    re.I,
)


def _tags_and_attributes(html: str) -> str:
    """Only the markup of `html` (tags with their attributes), not the text between."""
    return " ".join(re.findall(r"<[^>]*>", html))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_reaches_the_page_as_markup(payload):
    html = render_markdown(f"Before\n\n{payload}\n\nafter")
    assert not _DANGEROUS.search(_tags_and_attributes(html)), html
    assert "Before" in html
    assert "after" in html


RAW_HTML = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)" onclick="alert(1)">x</a>',
    '<a href="data:text/html,x">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="position:fixed" onmouseover="alert(1)">x</p>',
    "<form action=https://evil.example><input name=p></form>",
]


@pytest.mark.parametrize("payload", RAW_HTML)
def test_the_sanitiser_holds_on_its_own(payload):
    """Were the parser ever to let raw HTML through, the allowlist still holds."""
    assert not _DANGEROUS.search(_tags_and_attributes(sanitise_html(payload)))


def test_links_are_kept_safe_and_marked():
    html = render_markdown("[ICRC](https://www.icrc.org/) and <https://familylinks.icrc.org>")
    assert html.count('rel="noopener nofollow"') == 2
    assert 'href="https://www.icrc.org/"' in html


def test_headings_never_compete_with_the_page_title():
    html = render_markdown("# Living with not knowing\n\n## What helps")
    assert "<h1" not in html
    assert "<h2>Living with not knowing</h2>" in html
    assert "<h3>What helps</h3>" in html


def test_images_show_their_description_only():
    html = render_markdown("![a photo of my brother](https://tracker.example/p.png)")
    assert "tracker.example" not in html
    assert "a photo of my brother" in html


def test_plain_text_is_words_without_markup():
    assert plain_text("## Hope\n\n**Tom** & [Jerry](https://x.example)") == "Hope Tom & Jerry"
