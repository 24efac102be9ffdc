"""Library search, in every language, on PostgreSQL and on the embedded SQLite.

Text is folded by the one normaliser (support/text.py) before it is stored and
before a query is run, so "كتاب" typed on an Arabic keyboard finds "کتاب", and
"۱۴۰۳" finds "1403". The services keep two normalised columns on each resource:
`search_title` and `search_document` (summary, text, transcript).

- PostgreSQL: full-text search with the 'simple' configuration (no stemming: it
  would be wrong for six languages at once; the text is already normalised) over a
  weighted tsvector (title A, the rest B), each query word matched as a prefix
  ("کودک" finds "کودکان"), and trigram word similarity on the title for typing
  mistakes ("ambigous"; pg_trgm's default threshold, 0.6). Both have GIN indexes,
  made by migration 0002.
- SQLite: the rows containing a query word are narrowed in the database, at most
  SQLITE_CANDIDATES of them, the newest first, then ranked in Python on whole words.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import BooleanField, F, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from support.rendering import plain_text
from support.text import words

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8
SQLITE_CANDIDATES = 500
RESULT_LIMIT = 200

POSTGRES_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS library_resource_search_vector_gin "
    "ON library_resource USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS library_resource_search_title_trgm "
    "ON library_resource USING gin (search_title gin_trgm_ops)",
]
POSTGRES_REVERSE_SQL = [
    "DROP INDEX IF EXISTS library_resource_search_title_trgm",
    "DROP INDEX IF EXISTS library_resource_search_vector_gin",
]
_VECTOR_SQL = (
    "setweight(to_tsvector('simple', search_title), 'A') || "
    "setweight(to_tsvector('simple', search_document), 'B')"
)


def install_postgres_search(db_connection) -> None:
    """The extension and indexes search needs on PostgreSQL (nothing elsewhere).
    Run by migration 0002; the test database, built without migrations, runs it too."""
    if db_connection.vendor != "postgresql":
        return
    with db_connection.cursor() as cursor:
        for statement in POSTGRES_SQL:
            cursor.execute(statement)


def uninstall_postgres_search(db_connection) -> None:
    if db_connection.vendor != "postgresql":
        return
    with db_connection.cursor() as cursor:
        for statement in POSTGRES_REVERSE_SQL:
            cursor.execute(statement)


# Indexing -------------------------------------------------------------------------


def document_for(resource) -> tuple[str, str]:
    """The normalised words of the title, and of the summary, text and transcript,
    each joined by single spaces."""
    rest = words(
        " ".join((resource.summary, plain_text(resource.body), plain_text(resource.transcript)))
    )
    return " ".join(words(resource.title))[:200], " ".join(rest)


def refresh_search_vectors(resources: QuerySet) -> None:
    """Rebuild the tsvector of `resources` from their normalised columns (PostgreSQL)."""
    if connection.vendor == "postgresql":
        resources.update(search_vector=RawSQL(_VECTOR_SQL, []))  # noqa: S611 - constant SQL


# Querying ---------------------------------------------------------------------------


def query_words(query: str) -> list[str]:
    """The normalised words of a query; single letters are dropped ("و", "a")
    unless nothing else is left, and there are at most MAX_QUERY_WORDS."""
    found = words((query or "")[:MAX_QUERY_LENGTH])
    kept = [word for word in found if len(word) > 1 or word.isdigit()] or found
    unique = list(dict.fromkeys(kept))
    return unique[:MAX_QUERY_WORDS]


def search(
    resources: QuerySet, query: str, *, newest: str = "published_at"
) -> tuple[list[int], bool]:
    """The primary keys of `resources` matching `query`, best first, at most
    RESULT_LIMIT of them; and whether more matched than that (nobody reads past
    the tenth page: they are asked for more words instead).

    Any model with the columns `search_title`, `search_document` and
    `search_vector` can be searched (library resources, forum posts); `newest`
    names its date field, which breaks ties (newest first)."""
    terms = query_words(query)
    if not terms:
        return [], False
    if connection.vendor == "postgresql":
        return _search_postgres(resources, terms, newest)
    return _search_sqlite(resources, terms, newest)


def _search_postgres(resources: QuerySet, terms: list[str], newest: str) -> tuple[list[int], bool]:
    words_found, titles_found = postgres_queries(resources, terms, newest=newest)
    found = list(words_found[: RESULT_LIMIT + 1])
    more = len(found) > RESULT_LIMIT
    seen = set(found)
    # Titles found only by trigram (a typing mistake) come after, most alike first.
    found += [pk for pk in titles_found[:RESULT_LIMIT] if pk not in seen]
    return found[:RESULT_LIMIT], more or len(found) > RESULT_LIMIT


def postgres_queries(
    resources: QuerySet, terms: list[str], *, newest: str = "published_at"
) -> tuple[QuerySet, QuerySet]:
    """Primary keys of `resources` whose words match `terms` (as prefixes), best
    first; and of those whose title is like the query (trigram word similarity).

    Two simple queries, each answered from its GIN index: written as one query
    with OR, PostgreSQL re-checked both conditions on every row, trigram
    similarity included, and planning alone took longer than either search."""
    # Words hold only letters, digits and underscores (\w), so they cannot carry
    # tsquery syntax; they are still passed as parameters.
    tsquery = " & ".join(f"{term}:*" for term in terms)
    text = " ".join(terms)
    by_words = (
        resources.filter(
            RawSQL(
                "search_vector @@ to_tsquery('simple', %s)", [tsquery], output_field=BooleanField()
            )
        )
        .annotate(
            # The title weighs more (A) than the summary, text and transcript (B).
            rank=RawSQL(
                "ts_rank(search_vector, to_tsquery('simple', %s))",
                [tsquery],
                output_field=FloatField(),
            )
        )
        .order_by(F("rank").desc(), F(newest).desc(nulls_last=True), "-pk")
        .values_list("pk", flat=True)
    )
    by_title = (
        resources.filter(RawSQL("%s <%% search_title", [text], output_field=BooleanField()))
        .annotate(
            likeness=RawSQL("word_similarity(%s, search_title)", [text], output_field=FloatField())
        )
        .order_by(F("likeness").desc(), F(newest).desc(nulls_last=True), "-pk")
        .values_list("pk", flat=True)
    )
    return by_words, by_title


def _score(terms: Iterable[str], title_words: set[str], document_words: set[str]) -> float:
    """Whole words count more than prefixes, the title more than the rest; 0 when
    a term is found nowhere (every term must match)."""
    score = 0.0
    for term in terms:
        if term in title_words:
            score += 3
        elif any(word.startswith(term) for word in title_words):
            score += 2
        elif term in document_words:
            score += 1
        elif any(word.startswith(term) for word in document_words):
            score += 0.5
        else:
            return 0.0
    return score


def _search_sqlite(resources: QuerySet, terms: list[str], newest: str) -> tuple[list[int], bool]:
    from django.db.models import Q

    # Every term must appear; the longest narrows the most.
    condition = Q()
    for term in terms:
        condition &= Q(search_title__contains=term) | Q(search_document__contains=term)
    candidates = (
        resources.filter(condition)
        .order_by(F(newest).desc(nulls_last=True), "-pk")
        .values_list("pk", "search_title", "search_document")[:SQLITE_CANDIDATES]
    )
    scored = []
    for pk, title, document in candidates:
        score = _score(terms, set(title.split()), set(document.split()))
        if score:
            scored.append((score, pk))
    # Stable sort: equal scores keep the newest first.
    scored.sort(key=lambda item: -item[0])
    return [pk for _score_, pk in scored[:RESULT_LIMIT]], len(scored) > RESULT_LIMIT
