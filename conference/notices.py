"""The information notices: one per purpose, in plain words, versioned.

A notice's `version` goes up only when it changes in substance (what is kept, why,
who sees it, for how long); members who agreed to an older version are asked again
on their next visit (`conference.consent.NoticeReviewMiddleware`). A rewording
that changes nothing for the reader keeps the version.

`choice` says what the member can do:
- "asked": agreed to when they start (registering, entering a circle, posting in the
  forum); withdrawn by stopping (cancelling, leaving, deleting the account);
- "optional": a service they may turn off and on again at any time (reminders,
  digests), with `default` when they never said;
- "information": nothing to agree to, the notice says what happens.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class NoticeKey(models.TextChoices):
    REGISTRATION = "registration", _("Registration and tickets")
    CIRCLES = "circles", _("Sharing circles")
    SUPPORT = "support", _("Support signals")
    FORUM = "forum", _("The family forum")
    REMINDERS = "reminders", _("E-mail reminders")
    DIGESTS = "digests", _("Forum digests by e-mail")


@dataclass(frozen=True)
class Notice:
    key: str
    version: int
    choice: str  # "asked", "optional" or "information"
    what: Promise
    why: Promise
    who: Promise
    how_long: Promise
    your_choice: Promise
    default: bool = False  # for "optional": consent when the member never said

    @property
    def title(self):
        return NoticeKey(self.key).label

    @property
    def withdrawable(self) -> bool:
        return self.choice == "optional"

    @property
    def needs_consent(self) -> bool:
        return self.choice != "information"


NOTICES: dict[str, Notice] = {
    notice.key: notice
    for notice in (
        Notice(
            key=NoticeKey.REGISTRATION,
            version=1,
            choice="asked",
            what=_(
                "What: your pseudonym, your e-mail address, how many people come with you, "
                "the needs you tell us, and when you arrive at the hub."
            ),
            why=_(
                "Why: to plan seats, interpretation and access, and to send you your ticket "
                "and news about the conference."
            ),
            who=_(
                "Who sees it: the organisers of this hub and the conference secretariat. "
                "Other families never see your e-mail address or your needs; they see only "
                "your pseudonym."
            ),
            how_long=_(
                "For how long: until three months after the conference ends; then it is "
                "deleted. You can cancel at any time."
            ),
            your_choice=_(
                "To withdraw, cancel your registration: your place goes to the next family."
            ),
        ),
        Notice(
            key=NoticeKey.CIRCLES,
            version=1,
            choice="asked",
            what=_(
                "What: the name you choose for the circle, your place in it, and what you "
                "write in its chat. Circles are never recorded."
            ),
            why=_("Why: so that the facilitator can welcome you and the circle runs safely."),
            who=_("Who sees it: the people in the circle and its facilitators."),
            how_long=_(
                "For how long: the chat is deleted when the circle ends, at the latest one "
                "day after; who was there is deleted with it."
            ),
            your_choice=_("You may leave a circle at any time, or give up your place."),
        ),
        Notice(
            key=NoticeKey.SUPPORT,
            version=1,
            choice="information",
            what=_(
                "What: that you asked for support in a circle, and what you and the support "
                "team write to each other."
            ),
            why=_("Why: so that someone trained can reach you and follow up."),
            who=_(
                "Who sees it: the circle's facilitators and the hub's psychosocial support "
                "staff, never other families."
            ),
            how_long=_(
                "For how long: 90 days after the support team closes it; then it is deleted. "
                "If you delete your account before, it is kept without your name until then."
            ),
            your_choice=_("You decide each time whether to ask for support."),
        ),
        Notice(
            key=NoticeKey.FORUM,
            version=1,
            choice="asked",
            what=_("What: what you post in the forum, under your pseudonym."),
            why=_("Why: so that families can support each other."),
            who=_(
                "Who sees it: the members of the forum, and its moderators. Posts that seem "
                "to hold contact details or money requests wait for a moderator first."
            ),
            how_long=_(
                "For how long: as long as the forum runs. Posts held or refused by a "
                "moderator are deleted 30 days after the decision. If you delete your "
                "account, your posts stay signed “a former member”."
            ),
            your_choice=_("You can delete your account at any time."),
        ),
        Notice(
            key=NoticeKey.REMINDERS,
            version=1,
            choice="optional",
            default=True,
            what=_("What: an e-mail before each session you have a place in."),
            why=_("Why: so that you do not miss it."),
            who=_("Who sees it: only you."),
            how_long=_("For how long: nothing is kept but the time the reminder was sent."),
            your_choice=_("You can turn reminders off and on again here, at any time."),
        ),
        Notice(
            key=NoticeKey.DIGESTS,
            version=1,
            choice="optional",
            default=False,
            what=_("What: an e-mail now and then with new forum posts in your language."),
            why=_("Why: so that you can follow the forum without visiting every day."),
            who=_("Who sees it: only you."),
            how_long=_("For how long: until you turn it off."),
            your_choice=_("Digests are off unless you turn them on; you can stop them here."),
        ),
    )
}


def versions_stamp() -> str:
    """Changes whenever a notice changes in substance (members are then asked again)."""
    return ",".join(f"{key}:{notice.version}" for key, notice in sorted(NOTICES.items()))
