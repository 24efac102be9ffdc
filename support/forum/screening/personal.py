"""Identity-document numbers and exact home addresses."""

import re

from ._lex import E, Span, has_digit, overlaps, window_regex, word_regex

# --- Identity documents ------------------------------------------------------------

# Three groups of digits joined by dashes: Pakistan's CNIC 12345-1234567-1, Afghanistan's
# e-tazkira 1400-0101-12345, Iran's national code written 001-234567-8.
_DASHED = re.compile(r"\d\d{2,4}\s?-\s?\d{4,7}\s?-\s?\d{1,5}")
_DIGIT_OR_DASH = tuple("0123456789-")
_SHAPES = {(5, 7, 1): "cnic", (4, 4, 5): "tazkira", (3, 6, 1): "iran"}
_DIGITS_NEAR = re.compile(r"[^\d\n]{0,25}?(\d[\d\s\-/]{3,20}\d)")
# A passport number: 6 to 12 letters and digits, at least five of them digits.
_PASSPORT_NUMBER = re.compile(
    r"[^\n]{0,30}?(?<![a-z0-9])(?=(?:[a-z]*\d){5})([a-z0-9]{6,12})(?![a-z0-9])"
)
ID_WORDS = [
    "cnic", "nic", "nicop", "id card", "identity card", "national id", "national code",
    "national number", "tazkira", "tazkera", "tazkirah", "e-tazkira", "carte d'identité",
    "numéro d'identité",
    "کد ملی", "کدملی", "شماره ملی", "کارت ملی", "شناسنامه", "تذکره", "تذکرہ", "تذکیره",
    "شناختی کارڈ", "شناختی کارڈ نمبر", "قومی شناختی", "ب فارم",
    "الرقم الوطني", "رقم الهوية", "بطاقة الهوية", "الهوية", "الرقم القومي",
    "تذکره شمېره", "د تذکرې شمېره", "تذکرې",
]  # fmt: skip
PASSPORT_WORDS = [
    "passport", "passport no", "passeport", "پاسپورت", "گذرنامه", "پاسپورٹ", "جواز سفر",
    "جواز السفر", "الجواز", "پاسپورټ",
]  # fmt: skip
_ID_WORD = word_regex(ID_WORDS)
_PASSPORT_WORD = word_regex(PASSPORT_WORDS)


def iran_national_code_valid(digits: str) -> bool:
    """Iran's national code: ten digits, the last a check digit (modulo 11)."""
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(int(digits[i]) * (10 - i) for i in range(9)) % 11
    check = int(digits[9])
    return check == total if total < 2 else check == 11 - total


def id_numbers(text: str) -> list[Span]:
    """Pakistani CNIC, Afghan tazkira, Iranian national code (checksum), and
    document numbers written after the document's name (ID card, passport…)."""
    if not has_digit(text):
        return []
    found = []
    for match in _DASHED.finditer(text):
        start, end = match.span()
        if (start and text[start - 1] in "0123456789-") or text[end : end + 1] in _DIGIT_OR_DASH:
            continue
        groups = re.findall(r"\d+", match.group())
        shape = _SHAPES.get(tuple(len(g) for g in groups))
        if shape and (shape != "iran" or iran_national_code_valid("".join(groups))):
            found.append(match.span())
    for word in _ID_WORD.finditer(text):
        number = _DIGITS_NEAR.match(text, word.end())
        if number and len(re.sub(r"\D", "", number.group(1))) >= 6:
            span = (word.start(), number.end(1))
            if not overlaps(span, found):
                found.append(span)
    for word in _PASSPORT_WORD.finditer(text):
        number = _PASSPORT_NUMBER.match(text, word.end())
        if number and not overlaps(number.span(1), found):
            found.append((word.start(), number.end(1)))
    # A bare ten-digit number that passes Iran's check, next to the words for it.
    return found


# --- Exact home addresses -----------------------------------------------------------

# A number after one of these is a house or flat: enough on its own.
HOUSE = [
    "house no", "house number", "house #", "h no", "h.no", "h#", "flat", "flat no", "apt",
    "apartment", "plot", "plot no", "door no", "appartement", "appt", "bâtiment",
    "پلاک", "پلاک شماره", "واحد", "منزل شماره", "خانه شماره", "خانه نمبر",
    "مکان نمبر", "مکان نمبر", "گھر نمبر", "ہاؤس نمبر", "فلیٹ نمبر", "فلیٹ", "پلاٹ نمبر",
    "منزل رقم", "شقة رقم", "شقة", "بناية رقم", "عمارة رقم", "مبنى رقم",
    "کور نمبر", "د کور نمبر", "کور شمېره",
]  # fmt: skip
# A number after one of these is a street or block: an address with a second part.
STREET = [
    "street", "st", "road", "rd", "lane", "avenue", "ave", "block", "sector", "phase", "gali",
    "mohalla", "colony", "town", "rue", "avenue", "boulevard", "bd", "allée", "impasse", "chemin",
    "خیابان", "کوچه", "بن بست", "بلوک", "کوی", "میدان", "فاز", "خیابون", "نبش", "طبقه",
    "گلی", "گلی نمبر", "محلہ", "سیکٹر", "بلاک", "کالونی", "اسٹریٹ", "روڈ", "ٹاؤن", "فیز",
    "شارع", "حي", "زقاق", "الطابق", "مربع", "بلوك",
    "کوڅه", "سړک", "ناحیه", "ناحیې", "بلاک", "کارته", "سرک", "جاده",
]  # fmt: skip
_NUMBER_AFTER = r"\.?\s*(?:no\.?|number|#|nr|n°|نمبر|شماره|رقم)?\s*[:#]?\s*\d{1,5}[a-z]?"
_HOUSE_WORD = word_regex(HOUSE)
_STREET_WORD = word_regex(STREET)
_HOUSE_NEARBY, _STREET_NEARBY = window_regex(HOUSE), window_regex(STREET)
_NUMBER = re.compile(_NUMBER_AFTER + E)
# Read backwards from a street word, over the few characters before it.
_NUMBER_BEFORE_STREET = re.compile(r"(?<![\d,.])\d{1,4}[a-z]?(?:st|nd|rd|th|e|er)?\s+$")


def _numbered(words, text: str, digits: int) -> list[Span]:
    """Spans of a word of `words` followed by a number of at most `digits` digits."""
    found = []
    for word in words.finditer(text):
        number = _NUMBER.match(text, word.end())
        if number and sum(c.isdigit() for c in number.group()) <= digits:
            found.append((word.start(), number.end()))
    return found


# Latin style: "12 Rue des Lilas", "45 Jinnah Road" (a name between number and street word).
FR_STREET = ["rue", "avenue", "av", "boulevard", "bd", "allée", "impasse", "chemin", "place"]
EN_STREET = ["street", "st", "road", "rd", "lane", "avenue", "ave", "drive", "close"]
_FR_STREET, _EN_STREET = word_regex(FR_STREET), word_regex(EN_STREET)
# Read backwards from the street word. French: "4 bis avenue Jean Jaurès" (a
# name follows the street word); English: "45 Jinnah Road" (a name between).
_NUMBER_FIRST_FR = re.compile(r"(?<![\d,.])(\d{1,4})(?:\s?(?:bis|ter))?,?\s+$")
_NAME_AFTER_FR = re.compile(r"\s+[^\W\d_]")
_NUMBER_FIRST_EN = re.compile(
    r"(?<![\d,.])(\d{1,4})(?:\s?[a-z])?,?\s+((?:[^\W\d_]+\s+){0,2}[^\W\d_]+\s+)$"
)
_NOT_A_NAME = frozenset(
    ["the", "a", "an", "of", "and", "in", "on", "at", "to", "by", "for", "days", "day", "hours",
     "km", "miles", "kilometres", "years", "months", "weeks", "people", "men", "women",
     "children", "kids", "times", "main", "long", "old", "big", "small"]
)  # fmt: skip
_YEARISH = re.compile(r"(?:1[34]\d\d|19\d\d|20\d\d)(?!\d)")


def _after_digit(text: str, match: re.Match) -> bool:
    return match.start() > 0 and text[match.start() - 1] in "0123456789,."


def addresses(text: str) -> list[Span]:
    """A house or flat number ("house no. 12", "پلاک ۵", "مکان نمبر 7"), two
    address parts together ("street 4 … block 7", "کوچه ۱۲ … خیابان"), or a
    number before a street's name ("12 rue des Lilas", "45 Jinnah Road")."""
    if not has_digit(text):
        return []
    found = _numbered(_HOUSE_WORD, text, 5)
    if _STREET_WORD.search(text) is None:
        return found
    streets = _numbered(_STREET_WORD, text, 4)
    for word in _STREET_WORD.finditer(text):
        number = _NUMBER_BEFORE_STREET.search(text, max(0, word.start() - 12), word.start())
        if number:
            streets.append((number.start(), word.end()))
    for start, end in streets:
        if overlaps((start, end), found):
            continue
        nearby = text[max(0, start - 50) : end + 50]
        if len(_STREET_NEARBY.findall(nearby)) >= 2 or _HOUSE_NEARBY.search(nearby):
            found.append((start, end))
    for pattern, words in ((_NUMBER_FIRST_FR, _FR_STREET), (_NUMBER_FIRST_EN, _EN_STREET)):
        for word in words.finditer(text):
            match = pattern.search(text, max(0, word.start() - 40), word.start())
            if match is None or _YEARISH.match(match.group(1)):
                continue
            if pattern is _NUMBER_FIRST_FR and not _NAME_AFTER_FR.match(text, word.end()):
                continue
            if pattern is _NUMBER_FIRST_EN:
                name = match.group(2).split()
                if any(w in _NOT_A_NAME for w in name):
                    continue
            span = (match.start(), word.end())
            if not overlaps(span, found):
                found.append(span)
    return found
