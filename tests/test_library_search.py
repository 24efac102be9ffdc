"""Library search in every language, on PostgreSQL and on SQLite (the suite runs
on both): letters typed on an Arabic keyboard find Persian text, Persian and
Arabic-Indic digits find ASCII digits and back, diacritics and the zero-width
non-joiner do not matter; ranked, filtered, published only, never a 500."""

import pytest
from django.db import connection

from support.library import search
from support.library.models import Resource
from tests.library_helpers import make_resource, published

pytestmark = pytest.mark.django_db
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (full-text and trigram search)"
)


@pytest.fixture
def library(world):
    def add(title, body="", language="fa", **extra):
        return published(
            author=world.organiser_a,
            reviewer=world.support_a,
            hub=world.hub_a,
            title=title,
            body=body or "متن",
            language=language,
            **extra,
        )

    return add


def _found(client, query, **filters) -> list[str]:
    html = client.get("/library/", {"q": query, **filters}).content.decode()
    import re

    return re.findall(r'<h3 class="card-title"><a href="/library/(\d+)/"', html)


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("گفتگو با کودکان", "كودكان"),  # Arabic kaf typed, Persian keheh written
        ("زندگی با ندانستن", "زندگي"),  # Arabic yeh typed
        ("زندگی با ندانستن", "زندگى"),  # alef maksura typed
        ("سلام بر شما", "سَلامٌ"),  # harakat typed
        ("سَلامٌ بر شما", "سلام"),  # harakat written
        ("ســـلام بر شما", "سلام"),  # tatweel written
        ("می‌خواهم بدانم", "میخواهم"),  # zero-width non-joiner written
        ("خانهٔ ما", "خانه"),
        ("Réunion des familles", "REUNION"),  # case and accents, Latin
        ("گزارش سال ۱۴۰۳", "1403"),  # Persian digits written, ASCII typed
        ("Report 2025", "۲۰۲۵"),  # ASCII written, Persian digits typed
        ("Report 2025", "٢٠٢٥"),  # Arabic-Indic digits typed
        ("گفتگو با کودکان", "کودک"),  # a word's beginning finds the word
    ],
)
def test_written_and_typed_forms_find_each_other(client, library, written, typed):
    wanted = library(written)
    library("چیزی دیگر")  # must not be found
    assert _found(client, typed) == [str(wanted.pk)]


def test_text_summary_and_transcript_are_searched(client, library):
    by_body = library("اول", body="درباره **خواب** آرام")
    by_summary = library("دوم", summary="راهنمای خواب کودکان")
    by_transcript = library("سوم", kind="audio", transcript="تمرین برای خواب")
    assert set(_found(client, "خواب")) == {str(r.pk) for r in (by_body, by_summary, by_transcript)}


def test_every_word_must_match(client, library):
    both = library("sleep and children", language="en")
    library("sleep alone", language="en")
    assert _found(client, "children sleep") == [str(both.pk)]


def test_a_title_match_ranks_above_a_text_match(client, library):
    in_text = library("Another page", body="a few words about grief", language="en")
    in_title = library("Grief and hope", language="en")
    assert _found(client, "grief") == [str(in_title.pk), str(in_text.pk)]


def test_filters_apply_to_search(client, library):
    persian = library("امید")
    library("hope امید", language="en")
    assert _found(client, "امید", language="fa") == [str(persian.pk)]


def test_only_published_resources_are_found(client, world, library):
    library("امید منتشرشده")
    make_resource(author=world.organiser_a, hub=world.hub_a, title="امید پیش‌نویس", language="fa")
    assert len(_found(client, "امید")) == 1


@pytest.mark.parametrize(
    "query",
    [
        "a & b | !c ( ' :* <-> \\",
        "' OR 1=1 --",
        "%_%",
        "و",
        "x" * 5000,
        "\u200c\u200c",
        "🙂",
    ],
)
def test_odd_queries_never_fail(client, library, query):
    library("چیزی")
    response = client.get("/library/", {"q": query})
    assert response.status_code == 200


def test_query_words_are_bounded_and_single_letters_dropped():
    assert search.query_words("و کودک ب") == ["کودک"]
    assert search.query_words("و") == ["و"]
    assert len(search.query_words(" ".join(f"w{n}" for n in range(50)))) == search.MAX_QUERY_WORDS


def test_the_search_columns_are_kept_normalised(world):
    resource = make_resource(
        author=world.organiser_a,
        hub=world.hub_a,
        title="كتاب ۱۲",
        summary="Réunion",
        body="**می‌خواهم**",
        language="fa",
    )
    resource.refresh_from_db()
    assert resource.search_title == "کتاب 12"
    assert resource.search_document == "reunion میخواهم"


@on_postgres
@pytest.mark.postgres
def test_postgres_finds_titles_typed_with_a_mistake(client, library):
    wanted = library("Ambiguous loss explained", language="en")
    assert _found(client, "ambigous loss") == [str(wanted.pk)]


@on_postgres
@pytest.mark.postgres
def test_postgres_search_uses_its_gin_indexes(world, library):
    """search() on PostgreSQL is answered from its two GIN indexes."""
    library("امید")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    by_words, by_title = search.postgres_queries(Resource.objects.all(), ["امید"])
    assert "library_resource_search_vector_gin" in by_words.explain()
    assert "library_resource_search_title_trgm" in by_title.explain()
    assert len(by_words) == len(by_title) == 1


@on_postgres
@pytest.mark.postgres
def test_postgres_vector_weights_the_title(world, library):
    resource = library("امید", body="خواب")
    vector = Resource.objects.values_list("search_vector", flat=True).get(pk=resource.pk)
    assert "'امید':1A" in vector
    assert "'خواب'" in vector
