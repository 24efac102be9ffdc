"""Dates and times as each language writes them: the one place that formats them.

Every template (through the `flh` template library) and every message that names
a day or a time goes through here, so that a change of convention (digits per
language, another calendar) is made once. The words and the order come from the
Unicode CLDR through Babel: month and weekday names, which comes first, what
joins a date to its time, how a span of time is written ("22:30 تا 23:30").

Moments are stored in UTC; each function takes the zone to show them in (the
viewer's by default, as activated by `UserPreferencesMiddleware`).
"""

import datetime
import functools
import re
import zoneinfo

from babel import Locale
from babel.dates import format_date, format_time, get_datetime_format, match_skeleton
from django.conf import settings
from django.utils import timezone, translation

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


def viewer_locale() -> Locale:
    """The CLDR locale of the language active now."""
    return _locale((translation.get_language() or settings.LANGUAGE_CODE).lower())


def as_zone(place) -> zoneinfo.ZoneInfo:
    """A zone from a ZoneInfo, a zone name, or anything with a `time_zone` (a hub)."""
    if isinstance(place, zoneinfo.ZoneInfo):
        return place
    if hasattr(place, "time_zone"):
        place = place.time_zone
    return zoneinfo.ZoneInfo(str(place))


def place_label(place) -> str:
    """How a place is named beside its local time: a hub's city, else the zone."""
    return getattr(place, "city", None) or as_zone(place).key


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
    return format_date(value, pattern, locale=locale)


def clock(moment, zone=None) -> str:
    """The time of day, as the language writes it (22:30, 10:30 م, 10:30 PM)."""
    if moment is None or moment == "":
        return ""
    if isinstance(moment, datetime.datetime):
        moment = local(moment, zone)
    return format_time(moment, "short", locale=viewer_locale())


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
