"""Forum moderation's part of `seed_demo`: after `make run`, the review queue of
moderator@example.org (moderator at Islamabad, so also of the global and language
categories) holds
- a scam reply in Persian, held by the screening;
- a reply in Urdu with a phone number, held by the screening;
- a post reported by two members (still visible, waiting for a decision);
- the first post of a new member, waiting under pre-moderation.

Everything goes through the services, as a family would write it. Idempotent: a
post whose text is already there is not written again.
"""

from allauth.account.models import EmailAddress

from conference.models import User
from support.forum import moderation, services
from support.forum.models import Category, Flag, Post, Thread

SCAM_FA = (
    "سلام خانواده‌های عزیز. من در بازداشتگاه کار می‌کنم و از پسران شما خبر دارم. برای "
    "فرستادن عکس و نشانی، ۳۰۰ دلار از طریق حواله بفرستید و در واتس‌اپ به من پیام بدهید."
)
PHONE_UR = (
    "میرے بھائی کا نام عارف ہے، وہ ۲۰۱۹ میں یونان کے راستے میں لاپتہ ہوا۔ اگر کسی کو کچھ "
    "معلوم ہو تو مجھے اس نمبر پر فون کریں: ۰۳۰۰ ۱۲۳۴۵۶۷"
)
FLAGGED_EN = (
    "Honestly, the people who still wait after ten years are fooling themselves. "
    "Better to stop hoping and move on."
)
NEW_MEMBER_EN = (
    "Hello, I am new here. My father has been missing since 2015. I heard about this forum "
    "at the Islamabad hub. Is there a circle for sons and daughters?"
)
NEW_MEMBER_EMAIL = "newfamily@example.org"


def _thread(slug: str) -> Thread:
    return Thread.objects.filter(category__slug=slug, state="visible").order_by("pk").first()


def _written(body: str) -> bool:
    return Post.objects.filter(body=body).exists()


def _family(demo, number: int) -> User:
    return demo.families[number - 1]


def build_moderation(demo) -> None:
    persian = _thread("lang-fa")
    urdu = _thread("lang-ur")
    islamabad = _thread("hub-islamabad-2025")
    general = Thread.objects.filter(
        category__kind=Category.Kind.GLOBAL, category__who_may_start="members", state="visible"
    ).order_by("pk")
    general = general.first()
    if not _written(SCAM_FA) and persian is not None:
        with moderation.writing_history():  # an established account turned scammer
            services.post_reply(author=_family(demo, 17), thread=persian, body=SCAM_FA)
    if not _written(PHONE_UR) and urdu is not None:
        with moderation.writing_history():
            services.post_reply(author=_family(demo, 5), thread=urdu, body=PHONE_UR)
    if not _written(FLAGGED_EN) and general is not None:
        with moderation.writing_history():
            post = services.post_reply(author=_family(demo, 12), thread=general, body=FLAGGED_EN)
        for flagger, reason in (
            (demo.users["family@example.org"], "hurtful"),
            (_family(demo, 2), "hurtful"),
        ):
            if not Flag.objects.filter(post=post, member=flagger).exists():
                moderation.flag_create(member=flagger, post=post, reason=reason)
    if not _written(NEW_MEMBER_EN) and islamabad is not None:
        newcomer = _newcomer(islamabad.category.hub)
        services.post_reply(author=newcomer, thread=islamabad, body=NEW_MEMBER_EN)


def _newcomer(hub) -> User:
    """A family who registered at Islamabad yesterday and has not written yet."""
    from conference.demo import DEMO_PASSWORD
    from hubs import services as hub_services
    from hubs.models import Registration

    user = User.objects.filter(email=NEW_MEMBER_EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            email=NEW_MEMBER_EMAIL, password=DEMO_PASSWORD, pseudonym="Samira", language="en"
        )
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    if not Registration.objects.filter(user=user, hub=hub).exists():
        hub_services.registration_create(
            user=user, hub=hub, mode="in_person", adults=1, consent=True, notify=False
        )
    services.guidelines_accept(user=user)
    return user
