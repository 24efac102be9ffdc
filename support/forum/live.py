"""Channel-layer groups of the forum."""


def thread_group(thread_id: int) -> str:
    """Every open page of one thread."""
    return f"forum-thread-{thread_id}"


def category_group(category_id: int) -> str:
    """Every open list of one category's threads."""
    return f"forum-category-{category_id}"


def review_group(hub_id: int | None) -> str:
    """The review queues of the moderators of one hub (None: the global and
    language categories, every moderator)."""
    return f"forum-review-hub-{hub_id}" if hub_id else "forum-review-global"
