"""Languages: the switcher works without JavaScript, <html lang dir> is right,
every template string is marked for translation, catalogues are complete."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.factories import make_user

ROOT = Path(__file__).resolve().parent.parent
RTL = {"ar", "fa", "fa-af", "ur", "ps"}
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_every_language_sets_lang_and_direction(client, code):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    html = client.get("/").content.decode()
    direction = "rtl" if code in RTL else "ltr"
    assert f'<html lang="{code}" dir="{direction}">' in html


def test_switcher_is_a_plain_form(client):
    html = client.get("/").content.decode()
    form = re.search(r'<form class="language-switcher".*?</form>', html, re.S).group(0)
    assert 'method="post"' in form
    assert 'action="/i18n/setlang/"' in form
    for code, _name in settings.LANGUAGES:
        assert f'name="language" value="{code}"' in form


def test_switching_language_without_javascript(client):
    response = client.post("/i18n/setlang/", {"language": "fa", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fa"
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="fa" dir="rtl"' in page


def test_switching_is_remembered_on_the_account(client):
    user = make_user()
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    user.refresh_from_db()
    assert user.language == "ar"


def test_saved_language_wins_over_an_old_cookie(client):
    user = make_user(language="ur")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/")
    assert 'lang="ur" dir="rtl"' in response.content.decode()
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ur"


def test_unknown_language_is_ignored(client):
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert 'lang="en" dir="ltr"' in client.get("/").content.decode()


def test_dari_reads_the_persian_catalogue(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa-af"
    dari = client.get("/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    persian = client.get("/").content.decode()
    skip_link = re.compile(r'class="skip-link" href="#main">([^<]+)<')
    assert skip_link.search(dari).group(1) == skip_link.search(persian).group(1)
    assert skip_link.search(dari).group(1) != "Skip to main content"


# Every visible string in our templates is inside a translation tag. ---------------

_REMOVE = [
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", re.S),
    re.compile(r"<script\b.*?</script>", re.S),
    re.compile(r"<style\b.*?</style>", re.S),
    re.compile(r"{%.*?%}", re.S),
    re.compile(r"{{.*?}}", re.S),
    re.compile(r"<[^>]*>", re.S),
    re.compile(r"&[a-z]+;|&#\d+;"),
]


def _untranslated_text(source: str) -> list[str]:
    for pattern in _REMOVE:
        source = pattern.sub(" ", source)
    return [word for word in source.split() if re.search(r"[^\W\d_]", word)]


def _attribute_text(source: str) -> list[str]:
    """Literal text in attributes people read: aria-label, title, placeholder, alt."""
    found = re.findall(r'(?:aria-label|title|placeholder|alt)="([^"{]*[^\W\d_][^"{]*)"', source)
    return found


@pytest.mark.parametrize(
    "template",
    sorted(str(p.relative_to(ROOT)) for p in (ROOT / "templates").rglob("*.html")),
)
def test_template_text_is_marked_for_translation(template):
    source = (ROOT / template).read_text()
    assert _untranslated_text(source) == []
    assert _attribute_text(source) == []


# Catalogues ---------------------------------------------------------------------


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", ["fa", "ar"])
def test_persian_and_arabic_catalogues_are_complete(language):
    catalogue = _catalogue(language)
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert missing == []
    assert fuzzy == []


@pytest.mark.parametrize(
    "po_path", sorted(str(p.relative_to(ROOT)) for p in (ROOT / "locale").rglob("django.po"))
)
def test_compiled_catalogues_match_their_sources(po_path):
    """The committed .mo files are what `make messages` would build from the .po."""
    po = polib.pofile(str(ROOT / po_path))
    mo_path = ROOT / po_path.replace(".po", ".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages`"
    mo = polib.mofile(str(mo_path))
    expected = {
        (e.msgctxt, e.msgid): (e.msgstr or tuple(e.msgstr_plural.values()))
        for e in po.translated_entries()
    }
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr or tuple(e.msgstr_plural.values())) for e in mo if e.msgid
    }
    assert compiled == expected
