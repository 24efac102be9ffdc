"""Every string of the interface is translated in every language, and stays so:
the catalogues are complete (and complete for the code as it is today), a
translation that breaks a placeholder stops the build, and pages rendered for
every role in every language show no English string of the catalogue."""

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.commands.compilemessages import Command as CompileMessages
from django.urls import reverse

from conference import translations

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["fr", "ar", "fa", "fa-af", "ur", "ps"]
needs_gettext = pytest.mark.skipif(
    shutil.which("msgfmt") is None or shutil.which("xgettext") is None,
    reason="GNU gettext (msgfmt, xgettext) is not installed",
)


def test_every_language_is_complete_in_the_committed_catalogues(capsys):
    call_command("translation_coverage", "--strict")
    report = capsys.readouterr().out
    for language in translations.LANGUAGES:
        assert re.search(rf"^{language}\s+100\.0 %", report, re.M), report


@needs_gettext
def test_every_string_of_todays_code_is_in_the_catalogues_and_translated():
    """A string added to a template or module without `make messages` (or without
    its translations) is found here, not by a family."""
    fresh = translations.fresh_catalogues()
    try:
        missing = {
            language: translations.coverage(language, fresh).untranslated
            + translations.coverage(language, fresh).fuzzy
            for language in translations.LANGUAGES
        }
    finally:
        shutil.rmtree(fresh.parent.parent, ignore_errors=True)
    assert missing == {language: [] for language in translations.LANGUAGES}


def _copy_of(language: str, tmp_path: Path) -> Path:
    folder = tmp_path / "locale" / language / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "locale" / language / "LC_MESSAGES" / "django.po", folder / "django.po")
    return folder / "django.po"


def test_a_fuzzy_or_missing_translation_fails_the_check(tmp_path):
    path = _copy_of("fa", tmp_path)
    catalogue = polib.pofile(str(path))
    catalogue.find("Programme").flags.append("fuzzy")
    catalogue.find("Hubs").msgstr = ""
    catalogue.save()
    result = translations.coverage("fa", tmp_path / "locale")
    assert not result.ok
    assert result.fuzzy == ["Programme"]
    assert result.untranslated == ["Hubs"]
    assert result.percent < 100


def test_the_command_fails_below_the_required_share(tmp_path, monkeypatch, capsys):
    for language in translations.LANGUAGES:
        if language != "fa_AF":
            _copy_of(language, tmp_path)
    catalogue = polib.pofile(str(tmp_path / "locale" / "ar" / "LC_MESSAGES" / "django.po"))
    catalogue.find("Hubs").msgstr = ""
    catalogue.save()
    monkeypatch.setattr(translations, "LOCALE", tmp_path / "locale")
    with pytest.raises(CommandError, match="ar"):
        call_command("translation_coverage")
    assert "untranslated: 'Hubs'" in capsys.readouterr().out


def test_every_placeholder_is_checked_by_msgfmt():
    """Entries with %(name)s carry the python-format flag, so msgfmt checks them."""
    for language in translations.LANGUAGES:
        assert translations.coverage(language).unflagged == [], language


@needs_gettext
@pytest.mark.parametrize("broken", ["%(hbu)s", ""])
def test_a_translation_that_breaks_a_placeholder_stops_the_build(tmp_path, broken):
    """`make messages` compiles with Django's compilemessages, which runs msgfmt with
    --check-format: a misspelt or dropped placeholder is refused."""
    assert "--check-format" in CompileMessages.program_options
    assert "compilemessages" in (ROOT / "Makefile").read_text().split("\nmessages:", 1)[1]
    path = _copy_of("fa", tmp_path)
    catalogue = polib.pofile(str(path))
    entry = next(e for e in catalogue if "%(hub)s" in e.msgid and "python-format" in e.flags)
    entry.msgstr = entry.msgstr.replace("%(hub)s", broken)
    catalogue.save()
    compile_ = [CompileMessages.program, *CompileMessages.program_options]
    result = subprocess.run(
        [*compile_, "-o", str(tmp_path / "django.mo"), str(path)], capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "format specification" in result.stderr
    # The catalogue as committed compiles.
    good = subprocess.run(
        [*compile_, "-o", str(tmp_path / "good.mo"), str(ROOT / "locale/fa/LC_MESSAGES/django.po")],
        capture_output=True,
        text=True,
    )
    assert good.returncode == 0, good.stderr


# Rendered pages show no English string of the catalogue ----------------------------------


class _VisibleText(HTMLParser):
    """Text nodes and the attributes people read (aria-label, title, placeholder, alt)."""

    READ = ("aria-label", "title", "placeholder", "alt")

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        for name, value in attrs:
            if name in self.READ and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.texts.append(data)


def _visible(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return [" ".join(text.split()) for text in parser.texts if text.strip()]


def _english_strings(language: str) -> set[str]:
    """The catalogue's English strings a page in `language` must not show: those whose
    translation differs (French keeps "Hub"), without placeholders or markup, with a
    letter in them. Our account-page catalogue's strings count too."""
    code = "fa" if language == "fa-af" else language
    found = set()
    for path in (
        ROOT / "locale" / code / "LC_MESSAGES" / "django.po",
        ROOT / "locale_vendor" / code / "LC_MESSAGES" / "django.po",
    ):
        if not path.exists():
            continue
        for entry in polib.pofile(str(path)):
            text = " ".join(entry.msgid.split())
            if "%" in text or "<" in text or not re.search(r"[A-Za-z]{2}", text):
                continue
            if entry.msgstr and " ".join(entry.msgstr.split()) == text:
                continue
            found.add(text)
    # The language menu names each language in itself ("English" on every page).
    return found - {name for _code, name in settings.LANGUAGES}


def _pages(demo) -> dict[str, list[str]]:
    from sessions_app.models import Session

    islamabad = demo.hubs["islamabad-2025"]
    session = Session.objects.filter(hub=islamabad, kind="workshop").first()
    plenary = Session.objects.filter(kind="plenary").first()
    family = [
        reverse("home"),
        reverse("hubs:list"),
        reverse("hubs:detail", args=[islamabad.slug]),
        reverse("hubs:mine"),
        reverse("sessions_app:programme"),
        reverse("sessions_app:now"),
        reverse("sessions_app:mine"),
        reverse("sessions_app:session", args=[session.pk]),
        reverse("sessions_app:session", args=[plenary.pk]),
        reverse("conference:profile"),
        reverse("account_email"),
        reverse("account_change_password"),
    ]
    return {
        "": [
            reverse("home"),
            reverse("account_login"),
            reverse("account_signup"),
            reverse("account_reset_password"),
            reverse("hubs:list"),
            reverse("sessions_app:programme"),
        ],
        "family@example.org": family,
        "organiser@example.org": [
            reverse("hubs:dashboard", args=[islamabad.slug]),
            reverse("hubs:registrations", args=[islamabad.slug]),
            reverse("hubs:settings", args=[islamabad.slug]),
            reverse("hubs:rooms", args=[islamabad.slug]),
            reverse("hubs:team", args=[islamabad.slug]),
            reverse("hubs:desk", args=[islamabad.slug]),
            reverse("sessions_app:hub_schedule", args=[islamabad.slug]),
            reverse("sessions_app:session_edit", args=[session.pk]),
        ],
        "admin@example.org": [
            reverse("conference:staff_home"),
            reverse("sessions_app:plenaries"),
            reverse("sessions_app:plenary_new"),
        ],
    }


@pytest.mark.django_db
def test_pages_of_every_role_show_no_english_in_any_language(client, settings):
    from conference import demo as demo_data
    from hubs import demo as hubs_demo
    from sessions_app import demo as sessions_demo

    settings.STAFF_REQUIRE_2FA = False
    demo = demo_data.build_conference()
    demo_data.build_accounts(demo)
    hubs_demo.build_registrations(demo)
    sessions_demo.build_programme(demo)
    pages = _pages(demo)
    english = {language: _english_strings(language) for language in LANGUAGES}
    found = []
    for email, urls in pages.items():
        client.logout()
        if email:
            client.force_login(demo.users[email])
        for language in LANGUAGES:
            demo.users["family@example.org"].__class__.objects.filter(email=email).update(
                language=language
            )
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            for url in urls:
                response = client.get(url)
                assert response.status_code == 200, (email, language, url)
                html = response.content.decode()
                assert f'<html lang="{language}"' in html
                for text in _visible(html):
                    if text in english[language]:
                        found.append((language, email or "visitor", url, text))
    assert found == [], sorted({(item[0], item[3]) for item in found})[:80]


def test_the_scan_finds_english_left_in_a_page():
    """The check itself: an English msgid shown as it is in a Persian page is caught."""
    english = _english_strings("fa")
    assert "Programme" in english
    html = '<main><h1>برنامه</h1><p>Programme</p><a aria-label="Hubs">x</a></main>'
    assert [text for text in _visible(html) if text in english] == ["Programme", "Hubs"]
    assert settings.LANGUAGE_CODE == "en"
