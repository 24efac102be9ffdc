"""What organisers and staff use: the list of registrations (filters, pages, waiting-list
positions, no contact details), the CSV export a spreadsheet reads right, a confirmation
before taking a role away, and landing on their own hub's pages after signing in."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation

from conference.models import HubRole
from hubs import dashboard
from hubs.models import Registration
from tests.factories import PASSWORD, grant, make_hub, make_user, register

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _registrations_url(hub, **query):
    url = reverse("hubs:registrations", args=[hub.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _rows(response) -> list[list[str]]:
    """The table's rows as text cells."""
    page = response.content.decode()
    if "<tbody>" not in page:
        return []
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def _many(hub, count, *, status="confirmed", mode="in_person"):
    return [
        register(make_user(pseudonym=f"Family {status} {n}"), hub, mode=mode, status=status)
        for n in range(count)
    ]


# The list of registrations ------------------------------------------------------------


def test_the_list_shows_what_running_the_hub_needs_and_no_contact_details(
    client, world, no_staff_2fa
):
    urdu = make_user(pseudonym="ماں علی کی", email="ali.mother@example.net")
    arrived = register(urdu, world.hub_a)
    arrived.checked_in_at = datetime.datetime(2026, 11, 30, 5, 0, tzinfo=datetime.UTC)
    arrived.save()
    first = register(world.family, world.hub_a, status="waitlisted")
    second = register(world.family2, world.hub_a, status="waitlisted")
    register(make_user(pseudonym="Elsewhere"), world.hub_b)
    client.force_login(world.organiser_a)
    response = client.get(_registrations_url(world.hub_a))
    page = response.content.decode()
    rows = {row[0]: row for row in _rows(response)}
    assert set(rows) == {"ماں علی کی", "Gul", "Hope"}
    assert rows["Gul"][1:5] == ["In person", "1 adults, 0 children", "On the waiting list", "1"]
    assert rows["Hope"][4] == "2"
    assert rows["ماں علی کی"][3:5] == ["Confirmed", "—"]
    assert "10:00" in rows["ماں علی کی"][5]  # 05:00 UTC in Karachi
    assert "ali.mother@example.net" not in page
    assert first.ticket_code not in page
    assert second.ticket_code not in page


def test_filters_keep_true_waiting_list_positions(client, world, no_staff_2fa):
    waiting = _many(world.hub_a, 3, status="waitlisted")
    _many(world.hub_a, 2, status="confirmed")
    _many(world.hub_a, 1, status="waitlisted", mode="online")
    client.force_login(world.organiser_a)
    rows = _rows(client.get(_registrations_url(world.hub_a, status="waitlisted", mode="in_person")))
    assert sorted(row[4] for row in rows) == ["1", "2", "3"]
    # Looking for the third family alone still says it is third.
    third = waiting[2].user.pseudonym
    rows = _rows(client.get(_registrations_url(world.hub_a, q=third)))
    assert rows == [[third, "In person", "1 adults, 0 children", "On the waiting list", "3", "—"]]
    rows = _rows(client.get(_registrations_url(world.hub_a, status="waitlisted", mode="online")))
    assert [row[4] for row in rows] == ["1"]
    rows = _rows(client.get(_registrations_url(world.hub_a, arrived="yes")))
    assert rows == []
    # A filter that is not understood is ignored, not a 500.
    assert client.get(_registrations_url(world.hub_a, status="lost")).status_code == 200


def test_the_list_comes_in_pages(client, world, no_staff_2fa):
    _many(world.hub_a, dashboard.REGISTRATIONS_PER_PAGE + 5)
    client.force_login(world.organiser_a)
    first = client.get(_registrations_url(world.hub_a, status="confirmed"))
    second = client.get(_registrations_url(world.hub_a, status="confirmed", page=2))
    assert len(_rows(first)) == dashboard.REGISTRATIONS_PER_PAGE
    assert len(_rows(second)) == 5
    assert "status=confirmed&amp;page=2" in first.content.decode()
    names = {row[0] for row in _rows(first)} | {row[0] for row in _rows(second)}
    assert len(names) == dashboard.REGISTRATIONS_PER_PAGE + 5
    # A page that does not exist shows the last one.
    assert len(_rows(client.get(_registrations_url(world.hub_a, page=99)))) == 5


def test_the_list_takes_the_same_queries_at_any_size(
    client, world, no_staff_2fa, django_assert_max_num_queries
):
    client.force_login(world.organiser_a)
    _many(world.hub_a, 5)
    _many(world.hub_a, 5, status="waitlisted")
    url = _registrations_url(world.hub_a)
    client.get(url)  # warm the session
    with django_assert_max_num_queries(10) as small:
        client.get(url)
    _many(world.hub_a, 150)
    _many(world.hub_a, 150, status="waitlisted")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(_rows(response)) == dashboard.REGISTRATIONS_PER_PAGE


def test_only_the_hubs_organisers_see_the_list(client, world, no_staff_2fa):
    for person in (world.organiser_b, world.facilitator_a, world.family):
        client.force_login(person)
        assert client.get(_registrations_url(world.hub_a)).status_code == 404
    client.force_login(world.organiser_a)
    page = client.get(reverse("hubs:dashboard", args=[world.hub_a.slug])).content.decode()
    assert _registrations_url(world.hub_a) in page


# The CSV export --------------------------------------------------------------------------


def test_the_export_opens_right_in_a_spreadsheet(client, world, no_staff_2fa, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 30, 4, 5, 6, 789000, tzinfo=datetime.UTC))
    urdu = make_user(pseudonym="ماں علی کی")
    registration = register(urdu, world.hub_a)
    registration.interpretation_language = "ur"
    registration.checked_in_at = datetime.datetime(2026, 11, 30, 9, 30, 15, tzinfo=datetime.UTC)
    registration.save()
    waiting = register(make_user(pseudonym="=cmd|' /C calc'!A0"), world.hub_a, status="waitlisted")
    client.force_login(world.organiser_a)
    url = reverse("hubs:export", args=[world.hub_a.slug])
    raw = client.get(url, {"purpose": "planning"}).content
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = rows[0], {row[1]: row for row in rows[1:]}
    assert header == dashboard.export_header(world.hub_a, "planning")
    assert "Registered (Asia/Karachi)" in header
    row = body["ماں علی کی"]
    assert row[2:5] == ["In person", "Confirmed", ""]
    # In the hub's zone (UTC+5), to the minute: no microseconds, no offset.
    assert row[7] == "2026-11-30 09:05"
    assert row[9] == "2026-11-30 14:30"
    escaped = body["'=cmd|' /C calc'!A0"]
    assert escaped[3:5] == ["On the waiting list", "1"]
    assert escaped[8] == "2026-11-30 09:05"
    assert waiting.ticket_display in escaped[0]
    needs = list(
        csv.reader(io.StringIO(client.get(url, {"purpose": "needs"}).content.decode("utf-8-sig")))
    )
    assert {row[1]: row for row in needs[1:]}["ماں علی کی"][5] == "Urdu"
    for line in rows[1:] + needs[1:]:
        for cell in line:
            assert not cell.startswith(("=", "+", "-", "@"))
            assert not re.search(r"\d{2}:\d{2}:\d{2}\.\d+", cell)


def test_the_export_speaks_the_organisers_language(client, world, no_staff_2fa):
    register(world.family, world.hub_a)
    world.organiser_a.language = "fr"
    world.organiser_a.save(update_fields=["language"])
    client.force_login(world.organiser_a)
    raw = client.get(
        reverse("hubs:export", args=[world.hub_a.slug]), {"purpose": "planning"}
    ).content
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    gul = next(row for row in rows if row[1] == "Gul")
    with translation.override("fr"):
        expected = [str(Registration.Mode.IN_PERSON.label), str(Status.CONFIRMED.label)]
    assert gul[2:4] == expected
    assert expected == ["En personne", "Confirmé"] or expected[0] != "In person"


# Taking a role away ------------------------------------------------------------------


def test_taking_a_role_away_asks_first(client, world, no_staff_2fa):
    role = HubRole.objects.get(user=world.facilitator_a, hub=world.hub_a)
    client.force_login(world.organiser_a)
    team = client.get(reverse("hubs:team", args=[world.hub_a.slug])).content.decode()
    revoke_url = reverse("hubs:team_revoke", args=[world.hub_a.slug, role.pk])
    assert f'href="{revoke_url}"' in team
    assert f'action="{revoke_url}"' not in team  # no one-click removal
    confirm = client.get(revoke_url)
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Facilitator A" in page
    assert f'action="{revoke_url}"' in page or '<form method="post"' in page
    assert HubRole.objects.filter(pk=role.pk).exists()
    response = client.post(revoke_url)
    assert response.status_code == 302
    assert not HubRole.objects.filter(pk=role.pk).exists()


def test_the_confirmation_is_not_offered_for_a_role_one_may_not_take_away(
    client, world, no_staff_2fa
):
    other_organiser = make_user(pseudonym="Organiser A2")
    role = grant(other_organiser, world.hub_a, HubRole.Role.ORGANISER)
    client.force_login(world.organiser_a)
    assert (
        client.get(reverse("hubs:team_revoke", args=[world.hub_a.slug, role.pk])).status_code == 404
    )
    role_b = HubRole.objects.get(user=world.organiser_b)
    assert (
        client.get(reverse("hubs:team_revoke", args=[world.hub_a.slug, role_b.pk])).status_code
        == 404
    )


# Where people land after signing in ---------------------------------------------------------


def _sign_in(client, user, next_url=None) -> str:
    data = {"login": user.email, "password": PASSWORD}
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def test_staff_land_on_their_own_hubs_pages(client, world, no_staff_2fa):
    slug = world.hub_a.slug
    assert _sign_in(client, world.organiser_a) == reverse("hubs:dashboard", args=[slug])
    client.logout()
    assert _sign_in(client, world.support_a) == reverse("support_signals:list")
    client.logout()
    assert _sign_in(client, world.facilitator_a) == reverse("hubs:detail", args=[slug])
    client.logout()
    assert _sign_in(client, world.admin) == reverse("conference:staff_home")
    client.logout()
    grant(world.organiser_b, world.hub_a, HubRole.Role.FACILITATOR)
    assert _sign_in(client, world.organiser_b) == reverse("conference:staff_home")


def test_families_land_on_their_registration_or_the_home_page(client, world):
    assert _sign_in(client, world.family) == reverse("home")
    client.logout()
    register(world.family, world.hub_a)
    assert _sign_in(client, world.family) == reverse("hubs:mine")


def test_a_valid_next_wins_and_another_site_never_does(client, world, no_staff_2fa):
    programme = reverse("sessions_app:programme")
    assert _sign_in(client, world.organiser_a, next_url=programme) == programme
    client.logout()
    landing = _sign_in(client, world.organiser_a, next_url="https://evil.example/")
    assert landing == reverse("hubs:dashboard", args=[world.hub_a.slug])


def test_an_organiser_of_another_edition_too_gets_the_list(client, world, no_staff_2fa):
    old = make_hub(conference=world.conference, time_zone="Asia/Karachi")
    grant(world.organiser_a, old, HubRole.Role.ORGANISER)
    assert _sign_in(client, world.organiser_a) == reverse("conference:staff_home")
