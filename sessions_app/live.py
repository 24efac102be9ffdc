"""Channel-layer groups of the live circles. Sending goes through
`conference.live` (after commit, or collected inside a consumer)."""

from conference.live import collecting, send_after_commit, send_all

__all__ = [
    "circle_group",
    "collecting",
    "send_after_commit",
    "send_all",
    "staff_group",
    "user_group",
]


def circle_group(session_id: int) -> str:
    """Everyone inside a circle: admitted families and those running it."""
    return f"circle-{session_id}"


def staff_group(session_id: int) -> str:
    """Those running a circle: its facilitators, the hub's organisers, global admins."""
    return f"circle-{session_id}-staff"


def user_group(session_id: int, user_id: int) -> str:
    """Every open page of one person in one circle."""
    return f"circle-{session_id}-user-{user_id}"
