"""E-mails about followed threads and categories, and the link that stops them."""

from django.core import signing

UNFOLLOW_SALT = "forum.unfollow"


def unfollow_token(follow) -> str:
    """A link token that ends this one follow, for whoever holds the e-mail; it
    names the follow and its person, and never expires (the follow itself may)."""
    return signing.dumps({"f": follow.pk, "u": follow.user_id}, salt=UNFOLLOW_SALT, compress=True)


def follow_from_token(token: str):
    """The follow a token names, or None if it is already gone. BadSignature if the
    token was not made here."""
    from support.forum.models import Follow

    data = signing.loads(token, salt=UNFOLLOW_SALT)
    if not isinstance(data, dict):
        raise signing.BadSignature("not a follow token")
    return (
        Follow.objects.select_related("thread", "category", "user")
        .filter(pk=data.get("f"), user_id=data.get("u"))
        .first()
    )


def immediate_queue(post) -> None:
    """Queue the "at once" e-mails about a newly visible post (written in step 5)."""
    return None
