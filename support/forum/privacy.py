"""Personal data of the family solidarity forum (see conference/privacy.py)."""

from django.utils.translation import gettext_lazy as _

from conference.privacy import Erasure, Purpose, declare, exempt
from support.forum.models import (
    AuditEntry,
    Category,
    Flag,
    Follow,
    ForumConcern,
    GuidelinesAcceptance,
    MailQueued,
    Post,
    PostRevision,
    PseudonymChange,
    Reaction,
    ReadMarker,
    Sanction,
    Thread,
    WatchedWord,
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


def _retention():
    from support.forum import retention

    return retention


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
    # Rejected posts: RETENTION["forum_decided_days"] after the decision.
    purge=lambda now: _retention().rejected_posts_purge(now),
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
declare(
    Flag,
    purpose=Purpose.FORUM,
    holds=_("the forum messages you reported to the moderators, and why"),
    retention=_("as long as the forum keeps the message"),
    erasure=Erasure.DELETE,
    subject="member",
)
declare(
    AuditEntry,
    purpose=Purpose.FORUM,
    holds=_(
        "what moderators decided about your forum messages or your account, when and why "
        "(an unchangeable record)"
    ),
    retention=_("as long as the forum keeps the message, for the safety of families"),
    # The record stays; it no longer points to the person, nor do its texts.
    erasure=Erasure.ANONYMISE,
    subject="member",
    erase=lambda user: _retention().audit_erase_member(user),
    purge=lambda now: _retention().audit_purge(now),
)
declare(
    Sanction,
    purpose=Purpose.FORUM,
    holds=_("whether you were silenced or suspended in the forum, until when, and why"),
    retention=_("until you delete your account"),
    erasure=Erasure.DELETE,
    subject="member",
)
declare(
    ForumConcern,
    purpose=Purpose.SUPPORT,
    holds=_("forum messages after which support staff were asked to reach out to you"),
    retention=_("until support staff close it, or you delete your account"),
    erasure=Erasure.DELETE,
    subject="member",
)
declare(
    WatchedWord,
    purpose=Purpose.FORUM,
    holds=_("the watched words a moderator added"),
    retention=_("until a moderator removes the word"),
    erasure=Erasure.ANONYMISE,
    subject="created_by",
)
