"""Signs that someone may harm themselves. Not a reason to hold a post: the
author is shown where to find support now, and support staff are told.

The lists are deliberately narrow (first-person wishes to die or to end one's
life, and the words for suicide) and leave out the war words that share them:
"suicide attack", "حمله انتحاری", "خودکش حملہ", "هجوم انتحاري", "attentat-suicide"."""

from ._lex import Span, word_regex

SIGNS = [
    # English
    "kill myself", "killing myself", "end my life", "ending my life", "take my own life",
    "want to die", "wanna die", "wish i were dead", "wish i was dead", "better off dead",
    "don't want to live", "do not want to live", "dont want to live", "no reason to live",
    "nothing to live for", "hurt myself", "harm myself", "suicide", "suicidal",
    "end it all", "can't go on living", "cannot go on living",
    # French
    "me suicider", "me tuer", "mettre fin à mes jours", "mettre fin à ma vie", "envie de mourir",
    "je veux mourir", "plus envie de vivre", "plus la force de vivre", "en finir avec la vie",
    "me faire du mal", "suicidaire",
    # Persian / Dari
    "خودکشی", "خودمو بکشم", "خودم را بکشم", "خودم رو بکشم", "خودمو میکشم", "می‌خواهم بمیرم",
    "میخوام بمیرم", "دلم میخواد بمیرم", "دیگه نمیخوام زنده باشم", "نمی‌خواهم زنده بمانم",
    "به زندگیم پایان بدم", "به زندگی‌ام پایان", "به زندگیم خاتمه", "آرزوی مرگ دارم",
    "کاش مرده بودم", "دیگر طاقت زندگی ندارم",
    # Urdu
    "خودکشی", "خود کشی", "خود کو مار", "اپنی جان لے", "مرنا چاہتا", "مرنا چاہتی",
    "جینا نہیں چاہتا", "جینا نہیں چاہتی", "زندگی ختم کر", "اپنی زندگی ختم", "مر جانا چاہتا",
    "مر جانا چاہتی", "جینے کی کوئی وجہ نہیں",
    # Arabic
    "انتحار", "الانتحار", "أنتحر", "انتحر", "اقتل نفسي", "أقتل نفسي", "أريد أن أموت",
    "اريد ان اموت", "أتمنى الموت", "انهي حياتي", "أنهي حياتي", "إنهاء حياتي", "انهاء حياتي",
    "لا أريد أن أعيش", "لا اريد ان اعيش", "لا أرغب في الحياة",
    # Pashto
    "ځان وژنه", "ځان ووژنم", "ځان به ووژنم", "ځانوژنه", "غواړم مړ شم",
    "نور ژوند نه غواړم", "ژوند نه غواړم", "خپل ژوند پای ته",
]  # fmt: skip
NOT_SIGNS = [
    "suicide attack", "suicide attacks", "suicide bomber", "suicide bombers", "suicide bombing",
    "suicide blast", "suicide vest", "attentat-suicide", "attentat suicide", "kamikaze",
    "حمله انتحاری", "انتحاری", "عملیات انتحاری", "خودکش حملہ", "خودکش دھماکہ", "خودکش بمبار",
    "هجوم انتحاري", "انتحاري", "الانتحاري", "تفجير انتحاري", "ځانمرګی", "ځان مرګي",
]  # fmt: skip
_SIGNS = word_regex(SIGNS)
_NOT_SIGNS = word_regex(NOT_SIGNS)


def at_risk(text: str) -> list[Span]:
    """Where the text says its writer (or someone) may be thinking of ending their life."""
    found = [m.span() for m in _SIGNS.finditer(text)]
    if not found:
        return []
    war = [m.span() for m in _NOT_SIGNS.finditer(text)]
    return [s for s in found if not any(w[0] <= s[0] < w[1] for w in war)]
