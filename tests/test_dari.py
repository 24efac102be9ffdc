"""Dari (fa-af) has its own wording where it differs from Persian (locale/fa_AF),
and reads everything else from the Persian catalogue."""

import datetime
import re
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import make_conference, make_hub

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def page(client, language: str, url: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_programme_day_in_dari_and_in_persian(client):
    make_conference(starts_on=datetime.date(2026, 1, 14))
    url = "/programme/?day=2026-01-14"
    dari, persian = page(client, "fa-af", url), page(client, "fa", url)
    heading = re.compile(r'<h2 id="day-title">([^<]+)</h2>')
    # Gregorian months have their Afghan names in Dari (Django's own Persian says ژانویه).
    assert "جنوری" in heading.search(dari).group(1)
    assert "ژانویه" in heading.search(persian).group(1)
    assert "ژانویه" not in dari
    # The mode filter: "online" is آنلاین in Dari, برخط in Persian.
    assert ">آنلاین<" in dari
    assert ">برخط<" in persian
    # A string Dari leaves alone comes from the Persian catalogue, not English.
    skip_link = re.compile(r'class="skip-link" href="#main">([^<]+)<')
    assert skip_link.search(dari).group(1) == skip_link.search(persian).group(1)
    assert skip_link.search(dari).group(1) != "Skip to main content"


def test_a_hub_page_in_dari_names_the_waiting_list_its_own_way(client):
    conference = make_conference(starts_on=datetime.date(2026, 1, 14))
    hub = make_hub(conference=conference, capacity=0)
    dari = page(client, "fa-af", f"/hubs/{hub.slug}/")
    with translation.override("fa-af"):
        assert translation.gettext("Waiting list") == "لست انتظار"
        assert translation.gettext("Password") == "رمز عبور"
        assert translation.gettext("Skip to main content") == translation.gettext(
            "Skip to main content"
        )
    with translation.override("fa"):
        assert translation.gettext("Waiting list") == "فهرست انتظار"
    assert "بدون محل حضوری: فقط آنلاین" in dari  # "No venue: online only"
    assert "برخط" not in dari


def _entries(path: Path) -> dict:
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path)) if e.translated()}


KEEP_AHEAD = "Same as Persian: keeps this project's wording ahead of Django's or an app's"


def test_every_dari_entry_overrides_a_persian_one():
    """Dari holds differences only (and copies that keep our Persian ahead of
    Django's and the apps' own, marked so): an entry whose msgid was edited in
    the code, or whose Persian changed, must be looked at again."""
    dari = _entries(ROOT / "locale/fa_AF/LC_MESSAGES/django.po")
    persian = _entries(ROOT / "locale/fa/LC_MESSAGES/django.po")
    persian_django = _entries(Path(django.__file__).parent / "conf/locale/fa/LC_MESSAGES/django.po")
    assert len(dari) >= 30
    for key, entry in dari.items():
        original = persian.get(key) or persian_django.get(key)
        assert original is not None, f"{key} is in no Persian catalogue"
        same = (entry.msgstr, entry.msgstr_plural) == (original.msgstr, original.msgstr_plural)
        assert same == (KEEP_AHEAD in entry.comment), key


def test_every_persian_string_of_ours_reaches_dari_readers():
    """What a Dari reader gets for each of our msgids: the Dari entry, else our
    Persian one, never Django's or an app's Persian for the same words."""
    dari = _entries(ROOT / "locale/fa_AF/LC_MESSAGES/django.po")
    with translation.override("fa-af"):
        for key, entry in _entries(ROOT / "locale/fa/LC_MESSAGES/django.po").items():
            expected = dari.get(key, entry)
            context, msgid = key
            if entry.msgid_plural:
                got = (
                    translation.npgettext(context, msgid, entry.msgid_plural, 1)
                    if context
                    else translation.ngettext(msgid, entry.msgid_plural, 1)
                )
                assert got == expected.msgstr_plural[0], key
            else:
                got = (
                    translation.pgettext(context, msgid) if context else translation.gettext(msgid)
                )
                assert got == expected.msgstr, key
