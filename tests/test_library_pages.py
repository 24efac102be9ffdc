"""The library's pages for families: filters as plain GET forms with the viewer's
language first, a constant number of queries whatever the size of the library,
translations linked both ways with the language switcher leading to them, what a
resource costs to open shown before it is opened, resources offered after a
session and at the end of a circle, and a light article page."""

import gzip
import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from support.library import search, services
from support.library.demo import build_topics
from support.library.models import Resource
from tests.factories import make_session, register
from tests.library_helpers import make_resource, publish, published

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["en", "fa", "ur", "ar", "ps", "fr"]


def _ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<h3 class="card-title"><a href="/library/(\d+)/"', html)]


def bulk_published(hub, count: int, *, author) -> None:
    """`count` published resources in six languages, made in bulk (the services
    are tested elsewhere; here only the pages' queries matter)."""
    topics = list(build_topics().values())
    now = timezone.now()
    rows = []
    for number in range(count):
        title = f"Bulk resource {number} hope امید"
        rows.append(
            Resource(
                kind="article",
                title=title,
                summary="A summary.",
                body="Some words.",
                language=LANGUAGES[number % len(LANGUAGES)],
                hub=hub,
                status="published",
                published_at=now,
                author=author,
                translation_group=uuid.uuid4(),
                search_title=" ".join(search.words(title)),
                search_document="a summary some words",
                reading_minutes=1,
            )
        )
    made = Resource.objects.bulk_create(rows)
    Through = Resource.topics.through
    Through.objects.bulk_create(
        [Through(resource_id=r.pk, topic_id=topics[n % len(topics)].pk) for n, r in enumerate(made)]
        + [Through(resource_id=r.pk, topic_id=topics[0].pk) for n, r in enumerate(made) if n % 8]
    )
    search.refresh_search_vectors(Resource.objects.filter(pk__in=[r.pk for r in made]))


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/library/",
        "/library/?page=2",
        "/library/?language=fa&kind=article",
        "/library/?q=hope",
        "/library/?q=امید&language=fa",
        "/library/topics/ambiguous-loss/",
    ],
)
def test_list_topic_and_search_pages_do_not_grow_with_the_library(client, world, url):
    client.force_login(world.family)
    bulk_published(world.hub_a, 30, author=world.organiser_a)
    small = _queries(client, url)
    bulk_published(world.hub_a, 1000, author=world.organiser_a)
    large = _queries(client, url)
    assert large == small
    assert large <= 10


def test_a_resource_page_does_not_grow_with_its_translations_and_topics(client, world):
    first = published(author=world.organiser_a, reviewer=world.support_a, hub=world.hub_a)
    client.force_login(world.family)
    small = _queries(client, f"/library/{first.pk}/")
    for language in ["fa", "ur", "ar", "ps", "fr"]:
        published(
            author=world.organiser_a,
            reviewer=world.support_a,
            hub=world.hub_a,
            language=language,
            translation_of=first,
        )
    first.topics.set(build_topics().values())
    assert _queries(client, f"/library/{first.pk}/") == small


# Translations and the language switcher -------------------------------------------


@pytest.fixture
def translated(world):
    english = published(
        author=world.organiser_a,
        reviewer=world.support_a,
        hub=world.hub_a,
        title="Living with not knowing",
    )
    others = {
        language: published(
            author=world.organiser_a,
            reviewer=world.support_a,
            hub=world.hub_a,
            language=language,
            title=title,
            translation_of=english,
        )
        for language, title in (("fa", "زندگی با ندانستن"), ("ur", "نہ جاننے کے ساتھ جینا"))
    }
    return {"en": english, **others}


def _also_in(html: str) -> dict[str, int]:
    nav = re.search(r'<nav class="also-in".*?</nav>', html, re.S)
    if not nav:
        return {}
    found = re.findall(r'<a href="/library/(\d+)/" lang="([\w-]+)"', nav.group(0))
    return {language: int(pk) for pk, language in found}


def test_translations_are_linked_both_ways(client, translated):
    for language, resource in translated.items():
        html = client.get(f"/library/{resource.pk}/").content.decode()
        expected = {code: r.pk for code, r in translated.items() if code != language}
        assert _also_in(html) == expected


def test_a_draft_translation_is_not_offered_to_families(client, world, translated):
    make_resource(
        author=world.organiser_a,
        hub=world.hub_a,
        language="ar",
        title="العيش مع عدم المعرفة",
        translation_of=translated["en"],
    )
    html = client.get(f"/library/{translated['en'].pk}/").content.decode()
    assert "ar" not in _also_in(html)


def test_only_one_version_per_language(world, translated):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        make_resource(
            author=world.organiser_a,
            hub=world.hub_a,
            language="fa",
            translation_of=translated["en"],
        )
    assert "language" in refused.value.message_dict


def test_the_switcher_on_a_resource_leads_to_its_translation(client, translated):
    english = translated["en"]
    page = client.get(f"/library/{english.pk}/").content.decode()
    assert f'name="next" value="/library/{english.pk}/?switched=1"' in page
    response = client.post(
        "/i18n/setlang/",
        {"language": "fa", "next": f"/library/{english.pk}/?switched=1"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/library/{translated['fa'].pk}/"
    assert 'lang="fa" dir="rtl"' in response.content.decode()
    assert "زندگی با ندانستن" in response.content.decode()


def test_switching_to_a_language_without_a_translation_stays(client, translated):
    english = translated["en"]
    response = client.post(
        "/i18n/setlang/",
        {"language": "fr", "next": f"/library/{english.pk}/?switched=1"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/library/{english.pk}/"
    assert 'lang="fr"' in response.content.decode()


def test_an_also_in_link_is_followed_whatever_the_interface_language(client, translated):
    """Only the switcher moves to a translation: a Persian reader who chose English
    from "also in" reads the English one."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    response = client.get(f"/library/{translated['en'].pk}/")
    assert response.status_code == 200
    assert "Living with not knowing" in response.content.decode()


def test_dari_readers_are_led_to_persian(client, translated):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa-af"
    response = client.get(f"/library/{translated['en'].pk}/?switched=1")
    assert response["Location"] == f"/library/{translated['fa'].pk}/"


# Lists and filters -----------------------------------------------------------------


def test_the_viewers_language_comes_first(client, world):
    older_persian = published(
        author=world.organiser_a, reviewer=world.support_a, hub=world.hub_a, language="fa"
    )
    newer_english = published(
        author=world.organiser_a, reviewer=world.support_a, hub=world.hub_a, language="en"
    )
    assert _ids(client.get("/library/").content.decode())[:2] == [
        newer_english.pk,
        older_persian.pk,
    ]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    assert _ids(client.get("/library/").content.decode())[:2] == [
        older_persian.pk,
        newer_english.pk,
    ]


def test_filters_are_a_plain_get_form(client, world):
    def make(**fields):
        return published(
            author=world.organiser_a, reviewer=world.support_a, hub=world.hub_a, **fields
        )

    sleep_audio = make(kind="audio", topic="stress-and-sleep", language="fa")
    children = make(topic="talking-with-children", audience="children")
    make(topic="stress-and-sleep", language="en")
    html = client.get("/library/").content.decode()
    form = re.search(r'<form method="get" action="/library/".*?</form>', html, re.S).group(0)
    for name in ("q", "topic", "language", "kind", "audience"):
        assert f'name="{name}"' in form
    assert _ids(client.get("/library/?topic=stress-and-sleep&kind=audio").content.decode()) == [
        sleep_audio.pk
    ]
    assert _ids(client.get("/library/?audience=children").content.decode()) == [children.pk]


def test_unknown_filters_are_ignored_with_a_message(client, world):
    published(author=world.organiser_a, reviewer=world.support_a, hub=world.hub_a)
    response = client.get("/library/?topic=nope&kind=<script>&page=999")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Some filters were not understood and are ignored." in html
    assert len(_ids(html)) == 1


def test_the_topic_page_lists_its_resources(client, world):
    mine = published(
        author=world.organiser_a, reviewer=world.support_a, hub=world.hub_a, topic="grief-and-hope"
    )
    published(author=world.organiser_a, reviewer=world.support_a, hub=world.hub_a)
    assert _ids(client.get("/library/topics/grief-and-hope/").content.decode()) == [mine.pk]
    assert client.get("/library/topics/nothing-here/").status_code == 404


def test_size_and_duration_are_shown_before_anything_is_downloaded(client, world):
    audio = published(
        author=world.organiser_a,
        reviewer=world.support_a,
        hub=world.hub_a,
        kind="audio",
        duration_seconds=245,
        transcript="Breathe in slowly.",
    )
    card = client.get("/library/").content.decode()
    assert "4:05 long · 54.0\xa0KB" in card
    page = client.get(f"/library/{audio.pk}/").content.decode()
    assert "4:05 long · 54.0\xa0KB" in page
    assert f'<audio controls preload="none" src="/library/{audio.pk}/file/"' in page
    assert (
        "Breathe in slowly."
        in re.search(r'<section class="transcript".*?</section>', page, re.S)[0]
    )
    assert "Download (54.0\xa0KB)" in page


# Links into the programme ------------------------------------------------------------


def test_a_session_lists_its_published_resources_in_constant_queries(client, world):
    session = make_session(hub=world.hub_a, kind="psychosocial", capacity=None)
    first = published(
        author=world.organiser_a,
        reviewer=world.support_a,
        hub=world.hub_a,
        title="Read after the talk",
        sessions=[session],
    )
    draft = make_resource(
        author=world.organiser_a, hub=world.hub_a, title="Not yet", sessions=[session]
    )
    url = f"/programme/sessions/{session.pk}/"
    html = client.get(url).content.decode()
    section = re.search(r'<section class="session-resources".*?</section>', html, re.S)[0]
    assert "Read or listen afterwards" in section
    assert f'href="/library/{first.pk}/"' in section
    assert draft.title not in section
    small = _queries(client, url)
    for number in range(4):
        published(
            author=world.organiser_a,
            reviewer=world.support_a,
            hub=world.hub_a,
            sessions=[session],
            title=f"More {number}",
        )
    assert _queries(client, url) == small


def test_the_end_of_a_circle_leads_to_help_and_resources(client, admitted_circle, world):
    from sessions_app import circles

    persian = published(
        author=world.organiser_a,
        reviewer=world.support_a,
        hub=world.hub_a,
        language="fa",
        title="برای روزهای بعد",
    )
    english = published(
        author=world.organiser_a, reviewer=world.support_a, hub=world.hub_a, title="After"
    )
    circles.circle_end(access=circles.access_for(world.facilitator_a, admitted_circle))
    world.family.language = "fa"
    world.family.save()
    client.force_login(world.family)
    html = client.get(f"/circles/{admitted_circle.pk}/").content.decode()
    section = re.search(
        r'<section class="notice" aria-labelledby="after-circle-title">.*?</section>', html, re.S
    )[0]
    assert f'href="/help/?hub={world.hub_a.slug}"' in section
    assert f'href="/library/{persian.pk}/"' in section
    assert f'href="/library/{english.pk}/"' not in section


def test_every_page_leads_to_help_and_says_tracing_is_free(client, world):
    home = client.get("/").content.decode()
    assert 'href="/help/"' in home
    footer = re.search(r'<footer class="site-footer">.*?</footer>', home, re.S)[0]
    assert 'href="/help/"' in footer
    assert "tracing services are free" in footer
    help_page = client.get("/help/").content.decode()
    assert "Tracing services are free." in help_page
    assert "never ask for money" in help_page


def test_an_article_page_is_light(client, world):
    """The first load of an article (HTML, styles, script), gzip-compressed as the
    proxy sends it, stays under 30 KB."""
    body = "\n\n".join(["Some plain words about living with not knowing. " * 12] * 12)
    article = published(
        author=world.organiser_a, reviewer=world.support_a, hub=world.hub_a, body=body
    )
    html = client.get(f"/library/{article.pk}/").content
    assets = [
        ROOT / "static" / path
        for path in re.findall(r'(?:href|src)="/static/([^"]+)"', html.decode())
    ]
    assert {path.name for path in assets} >= {"site.css", "library.css", "site.js"}
    total = len(gzip.compress(html)) + sum(len(gzip.compress(p.read_bytes())) for p in assets)
    assert total < 30 * 1024, total


def test_registered_family_sees_its_registration_hub_first(client, world):
    """(The directory has its own tests; here: the viewer's hub comes from the
    registration in the current edition.)"""
    register(world.family, world.hub_b)
    client.force_login(world.family)
    html = client.get("/help/").content.decode()
    assert html.count('name="hub"') == 1
    assert f'value="{world.hub_b.slug}"' in html


def test_writers_see_the_way_to_the_staff_pages(client, world, no_staff_2fa):
    client.force_login(world.support_a)
    assert 'href="/library/staff/"' in client.get("/library/").content.decode()
    client.force_login(world.family)
    assert 'href="/library/staff/"' not in client.get("/library/").content.decode()


def test_publishing_is_what_makes_a_resource_appear(client, world):
    resource = make_resource(author=world.organiser_a, hub=world.hub_a, title="Soon here")
    assert "Soon here" not in client.get("/library/").content.decode()
    publish(resource, author=world.organiser_a, reviewer=world.support_a)
    assert "Soon here" in client.get("/library/").content.decode()
    services.resource_archive(actor=world.support_a, resource=resource)
    assert "Soon here" not in client.get("/library/").content.decode()


def test_language_first_pages_hold_every_resource_once(world):
    bulk_published(world.hub_a, 23, author=world.organiser_a)  # 4 in Persian
    resources = Resource.objects.published()
    expected = list(
        resources.filter(language="fa")
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)
    ) + list(
        resources.exclude(language="fa")
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)
    )
    ordered = resources.language_first(["fa"])
    assert ordered.count() == 23
    for size in (1, 3, 4, 5, 10, 30):
        pages = [ordered[start : start + size] for start in range(0, 23, size)]
        assert [r.pk for page in pages for r in page] == expected, size


def test_writers_see_every_version_with_its_status(client, world, translated, no_staff_2fa):
    draft = make_resource(
        author=world.organiser_a,
        hub=world.hub_a,
        language="ar",
        title="العيش مع عدم المعرفة",
        translation_of=translated["en"],
    )
    client.force_login(world.support_a)
    html = client.get(f"/library/{translated['en'].pk}/").content.decode()
    panel = re.search(r'<section class="staff-links".*?</section>', html, re.S)[0]
    assert f'<a href="/library/{draft.pk}/" lang="ar">Arabic</a> (Draft)' in panel
    assert f'href="/library/staff/new/?translation_of={translated["en"].pk}"' in panel


def test_lists_count_up_to_a_limit(client, world, monkeypatch):
    from support.library.models import LanguageFirst

    monkeypatch.setattr(LanguageFirst, "COUNT_LIMIT", 25)
    bulk_published(world.hub_a, 30, author=world.organiser_a)
    html = client.get("/library/").content.decode()
    assert "More than 25 resources" in html
    assert "Page 1 of 3" in html
    html = client.get("/library/?page=3").content.decode()
    assert len(_ids(html)) == 1  # 25 counted: the 25th is on the third page
