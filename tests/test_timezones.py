"""Times are stored in UTC and shown in the viewer's zone, with the hub's local
time beside them."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from tests.factories import make_user

UTC = datetime.UTC
pytestmark = pytest.mark.django_db


def render(template: str, zone: str, **context) -> str:
    with timezone.override(zoneinfo.ZoneInfo(zone)), translation.override("en"):
        return Template("{% load flh %}" + template).render(Context(context))


def test_shown_in_the_viewers_zone_with_the_hubs_beside_it():
    moment = datetime.datetime(2025, 11, 21, 9, 0, tzinfo=UTC)
    html = render("{% dual_time moment 'Asia/Karachi' %}", "Asia/Tehran", moment=moment)
    # 09:00 UTC is 12:30 in Tehran and 14:00 in Karachi.
    assert "12:30" in html
    assert "14:00 in Karachi" in html  # the zone's city (CLDR), not its IANA name
    assert 'datetime="2025-11-21T09:00:00+00:00"' in html


def test_no_second_time_when_the_zones_agree():
    moment = datetime.datetime(2025, 11, 21, 9, 0, tzinfo=UTC)
    html = render("{% dual_time moment 'Asia/Karachi' %}", "Asia/Karachi", moment=moment)
    assert "14:00" in html
    assert "local-time" not in html


def test_hub_city_names_the_other_zone(world):
    moment = datetime.datetime(2025, 11, 21, 9, 0, tzinfo=UTC)
    html = render("{% dual_time moment hub %}", "Europe/Paris", moment=moment, hub=world.hub_b)
    assert "10:00" in html  # Paris, winter time
    assert "12:30 in Tehran" in html


def test_other_day_at_the_hub_shows_the_date():
    moment = datetime.datetime(2025, 11, 21, 21, 0, tzinfo=UTC)
    html = render("{% dual_time moment 'Asia/Karachi' %}", "Europe/London", moment=moment)
    # 21:00 in London is 02:00 on the 22nd in Karachi.
    assert "Sat 22 Nov, 02:00 in Karachi" in html


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # Europe/Zurich changes from summer (UTC+2) to winter time (UTC+1) on 26 October 2025.
        (datetime.datetime(2025, 10, 25, 10, 0, tzinfo=UTC), "12:00"),
        (datetime.datetime(2025, 10, 27, 10, 0, tzinfo=UTC), "11:00"),
    ],
)
def test_daylight_saving_change_in_zurich(moment, expected):
    html = render("{% dual_time moment %}", "Europe/Zurich", moment=moment)
    assert expected in html


def _shown_zone(client) -> str:
    page = client.get("/").content.decode()
    return page.split('class="time-zone-note" data-zone="')[1].split('"')[0]


def test_anonymous_viewer_gets_the_browsers_zone(client):
    assert _shown_zone(client) == "UTC"
    client.cookies["flh_tz"] = "Asia/Tehran"
    assert _shown_zone(client) == "Asia/Tehran"


def test_bad_zone_cookie_falls_back_to_utc(client):
    client.cookies["flh_tz"] = "Not/AZone"
    assert _shown_zone(client) == "UTC"


def test_signed_in_persons_zone_wins(client):
    client.force_login(make_user(time_zone="Asia/Kabul"))
    client.cookies["flh_tz"] = "Asia/Tehran"
    assert _shown_zone(client) == "Asia/Kabul"
