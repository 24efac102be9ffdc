"""Forum search: the library's search (support/library/search.py) over posts.

Posts keep the same normalised columns as library resources (`search_title` on
opening posts, `search_document`, `search_vector`), so the same normaliser,
queries and SQLite fallback serve both; only the rows and their GIN indexes
(migration 0002) differ. A person finds only visible posts of the categories
they may read.
"""

from conference import permissions
from support.library.search import RESULT_LIMIT, refresh_search_vectors, search  # noqa: F401
from support.rendering import plain_text
from support.text import words

SHOWN = 50

POSTGRES_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS forum_post_search_vector_gin "
    "ON forum_post USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS forum_post_search_title_trgm "
    "ON forum_post USING gin (search_title gin_trgm_ops)",
]
POSTGRES_REVERSE_SQL = [
    "DROP INDEX IF EXISTS forum_post_search_title_trgm",
    "DROP INDEX IF EXISTS forum_post_search_vector_gin",
]


def install_postgres_search(db_connection) -> None:
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


def document_for(post, *, title: str = "") -> tuple[str, str]:
    """The normalised words of the thread's title (opening post only) and of the body."""
    return " ".join(words(title))[:200], " ".join(words(plain_text(post.body)))


def searchable(user, *, category: str = "", language: str = ""):
    """Posts `user` may find: visible, not deleted, in a visible thread of a
    category they read; narrowed to one category (slug) or language."""
    from support.forum.models import Post, State

    posts = Post.objects.filter(
        state=State.VISIBLE,
        deleted_by_author=False,
        thread__state=State.VISIBLE,
        thread__category__in=permissions.category_ids_visible_to(user),
    )
    if category:
        posts = posts.filter(thread__category__slug=category)
    if language:
        posts = posts.filter(thread__category__language=language)
    return posts


def search_posts(user, query: str, *, category: str = "", language: str = ""):
    """The best SHOWN posts matching `query`, with their threads; and whether more
    matched."""
    from support.forum.models import Post

    ids, more = search(
        searchable(user, category=category, language=language), query, newest="created_at"
    )
    shown = ids[:SHOWN]
    rows = (
        Post.objects.select_related("thread__category", "author")
        .defer("search_title", "search_document", "search_vector")
        .in_bulk(shown)
    )
    return [rows[pk] for pk in shown if pk in rows], more or len(ids) > SHOWN
