"""Texts staff write for families, in every language: a reader sees their own
language, a missing translation falls back marked with its own `lang`, staff write
each text in their hub's languages side by side, organisers see what is left."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import translation

from conference import content
from conference.migration_tools import copy_into_default_language
from hubs.models import Room
from sessions_app.models import Session
from tests.factories import make_session

pytestmark = pytest.mark.django_db


def make_room(*, hub, capacity, **names) -> Room:
    return Room.objects.create(hub=hub, capacity=capacity, **names)


def _get(client, url, language) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def tehran(world):
    hub = world.hub_b
    hub.name_en, hub.name_fa, hub.city_fa = "Tehran", "تهران", "تهران"
    hub.languages = ["fa", "fa-af", "en"]
    hub.save()
    return hub


def test_a_persian_reader_sees_the_persian_title_and_the_persian_name_of_the_hub(
    client, world, tehran
):
    circle = make_session(
        hub=tehran,
        kind="circle",
        starts_in=60,
        language="fa",
        title_en="Holding on to hope",
        title_fa="امید را نگه داشتن",
    )
    page = _get(client, reverse("sessions_app:session", args=[circle.pk]), "fa")
    assert "<h1>امید را نگه داشتن</h1>" in page
    assert "Holding on to hope" not in page
    hubs = _get(client, reverse("hubs:list"), "fa")
    assert ">تهران</a>" in hubs
    assert ">Tehran</a>" not in hubs
    # English readers still read English.
    english = _get(client, reverse("sessions_app:session", args=[circle.pk]), "en")
    assert "<h1>Holding on to hope</h1>" in english


def test_a_missing_translation_falls_back_marked_with_its_language(client, world, tehran):
    english_only = make_session(hub=tehran, kind="discussion", starts_in=60, title="Your rights")
    page = _get(client, reverse("sessions_app:session", args=[english_only.pk]), "fa")
    # Shown in English, inside a Persian page: marked so screen readers and fonts switch.
    assert '<h1><span lang="en" dir="ltr">Your rights</span></h1>' in page
    assert '<html lang="fa" dir="rtl">' in page


def test_dari_falls_back_to_persian_and_english_to_what_staff_wrote(client, world, tehran):
    persian_only = make_session(
        hub=tehran, kind="discussion", starts_in=60, title_en=None, title_fa="حقوق شما"
    )
    url = reverse("sessions_app:session", args=[persian_only.pk])
    # Dari reads the Persian (marked as Persian); English readers read it too, marked.
    assert '<h1><span lang="fa" dir="rtl">حقوق شما</span></h1>' in _get(client, url, "fa-af")
    assert '<h1><span lang="fa" dir="rtl">حقوق شما</span></h1>' in _get(client, url, "en")
    # In its own language it needs no mark.
    assert "<h1>حقوق شما</h1>" in _get(client, url, "fa")


def test_the_hubs_name_inside_a_sentence_is_marked_too(client, world, tehran):
    page = _get(client, reverse("hubs:detail", args=[tehran.slug]), "ur")
    # No Urdu name: the English one, marked, inside the Urdu sentence.
    assert '<span lang="en" dir="ltr">Tehran</span>' in page
    assert "<title>Tehran" in page  # the tab title is plain text, never markup


def test_shown_reports_the_language_of_the_text(world, tehran):
    with translation.override("ps"):
        shown = content.shown(tehran, "name")
    assert (shown.text, shown.language) == ("Tehran", "en")
    with translation.override("fa-af"):
        assert content.shown(tehran, "name").language == "fa"


def test_existing_texts_become_the_english_ones(world, settings):
    """The migration that added the language columns copies what was saved before."""
    session = make_session(hub=world.hub_a, title="Letters home")
    Session.objects.filter(pk=session.pk).update(title_en=None)
    # The migration's own (historical) models: no modeltranslation there.
    settings.MIGRATION_MODULES = {}  # the suite runs without migrations; read them here
    loader = MigrationLoader(connection)
    historical = loader.project_state(("sessions_app", "0007_translated_content")).apps
    copy_into_default_language("sessions_app", {"Session": ("title",)})(historical, None)
    session.refresh_from_db()
    assert session.title_en == "Letters home"


# Staff write each text in their hub's languages ------------------------------------------


def test_room_form_has_one_name_per_language_of_the_hub(client, world, no_staff_2fa):
    world.hub_a.languages = ["ur", "ps", "en"]
    world.hub_a.save()
    client.force_login(world.organiser_a)
    url = reverse("hubs:rooms", args=[world.hub_a.slug])
    page = _get(client, url, "en")
    for name, language in (("name", "en"), ("name_ur", "ur"), ("name_ps", "ps")):
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
        assert f'lang="{language}"' in field
    assert 'name="name_fa"' not in page  # not a language of this hub
    response = client.post(url, {"name": "Garden room", "name_ur": "باغ والا کمرہ", "capacity": 9})
    assert response.status_code == 302
    room = Room.objects.get(hub=world.hub_a, name_en="Garden room")
    assert room.name_ur == "باغ والا کمرہ"
    assert room.name_ps is None


def test_a_room_needs_a_name_in_one_language_and_a_name_taken_in_that_language_is_refused(
    client, world, no_staff_2fa
):
    world.hub_a.languages = ["ur", "en"]
    world.hub_a.save()
    make_room(hub=world.hub_a, name_en="Hall", name_ur="ہال", capacity=30)
    client.force_login(world.organiser_a)
    url = reverse("hubs:rooms", args=[world.hub_a.slug])
    response = client.post(url, {"name": "", "name_ur": "", "capacity": 9})
    assert "Write this in at least one of the languages." in response.content.decode()
    response = client.post(url, {"name": "Quiet room", "name_ur": "ہال", "capacity": 9})
    page = response.content.decode()
    assert "This hub already has a room called “ہال”." in page
    assert 'value="Quiet room"' in page  # what was typed is kept
    assert not Room.objects.filter(name_en="Quiet room").exists()


def test_session_form_writes_the_title_in_each_language(client, world, no_staff_2fa):
    world.hub_a.languages = ["ur", "en"]
    world.hub_a.save()
    session = make_session(hub=world.hub_a, kind="discussion", starts_in=60, title="Talk")
    client.force_login(world.organiser_a)
    page = _get(client, reverse("sessions_app:session_edit", args=[session.pk]), "en")
    assert re.search(r'<input[^>]*name="title_ur"[^>]*lang="ur"', page)
    assert re.search(r'<textarea[^>]*name="description_ur"', page)
    assert 'value="Talk"' in page


# What is still untranslated ------------------------------------------------------------


def test_organisers_see_what_is_still_untranslated(client, world, no_staff_2fa):
    hub = world.hub_a
    hub.languages = ["ur", "en"]
    hub.name_ur = "اسلام آباد"
    hub.city_ur = "اسلام آباد"
    hub.save()
    society = hub.society
    society.name_ur, society.country_ur = "ایک سوسائٹی", "کوئی ملک"
    society.save()
    hub.rooms.update(name_ur="ایک کمرہ")
    talk = make_session(hub=hub, kind="discussion", starts_in=60, title="Coping together")
    client.force_login(world.organiser_a)
    url = reverse("hubs:dashboard", args=[hub.slug])
    page = _get(client, url, "en")
    section = page.split('id="untranslated-title"')[1].split("</section>")[0]
    row = re.search(r"<tr><td><bdi>Coping together</bdi></td>.*?</tr>", section).group(0)
    assert "Title" in row
    assert "اردو" in row
    assert reverse("sessions_app:session_edit", args=[talk.pk]) in row

    talk.title_ur = "مل کر سنبھلنا"
    talk.save()
    section = _get(client, url, "en").split('id="untranslated-title"')[1].split("</section>")[0]
    assert "Coping together" not in section
    assert "Everything families read here is written in all the hub's languages." in section


def test_the_untranslated_list_costs_the_same_queries_however_many_sessions(
    client, world, no_staff_2fa, django_assert_max_num_queries
):
    hub = world.hub_a
    hub.languages = ["ur", "ps", "en"]
    hub.save()
    client.force_login(world.organiser_a)
    url = reverse("hubs:dashboard", args=[hub.slug])

    def sessions(first, count):
        for number in range(first, first + count):
            make_session(
                hub=hub, kind="discussion", starts_in=60 + number * 120, title=f"T{number}"
            )
            make_room(hub=hub, name=f"Room {number}", capacity=10)

    sessions(0, 2)
    client.get(url)  # warm
    with django_assert_max_num_queries(40) as small:
        page = client.get(url).content.decode()
    assert "T1" in page
    sessions(2, 20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url).content.decode()
    assert "T21" in page


def test_the_admin_edits_each_language_of_a_hub(client, world, no_staff_2fa):
    client.force_login(world.admin)
    for url in (
        reverse("admin:hubs_hub_change", args=[world.hub_a.pk]),
        reverse("admin:hubs_nationalsociety_change", args=[world.hub_a.society_id]),
        reverse("admin:conference_conference_change", args=[world.conference.pk]),
    ):
        page = _get(client, url, "en")
        assert re.search(r'name="(name|title)_fa"', page), url
        assert not re.search(r'name="(name|title)"', page), url  # the undetermined column
