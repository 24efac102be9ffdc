"""Channel-layer groups of the forum."""


def thread_group(thread_id: int) -> str:
    """Every open page of one thread."""
    return f"forum-thread-{thread_id}"


def category_group(category_id: int) -> str:
    """Every open list of one category's threads."""
    return f"forum-category-{category_id}"
