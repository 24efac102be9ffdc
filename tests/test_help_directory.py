"""The support-services directory (/help/): the viewer's country first, their
hub's national society's tracing service at the top, contact details read from
the society (linked, not copied), hours in the service's own zone; managed by
global admins everywhere and by organisers for their hubs' countries."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from conference import permissions
from support.library import services
from support.library.models import SupportService
from tests.factories import make_hub, make_society, make_user, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(world):
    """Pakistan (hub A's society), Iran (hub B's), and two services for everywhere."""
    pakistan = world.hub_a.society
    pakistan.country, pakistan.name = "Pakistan", "Pakistan Red Crescent Society"
    pakistan.tracing_url = "https://www.prcs.org.pk/"
    pakistan.tracing_phone = "+92 51 000 0009"
    pakistan.save()
    iran = world.hub_b.society
    iran.country, iran.name = "Iran", "Iranian Red Crescent"
    iran.save()

    def add(**fields):
        texts = fields.pop("texts", {})
        return services.support_service_save(actor=world.admin, texts=texts, **fields)

    return {
        "line": add(
            country="PK",
            kind="psychosocial",
            texts={"name_en": "Family support line (example)", "name_ur": "معاونت لائن"},
            phone="+92 51 000 0000",
            position=0,
        ),
        "tracing_pk": add(country="PK", kind="tracing", society=pakistan, position=5),
        "tracing_ir": add(country="IR", kind="tracing", society=iran),
        "family_links": add(
            country="",
            kind="family_links",
            texts={"name_en": "ICRC Family Links"},
            website="https://familylinks.icrc.org/",
        ),
    }


def _sections(html: str) -> dict[str, list[str]]:
    found = {}
    for section in re.findall(
        r'<section aria-labelledby="(\w+)-title">(.*?)</section>', html, re.S
    ):
        found[section[0]] = re.findall(
            r'<h3 class="card-title" dir="auto">([^<]+)</h3>', section[1]
        )
    return found


def test_a_family_registered_at_islamabad_sees_its_tracing_service_first(client, world, directory):
    register(world.family, world.hub_a)
    client.force_login(world.family)
    html = client.get("/help/").content.decode()
    sections = _sections(html)
    assert sections["local"][0] == "Pakistan Red Crescent Society"
    assert sections["local"] == ["Pakistan Red Crescent Society", "Family support line (example)"]
    assert sections["everywhere"] == ["ICRC Family Links"]
    assert sections["others"] == ["Iranian Red Crescent"]
    assert "Your hub&#x27;s national society" in html or "Your hub's national society" in html


def test_the_hub_of_the_page_wins_for_visitors(client, world, directory):
    html = client.get(f"/help/?hub={world.hub_b.slug}").content.decode()
    assert _sections(html)["local"] == ["Iranian Red Crescent"]


def test_without_a_hub_every_country_is_listed(client, world, directory):
    sections = _sections(client.get("/help/").content.decode())
    assert "local" not in sections
    assert set(sections["others"]) == {
        "Pakistan Red Crescent Society",
        "Family support line (example)",
        "Iranian Red Crescent",
    }


def test_filters_by_country_and_kind(client, world, directory):
    html = client.get("/help/?country=PK&kind=tracing").content.decode()
    sections = _sections(html)
    assert sections["local"] == ["Pakistan Red Crescent Society"]
    assert "others" not in sections
    bad = client.get("/help/?country=XX&kind=<b>")
    assert bad.status_code == 200
    assert "Some filters were not understood" in bad.content.decode()


def test_the_societys_own_contact_details_are_shown_not_copied(client, world, directory):
    society = world.hub_a.society
    society.tracing_phone = "+92 51 000 0042"
    society.save()
    html = client.get("/help/?country=PK").content.decode()
    assert "+92 51 000 0042" in html
    assert 'href="https://www.prcs.org.pk/"' in html
    assert directory["tracing_pk"].phone == ""


def test_every_page_of_the_directory_says_tracing_is_free(client, directory):
    html = client.get("/help/").content.decode()
    assert "Tracing services are free." in html
    assert "never ask for money" in html
    assert html.count("Free</dd>") >= 4


def test_hours_are_in_the_services_zone_with_open_now(client, world, directory):
    line = directory["line"]
    line.time_zone, line.open_days = "Asia/Karachi", [0, 1, 2, 3, 4]
    line.opens_at, line.closes_at = datetime.time(9), datetime.time(17)
    line.save()
    # Monday 10:00 in Karachi is 05:00 UTC: open. Monday 18:00 there: closed.
    with time_machine.travel(
        datetime.datetime(2025, 11, 24, 5, 0, tzinfo=datetime.UTC), tick=False
    ):
        assert line.is_open() is True
        html = client.get("/help/?country=PK").content.decode()
        assert "09:00–17:00</bdi> (Asia/Karachi)" in html
        assert "open now" in html
    with time_machine.travel(
        datetime.datetime(2025, 11, 24, 13, 0, tzinfo=datetime.UTC), tick=False
    ):
        assert line.is_open() is False
    assert directory["family_links"].is_open() is None


def test_the_page_does_not_grow_with_the_directory(
    client, world, directory, django_assert_max_num_queries
):
    register(world.family, world.hub_a)
    client.force_login(world.family)
    with django_assert_max_num_queries(8):
        client.get("/help/")
    for number in range(30):
        services.support_service_save(
            actor=world.admin,
            texts={"name_en": f"Service {number}"},
            country="PK" if number % 2 else "IR",
            kind="legal",
        )
    with django_assert_max_num_queries(8):
        client.get("/help/")


# Who manages the directory ----------------------------------------------------------


def test_organisers_manage_their_hubs_country_only(world, directory):
    assert permissions.can_manage_support_services(world.organiser_a, "PK")
    assert not permissions.can_manage_support_services(world.organiser_a, "IR")
    assert not permissions.can_manage_support_services(world.organiser_a, "")
    assert not permissions.can_manage_support_services(world.support_a, "PK")
    assert not permissions.can_manage_support_services(world.family, "PK")
    assert permissions.can_manage_support_services(world.admin, "")
    services.support_service_save(
        actor=world.organiser_a,
        service=directory["line"],
        texts={"name_en": "Family line (example)"},
        phone="+92 51 000 0001",
    )
    with pytest.raises(PermissionDenied):
        services.support_service_save(
            actor=world.organiser_a, service=directory["tracing_ir"], texts={}, phone="1"
        )
    with pytest.raises(PermissionDenied):
        services.support_service_delete(actor=world.organiser_b, service=directory["line"])
    directory["tracing_ir"].refresh_from_db()
    assert directory["tracing_ir"].phone == ""


def test_an_organiser_cannot_move_a_service_to_another_country(world, directory):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.support_service_save(
            actor=world.organiser_a, service=directory["line"], texts={}, country="IR"
        )
    assert "country" in refused.value.message_dict
    assert SupportService.objects.get(pk=directory["line"].pk).country == "PK"


def test_the_manage_pages_answer_404_to_others(client, world, directory, no_staff_2fa):
    client.force_login(world.support_a)
    assert client.get("/help/manage/").status_code == 404
    client.force_login(world.organiser_a)
    assert client.get(f"/help/manage/{directory['tracing_ir'].pk}/").status_code == 404
    assert client.post(f"/help/manage/{directory['tracing_ir'].pk}/delete/").status_code == 404
    assert SupportService.objects.filter(pk=directory["tracing_ir"].pk).exists()
    listing = client.get("/help/manage/").content.decode()
    assert "Family support line (example)" in listing
    assert "Iranian Red Crescent" not in listing


def _service_post(**overrides):
    data = {
        "kind": "legal",
        "country": "PK",
        "time_zone": "Asia/Karachi",
        "is_free": "on",
        "position": "10",
        "name_en": "Legal advice (example)",
        "name_ur": "قانونی مشورہ",
        "phone": "+92 51 000 0002",
    }
    data.update(overrides)
    return data


def test_an_organiser_adds_a_service_with_names_in_several_languages(client, world, no_staff_2fa):
    pakistan = world.hub_a.society
    pakistan.country = "Pakistan"
    pakistan.save()
    client.force_login(world.organiser_a)
    response = client.post("/help/manage/new/", _service_post(open_days=["0", "2"]))
    assert response.status_code == 302
    service = SupportService.objects.get()
    assert (service.name_en, service.name_ur, service.open_days) == (
        "Legal advice (example)",
        "قانونی مشورہ",
        [0, 2],
    )
    client.cookies["django_language"] = "ur"
    client.force_login(world.family)
    assert "قانونی مشورہ" in client.get("/help/?country=PK").content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"country": "IR"}, "country", "Select a valid choice"),
        ({"opens_at": "09:00"}, "closes_at", "Please give both the opening and the closing time."),
        (
            {"opens_at": "17:00", "closes_at": "09:00"},
            "closes_at",
            "The closing time must be after the opening time.",
        ),
        ({"website": "not a web address"}, "website", "Enter a valid URL."),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Select a valid choice"),
        ({"name_en": ""}, "name_en", "Please give the service&#x27;s name, at least in English."),
        ({"position": "-1"}, "position", "greater than or equal to 0"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_kept(
    client, world, no_staff_2fa, overrides, field, message
):
    pakistan = world.hub_a.society
    pakistan.country = "Pakistan"
    pakistan.save()
    client.force_login(world.organiser_a)
    response = client.post("/help/manage/new/", _service_post(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    error = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert error is not None, html
    assert message in error.group(1)
    assert 'value="+92 51 000 0002"' in html
    assert not SupportService.objects.exists()


def test_organisers_of_a_new_countrys_hub_manage_it(world):
    society = make_society(country="Switzerland")
    hub = make_hub(conference=world.conference, society=society)
    person = make_user()
    from tests.factories import grant

    grant(person, hub, "organiser")
    assert permissions.support_service_countries(person) == {"CH"}
