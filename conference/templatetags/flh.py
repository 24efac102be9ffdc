"""Template helpers used across apps: dates and times (through conference.dates, the
one place that formats them), in the viewer's zone with the hub's beside them.

    {{ day|day }}  {{ day|day:"full" }}  {{ day|iso_date }}  {{ moment|clock }}
    {{ moment|moment }}  {{ hub|local_now }}
    {% dual_time moment place %}  {% dual_time moment place "time" %}
    {% time_span start end place %}  {% time_span start end place with_date=False %}
    {% day_span first_day last_day %}
    {{ count|number }}  {{ hub|zone_label }}  {{ "Asia/Kabul"|zone_city }}  {{ code|digits }}

Texts staff write in every language (conference.content), marked with their own
`lang` when shown in another language than the page's:

    {{ session|tr:"title" }}  {{ session|tr_paragraphs:"description" }}
    {{ hub|tr_text:"name" }} (plain text, for <title> and attributes)
"""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from conference import content, dates

register = template.Library()

# dual_time's third argument: a style, or the Django format name it replaces.
_MOMENT_STYLES = {
    "DATETIME_FORMAT": "weekday",
    "SHORT_DATETIME_FORMAT": "short",
    "TIME_FORMAT": "time",
    "DATE_FORMAT": "date",
}


@register.filter(name="day")
def day_filter(value, style="long"):
    """A date in the viewer's language; a moment's date in the viewer's zone."""
    return dates.day(value, style)


@register.filter(name="clock")
def clock_filter(value):
    return dates.clock(value)


@register.filter(name="moment")
def moment_filter(value, style="weekday"):
    return dates.moment(value, style=style)


@register.filter(name="iso_date")
def iso_date_filter(value):
    return dates.iso_date(value)


@register.simple_tag
def day_span(first, last, style="weekday"):
    return dates.day_span(first, last, style)


@register.filter
def local_now(place):
    """The time now at a hub (or a zone name), e.g. `{{ hub|local_now }}`."""
    return dates.clock(timezone.now(), place)


def _shown(moment, zone, style: str) -> str:
    if style == "time":
        return dates.clock(moment, zone)
    if style == "date":
        return dates.day(moment, "long", zone)
    return dates.moment(moment, zone, style)


def _beside(text, place) -> str:
    return format_html(
        ' <span class="local-time">({})</span>',
        _("%(time)s in %(place)s") % {"time": text, "place": dates.place_label(place)},
    )


@register.simple_tag
def dual_time(moment, place=None, style="weekday"):
    """`moment` in the viewer's zone, with the local time at `place` (a hub or a
    zone name) beside it when that differs; the local date too when it differs."""
    if moment is None:
        return ""
    style = _MOMENT_STYLES.get(style, style)
    viewer = timezone.get_current_timezone()
    stamp = format_html(
        '<time datetime="{}">{}</time>', dates.iso_moment(moment), _shown(moment, viewer, style)
    )
    if place is None:
        return stamp
    zone = dates.as_zone(place)
    mine, there = dates.local(moment, viewer), dates.local(moment, zone)
    if there.utcoffset() == mine.utcoffset():
        return stamp
    if there.date() == mine.date() and style != "date":
        local = dates.clock(there, zone)
    else:
        local = dates.moment(there, zone, "short")
    return format_html("{}{}", stamp, _beside(local, place))


@register.simple_tag
def time_span(start, end, place=None, with_date=True, style="weekday"):
    """From `start` to `end` in the viewer's zone, each end with its own date when
    the span crosses midnight, and the span at `place` beside it when its clocks
    differ (with dates there when they differ from the viewer's)."""
    if start is None or end is None:
        return ""
    viewer = timezone.get_current_timezone()
    first, last = dates.span_parts(start, end, viewer, with_date=with_date, style=style)
    pattern = dates.interval_pattern()
    opening, between_and_after = pattern.split("{0}", 1)
    between, closing = between_and_after.split("{1}", 1)
    shown = format_html(
        '<span class="time-span">{}<time datetime="{}">{}</time>'
        '{}<time datetime="{}">{}</time>{}</span>',
        opening,
        dates.iso_moment(start),
        first,
        between,
        dates.iso_moment(end),
        last,
        closing,
    )
    if place is None:
        return shown
    zone = dates.as_zone(place)
    if all(
        dates.local(moment, zone).utcoffset() == dates.local(moment, viewer).utcoffset()
        for moment in (start, end)
    ):
        return shown
    same_days = all(
        dates.local(moment, zone).date() == dates.local(moment, viewer).date()
        for moment in (start, end)
    )
    local = dates.span(start, end, zone, with_date=not same_days, style="short")
    return format_html("{}{}", shown, _beside(local, place))


class LocalNumber(int):
    """An integer that prints itself as the viewer's language writes it, and still
    counts as a number (`{% blocktranslate count n=x|number %}` picks the plural)."""

    def __new__(cls, value, text: str):
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> str:
        return self.text

    def __format__(self, spec) -> str:
        return self.text


@register.filter
def number(value):
    """A count or a capacity in the viewer's digits and grouping."""
    if value is None or value == "":
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return LocalNumber(value, dates.number(value))
    return dates.number(value)


@register.filter
def digits(language):
    """The numbering system of a language code ("arabext" for fa), for CSS."""
    return dates.numbering_system(language)


@register.filter
def zone_label(place):
    """A hub's (or a zone name's) zone for people: "Iran Time", "وقت ایران"."""
    return dates.zone_label(place)


@register.filter
def zone_city(name):
    return dates.zone_city(name)


@register.filter
def tr(obj, field):
    """A translated text, in a `<span lang dir>` when shown in another language."""
    return content.inline_html(obj, field)


@register.filter
def tr_paragraphs(obj, field):
    return content.paragraphs_html(obj, field)


@register.filter
def tr_text(obj, field):
    """The translated text alone (for <title>, attributes and plain-text mails)."""
    return content.shown(obj, field).text


@register.simple_tag
def hub_contacts(user):
    """`{% hub_contacts user as hubs %}`: whom a person can write to (mails)."""
    from hubs.models import hubs_to_contact

    return hubs_to_contact(user)
