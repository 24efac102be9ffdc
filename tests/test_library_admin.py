"""The admin looks the library up; its actions go through the services, so the
workflow's rules hold there too."""

import pytest

from support.library import services
from support.library.models import Resource, SupportService
from tests.factories import make_user
from tests.library_helpers import make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, world, no_staff_2fa):
    client.force_login(world.admin)
    return client


def test_resources_are_read_only_in_the_admin(admin_client, world):
    resource = make_resource(author=world.organiser_a, hub=world.hub_a, title="Look only")
    assert "Look only" in admin_client.get("/admin/library/resource/").content.decode()
    page = admin_client.get(f"/admin/library/resource/{resource.pk}/change/")
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()
    response = admin_client.post(
        f"/admin/library/resource/{resource.pk}/change/", {"title": "Changed"}
    )
    assert response.status_code == 403
    assert Resource.objects.get(pk=resource.pk).title == "Look only"


def test_the_publish_action_keeps_two_pairs_of_eyes(admin_client, world):
    own = make_resource(author=world.admin, hub=world.hub_a, title="Mine")
    other = make_resource(author=world.organiser_a, hub=world.hub_a, title="Theirs")
    for resource, author in ((own, world.admin), (other, world.organiser_a)):
        services.resource_submit(actor=author, resource=resource)
    admin_client.post(
        "/admin/library/resource/",
        {"action": "publish", "_selected_action": [own.pk, other.pk]},
        follow=True,
    )
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.status == "review"
    assert other.status == "published"
    assert other.history.last().actor == world.admin


def test_support_services_are_saved_through_the_services(admin_client, world):
    response = admin_client.post(
        "/admin/library/supportservice/add/",
        {
            "kind": "other",
            "country": "CH",
            "name_en": "Someone to talk to (example)",
            "name_fr": "Quelqu'un à qui parler (exemple)",
            "languages": "[]",
            "time_zone": "Europe/Zurich",
            "open_days": "[]",
            "is_free": "on",
            "position": "10",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    service = SupportService.objects.get()
    assert (service.name_en, service.name_fr) == (
        "Someone to talk to (example)",
        "Quelqu'un à qui parler (exemple)",
    )


def test_topics_are_managed_in_every_language(admin_client):
    response = admin_client.post(
        "/admin/library/topic/add/",
        {"slug": "sleep", "name_en": "Sleep", "name_fa": "خواب", "position": "9"},
    )
    assert response.status_code == 302
    from support.library.models import Topic

    assert Topic.objects.get(slug="sleep").name_fa == "خواب"


def test_the_admin_is_for_global_admins_only(client, world, no_staff_2fa):
    client.force_login(make_user())
    assert client.get("/admin/library/resource/").status_code == 302


def test_the_staff_page_leads_writers_to_the_library(client, world, no_staff_2fa):
    client.force_login(world.support_a)
    html = client.get("/staff/").content.decode()
    assert 'href="/library/staff/"' in html
    assert 'href="/help/manage/"' not in html
    client.force_login(world.facilitator_a)
    assert 'href="/library/staff/"' not in client.get("/staff/").content.decode()


def test_the_admin_shows_the_directorys_rules_next_to_the_fields(admin_client, world):
    response = admin_client.post(
        "/admin/library/supportservice/add/",
        {
            "kind": "legal",
            "country": "PK",
            "society": world.hub_a.society.pk,
            "name_en": "",
            "languages": "[]",
            "time_zone": "Asia/Karachi",
            "open_days": "[]",
            "position": "10",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["society"] == ["Only a tracing service belongs to a society."]
    assert not SupportService.objects.exists()
