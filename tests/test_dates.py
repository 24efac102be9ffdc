"""Dates and times in each language's own words and order (CLDR, through
conference.dates): on the programme, a session's page, My programme and the ticket;
a session that crosses midnight shows each end with its own date, in the viewer's
zone and at the hub."""

import datetime
import re
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from conference import dates
from sessions_app.models import Session
from tests.factories import enrol, make_conference, make_hub, make_user, register

UTC = datetime.UTC
KARACHI = zoneinfo.ZoneInfo("Asia/Karachi")
ROOT = Path(__file__).resolve().parent.parent
# Monday 30 November 2026, 07:00 UTC: the edition runs 30 November to 2 December.
PINNED = datetime.datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
ENGLISH_MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b"
)
ENGLISH_WEEKDAYS = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
NUMERIC_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")

# The month of the edition's first day, as each language writes it.
NOVEMBER = {
    "en": "November",
    "fr": "novembre",
    "ar": "نوفمبر",
    "fa": "نوامبر",
    "fa-af": "نومبر",
    "ur": "نومبر",
    "ps": "نومبر",
}
MONDAY = {
    "en": "Monday",
    "fr": "lundi",
    "ar": "الاثنين",
    "fa": "دوشنبه",
    "fa-af": "دوشنبه",
    "ur": "پیر",
    "ps": "دوشنبه",
}


@pytest.fixture
def edition_on_30_november(time_machine, db):
    time_machine.move_to(PINNED, tick=False)
    conference = make_conference(starts_on=datetime.date(2026, 11, 30))
    hub = make_hub(conference=conference, time_zone="Asia/Karachi", city="Islamabad")
    family = make_user(pseudonym="Gul", time_zone="Asia/Karachi")
    register(family, hub)

    def at(day, hour, minute=0):
        return datetime.datetime(2026, 11, day, hour, minute, tzinfo=KARACHI)

    workshop = Session.objects.create(
        conference=conference,
        hub=hub,
        kind="workshop",
        title="Letters home",
        mode="online",
        language="en",
        starts_at=at(30, 15),
        ends_at=at(30, 16, 30),
        capacity=20,
    )
    vigil = Session.objects.create(
        conference=conference,
        hub=hub,
        kind="workshop",
        title="Night vigil",
        mode="online",
        language="en",
        starts_at=at(30, 22, 30),
        ends_at=datetime.datetime(2026, 12, 1, 0, 30, tzinfo=KARACHI),
        capacity=20,
    )
    enrol(family, workshop)
    enrol(family, vigil)
    return conference, hub, family, workshop, vigil


def _page(client, url, language) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _main(page: str) -> str:
    return page.split('<main id="main"', 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("language", list(NOVEMBER))
def test_each_language_writes_its_own_dates_everywhere(client, edition_on_30_november, language):
    _conference, _hub, family, workshop, _vigil = edition_on_30_november
    family.language = language
    family.save(update_fields=["language"])
    client.force_login(family)
    pages = {
        "programme": reverse("sessions_app:programme") + "?day=2026-11-30",
        "session": reverse("sessions_app:session", args=[workshop.pk]),
        "my programme": reverse("sessions_app:mine"),
        "ticket": reverse("hubs:mine"),
    }
    for name, url in pages.items():
        main = _main(_page(client, url, language))
        assert NOVEMBER[language] in main, (language, name)
        assert MONDAY[language] in main, (language, name)
        assert not NUMERIC_DATE.search(main), (language, name, NUMERIC_DATE.search(main))
        assert "2026-11-30" not in re.sub(r'(datetime|value|href)="[^"]*"', "", main), name
        if language != "en":
            assert not ENGLISH_MONTHS.search(main), (language, name, ENGLISH_MONTHS.search(main))
            assert not ENGLISH_WEEKDAYS.search(main), (language, name)


def test_persian_and_pashto_month_names_on_the_ticket(client, edition_on_30_november):
    _conference, _hub, family, _workshop, _vigil = edition_on_30_november
    client.force_login(family)
    persian = _main(_page(client, reverse("hubs:mine"), "fa"))
    pashto = _main(_page(client, reverse("hubs:mine"), "ps"))
    # 30 November to 2 December: both months, each language's own word for them.
    assert "نوامبر" in persian
    assert "دسامبر" in persian
    assert "نومبر" in pashto
    assert "دسمبر" in pashto
    assert "November" not in pashto
    assert "11/30/2026" not in persian + pashto


def test_my_programme_shows_the_date_of_each_session(client, edition_on_30_november):
    _conference, _hub, family, _workshop, _vigil = edition_on_30_november
    client.force_login(family)
    page = _page(client, reverse("sessions_app:mine"), "en")
    card = page.split("Letters home")[0].rsplit("<article", 1)[1]
    assert "Monday 30 November, 15:00" in card
    assert "16:30" in card


def test_a_session_crossing_midnight_shows_each_end_with_its_date(client, edition_on_30_november):
    _conference, _hub, family, _workshop, vigil = edition_on_30_november
    client.force_login(family)  # in Karachi, like the hub
    page = _page(client, reverse("sessions_app:session", args=[vigil.pk]), "en")
    when = page.split("<dt>When</dt>")[1].split("</dd>")[0]
    start, end = re.findall(r"<time [^>]*>([^<]*)</time>", when)
    assert start == "Monday, 30 November 2026, 22:30"
    assert end == "Tuesday, 1 December 2026, 00:30"
    assert "local-time" not in when


def test_crossing_midnight_at_the_hub_but_not_for_the_viewer(client, edition_on_30_november):
    _conference, _hub, _family, _workshop, vigil = edition_on_30_november
    viewer = make_user(time_zone="Europe/London")
    client.force_login(viewer)
    page = _page(client, reverse("sessions_app:session", args=[vigil.pk]), "en")
    when = page.split("<dt>When</dt>")[1].split("</dd>")[0]
    # 22:30 to 00:30 in Karachi is 17:30 to 19:30 the same Monday in London.
    start, end = re.findall(r"<time [^>]*>([^<]*)</time>", when)
    assert start == "Monday, 30 November 2026, 17:30"
    assert end == "19:30"
    assert "Mon 30 Nov, 22:30\u2009\u2013\u2009Tue 1 Dec, 00:30 in Islamabad" in when


def test_crossing_midnight_for_the_viewer_but_not_at_the_hub(edition_on_30_november):
    _conference, hub, _family, workshop, _vigil = edition_on_30_november
    # 15:00 to 16:30 in Karachi (UTC+5) is 23:00 to 00:30 the next day in Auckland
    # (UTC+13 in its summer).
    html = _render(
        "{% time_span s.starts_at s.ends_at hub with_date=False %}",
        "Pacific/Auckland",
        "en",
        s=workshop,
        hub=hub,
    )
    assert "Monday 30 November, 23:00" in html
    assert "Tuesday 1 December, 00:30" in html
    # At the hub it is all on Monday: said so, since the viewer sees two days.
    assert "(Mon 30 Nov, 15:00\u2009\u2013\u200916:30 in Islamabad)" in html


def _render(source: str, zone: str, language: str, **context) -> str:
    with timezone.override(zoneinfo.ZoneInfo(zone)), translation.override(language):
        return Template("{% load flh %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Monday, 30 November 2026"),
        ("fr", "lundi 30 novembre 2026"),
        # Persian digits, and the Solar Hijri date beside (Afghan month names in Dari).
        ("fa", "دوشنبه ۳۰ نوامبر ۲۰۲۶ (۹ آذر ۱۴۰۵)"),
        ("fa-af", "دوشنبه ۳۰ نومبر ۲۰۲۶ (۹ قوس ۱۴۰۵)"),
        ("ur", "پیر، 30 نومبر، 2026"),
        ("ar", "الاثنين، ٣٠ نوفمبر ٢٠٢٦"),
    ],
)
def test_a_full_date_in_each_language(language, expected):
    html = _render('{{ d|day:"full" }}', "UTC", language, d=datetime.date(2026, 11, 30))
    assert html == expected


def test_pashto_full_date_has_pashto_words_only():
    html = _render('{{ d|day:"full" }}', "UTC", "ps", d=datetime.date(2026, 11, 30))
    assert "نومبر" in html
    assert "دوشنبه" in html
    assert not ENGLISH_MONTHS.search(html)


def test_persian_writes_a_span_with_its_own_word_for_to():
    start = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    with translation.override("fa"):
        text = dates.span(start, start + datetime.timedelta(hours=1), "UTC", with_date=False)
    assert text == "۱۰:۰۰ تا ۱۱:۰۰"


# One place for dates ---------------------------------------------------------------------

FORMATTING_IN_TEMPLATES = re.compile(r"\|\s*(date|time|naturaltime|naturalday)\b|\{%\s*now\b")
FORMATTING_IN_PYTHON = re.compile(
    r"\b(date_format|time_format|strftime|localize)\(|formats\.(date|time)_format"
)


def test_every_template_formats_dates_through_the_one_module():
    offenders = []
    for template in sorted((ROOT / "templates").rglob("*")):
        if template.is_file():
            for number, line in enumerate(template.read_text().splitlines(), start=1):
                if FORMATTING_IN_TEMPLATES.search(line):
                    offenders.append(f"{template.relative_to(ROOT)}:{number}")
    assert offenders == []


def test_python_code_formats_dates_through_the_one_module():
    offenders = []
    for folder in ("conference", "hubs", "sessions_app", "support"):
        for module in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in module.parts or module.name == "dates.py":
                continue
            for number, line in enumerate(module.read_text().splitlines(), start=1):
                if FORMATTING_IN_PYTHON.search(line):
                    offenders.append(f"{module.relative_to(ROOT)}:{number}")
    assert offenders == []
