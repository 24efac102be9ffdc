"""Numbers, digits, calendars and zones as each language writes them: Persian and
Arabic-Indic digits where readers expect them, the Solar Hijri date beside the
Gregorian one in Persian and Dari, plenaries placed in a city, and a time-zone
picker for people, not programmers."""

import datetime
import re
import zoneinfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from sessions_app.models import Session
from tests.factories import enrol, make_conference, make_hub, make_user, register

UTC = datetime.UTC
PINNED = datetime.datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
ENGLISH_MONTHS = re.compile(r"\b(November|December|Nov|Dec)\b")


def _render(source: str, language: str, viewer_zone: str = "UTC", **context) -> str:
    with timezone.override(zoneinfo.ZoneInfo(viewer_zone)), translation.override(language):
        return Template("{% load i18n flh %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "12,345"),
        ("fr", "12\u202f345"),
        ("ar", "١٢٬٣٤٥"),
        ("fa", "۱۲٬۳۴۵"),
        ("fa-af", "۱۲٬۳۴۵"),
        ("ps", "۱۲٬۳۴۵"),
        ("ur", "12,345"),
    ],
)
def test_numbers_in_each_languages_digits(language, expected):
    assert _render("{{ n|number }}", language, n=12345) == expected


def test_a_count_keeps_its_plural_and_shows_native_digits():
    source = (
        "{% blocktranslate count seats=n|number %}{{ seats }} seat left"
        "{% plural %}{{ seats }} seats left{% endblocktranslate %}"
    )
    assert _render(source, "en", n=1) == "1 seat left"
    assert _render(source, "en", n=12) == "12 seats left"
    persian = _render(source, "fa", n=12)
    assert "۱۲" in persian
    assert "12" not in persian


@pytest.mark.parametrize(
    ("language", "digits"),
    [("fa", "۲۲:۳۰"), ("fa-af", "۲۲:۳۰"), ("ps", "۲۲:۳۰"), ("ar", "١٠:٣٠"), ("ur", "10:30 رات")],
)
def test_times_use_the_languages_digits_and_no_english_words(language, digits):
    moment = datetime.datetime(2026, 11, 30, 22, 30, tzinfo=UTC)
    text = _render("{{ m|clock }}", language, m=moment)
    assert digits in text
    assert not re.search(r"[A-Za-z]", text)  # no "PM", no "noon"


def test_noon_is_a_time_not_a_word():
    noon = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    assert _render("{{ m|clock }}", "en", m=noon) == "12:00"
    assert "noon" not in _render("{{ m|moment }}", "en", m=noon)
    assert not re.search(r"[A-Za-z]", _render("{{ m|moment }}", "ps", m=noon))


def test_solar_hijri_beside_the_gregorian_date_for_persian_and_dari_only():
    day = datetime.date(2026, 11, 30)  # 9 Azar 1405 (Qaws in Afghanistan)
    assert _render('{{ d|day:"long" }}', "fa", d=day) == "۳۰ نوامبر ۲۰۲۶ (۹ آذر ۱۴۰۵)"
    assert _render('{{ d|day:"long" }}', "fa-af", d=day) == "۳۰ نومبر ۲۰۲۶ (۹ قوس ۱۴۰۵)"
    assert "۱۴۰۵" not in _render('{{ d|day:"long" }}', "ps", d=day)
    # Short forms stay short.
    assert "(" not in _render('{{ d|day:"short" }}', "fa", d=day)


def test_a_plenary_names_the_secretariats_city_not_a_zone():
    moment = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    english = _render(
        "{% dual_time m zone %}", "en", "Asia/Karachi", m=moment, zone="Europe/Zurich"
    )
    assert "in Geneva" in english
    assert "Europe/Zurich" not in english
    persian = _render(
        "{% dual_time m zone %}", "fa", "Asia/Karachi", m=moment, zone="Europe/Zurich"
    )
    assert "ژنو" in persian


def test_a_zone_is_named_for_people():
    assert _render("{{ z|zone_label }}", "en", z="Asia/Tehran") == "Iran Time"
    assert _render("{{ z|zone_label }}", "fa", z="Asia/Tehran") == "وقت ایران"
    assert _render("{{ z|zone_label }}", "en", z="UTC") == "Universal time (UTC)"


# The time-zone picker --------------------------------------------------------------------


def _options(page: str) -> list[tuple[str, str]]:
    select = page.split('name="time_zone"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


@pytest.mark.django_db
def test_the_zone_picker_lists_countries_and_cities_with_the_hubs_first(client, world):
    client.force_login(world.family)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    client.cookies["flh_tz"] = "Asia%2FKabul"
    page = client.get(reverse("conference:profile")).content.decode()
    options = _options(page)
    values = [value for value, _label in options]
    assert "Factory" not in values
    assert not any(value.startswith("Etc/") for value in values)
    assert "Asia/Calcutta" not in values
    assert "Asia/Kolkata" in values
    # The hubs' zones first (Islamabad and Tehran in the `world`), named in Persian.
    assert options[1] == ("Asia/Karachi", "کراچی (پاکستان)")
    assert options[2] == ("Asia/Tehran", "تهران (ایران)")
    # Then countries, by their Persian names, each an optgroup.
    assert '<optgroup label="افغانستان">' in page
    # The device's zone is suggested.
    assert "کابل (افغانستان)" in options[0][1]


@pytest.mark.django_db
def test_choosing_a_zone_in_the_picker_saves_it(client, world):
    client.force_login(world.family)
    response = client.post(
        reverse("conference:profile"),
        {"pseudonym": "Gul", "language": "ps", "time_zone": "Asia/Kabul"},
    )
    assert response.status_code == 302
    world.family.refresh_from_db()
    assert world.family.time_zone == "Asia/Kabul"
    response = client.post(
        reverse("conference:profile"),
        {"pseudonym": "Gul", "language": "ps", "time_zone": "Etc/GMT+5"},
    )
    assert response.status_code == 200  # refused, with the error next to the field
    world.family.refresh_from_db()
    assert world.family.time_zone == "Asia/Kabul"


# Each language's own dates on the family's pages ------------------------------------------


@pytest.fixture
def pinned_edition(time_machine, db):
    time_machine.move_to(PINNED, tick=False)
    conference = make_conference(starts_on=datetime.date(2026, 11, 30))
    hub = make_hub(conference=conference, time_zone="Asia/Karachi", city="Islamabad")
    family = make_user(pseudonym="Gul", time_zone="Asia/Karachi")
    register(family, hub)
    session = Session.objects.create(
        conference=conference,
        hub=hub,
        kind="workshop",
        title="Letters home",
        mode="online",
        language="en",
        starts_at=datetime.datetime(2026, 11, 30, 10, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2026, 11, 30, 11, 0, tzinfo=UTC),
        capacity=20,
    )
    enrol(family, session)
    return family, session


@pytest.mark.parametrize(
    ("language", "digits"), [("fa", "۳۰"), ("ps", "۳۰"), ("ar", "٣٠"), ("fa-af", "۳۰")]
)
def test_family_pages_write_dates_with_the_languages_digits(
    client, pinned_edition, language, digits
):
    family, session = pinned_edition
    client.force_login(family)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    family.language = language
    family.save(update_fields=["language"])
    for url in (
        reverse("sessions_app:programme") + "?day=2026-11-30",
        reverse("sessions_app:session", args=[session.pk]),
        reverse("sessions_app:mine"),
        reverse("hubs:mine"),
    ):
        page = client.get(url).content.decode()
        main = page.split('<main id="main"', 1)[1].split("</main>", 1)[0]
        visible = re.sub(r"<[^>]+>", " ", main)
        assert digits in visible, (language, url)
        assert not ENGLISH_MONTHS.search(visible), (language, url)
