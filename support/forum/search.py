"""Forum search: the library's search (support/library/search.py) over posts.

Posts keep the same normalised columns as library resources (`search_title` on
opening posts, `search_document`, `search_vector`), so the same queries, indexes
and SQLite fallback serve both; only the rows differ.
"""

from support.library.search import refresh_search_vectors  # noqa: F401 - the forum's too
from support.rendering import plain_text
from support.text import words


def document_for(post, *, title: str = "") -> tuple[str, str]:
    """The normalised words of the thread's title (opening post only) and of the body."""
    return " ".join(words(title))[:200], " ".join(words(plain_text(post.body)))
