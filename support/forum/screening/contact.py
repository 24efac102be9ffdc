"""Contact details: phone numbers, e-mail addresses, messenger and social-media
handles, and invitations to carry on in a private channel.

Every function takes text folded by `support.text.fold` and returns spans in it."""

import functools
import itertools
import re

from ._lex import (
    MAX_HITS,
    B,
    E,
    Prefiltered,
    Span,
    alternation,
    any_in,
    has_digit,
    near,
    overlaps,
    sentence_before,
    word_regex,
)

# --- Phone numbers ----------------------------------------------------------------

# Digits said as words, per language (what people write to slip a number past a filter).
NUMBER_WORDS = {
    "0": ["zero", "oh", "zéro", "sifar", "صفر", "زیرو"],
    "1": ["one", "un", "ek", "یک", "ایک", "یو", "واحد"],
    "2": ["two", "deux", "do", "دو", "دوه", "اثنان", "اثنين"],
    "3": ["three", "trois", "teen", "سه", "تین", "درې", "دری", "ثلاثة", "ثلاث"],
    "4": ["four", "quatre", "char", "چهار", "چار", "څلور", "أربعة", "اربع"],
    "5": ["five", "cinq", "panch", "پنج", "پانچ", "پنځه", "خمسة", "خمس"],
    "6": ["six", "shish", "شش", "چھ", "شپږ", "ستة", "ست"],
    "7": ["seven", "sept", "saat", "هفت", "سات", "اووه", "سبعة", "سبع"],
    "8": ["eight", "huit", "aath", "هشت", "آٹھ", "اته", "ثمانية", "ثمان"],
    "9": ["nine", "neuf", "nau", "نه", "نو", "نهه", "تسعة", "تسع"],
}
REPEATS = {"2": ["double", "دبل", "ڈبل"], "3": ["triple", "تریپل", "ٹرپل"]}
_WORD_DIGIT = {}
for _digit, _words in {**NUMBER_WORDS, **{"x" + k: v for k, v in REPEATS.items()}}.items():
    for _word in _words:
        from support.text import fold as _fold

        _WORD_DIGIT[_fold(_word).text] = _digit
_NUMBER_WORD = alternation(
    [w for words in (*NUMBER_WORDS.values(), *REPEATS.values()) for w in words]
)
_ITEM = rf"(?:\d+|{B}{_NUMBER_WORD}{E})"
# A run of digit groups and digit words: "+92 300-123 4567", "zero three double one…".
_RUN_WITH_WORDS = re.compile(rf"\+?{_ITEM}(?:[\s.\-/()_,]{{0,3}}{_ITEM})*")
# Patterns below start with a single character class where they can: Python's
# `re` then skips ahead in C to where a match may start (a repeat, an optional
# part or an alternation at the start makes it try every position).
_RUN = re.compile(r"[+\d]\d*(?:[\s.\-/()_]{0,3}\d+)*")
_WORD_CUES = tuple(
    _fold(w).text
    for w in ["zero", "zéro", "sifar", "صفر", "زیرو", "double", "triple", "دبل", "ڈبل"]
)
_GROUP = re.compile(r"\d+")
_YEAR = re.compile(r"(?:1[34]\d\d|19\d\d|20\d\d)")
PHONE_WORDS = [
            "phone", "tel", "telephone", "mobile", "cell", "call", "ring", "number", "num", "no",
            "contact", "whatsapp", "telegram", "viber", "imo", "signal", "sms", "text",
            "شماره", "تلفن", "موبایل", "همراه", "تماس", "زنگ", "نمبر", "فون", "موبائل", "کال",
            "رابطہ", "رقم", "هاتف", "جوال", "اتصل", "تواصل", "شمېره", "شمیره", "ټلیفون",
            "numéro", "portable", "appel", "appelez", "joindre",
]  # fmt: skip
_PHONE_CONTEXT = Prefiltered(
    alternation(PHONE_WORDS) + r"(?:\s*(?:me|us|on|at|au|sur|le)\b)?\W{0,5}$", PHONE_WORDS
)
REFERENCE_WORDS = ["case", "reference", "ref", "file", "dossier", "پرونده", "کیس", "ملف", "قضیه"]
_NOT_A_PHONE_BEFORE = Prefiltered(
    alternation(REFERENCE_WORDS)
    + r"\W{0,3}(?:no|number|numero|نمبر|شماره|رقم)?\W{0,3}(?:is|est|است|ہے|هو|:)?\W{0,3}$",
    REFERENCE_WORDS,
)
_MONEY_AFTER = re.compile(
    r"\s*(?:\$|€|" + alternation(
        ["dollar", "dollars", "usd", "euro", "euros", "rupees", "rupee", "rs", "pkr", "afghani",
         "afghanis", "afn", "toman", "tomans", "rial", "rials", "تومان", "ریال", "دلار", "ڈالر",
         "دولار", "روپے", "روپیہ", "افغانی", "یورو", "درهم", "ډالر", "افغانۍ", "kg", "km"]
    ) + E + ")"
)  # fmt: skip
_MONEY_BEFORE = re.compile(
    r"(?:\$|€|" + alternation(["rs", "pkr", "usd", "eur", "afn"]) + r")\W?\s*$"
)


def _digits_of(run: str) -> tuple[str, list[str]]:
    """The digits a run stands for, and its digit groups as written."""
    if not any(c.isalpha() for c in run):
        groups = _GROUP.findall(run)
        return "".join(groups), groups
    digits, groups, repeat = [], [], 1
    for token in re.findall(r"\d+|[^\W\d_]+", run):
        if token.isdigit():
            digits.append(token * repeat)
            groups.append(token)
            repeat = 1
            continue
        value = _WORD_DIGIT.get(token)
        if value is None:
            continue
        if value.startswith("x"):
            repeat = int(value[1:])
            continue
        digits.append(value * repeat)
        groups.append(value * repeat)
        repeat = 1
    return "".join(digits), groups


def _is_date_or_years(groups: list[str]) -> bool:
    if all(len(g) == 4 and _YEAR.fullmatch(g) for g in groups):
        return True
    if len(groups) == 3:
        a, b, c = (len(g) for g in groups)
        if (a <= 2 and b <= 2 and c in (2, 4)) or (a == 4 and b <= 2 and c <= 2):
            return True
    if len(groups) == 6:  # a date range: 12.03.2019-15.04.2020
        return _is_date_or_years(groups[:3]) and _is_date_or_years(groups[3:])
    return False


def _is_amount(groups: list[str]) -> bool:
    return len(groups) > 1 and len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


_O_IN_NUMBER = re.compile(r"(?<![^\W\d_])[o\d]*\d[o\d]*(?![^\W\d_])")
_LONG_RUN = re.compile(r"[+\d][\d\s.\-/()_]{6}")
_O_NEAR_DIGIT = re.compile(r"[o\d](?:(?<=o)\d|(?<=\d)o)")
_MIXED = re.compile(rf"\d[\s.\-]+{_NUMBER_WORD}{E}")


def _o_as_zero(match: re.Match) -> str:
    return match.group().replace("o", "0")


@functools.lru_cache(maxsize=16)
def phone_candidates(text: str) -> tuple[tuple[Span, str, list[str]], ...]:
    """Runs of digits (and digit words) with their digits and groups. The letter
    o inside a number is read as zero ("o3oo"); it keeps the text's length."""
    if _O_NEAR_DIGIT.search(text):
        text = _O_IN_NUMBER.sub(_o_as_zero, text)
    words = any_in(text, _WORD_CUES) or _MIXED.search(text)
    if not words and _LONG_RUN.search(text) is None:
        return ()  # no seven characters of digits and separators in a row
    pattern = _RUN_WITH_WORDS if words else _RUN
    found = []
    for match in itertools.islice(pattern.finditer(text), MAX_HITS * 5):
        if match.end() - match.start() < 7:
            continue  # fewer than seven characters: fewer than seven digits
        digits, groups = _digits_of(match.group())
        if len(digits) >= 7:
            start, end = match.span()
            while end > start and not text[end - 1].isalnum():
                end -= 1
            found.append(((start, end), digits, groups))
    return tuple(found)


def phones(text: str, claimed: list[Span] = ()) -> list[Span]:
    """Phone numbers: "+92 300 1234567", "0912-345-6789", "۰۳۰۰ ۱۲۳ ۴۵۶۷",
    "zero three double one …"; not dates, years, amounts or case numbers."""
    if not has_digit(text) and not any_in(text, _WORD_CUES):
        return []
    found = []
    for span, digits, groups in phone_candidates(text):
        if overlaps(span, claimed):
            continue
        written = text[span[0] : span[1]]
        international = written.startswith("+") or digits.startswith("00")
        length = len(digits) - (2 if digits.startswith("00") else 0)
        if not 7 <= length <= 15 or _is_date_or_years(groups):
            continue
        before = text[max(0, span[0] - 30) : span[0]]
        if _NOT_A_PHONE_BEFORE.search(before):
            continue
        money = _MONEY_AFTER.match(text, span[1]) or _MONEY_BEFORE.search(before)
        asked_for = _PHONE_CONTEXT.search(before) is not None
        if international and length >= 8:
            found.append(span)
        elif money or (_is_amount(groups) and not asked_for):
            continue
        elif digits.startswith("0") and length >= 9:
            found.append(span)  # a trunk prefix and a subscriber number
        elif asked_for or (10 <= length <= 13 and not digits.endswith("0000")):
            found.append(span)
    return found


# --- E-mail addresses -------------------------------------------------------------

# Bounded, the local part possessive: no quadratic search on "a@b.c.c.c.c…".
_EMAIL = re.compile(
    r"[a-z0-9][a-z0-9._%+\-]{0,63}+\s?@\s?[a-z0-9\-]{1,63}+(?:\s?\.\s?[a-z0-9\-]{1,63}){0,6}"
    r"\s?\.\s?[a-z]{2,24}"
)
_AT = alternation(
    ["at", "(at)", "[at]", "{at}", "at the rate", "at the rate of", "arobase", "arroba", "ات",
     "اٹ", "ایٹ", "ایٹ دی ریٹ", "ات د ریت", "آت"]
)  # fmt: skip
_DOT = alternation(
    ["dot", "(dot)", "[dot]", "{dot}", ".", "point", "period", "دات", "دوت", "ڈاٹ", "نقطه",
     "نقطة", "ډاټ", "پوائنٹ", "ڈوٹ"]
)  # fmt: skip
_TLD = alternation(
    ["com", "org", "net", "fr", "pk", "ir", "af", "co", "info", "edu", "de", "uk", "ru", "me",
     "کام", "کم", "ارگ", "نت", "كوم"]
)  # fmt: skip
_PROVIDER = alternation(
    ["gmail", "googlemail", "yahoo", "hotmail", "outlook", "live", "proton", "protonmail",
     "icloud", "yandex", "aol", "mail", "جیمیل", "جی میل", "یاهو", "هاتمیل", "هات میل",
     "ہاٹ میل", "ہاٹمیل", "جي ميل", "هوتميل", "هوت ميل", "آؤٹ لک", "اوتلوک", "ګمیل", "جیمل"]
)  # fmt: skip
_AT_WORDS = word_regex(
    ["at", "(at)", "[at]", "{at}", "at the rate", "at the rate of", "arobase", "arroba", "ات",
     "اٹ", "ایٹ", "ایٹ دی ریٹ", "ات د ریت", "آت"]
)  # fmt: skip
# After the word for "at": a provider, or a domain and the word for "dot" and an ending.
_DOMAIN_AFTER = re.compile(
    rf"\s*(?:(?:{_PROVIDER}|[^\W_][\w\-]{{1,30}})\s*{_DOT}\s*{_TLD}|{_PROVIDER}){E}"
)
_LOCAL_BEFORE = re.compile(r"[^\W_][\w.\-]{0,40}\s*$")
_EMAIL_CUES = tuple(
    {
        "@", "dot", "point", "period", "arobase", "arroba", "gmail", "yahoo", "hotmail",
        "outlook", "proton", "icloud", "yandex",
        "دات", "دوت", "ڈاٹ", "نقطه", "ډاټ", "پوائنٹ", "ڈوٹ", "میل", "ياهو", "یاهو", "ميل", "mail",
    }
)  # fmt: skip


def emails(text: str) -> list[Span]:
    """E-mail addresses, also said aloud: "ali at gmail dot com", "علی ات جی میل دات کام"."""
    if not any_in(text, _EMAIL_CUES):
        return []
    found = [m.span() for m in _EMAIL.finditer(text)] if "@" in text else []
    for at in _AT_WORDS.finditer(text):
        local = _LOCAL_BEFORE.search(text, max(0, at.start() - 45), at.start())
        domain = _DOMAIN_AFTER.match(text, at.end())
        if local and domain and not overlaps((local.start(), domain.end()), found):
            found.append((local.start(), domain.end()))
    return found


# --- Messenger and social-media handles --------------------------------------------

PLATFORMS = [
    "whatsapp", "whats app", "whatsap", "watsapp", "watsap", "whtsapp", "wattsapp", "telegram",
    "telegarm", "tg", "signal", "imo", "viber", "facebook", "fb", "messenger", "instagram", "insta",
    "snapchat", "snap", "tiktok", "skype", "botim",
    "واتساپ", "واتس اپ", "واتس آپ", "واتسپ", "واتس", "واتزاپ", "تلگرام", "تلگرم", "سیگنال",
    "ایمو", "وایبر", "فیسبوک", "فیس بوک", "اینستاگرام", "اینستا", "اسکایپ",
    "واٹس ایپ", "واٹس اپ", "واٹساپ", "ٹیلیگرام", "ٹیلی گرام", "سگنل", "وائبر", "فیس بک",
    "انسٹاگرام", "انسٹا",
    "واتساب", "واتس اب", "واتس آب", "الواتس", "الواتساب", "تيليجرام", "تلغرام", "تلجرام",
    "التلغرام", "التيليجرام", "سيجنال", "فايبر", "فيسبوك", "الفيس", "انستغرام", "انستجرام",
    "انستقرام", "انستا", "ايمو", "ماسنجر", "الماسنجر", "مسنجر", "ميسنجر", "ماسینجر",
    "واټساپ", "واټس اپ", "ټیلیګرام", "ټلګرام", "انسټاګرام", "فېسبوک",
]  # fmt: skip
# Latin spellings with symbols for letters: "Wh@tsApp", "wh4tsapp", "telegr@m", "Te1egram".
_PLATFORM_SPELLINGS = (
    r"wh?[a@4]+t+'?s+\s?[a@4]+p+|t[e3][l1]+[e3]gr[a@4]+m|v[i1!]b[e3]r|[i1!]nst[a@4]gr[a@4]m"
)
PLATFORM = "(?:" + _PLATFORM_SPELLINGS + "|" + alternation(PLATFORMS)[3:]
# "واتساپم" (my WhatsApp), "بالواتساب" (by WhatsApp), "whatsapps".
_PLATFORMS = word_regex(
    PLATFORMS,
    suffixes=("s", "م", "ام", "مو", "ت", "تان", "مان", "ش", "ی", "و"),
    prefixes=("ب", "بال", "و", "وال", "ل", "لل", "عال", "ف"),
)
_SPELLINGS = [re.compile(part) for part in _PLATFORM_SPELLINGS.split("|")]
_LEET = re.compile(r"[@4310!][a-z]")


def platform_mentions(text: str) -> list[Span]:
    found = [m.span() for m in _PLATFORMS.finditer(text)]
    if _LEET.search(text):
        for pattern in _SPELLINGS:
            found += [m.span() for m in pattern.finditer(text) if not overlaps(m.span(), found)]
    return found


_LINK_HANDLE = re.compile(
    r"(?:t\.me|telegram\.me|telegram\.dog|wa\.me|api\.whatsapp\.com"
    r"|chat\.whatsapp\.com|m\.me|signal\.me|signal\.group|imo\.im|invite\.viber\.com|viber\.click"
    r"|instagram\.com|instagr\.am|facebook\.com|fb\.com|fb\.me|tiktok\.com|snapchat\.com"
    r"|x\.com|twitter\.com)/[\w.\-+#/?=%]*"
)
_SCHEME_BEFORE = re.compile(r"(?:https?://)?(?:www\.)?$")
_HOSTS = (
    "t.me", "telegram.", "wa.me", "whatsapp.com", "m.me", "signal.", "imo.im", "viber.",
    "instagr", "facebook.com", "fb.", "tiktok.com", "snapchat.com", "x.com", "twitter.com",
)  # fmt: skip
_AT_HANDLE = re.compile(r"(?<![\w.@])@([a-z0-9_][a-z0-9_.]{2,31})(?![\w@])")
_OFFICIAL = re.compile(r"(?:icrc|ifrc|redcross|redcrescent|cicr|tracetheface)")
ID_WORDS = (
    ["id", "i d", "username", "user name", "user", "handle", "account", "page", "profile",
     "identifiant", "compte", "pseudo", "نام کاربری", "آیدی", "ای دی", "آی دی", "اکانت",
     "یوزر", "یوزرنیم",
     "آئی ڈی", "آئی دی", "اکاؤنٹ", "معرف", "المعرف", "حساب", "حسابي", "يوزر", "اډي", "ایډي"]
)  # fmt: skip
_ID_WORD = alternation(ID_WORDS)
_ID_WORDS = word_regex(ID_WORDS)
_HANDLE = r"@?([a-z][a-z0-9_.]{2,31})"
_MINE = alternation(["my", "mon", "ma", "من", "میرا", "میری", "زما", "خود", "ام"])
_THEN_HANDLE = rf"(?:\s+{_MINE})?\s*(?:is|est|=|:|-|هست|است|ہے|هو)?\s*[:\-]?\s*{_HANDLE}{E}"
# After a messenger's name: "Telegram ID: ali_k92", "instagram: farid.k".
_AFTER_PLATFORM = re.compile(
    rf"\w*\s*(?:{_MINE}\s+)?{_ID_WORD}{_THEN_HANDLE}|\s*[:=]\s*{_HANDLE}{E}"
)
# After the word for ID: "آیدی تلگرامم: ali_news".
_AFTER_ID_WORD = re.compile(rf"\s*{PLATFORM}\w*{_THEN_HANDLE}")


def handles(text: str) -> list[Span]:
    """Handles: "@ali_k92", "t.me/…", "wa.me/…", "Telegram ID: ali_k92", "آیدی تلگرام: …"."""
    found = []
    if any_in(text, _HOSTS):
        for match in _LINK_HANDLE.finditer(text):
            scheme = _SCHEME_BEFORE.search(text, max(0, match.start() - 12), match.start())
            start = scheme.start() if scheme else match.start()
            if start == 0 or (not text[start - 1].isalnum() and text[start - 1] != "."):
                found.append((start, match.end()))
    if "@" in text:
        for match in _AT_HANDLE.finditer(text):
            if not _OFFICIAL.match(match.group(1)) and not match.group(1).isdigit():
                found.append(match.span())
    platforms = platform_mentions(text)
    if platforms:
        matches = [(start, _AFTER_PLATFORM.match(text, end)) for start, end in platforms]
        matches += [
            (m.start(), _AFTER_ID_WORD.match(text, m.end())) for m in _ID_WORDS.finditer(text)
        ]
        for start, match in matches:
            if match is None:
                continue
            handle = match.group(1) or match.group(2)
            introduced = any(mark in match.group() for mark in ":=@")
            # "Instagram account was closed": a plain word after the name is not a handle.
            if introduced or any(c.isdigit() or c in "_." for c in handle.rstrip(".")):
                found.append((start, match.end()))
    return found


# --- Invitations to a private channel ----------------------------------------------

# Imperatives and offers addressed to the reader: "message me", "پیام بدید"…
INVITE = [
    # English
    "message me", "msg me", "text me", "call me", "ring me", "contact me", "contact us",
    "reach me", "reach us", "write to me", "write me", "ping me", "add me", "find me",
    "message us", "call us", "text us", "whatsapp me", "telegram me", "viber me",
    "send me a message", "send me a text", "my number is", "my number", "our number",
    "talk to me", "talk with me", "speak to me", "chat with me", "let's talk", "not here",
    "tell me", "let me know", "راته ووایاست", "راته ووایه", "راته ولیکئ", "راته ولیکه",
    "به من بگویید", "بهم بگید", "مجھے بتائیں", "أخبرني", "dites-moi",
    # French
    "contactez-moi", "contacte-moi", "contactez moi", "écrivez-moi", "ecris-moi", "écris-moi",
    "appelez-moi", "appelle-moi", "envoyez-moi un message", "joignez-moi", "ajoutez-moi",
    "mon numéro", "parlez-moi", "discutons",
    # Persian / Dari
    "پیام بدید", "پیام بدهید", "پیام بده", "پیام بدین", "پیام بفرستید", "پیام بزنید",
    "پیغام بدید", "پیغام بدهید", "پیغام بفرستید", "مسیج بدید", "مسیج بده", "مسیج بدهید",
    "تماس بگیرید", "تماس بگیر", "زنگ بزنید", "زنگ بزن", "به من پیام", "بهم پیام",
    "با من تماس", "شماره من", "شمارمو", "شماره‌ام", "شمارهام", "به من بنویسید", "برام بنویسید",
    "ادد کنید", "اد کنید", "واتساپم", "تلگرامم", "پیج من",
    # Urdu
    "رابطہ کریں", "رابطہ کرو", "رابطہ کیجیے", "میسج کریں", "میسج کرو", "میسیج کریں",
    "کال کریں", "کال کرو", "فون کریں", "فون کرو", "بات کریں", "مجھے میسج", "مجھ سے رابطہ",
    "میرا نمبر", "ہمارا نمبر", "ایڈ کریں", "مجھے لکھیں",
    # Arabic
    "راسلني", "راسلوني", "راسلنا", "تواصل معي", "تواصلوا معي", "تواصل معنا", "اتصل بي",
    "اتصلوا بي", "اتصل بنا", "كلمني", "كلموني", "ابعث لي", "ابعثوا لي", "ابعثي لي",
    "ارسل لي رسالة", "أرسل لي رسالة",
    "رقمي", "ضيفني", "اكتب لي", "اكتبوا لي", "اكتبي لي",
    # Pashto
    "پیغام راکړئ", "پیغام راکړه", "پیغام راته", "پیغام را ولیږئ", "اړیکه ونیسئ",
    "اړیکه راسره", "راسره اړیکه", "زنګ راته ووهئ", "زنګ راووهئ", "ما ته پیغام", "زما شمېره",
    "زما نمبر", "ما سره اړیکه",
]  # fmt: skip
# Invitations that need no messenger's name.
PRIVATE = [
    # Asking to be written to: the forum has no private messages, so any such
    # message leaves the forum (unless it is someone else's words in a story).
    "message me", "msg me", "text me", "contact me", "write to me", "reach me", "message us",
    "contact us", "write to us", "whatsapp number", "number plz", "number pls",
    "number please", "share your contact", "send your contact", "send me your contact",
    "your contact number", "laissez-moi votre numéro", "laissez votre contact",
    "شماره تماس خود", "شماره خود را", "شمارتان را", "اپنا رابطہ نمبر", "رابطہ نمبر بھیجیں",
    "أرسل رقم تواصلك", "رقم تواصلك", "خپله د اړیکې شمېره",
    "راسلني", "راسلوني", "راسلنا", "راسلونا", "تواصل معي", "تواصلوا معي", "تواصل معنا",
    "تواصلوا معنا", "رقم الواتساب", "رقم الواتس",
    "به من پیام بدید", "به من پیام بدهید", "با من تماس بگیرید", "شماره واتساپ",
    "شماره واتساپتان",
    "مجھ سے رابطہ کریں", "مجھے میسج کریں", "واٹس ایپ نمبر",
    "ما سره اړیکه ونیسئ", "واټساپ شمېره",
    "contactez-moi", "écrivez-moi", "numéro whatsapp",
    "dm me", "pm me", "inbox me", "dm us", "pm us", "inbox us", "send me a dm",
    "send me a pm", "send me a private message", "send me a direct message",
    "message me privately", "contact me privately", "write to me privately",
    "message me in private", "talk in private", "talk privately", "me in inbox",
    "in my dm", "in my dms", "check your inbox", "in private message",
    "send me your number", "send your number", "give me your number", "leave your number",
    "envoyez votre numéro", "laissez votre numéro", "donnez-moi votre numéro",
    "شماره تان را بفرستید", "شمارتو بده", "شماره ات را بده", "شمارهٔ خود را بفرستید",
    "اپنا نمبر بھیجیں", "اپنا نمبر دیں", "ارسل رقمك", "أرسل رقمك", "ارسلوا لي رقم",
    "أرسلوا لي رقم", "ارسل لي رقم", "أرسل لي رقم", "خپله شمېره راولیږئ",
    "en mp", "mp moi", "message privé", "en message privé", "écrivez-moi en privé",
    "contactez-moi en privé", "parlons en privé",
    "پیوی", "پی وی", "پیام خصوصی", "خصوصی پیام", "دایرکت بدید", "دایرکت بده", "دایرکت بدهید",
    "بیا پیوی", "خصوصی صحبت کنیم", "خصوصی در تماس",
    "ان باکس", "انباکس", "پرائیویٹ میسج", "پرائیویٹ بات", "نجی پیغام", "الگ سے رابطہ",
    "على الخاص", "عالخاص", "بالخاص", "في الخاص", "رسالة خاصة", "برسالة خاصة",
    "خصوصي پیغام", "په خصوصي", "شخصي پیغام",
]  # fmt: skip
_INVITE = word_regex(INVITE)
_PRIVATE = word_regex(PRIVATE)
_INVITE_CUES = None  # built lazily below
REPORTING_WORDS = (
        ["they", "he", "she", "someone", "somebody", "a man", "a woman", "people", "scammer",
         "scammers", "who", "said", "told", "asked", "wrote", "wanted", "kept",
         "il", "elle", "ils", "on m'a dit", "quelqu'un", "a dit", "m'a dit",
         "گفت", "گفتند", "نوشت", "نوشته بود", "خواست", "کسی", "مردی", "کلاهبردار",
         "نے کہا", "کہا", "کہتے", "لکھا", "کوئی", "ایک آدمی", "دھوکے باز",
         "قال", "قالوا", "كتب", "طلب", "شخص", "رجل", "المحتال",
         "وویل", "ویل", "ولیکل", "یو سړي", "چا", "درغلګر"]
)  # fmt: skip
_REPORTED = Prefiltered(
    B + alternation(REPORTING_WORDS) + E + r"\W*(?:\S+\W+){0,3}$", REPORTING_WORDS
)


# Words before a verb that make it a story's, not a request: "my son would text me",
# "he used to message me", "families can contact us".
STORY_WORDS = (
        ["would", "used to", "to", "will", "could", "can", "did", "didn't", "always", "never",
         "often", "sometimes", "still", "who", "that", "she", "he", "they"]
)  # fmt: skip
_NARRATIVE = Prefiltered(B + alternation(STORY_WORDS) + r"\s+$", STORY_WORDS)


def reported(text: str, start: int) -> bool:
    """Is the phrase at `start` someone else's words in a story ("he said call me")?"""
    return _REPORTED.search(sentence_before(text, start, 50)) is not None


# "Write to me here, in the forum": staying in the open is what we want.
_HERE = re.compile(
    r"\W*"
    + alternation(
        ["here", "in the forum", "on the forum", "in this thread", "ici", "sur le forum",
         "همینجا", "اینجا", "در انجمن", "یہاں", "فورم پر", "هنا", "في المنتدى", "دلته", "په فورم"]
    )
    + E
)  # fmt: skip


def _told(text: str, start: int) -> bool:
    """An invitation told as part of a story: "he said message me", "my son would
    text me", "families can contact us"."""
    return _NARRATIVE.search(text, max(0, start - 14), start) is not None or reported(text, start)


_ME_AFTER = re.compile(
    r"\s+" + alternation(["me", "us", "moi", "کریں", "کرو", "کیجیے", "کر دیں"]) + E
)


def private_channels(text: str) -> list[Span]:
    """Invitations to move to a private channel: a messenger named next to an
    invitation ("message me on WhatsApp", "تلگرام پیام بدید", "واٹس ایپ پر رابطہ کریں"),
    or an invitation that needs no name ("DM me", "پیوی", "ان باکس", "على الخاص")."""
    found = [
        m.span()
        for m in _PRIVATE.finditer(text)
        if not _told(text, m.start()) and not _HERE.match(text, m.end())
    ]
    platforms = platform_mentions(text)
    if platforms:
        invites = [
            m.span()
            for m in _INVITE.finditer(text)
            if not _told(text, m.start()) and not _HERE.match(text, m.end())
        ]
        found.extend(near(invites, platforms, 40))
        for start, end in platforms:
            me = _ME_AFTER.match(text, end)
            if me and not reported(text, start):
                found.append((start, me.end()))
    return found
