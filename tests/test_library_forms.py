"""The writing form refuses bad input next to the field and keeps what was typed;
the language switcher, odd page numbers and unknown actions never cause a 500."""

import re

import pytest

from support.library.models import Resource
from tests.library_helpers import make_resource, topics

pytestmark = pytest.mark.django_db


def _post(client, world, **overrides):
    data = {
        "kind": "article",
        "title": "Typed title",
        "summary": "Typed summary",
        "language": "fa",
        "audience": "families",
        "topics": [topics()["grief-and-hope"].pk],
        "body": "Typed body",
    }
    data.update(overrides)
    return client.post(f"/library/staff/new/?owner={world.hub_a.slug}", data)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"title": "x" * 201}, "title", "at most 200 characters"),
        ({"kind": "audio", "duration": "four minutes"}, "duration", "minutes:seconds"),
        ({"kind": "audio", "duration": "4:75"}, "duration", "minutes:seconds"),
        ({"kind": "link", "url": "javascript:alert(1)"}, "url", "Enter a valid URL."),
        ({"language": "xx"}, "language", "Select a valid choice"),
        ({"topics": ["999999"]}, "topics", "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_next_to_the_field(
    client, world, no_staff_2fa, overrides, field, message
):
    client.force_login(world.organiser_a)
    response = _post(client, world, **overrides)
    assert response.status_code == 200
    html = response.content.decode()
    error = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert error is not None
    assert message in error.group(1)
    assert "Typed summary" in html
    assert not Resource.objects.exists()


def test_durations_in_persian_digits_are_understood(client, world, no_staff_2fa):
    client.force_login(world.organiser_a)
    response = _post(client, world, kind="audio", duration="۴:۰۵", body="")
    assert response.status_code == 302
    assert Resource.objects.get().duration_seconds == 245


def test_a_draft_in_an_already_taken_language_is_refused_on_the_language(
    client, world, no_staff_2fa
):
    first = make_resource(author=world.organiser_a, hub=world.hub_a, language="fa")
    client.force_login(world.support_a)
    response = client.post(
        f"/library/staff/new/?translation_of={first.pk}",
        {
            "kind": "article",
            "title": "Second Persian",
            "summary": "s",
            "language": "fa",
            "audience": "families",
            "topics": [topics()["grief-and-hope"].pk],
            "body": "b",
        },
    )
    html = response.content.decode()
    error = re.search(r'<ul class="errorlist" id="id_language_error">(.*?)</ul>', html, re.S)
    assert "already a version of this resource in this language" in error.group(1)
    assert Resource.objects.count() == 1


def test_editing_keeps_the_draft_and_refuses_bad_input(client, world, no_staff_2fa):
    draft = make_resource(author=world.organiser_a, hub=world.hub_a, title="Original")
    client.force_login(world.organiser_a)
    response = client.post(
        f"/library/staff/{draft.pk}/edit/",
        {"title": "", "summary": "New summary", "language": "en", "audience": "families"},
    )
    assert response.status_code == 200
    assert "New summary" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Original"


@pytest.mark.parametrize(
    "url",
    [
        "/library/?page=abc",
        "/library/?page=-3",
        "/library/?page=99999",
        "/library/999999/",
        "/library/999999/file/",
        "/library/staff/1/explode/",
        "/library/topics/%00/",
        "/help/?hub=nowhere",
        "/help/?country=<x>",
    ],
)
def test_odd_addresses_never_fail(client, world, no_staff_2fa, url):
    client.force_login(world.organiser_a)
    response = client.get(url)
    assert response.status_code in (200, 404, 405)
