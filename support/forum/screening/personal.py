"""Identity-document numbers and exact home addresses."""

import re

from ._lex import B, E, Span, alternation, overlaps

# --- Identity documents ------------------------------------------------------------

_CNIC = re.compile(r"(?<![\d\-])\d{5}\s?-\s?\d{7}\s?-\s?\d(?![\d\-])")  # Pakistan: 12345-1234567-1
_TAZKIRA = re.compile(r"(?<![\d\-])\d{4}\s?-\s?\d{4}\s?-\s?\d{5}(?![\d\-])")  # Afghan e-tazkira
_IRAN_DASHED = re.compile(r"(?<![\d\-])\d{3}\s?-\s?\d{6}\s?-\s?\d(?![\d\-])")  # 001-234567-8
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
_ID_WORD = re.compile(B + alternation(ID_WORDS) + E)
_PASSPORT_WORD = re.compile(B + alternation(PASSPORT_WORDS) + E)


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
    if not any(c.isdigit() for c in text):
        return []
    found = [m.span() for m in _CNIC.finditer(text)]
    found += [m.span() for m in _TAZKIRA.finditer(text) if not overlaps(m.span(), found)]
    for match in _IRAN_DASHED.finditer(text):
        if iran_national_code_valid(re.sub(r"\D", "", match.group())):
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
_HOUSE = re.compile(B + alternation(HOUSE) + _NUMBER_AFTER + E)
_STREET_NUMBER = re.compile(
    B + alternation(STREET) + _NUMBER_AFTER.replace("{1,5}", "{1,4}") + E
    + r"|" + B + r"\d{1,4}[a-z]?(?:st|nd|rd|th|e|er)?\s+" + alternation(STREET) + E
)  # fmt: skip
_STREET_WORD = re.compile(B + alternation(STREET) + E)
# Latin style: "12 Rue des Lilas", "45 Jinnah Road" (a name between number and street word).
_NUMBER_FIRST = re.compile(
    # French first: "4 bis avenue Jean Jaurès" (a name follows the street word)
    r"(?<![\d,.])(\d{1,4})(?:\s?(?:bis|ter))?,?\s+"
    + alternation(["rue", "avenue", "av", "boulevard", "bd", "allée", "impasse", "chemin", "place"])
    + r"\s+[^\W\d_]"
    # then English: "45 Jinnah Road" (a name between the number and the street word)
    + r"|(?<![\d,.])(\d{1,4})(?:\s?[a-z])?,?\s+((?:[^\W\d_]+\s+){0,2}[^\W\d_]+\s+)?"
    + alternation(["street", "st", "road", "rd", "lane", "avenue", "ave", "drive", "close"]) + E
)  # fmt: skip
_NOT_A_NAME = frozenset(
    ["the", "a", "an", "of", "and", "in", "on", "at", "to", "by", "for", "days", "day", "hours",
     "km", "miles", "kilometres", "years", "months", "weeks", "people", "men", "women",
     "children", "kids", "times", "main", "long", "old", "big", "small"]
)  # fmt: skip
_YEARISH = re.compile(r"1[34]\d\d|19\d\d|20\d\d")


def addresses(text: str) -> list[Span]:
    """A house or flat number ("house no. 12", "پلاک ۵", "مکان نمبر 7"), two
    address parts together ("street 4 … block 7", "کوچه ۱۲ … خیابان"), or a
    number before a street's name ("12 rue des Lilas", "45 Jinnah Road")."""
    if not any(c.isdigit() for c in text):
        return []
    found = [m.span() for m in _HOUSE.finditer(text)]
    streets = [m.span() for m in _STREET_NUMBER.finditer(text)]
    for start, end in streets:
        if overlaps((start, end), found):
            continue
        nearby = text[max(0, start - 50) : end + 50]
        if len(_STREET_WORD.findall(nearby)) >= 2 or _HOUSE.search(nearby):
            found.append((start, end))
    for match in _NUMBER_FIRST.finditer(text):
        number = match.group(1) or match.group(2)
        if _YEARISH.fullmatch(number):
            continue
        name = (match.group(3) or "").split()
        if match.group(2) and (not name or any(w in _NOT_A_NAME for w in name)):
            continue
        if not overlaps(match.span(), found):
            found.append(match.span())
    return found
