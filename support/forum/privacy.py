"""Personal data of the family solidarity forum (see conference/privacy.py)."""

from django.utils.translation import gettext_lazy as _

from conference.privacy import Erasure, Purpose, declare, exempt
from support.forum.models import (
    Category,
    Follow,
    GuidelinesAcceptance,
    MailQueued,
    Post,
    PostRevision,
    PseudonymChange,
    Reaction,
    ReadMarker,
    Thread,
)

declare(
    Thread,
    purpose=Purpose.FORUM,
    holds=_("the titles of the forum threads you started"),
    retention=_("as long as the forum keeps the thread"),
    # The thread stays for the others who replied; it is shown as by "a former member".
    erasure=Erasure.ANONYMISE,
    subject="author",
)


def _erase_posts(user) -> int:
    from support.forum.services import member_posts_erase

    return member_posts_erase(user=user)


declare(
    Post,
    purpose=Purpose.FORUM,
    holds=_("the messages you wrote in the forum, when, and whether they were held for review"),
    retention=_("as long as the forum keeps the thread"),
    # Kept for the others who read them, as by "a former member", without personal
    # data; never-published ones deleted (support.forum.services.member_posts_erase).
    erasure=Erasure.ANONYMISE,
    subject="author",
    export_exclude=("search_title", "search_document", "search_vector"),
    erase=_erase_posts,
)
declare(
    PostRevision,
    purpose=Purpose.FORUM,
    holds=_("earlier versions of your forum messages, kept for the moderators"),
    retention=_("as long as the forum keeps the message"),
    erasure=Erasure.DELETE,
    subject="post__author",
)
declare(
    Reaction,
    purpose=Purpose.FORUM,
    holds=_("the forum messages you said you are with"),
    retention=_("until you take it back or delete your account"),
    erasure=Erasure.DELETE,
)
declare(
    Follow,
    purpose=Purpose.FORUM,
    holds=_("the threads and categories you follow, and how often you get e-mails about them"),
    retention=_("until you stop following or delete your account"),
    erasure=Erasure.DELETE,
)
declare(
    ReadMarker,
    purpose=Purpose.FORUM,
    holds=_("how far you have read each forum thread"),
    retention=_("until you delete your account"),
    erasure=Erasure.DELETE,
)
declare(
    GuidelinesAcceptance,
    purpose=Purpose.FORUM,
    holds=_("which version of the forum guidelines you accepted, and when"),
    retention=_("until you delete your account"),
    erasure=Erasure.DELETE,
)
declare(
    PseudonymChange,
    purpose=Purpose.FORUM,
    holds=_("the pseudonyms you used before, kept for the moderators"),
    retention=_("until you delete your account"),
    erasure=Erasure.DELETE,
)
declare(
    MailQueued,
    purpose=Purpose.EMAIL,
    holds=_("which forum e-mails were queued for you, and when"),
    retention=_("until you delete your account"),
    erasure=Erasure.DELETE,
)
exempt(Category, reason="Names and descriptions of forum categories, written by staff.")
