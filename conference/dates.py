"""Dates and times as each language writes them: the one place that formats them.

Every template (through the `flh` template library) and every message that names
a day or a time goes through here, so that a change of convention (digits per
language, another calendar) is made once. The words and the order come from the
Unicode CLDR through Babel: month and weekday names, which comes first, what
joins a date to its time, how a span of time is written ("22:30 تا 23:30").

Moments are stored in UTC; each function takes the zone to show them in (the
viewer's by default, as activated by `UserPreferencesMiddleware`).

Digits follow `settings.LANGUAGE_DIGITS` (Persian digits for Persian, Dari and
Pashto, Arabic-Indic for Arabic); numbers too (`number`). Persian and Dari
readers also get the Solar Hijri date beside the Gregorian one
(`settings.SOLAR_HIJRI_LANGUAGES`).
"""

import datetime
import functools
import re
import zoneinfo

import jdatetime
from babel import Locale
from babel.core import get_global
from babel.dates import (
    format_date,
    format_time,
    get_datetime_format,
    get_timezone_gmt,
    get_timezone_location,
    match_skeleton,
)
from babel.numbers import format_decimal
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

# Django language code -> CLDR locale. The site's English is British (24-hour
# clock, day before month); Dari has its own month names in CLDR (fa_AF).
LOCALES = {
    "en": "en_GB",
    "fr": "fr",
    "ar": "ar",
    "fa": "fa",
    "fa-af": "fa_AF",
    "ur": "ur",
    "ps": "ps",
}

# Ways of writing a day. "weekday" and "short" leave the year out: the
# conference's days are never far from today.
DAY_STYLES = {
    "full": ("format", "full"),  # Monday, 30 November 2026
    "long": ("format", "long"),  # 30 November 2026
    "medium": ("format", "medium"),  # 30 Nov 2026
    "weekday": ("skeleton", "MMMMEEEEd"),  # Monday 30 November
    "short": ("skeleton", "MMMEd"),  # Mon 30 Nov
}


@functools.cache
def _locale(code: str) -> Locale:
    name = LOCALES.get(code) or translation.to_locale(code)
    try:
        return Locale.parse(name)
    except (ValueError, LookupError):
        return Locale.parse(LOCALES[settings.LANGUAGE_CODE])


_FIELD = re.compile(r"'[^']*'|E+|c+|M+|L+")


@functools.cache
def _skeleton_pattern(skeleton: str, locale_name: str) -> str:
    """The locale's pattern for a skeleton, its fields widened as asked, as ICU does:
    French has "E d MMMM" for MMMMEd, which Babel would use for MMMMEEEEd too
    ("lun. 30 novembre" where "lundi 30 novembre" was asked for)."""
    locale = Locale.parse(locale_name)
    pattern = locale.datetime_skeletons[match_skeleton(skeleton, locale.datetime_skeletons)]
    weekday = max((len(run) for run in re.findall(r"E+", skeleton)), default=0)
    month = max((len(run) for run in re.findall(r"M+", skeleton)), default=0)

    def widen(match):
        field = match.group(0)
        if field.startswith("'"):
            return field
        if field[0] in "Ec" and weekday > len(field):
            return field[0] * weekday
        if field[0] in "ML" and 3 <= len(field) < month:
            return field[0] * month
        return field

    return _FIELD.sub(widen, pattern.pattern)


def viewer_language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).lower()


def viewer_locale() -> Locale:
    """The CLDR locale of the language active now."""
    return _locale(viewer_language())


# The three numbering systems our languages use (CLDR names and digits).
_DIGITS = {
    "latn": "0123456789",
    "arab": "".join(chr(0x0660 + n) for n in range(10)),  # ٠١٢٣٤٥٦٧٨٩
    "arabext": "".join(chr(0x06F0 + n) for n in range(10)),  # ۰۱۲۳۴۵۶۷۸۹
}
_TO_DIGITS = {
    name: str.maketrans("0123456789", digits) for name, digits in _DIGITS.items() if name != "latn"
}


def numbering_system(language: str | None = None) -> str:
    """The digits `language` (the active one by default) is written with."""
    return settings.LANGUAGE_DIGITS.get((language or viewer_language()).lower(), "latn")


def native_digits(text: str, language: str | None = None) -> str:
    """`text` with its Western digits written as the language writes them.
    Babel leaves digits of dates Western whatever the locale, so every date and
    time of this module goes through here."""
    table = _TO_DIGITS.get(numbering_system(language))
    return text.translate(table) if table else text


def number(value) -> str:
    """A count or a capacity as the viewer's language writes it: 1,234 / ۱٬۲۳۴ / ١٬٢٣٤."""
    if value is None or value == "":
        return ""
    system = numbering_system()
    locale = viewer_locale()
    try:
        text = format_decimal(value, locale=locale, numbering_system=system)
    except Exception:  # a locale without symbols for that system: its own default
        text = format_decimal(value, locale=locale)
    return native_digits(text)


def as_zone(place) -> zoneinfo.ZoneInfo:
    """A zone from a ZoneInfo, a zone name, or anything with a `time_zone` (a hub)."""
    if isinstance(place, zoneinfo.ZoneInfo):
        return place
    if hasattr(place, "time_zone"):
        place = place.time_zone
    return zoneinfo.ZoneInfo(str(place))


# The city named beside plenaries' times (PLENARY_CITY); this default is in the catalogue.
gettext_noop("Geneva")


def place_label(place) -> str:
    """How a place is named beside its local time: a hub's city (in the viewer's
    language when the hub has it), the secretariat's city for the plenaries' zone,
    else the zone's own city as CLDR names it in the viewer's language."""
    city = getattr(place, "city", None)
    if city:
        return city
    zone = as_zone(place)
    if zone.key == settings.PLENARY_TIME_ZONE and settings.PLENARY_CITY:
        return gettext(settings.PLENARY_CITY)
    return zone_city(zone.key)


def zone_city(name: str) -> str:
    """The city a zone is named after, in the viewer's language: "Zurich", "زوریخ"."""
    try:
        return get_timezone_location(name, locale=viewer_locale(), return_city=True)
    except LookupError:
        return name


def zone_label(place) -> str:
    """A zone for people: "Iran Time", "وقت ایران", not "Asia/Tehran"; a zone of no
    country (UTC, Etc/GMT+5) by its offset."""
    zone = as_zone(place)
    if zone.key in ("UTC", "Etc/UTC", "Etc/UCT", "UCT", "Zulu", "Etc/Zulu", "Universal"):
        return gettext("Universal time (UTC)")
    if zone_country(zone.key) is None and zone.key not in get_global("zone_aliases"):
        offset = get_timezone_gmt(timezone.now().astimezone(zone), locale=viewer_locale())
        return native_digits(offset)
    try:
        return get_timezone_location(zone.key, locale=viewer_locale())
    except LookupError:
        return zone.key


def zone_country(name: str) -> str | None:
    """The country code CLDR gives a canonical zone ("Asia/Kabul" -> "AF"); None for
    aliases ("Asia/Calcutta"), legacy names ("US/Eastern") and "Etc/…" zones."""
    if name in get_global("zone_aliases"):
        return None
    territory = get_global("zone_territories").get(name)
    return None if territory in (None, "001", "ZZ") else territory


def local(moment: datetime.datetime, zone=None) -> datetime.datetime:
    return timezone.localtime(moment, as_zone(zone) if zone else None)


def day(value, style: str = "long", zone=None) -> str:
    """A date (or the date of a moment, in `zone`) in one of DAY_STYLES."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = local(value, zone).date()
    kind, pattern = DAY_STYLES.get(style, DAY_STYLES["long"])
    locale = viewer_locale()
    if kind == "skeleton":
        pattern = _skeleton_pattern(pattern, str(locale))
    text = format_date(value, pattern, locale=locale)
    if style in ("full", "long") and viewer_language() in settings.SOLAR_HIJRI_LANGUAGES:
        text = f"{text} ({solar_hijri(value)})"
    return native_digits(text)


# Month names of the Solar Hijri calendar as Afghanistan writes them (CLDR's fa_AF
# "persian" calendar; Babel ships only the Gregorian one, jdatetime Iran's names).
AFGHAN_SOLAR_MONTHS = (
    "حمل",
    "ثور",
    "جوزا",
    "سرطان",
    "اسد",
    "سنبله",
    "میزان",
    "عقرب",
    "قوس",
    "جدی",
    "دلو",
    "حوت",
)


def solar_hijri(value: datetime.date) -> str:
    """The Solar Hijri date: "9 آذر 1405" in Persian, "9 قوس 1405" in Dari (digits
    are made native by the caller)."""
    solar = jdatetime.date.fromgregorian(date=value)
    if viewer_language() == "fa-af":
        month = AFGHAN_SOLAR_MONTHS[solar.month - 1]
    else:
        month = solar.j_months_fa[solar.month - 1]
    return f"{solar.day} {month} {solar.year}"


def clock(moment, zone=None) -> str:
    """The time of day, as the language writes it (22:30, 10:30 م, 10:30 PM)."""
    if moment is None or moment == "":
        return ""
    if isinstance(moment, datetime.datetime):
        moment = local(moment, zone)
    locale = viewer_locale()
    return native_digits(format_time(moment, _clock_pattern(str(locale)), locale=locale))


@functools.cache
def _clock_pattern(locale_name: str) -> str:
    """The locale's short time, but with its own words for the time of day where CLDR
    gives it English "AM"/"PM" (Urdu): "10:30 رات", "7:30 شام", as Pakistan writes."""
    locale = Locale.parse(locale_name)
    pattern = locale.time_formats["short"].pattern
    marks = locale.day_periods["format"]["abbreviated"]
    latin_marks = re.search(r"[A-Za-z]", marks.get("am", "") + marks.get("pm", ""))
    if "a" in pattern and latin_marks and not locale_name.startswith("en"):
        pattern = pattern.replace("a", "B")
    return pattern


def _join_day_and_clock(day_text: str, clock_text: str) -> str:
    pattern = get_datetime_format("medium", locale=viewer_locale())
    return pattern.replace("{1}", day_text).replace("{0}", clock_text)


def moment(value: datetime.datetime, zone=None, style: str = "weekday") -> str:
    """A day and a time: "Monday 30 November, 22:30"."""
    if value is None or value == "":
        return ""
    there = local(value, zone)
    return _join_day_and_clock(day(there.date(), style), clock(there, zone))


def span_parts(
    start: datetime.datetime,
    end: datetime.datetime,
    zone=None,
    *,
    with_date: bool = True,
    style: str = "weekday",
) -> tuple[str, str]:
    """The two ends of a span of time. Each end carries its own date when the span
    crosses midnight in `zone`, whatever `with_date` says."""
    first, last = local(start, zone), local(end, zone)
    if first.date() != last.date():
        return moment(first, zone, style), moment(last, zone, style)
    if with_date:
        return moment(first, zone, style), clock(last, zone)
    return clock(first, zone), clock(last, zone)


def interval_pattern() -> str:
    """How the language writes "from {0} to {1}" ("{0} تا {1}" in Persian)."""
    return viewer_locale().interval_formats.get(None) or "{0} \u2013 {1}"


def span(start, end, zone=None, *, with_date: bool = True, style: str = "weekday") -> str:
    """A span as text, for messages: "Monday 30 November, 22:30 to 23:30" (with a dash)."""
    first, last = span_parts(start, end, zone, with_date=with_date, style=style)
    return interval_pattern().replace("{0}", first).replace("{1}", last)


def day_span(first, last, style: str = "weekday") -> str:
    """From one day to another: "Monday 30 November to Wednesday 2 December" (a dash)."""
    if first == last:
        return day(first, style)
    return interval_pattern().replace("{0}", day(first, style)).replace("{1}", day(last, style))


def iso_date(value) -> str:
    """A date for machines (addresses, forms): 2026-11-30."""
    if isinstance(value, datetime.datetime):
        value = local(value).date()
    return value.isoformat() if value else ""


def sheet_moment(value: datetime.datetime | None, zone) -> str:
    """A moment for spreadsheets, in `zone` to the minute: 2026-11-30 22:30."""
    if value is None:
        return ""
    return local(value, zone).replace(tzinfo=None).isoformat(sep=" ", timespec="minutes")


def iso_moment(value: datetime.datetime) -> str:
    """A moment for machines (<time datetime>), in UTC."""
    return value.astimezone(datetime.UTC).isoformat()


# Choosing a zone ------------------------------------------------------------------------


@functools.cache
def _zones_by_country(locale_name: str) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """Every canonical zone with a country, grouped by country and sorted by the
    names the language gives them: (("Afghanistan", (("Asia/Kabul", "Kabul"),)), …)."""
    locale = Locale.parse(locale_name)
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in zoneinfo.available_timezones():
        country = zone_country(name)
        if country is None:
            continue
        city = get_timezone_location(name, locale=locale, return_city=True)
        groups.setdefault(country, []).append((name, city))
    named = [
        (locale.territories.get(code, code), sorted(zones, key=lambda zone: zone[1].casefold()))
        for code, zones in groups.items()
    ]
    named.sort(key=lambda group: group[0].casefold())
    return tuple((country, tuple(zones)) for country, zones in named)


def zone_choices(first: list[str] = ()) -> list:
    """Choices for a zone picker, for people: the zones in `first` (the conference's
    hubs) named "City (Country)", then every country with its cities, in the viewer's
    language; no aliases or "Etc/…" zones; Universal time last."""
    locale = viewer_locale()
    territories = locale.territories
    chosen = []
    for name in dict.fromkeys(first):
        country = zone_country(name)
        if country:
            city = get_timezone_location(name, locale=locale, return_city=True)
            chosen.append((name, f"{city} ({territories.get(country, country)})"))
    groups = [list(group) for group in _zones_by_country(str(locale))]
    choices = [(gettext("Where the hubs are"), chosen)] if chosen else []
    choices += [(country, list(zones)) for country, zones in groups]
    choices.append(("UTC", gettext("Universal time (UTC)")))
    return choices


def canonical_zone(name: str) -> str:
    """A zone's current name: "Asia/Kolkata" for "Asia/Calcutta"."""
    return get_global("zone_aliases").get(name, name)


def zone_place(name: str) -> str:
    """ "Karachi (Pakistan)" in the viewer's language."""
    country = zone_country(canonical_zone(name))
    city = zone_city(canonical_zone(name))
    if not country:
        return zone_label(name)
    return f"{city} ({viewer_locale().territories.get(country, country)})"
