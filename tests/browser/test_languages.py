"""In a real browser: the account pages in Urdu and Pashto hold no English sentence
and pass axe-core; an English chat line in a Persian circle keeps its punctuation
where an English reader expects it."""

import re
from pathlib import Path

import allauth
import polib
import pytest

from sessions_app import demo as sessions_demo
from sessions_app.models import Session
from tests.browser.helpers import assert_accessible, log_in, wait_until

ROOT = Path(__file__).resolve().parent.parent.parent


def _english_sentences() -> list[str]:
    """Sentences of allauth's, Django's and our own English (three words or more)."""
    found = set()
    paths = [
        Path(allauth.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.po",
        ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po",
        ROOT / "locale_vendor" / "ur" / "LC_MESSAGES" / "django.po",
    ]
    for path in paths:
        for entry in polib.pofile(str(path)):
            if entry.msgstr == entry.msgid:
                continue  # kept as it is in every language: the platform's name
            for part in re.split(r"%\(\w+\)s|%[sd]|<[^>]+>", entry.msgid):
                part = " ".join(part.split()).strip(" .,:;?!")
                if len(part.split()) >= 3:
                    found.add(part)
    return sorted(found)


@pytest.mark.parametrize("language", ["ur", "ps"])
@pytest.mark.parametrize(
    "path", ["/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"]
)
def test_account_pages_in_urdu_and_pashto_have_no_english_sentence(
    page_in, live_url, language, path
):
    page = page_in(language)
    page.goto(f"{live_url}{path}")
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == "rtl"
    text = " ".join(page.locator("body").inner_text().split())
    leaks = [sentence for sentence in _english_sentences() if sentence in text]
    assert leaks == []
    assert not re.search(r"\b(the|your|you|and|to|of)\b", text, re.I), text
    assert_accessible(page)


def test_an_english_chat_line_keeps_its_punctuation_in_a_persian_circle(
    page_in, live_url, demo_programme
):
    circle = Session.objects.get(title_en=sessions_demo.LIVE_CIRCLE_TITLE)
    facilitator = page_in("en")
    log_in(facilitator, live_url, "facilitator@example.org")
    facilitator.route("https://meet.test/**", lambda route: route.abort())
    facilitator.goto(f"{live_url}/circles/{circle.pk}/")
    facilitator.locator("input[name=accept_rules]").check()
    facilitator.locator("main form button[type=submit]").click()
    facilitator.locator("#circle").wait_for()

    family = page_in("fa")
    family.route("https://meet.test/**", lambda route: route.abort())
    log_in(family, live_url, "family@example.org")
    family.goto(f"{live_url}/circles/{circle.pk}/")
    family.locator("input[name=accept_rules]").check()
    family.locator("main form button[type=submit]").click()
    facilitator.locator("[data-waiting] li", has_text="Gul").locator("button").click()
    family.locator("#circle").wait_for(timeout=15_000)

    facilitator.fill("#chat-body", "Hello, is everyone here?")
    facilitator.locator("[data-chat-form] button[type=submit]").click()
    line = family.locator("[data-chat] li", has_text="is everyone here").locator("span")
    line.wait_for()
    assert family.locator("html").get_attribute("dir") == "rtl"
    assert line.get_attribute("dir") == "auto"
    # Where the question mark is drawn: after "here", on its right, as in English,
    # not thrown to the left end of the line by the page's right-to-left direction.
    boxes = wait_until(
        family,
        """() => {
          const span = [...document.querySelectorAll('[data-chat] li span')]
            .find(s => s.textContent.includes('is everyone here'));
          if (!span) return null;
          const text = span.firstChild, range = document.createRange();
          const end = text.length;
          range.setStart(text, 0); range.setEnd(text, 1);
          const first = range.getBoundingClientRect().left;
          range.setStart(text, end - 1); range.setEnd(text, end);
          const mark = range.getBoundingClientRect().left;
          return {first, mark, direction: getComputedStyle(span).direction};
        }""",
    )
    assert boxes["direction"] == "ltr"
    assert boxes["mark"] > boxes["first"]
    assert_accessible(family)
