"""Hub pages: the public list and page, registering through the form, my
registration, and the organiser's pages (own hub only)."""

import csv
import io

import pytest
from django.core import mail

from hubs import dashboard, services
from hubs.models import Hub, Registration
from tests.factories import make_hub, make_user

Mode = Registration.Mode
Status = Registration.Status
pytestmark = pytest.mark.django_db


def register(user, hub, mode=Mode.IN_PERSON, adults=1, **extra):
    return services.registration_create(
        user=user, hub=hub, mode=mode, adults=adults, consent=True, notify=False, **extra
    )


def many_registrations(hub, count):
    """`count` registrations at `hub`, quickly (straight into the table)."""
    users = [make_user() for _ in range(count)]
    Registration.objects.bulk_create(
        Registration(
            conference=hub.conference,
            hub=hub,
            user=user,
            mode=Mode.IN_PERSON if n % 3 else Mode.ONLINE,
            status=Status.CONFIRMED if n % 5 else Status.WAITLISTED,
            queued_at=None if n % 5 else user.date_joined,
            adults=1 + n % 3,
            children=n % 2,
            interpretation_language=["", "ur", "fa", "ar"][n % 4],
            accessibility_needs="step-free access" if n % 7 == 0 else "",
            ticket_code=services.new_ticket_code(),
            consent_given_at=user.date_joined,
        )
        for n, user in enumerate(users)
    )


def test_hub_list_shows_seats_left_and_local_time(client, world):
    register(world.family, world.hub_a, adults=3)
    response = client.get("/hubs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert world.hub_a.name in html
    assert "17 seats left" in html  # 20 - 3
    assert "Pakistan Time" in html  # the hub's zone, for people


def test_hub_list_query_count_holds_with_1000_registrations(
    client, world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6) as small:
        client.get("/hubs/")
    for hub in (world.hub_a, world.hub_b):
        many_registrations(hub, 500)
    for _ in range(3):
        make_hub(conference=world.conference)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/hubs/")
    assert response.status_code == 200
    assert Registration.objects.count() == 1000


def test_hub_page_shows_days_in_both_zones(client, world):
    client.cookies["flh_tz"] = "Europe/London"
    html = client.get(f"/hubs/{world.hub_a.slug}/").content.decode()
    # 09:00 in Karachi (UTC+5) is 04:00 in London in winter, 05:00 in summer.
    assert "09:00\u2009\u2013\u200917:00 in Islamabad" in html
    assert "Register at" in html


def test_unknown_hub_is_404(client, world):
    assert client.get("/hubs/nowhere/").status_code == 404


def test_register_through_the_form(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.family)
    page = client.get(f"/hubs/{world.hub_a.slug}/register/")
    assert page.status_code == 200
    assert "What we keep, and why" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/hubs/{world.hub_a.slug}/register/",
            {
                "mode": "in_person",
                "adults": 2,
                "children": 1,
                "interpretation_language": "ur",
                "accessibility_needs": "",
                "consent": "on",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == "/my-registration/"
    registration = Registration.objects.get(user=world.family)
    assert (registration.party_size, registration.status) == (3, Status.CONFIRMED)
    assert len(mail.outbox) == 1
    mine = client.get("/my-registration/").content.decode()
    assert registration.ticket_display in mine
    assert "<svg" in mine


def test_register_without_consent_keeps_what_was_typed(client, world):
    client.force_login(world.family)
    response = client.post(
        f"/hubs/{world.hub_a.slug}/register/",
        {"mode": "in_person", "adults": 2, "children": 0, "accessibility_needs": "hearing loop"},
    )
    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert "hearing loop" in response.content.decode()
    assert not Registration.objects.exists()


def test_register_needs_an_account(client, world):
    response = client.get(f"/hubs/{world.hub_a.slug}/register/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_my_registration_change_refused_when_full_shows_the_reason(client, world):
    world.hub_a.in_person_capacity = 2
    world.hub_a.save()
    mine = register(world.family, world.hub_a, adults=1)
    register(world.family2, world.hub_a, adults=1)
    client.force_login(world.family)
    response = client.post("/my-registration/", {"mode": "in_person", "adults": 2, "children": 0})
    assert response.status_code == 200
    assert "not enough seats" in response.content.decode()
    mine.refresh_from_db()
    assert mine.adults == 1


def test_waiting_family_sees_its_position(client, world):
    world.hub_a.in_person_capacity = 1
    world.hub_a.save()
    register(world.family2, world.hub_a)
    register(world.family, world.hub_a)
    client.force_login(world.family)
    assert "number 1 on the waiting list" in client.get("/my-registration/").content.decode()


def test_cancel_from_my_registration(client, world):
    register(world.family, world.hub_a)
    client.force_login(world.family)
    assert client.get("/my-registration/cancel/").status_code == 200
    client.post("/my-registration/cancel/")
    assert Registration.objects.get(user=world.family).status == Status.CANCELLED


# Organiser pages ---------------------------------------------------------------

STAFF_PAGES = ["dashboard/", "export.csv", "settings/", "rooms/", "team/", "desk/"]


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_organiser_of_another_hub_gets_404(client, world, no_staff_2fa, page):
    client.force_login(world.organiser_b)
    assert client.get(f"/hubs/{world.hub_a.slug}/{page}").status_code == 404
    client.force_login(world.organiser_a)
    assert client.get(f"/hubs/{world.hub_a.slug}/{page}").status_code == 200


@pytest.mark.parametrize("page", STAFF_PAGES[:5])
def test_families_and_other_roles_get_404(client, world, no_staff_2fa, page):
    for person in (world.family, world.facilitator_a, world.support_a):
        client.force_login(person)
        assert client.get(f"/hubs/{world.hub_a.slug}/{page}").status_code == 404


def test_organiser_pages_need_two_factor(client, world):
    client.force_login(world.organiser_a)
    response = client.get(f"/hubs/{world.hub_a.slug}/dashboard/")
    assert response["Location"] == "/staff/two-factor/"


def test_dashboard_counts_and_search(client, world, no_staff_2fa):
    world.hub_a.in_person_capacity = 3
    world.hub_a.save()
    first = register(world.family, world.hub_a, adults=2, interpretation_language="ur")
    register(world.family2, world.hub_a, adults=2, accessibility_needs="wheelchair")
    services.registration_check_in(hub=world.hub_a, code=first.ticket_code, by=world.organiser_a)
    client.force_login(world.organiser_a)
    response = client.get(f"/hubs/{world.hub_a.slug}/dashboard/", {"q": "gul"})
    html = response.content.decode()
    summary = response.context["summary"]
    assert summary["arrived"] == 1
    assert summary["in_person_confirmed"] == {"parties": 1, "people": 2}
    assert [r.user for r in response.context["waitlist"]] == [world.family2]
    assert response.context["needs"]["languages"][0]["people"] == 2
    assert "wheelchair" in html
    assert [r.user for r in response.context["found"]] == [world.family]


def test_dashboard_query_count_holds_with_1000_registrations(
    client, world, no_staff_2fa, django_assert_max_num_queries
):
    client.force_login(world.organiser_a)
    url = f"/hubs/{world.hub_a.slug}/dashboard/"
    many_registrations(world.hub_a, 10)
    with django_assert_max_num_queries(20) as small:
        client.get(url, {"q": "person"})
    many_registrations(world.hub_a, 990)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url, {"q": "person"})
    assert response.status_code == 200
    assert len(response.context["waitlist"]) == dashboard.WAITLIST_SHOWN


def test_csv_export_escapes_formula_cells(client, world, no_staff_2fa):
    attacker = make_user(pseudonym="=HYPERLINK(evil)")
    register(attacker, world.hub_a, accessibility_needs="+SUM(A1) and -2 @me")
    register(world.family, world.hub_a)
    client.force_login(world.organiser_a)
    response = client.get(f"/hubs/{world.hub_a.slug}/export.csv?purpose=needs")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == dashboard.export_header(world.hub_a, "needs")
    by_pseudonym = {row[1]: row for row in rows[1:]}
    assert "'=HYPERLINK(evil)" in by_pseudonym
    needs = dashboard.EXPORT_PURPOSES["needs"].index("accessibility_needs")
    assert by_pseudonym["'=HYPERLINK(evil)"][needs] == "'+SUM(A1) and -2 @me"
    assert "Gul" in by_pseudonym
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@"))


def test_settings_raise_capacity_promotes(client, world, no_staff_2fa):
    world.hub_a.in_person_capacity = 1
    world.hub_a.save()
    register(world.family2, world.hub_a)
    waiting = register(world.family, world.hub_a)
    client.force_login(world.organiser_a)
    response = client.post(
        f"/hubs/{world.hub_a.slug}/settings/",
        {
            "name": world.hub_a.name,
            "city": world.hub_a.city,
            "venue": "Hall",
            "accessibility": "",
            "languages": ["ur", "en"],
            "in_person_capacity": 5,
            "online_open": "on",
            "online_capacity": "",
            "opens_at": "09:00",
            "closes_at": "17:00",
        },
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert Hub.objects.get(pk=world.hub_a.pk).languages == ["ur", "en"]


def test_settings_refuse_closing_before_opening(client, world, no_staff_2fa):
    client.force_login(world.organiser_a)
    response = client.post(
        f"/hubs/{world.hub_a.slug}/settings/",
        {"venue": "Hall", "in_person_capacity": 5, "opens_at": "17:00", "closes_at": "09:00"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Hub.objects.get(pk=world.hub_a.pk).in_person_capacity == 20


def test_team_grant_and_revoke(client, world, no_staff_2fa):
    newcomer = make_user(email="volunteer@example.net")
    client.force_login(world.organiser_a)
    response = client.post(
        f"/hubs/{world.hub_a.slug}/team/", {"email": "Volunteer@example.net", "role": "support"}
    )
    assert response.status_code == 302
    role = newcomer.hub_roles.get()
    assert (role.hub, role.role) == (world.hub_a, "support")
    refused = client.post(
        f"/hubs/{world.hub_a.slug}/team/", {"email": "volunteer@example.net", "role": "organiser"}
    )
    assert refused.status_code == 200
    assert "role" in refused.context["form"].errors
    client.post(f"/hubs/{world.hub_a.slug}/team/{role.pk}/revoke/")
    assert not newcomer.hub_roles.exists()


def test_rooms_add_and_edit(client, world, no_staff_2fa):
    client.force_login(world.organiser_a)
    client.post(f"/hubs/{world.hub_a.slug}/rooms/", {"name": "Circle room", "capacity": 14})
    room = world.hub_a.rooms.get(name="Circle room")
    client.post(
        f"/hubs/{world.hub_a.slug}/rooms/{room.pk}/", {"name": "Circle room", "capacity": 16}
    )
    room.refresh_from_db()
    assert room.capacity == 16
    other_room = world.hub_b.rooms.first()
    assert client.get(f"/hubs/{world.hub_a.slug}/rooms/{other_room.pk}/").status_code == 404
