"""What the forum's pages read, each in a fixed number of queries however big the
forum grows: threads by keyset on (last_post_at, id), posts by position range."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from conference import permissions
from support.forum.models import Category, Post, ReadMarker, State, Thread

SEARCH_COLUMNS = ("search_title", "search_document", "search_vector")


@dataclass
class ThreadPage:
    threads: list
    pinned: list
    next_cursor: str = ""
    unread: dict = field(default_factory=dict)  # thread id -> new posts (None: never opened)


def _cursor(thread: Thread) -> str:
    return f"{int(thread.last_post_at.timestamp() * 1_000_000)}.{thread.pk}"


def parse_cursor(value: str | None) -> tuple[datetime.datetime, int] | None:
    """A cursor from the address bar; anything malformed means the first page."""
    try:
        micros, pk = (value or "").split(".", 1)
        moment = datetime.datetime.fromtimestamp(int(micros) / 1_000_000, tz=datetime.UTC)
        return moment, int(pk)
    except (ValueError, OverflowError, OSError):
        return None


def visible_threads(user, category: Category):
    """Threads of `category` listed for `user`: the visible ones, and their own
    held for review (marked so on the page)."""
    condition = Q(state=State.VISIBLE)
    if user.is_authenticated:
        condition |= Q(state=State.PENDING, author=user)
    return Thread.objects.filter(category=category).filter(condition)


def category_page(user, category: Category, *, cursor: str | None = None) -> ThreadPage:
    """One page of a category's threads, newest activity first; pinned ones on top of
    the first page. Five queries: pinned, page, authors' badges, read markers."""
    size = settings.FORUM_THREADS_PER_PAGE
    threads = visible_threads(user, category).select_related("author")
    after = parse_cursor(cursor)
    pinned = [] if after else list(threads.filter(pinned=True).order_by("-last_post_at", "-pk"))
    rest = threads.filter(pinned=False).order_by("-last_post_at", "-pk")
    if after:
        moment, pk = after
        rest = rest.filter(Q(last_post_at__lt=moment) | Q(last_post_at=moment, pk__lt=pk))
    rows = list(rest[: size + 1])
    page = ThreadPage(threads=rows[:size], pinned=pinned)
    if len(rows) > size:
        page.next_cursor = _cursor(rows[size - 1])
    page.unread = unread_counts(user, pinned + page.threads)
    return page


def unread_counts(user, threads) -> dict[int, int | None]:
    """For each thread, how many posts came after what `user` last read (None: never
    opened). One query."""
    if not user.is_authenticated or not threads:
        return {}
    seen = dict(
        ReadMarker.objects.filter(user=user, thread__in=[t.pk for t in threads]).values_list(
            "thread_id", "position"
        )
    )
    return {t.pk: (max(0, t.last_position - seen[t.pk]) if t.pk in seen else None) for t in threads}


def page_count(thread: Thread) -> int:
    return max(1, (thread.last_position - 1) // settings.FORUM_POSTS_PER_PAGE + 1)


def page_of(position: int) -> int:
    return max(1, (position - 1) // settings.FORUM_POSTS_PER_PAGE + 1)


def posts_for(user, thread: Thread, moderator: bool):
    """The posts of `thread` shown to `user`: visible ones; others' held, hidden and
    removed posts appear as a short note (their text only for moderators); one's
    own post held for review is shown to oneself; others' held posts not at all."""
    posts = (
        Post.objects.filter(thread=thread)
        .select_related("author", "quote__author")
        .defer(*SEARCH_COLUMNS, *(f"quote__{name}" for name in SEARCH_COLUMNS))
    )
    if not moderator:
        posts = posts.exclude(Q(state=State.PENDING) & ~Q(author_id=user.pk))
    return posts.order_by("position")


def thread_page(user, thread: Thread, page: int) -> list[Post]:
    """Posts of page `page` (1-based): a range of positions, read by index."""
    size = settings.FORUM_POSTS_PER_PAGE
    moderator = permissions.can_moderate_category(user, thread.category)
    first = (page - 1) * size + 1
    # The LIMIT is implied by the range, but said: without it PostgreSQL misjudged the
    # range as thousands of rows on a long thread and started parallel workers (18 ms).
    posts = list(
        posts_for(user, thread, moderator).filter(position__gte=first, position__lt=first + size)[
            :size
        ]
    )
    decorate(user, posts, moderator=moderator, thread=thread)
    return posts


def posts_after(user, thread: Thread, position: int, *, limit: int = 50) -> list[Post]:
    moderator = permissions.can_moderate_category(user, thread.category)
    posts = list(posts_for(user, thread, moderator).filter(position__gt=position)[:limit])
    decorate(user, posts, moderator=moderator, thread=thread)
    return posts


def decorate(user, posts: list[Post], *, moderator: bool, thread: Thread | None = None) -> None:
    """Attach to each post what its template needs: the author's staff badge,
    whether the viewer is with it, may edit, delete, react. Two queries."""
    from support.forum.models import Reaction

    if not posts:
        return
    for post in posts:
        if thread is not None and post.thread_id == thread.pk:
            post.thread = thread  # one thread object for all: no query per post
    ids = {p.author_id for p in posts} | {p.quote.author_id for p in posts if p.quote}
    badges = permissions.forum_badges(ids)
    reacted = set(
        Reaction.objects.filter(user=user, post__in=[p.pk for p in posts]).values_list(
            "post_id", flat=True
        )
    )
    now = timezone.now()
    # Every post's addresses from one reverse each (a page shows five per post).
    post_prefix = reverse("forum:post", args=[0]).rsplit("0/", 1)[0]
    thread_url = reverse("forum:thread", args=[thread.pk]) if thread is not None else ""
    for post in posts:
        post.link = f"{post_prefix}{post.pk}/"
        post.quote_url = f"{thread_url}?page=last&quote={post.pk}#reply" if thread_url else ""
        post.badge = badges.get(post.author_id, "")
        post.quote_badge = badges.get(post.quote.author_id, "") if post.quote else ""
        post.reacted = post.pk in reacted
        post.shows_text = (
            post.state == State.VISIBLE
            or moderator
            or (post.state == State.PENDING and post.author_id == user.pk)
        )
        post.may_edit = permissions.can_edit_post(user, post, now=now)
        post.may_delete = permissions.can_delete_own_post(user, post)
        post.may_react = permissions.can_react(user, post)
