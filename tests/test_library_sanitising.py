"""Script-injection payloads written into a resource's title, summary, text and
transcript never reach the library's pages as markup: not the resource page,
nor the list, search results, a topic page or a session's page."""

import re

import pytest

from support.library.models import Resource
from tests.factories import make_session
from tests.library_helpers import published
from tests.test_text_and_rendering import PAYLOADS

pytestmark = pytest.mark.django_db

_DANGEROUS = re.compile(
    r"<\s*(script|img|svg|iframe|style|details|math|object|embed|form|input)\b"
    r"|\son\w+\s*=|javascript:|vbscript:|data:text|style=",
    re.I,
)


def _markup(html: str) -> str:
    return " ".join(re.findall(r"<[^>]*>", html))


def _article(html: str) -> str:
    return re.search(r'<article class="resource".*?</article>', html, re.S).group(0)


def _cards(html: str) -> str:
    return " ".join(re.findall(r'<li class="card resource-card">.*?</li>', html, re.S))


@pytest.fixture
def poisoned(world):
    """One published article per payload, the payload in every text people write."""
    resources = []
    for number, payload in enumerate(PAYLOADS):
        resources.append(
            published(
                author=world.organiser_a,
                reviewer=world.support_a,
                hub=world.hub_a,
                kind="article" if number % 2 == 0 else "audio",
                title=f"Title {number} {payload}"[:200],
                summary=f"Summary {number} {payload}",
                body=f"Body {number}\n\n{payload}\n\nend",
                transcript=f"Transcript {number}\n\n{payload}",
            )
        )
    return resources


@pytest.mark.parametrize("number", range(len(PAYLOADS)))
def test_the_resource_page_shows_payloads_as_text(client, poisoned, number):
    payload = PAYLOADS[number]
    html = client.get(f"/library/{poisoned[number].pk}/").content.decode()
    article = _article(html)
    assert not _DANGEROUS.search(_markup(article)), article
    assert f"Title {number}" in article
    assert f"Summary {number}" in article
    assert f"Transcript {number}" in article
    if "<" in payload:
        assert payload not in html  # never the raw markup, anywhere on the page
    assert not re.search(r'href="\s*(javascript|vbscript|data):', _markup(html), re.I)


def test_lists_and_search_show_payloads_as_text(client, poisoned):
    session = make_session(hub=poisoned[0].hub, kind="psychosocial", capacity=None)
    for resource in poisoned:
        resource.sessions.add(session)
    pages = {
        "list": client.get("/library/").content.decode(),
        "search": client.get("/library/?q=title").content.decode(),
        "topic": client.get("/library/topics/ambiguous-loss/").content.decode(),
        "session": client.get(f"/programme/sessions/{session.pk}/").content.decode(),
    }
    for name, html in pages.items():
        part = _cards(html) or html
        if name == "session":
            part = re.search(r'<section class="session-resources".*?</section>', html, re.S)[0]
        assert "Title 1" in part or "Title 2" in part, name
        assert not _DANGEROUS.search(_markup(part)), (name, part)
        for payload in PAYLOADS:
            if "<" in payload:
                assert payload not in html, (name, payload)


def test_the_rendered_body_keeps_safe_markdown(client, world):
    resource = published(
        author=world.organiser_a,
        reviewer=world.support_a,
        hub=world.hub_a,
        body="## Help\n\n### Where\n\n- one\n- two\n\n[ICRC](https://www.icrc.org/)",
    )
    article = _article(client.get(f"/library/{resource.pk}/").content.decode())
    # The highest heading written becomes <h2>, under the page's <h1>: none skipped.
    assert "<h2>Help</h2>" in article
    assert "<h3>Where</h3>" in article
    assert "<li>one</li>" in article
    assert 'href="https://www.icrc.org/" rel="noopener nofollow"' in article
    assert Resource.objects.get(pk=resource.pk).reading_minutes == 1
