"""Template helpers used across apps: times in two zones, and small bits of markup."""

import zoneinfo

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


def _zone(value) -> zoneinfo.ZoneInfo:
    if isinstance(value, zoneinfo.ZoneInfo):
        return value
    if hasattr(value, "time_zone"):
        value = value.time_zone
    return zoneinfo.ZoneInfo(str(value))


@register.simple_tag
def dual_time(moment, place=None, fmt="DATETIME_FORMAT"):
    """`moment` in the viewer's zone, with the local time at `place` (a hub or a
    zone name) beside it when that differs."""
    if moment is None:
        return ""
    viewer_zone = timezone.get_current_timezone()
    mine = timezone.localtime(moment, viewer_zone)
    shown = formats.date_format(mine, fmt)
    stamp = format_html(
        '<time datetime="{}">{}</time>',
        moment.astimezone(zoneinfo.ZoneInfo("UTC")).isoformat(),
        shown,
    )
    if place is None:
        return stamp
    zone = _zone(place)
    there = moment.astimezone(zone)
    if there.utcoffset() == mine.utcoffset():
        return stamp
    city = getattr(place, "city", zone.key)
    if there.date() == mine.date():
        local = formats.time_format(there, "TIME_FORMAT")
    else:
        local = formats.date_format(there, "SHORT_DATETIME_FORMAT")
    return format_html(
        '{} <span class="local-time">({})</span>',
        stamp,
        _("%(time)s in %(place)s") % {"time": local, "place": city},
    )


@register.filter
def local_now(place):
    """The time now at a hub (or a zone name), e.g. `{{ hub|local_now }}`."""
    return formats.time_format(timezone.now().astimezone(_zone(place)), "TIME_FORMAT")
