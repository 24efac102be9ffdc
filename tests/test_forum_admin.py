"""Global admins manage forum categories in the admin, in every language, and look
up earlier pseudonyms; nobody writes posts there."""

import pytest

from support.forum.models import Category, PseudonymChange

pytestmark = pytest.mark.django_db


def test_categories_in_every_language(client, world, no_staff_2fa):
    client.force_login(world.admin)
    assert client.get("/admin/forum/category/").status_code == 200
    page = client.get("/admin/forum/category/add/").content.decode()
    assert 'name="name_fa"' in page
    assert 'name="description_ps"' in page
    response = client.post(
        "/admin/forum/category/add/",
        {
            "slug": "tea",
            "kind": "global",
            "name_en": "Tea and talk",
            "name_fa": "چای و گفتگو",
            "order": 5,
            "who_may_start": "members",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    category = Category.objects.get(slug="tea")
    assert (category.name_en, category.name_fa) == ("Tea and talk", "چای و گفتگو")


def test_pseudonym_history_is_read_only(client, world, no_staff_2fa):
    world.family.pseudonym = "Gul Bibi"
    world.family.save()
    client.force_login(world.admin)
    page = client.get("/admin/forum/pseudonymchange/").content.decode()
    assert "Gul Bibi" in page
    change = PseudonymChange.objects.get()
    assert client.post(f"/admin/forum/pseudonymchange/{change.pk}/change/", {}).status_code == 403
    assert client.get("/admin/forum/post/").status_code == 404
