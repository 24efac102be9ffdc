"""The one text normaliser: library search, forum search and the forum's screening
all fold text through `normalise()` before they index, query or match it.

Families type Persian on Arabic keyboards and the reverse, mix Persian (۰-۹),
Arabic-Indic (٠-٩) and ASCII digits, and write with or without diacritics,
tatweel and the zero-width non-joiner. Written forms that a reader takes for the
same word must give the same normalised text:

- Unicode NFKC (presentation forms, full-width letters and ligatures unfolded);
- Arabic and Persian letter forms unified: ي ى → ی, ك → ک, أ إ آ ٱ → ا, ؤ → و,
  ئ → ی, ة ۀ → ه (teh marbuta and heh with yeh are spelling variants in search);
- harakat, the superscript alef and Quranic marks removed, tatweel removed;
- zero-width characters (ZWNJ, ZWJ, ZWSP, BOM) and direction marks removed, so
  "می‌خواهم" and "میخواهم" match;
- Persian and Arabic-Indic digits folded to ASCII;
- Latin script lower-cased (casefold) and stripped of accents ("Réunion" → "reunion");
- runs of white space collapsed to one space.
"""

import re
import unicodedata

_LETTERS = str.maketrans(
    {
        "\u064a": "\u06cc",  # ي Arabic yeh → ی Persian yeh
        "\u0649": "\u06cc",  # ى alef maksura → ی
        "\u0626": "\u06cc",  # ئ yeh with hamza → ی
        "\u0643": "\u06a9",  # ك Arabic kaf → ک keheh
        "\u0623": "\u0627",  # أ → ا
        "\u0625": "\u0627",  # إ → ا
        "\u0622": "\u0627",  # آ → ا
        "\u0671": "\u0627",  # ٱ alef wasla → ا
        "\u0624": "\u0648",  # ؤ → و
        "\u0629": "\u0647",  # ة teh marbuta → ه
        "\u06c0": "\u0647",  # ۀ heh with yeh above → ه
        "\u06c1": "\u0647",  # ہ heh goal (Urdu) → ه
        "\u06be": "\u0647",  # ھ heh doachashmee (Urdu) → ه
        "\u06d2": "\u06cc",  # ے yeh barree (Urdu) → ی
    }
)
_DIGITS = str.maketrans(
    {
        **{chr(0x06F0 + n): str(n) for n in range(10)},  # Persian ۰-۹
        **{chr(0x0660 + n): str(n) for n in range(10)},  # Arabic-Indic ٠-٩
    }
)
# Harakat and other Arabic marks, the superscript alef, Quranic annotation signs, tatweel.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Zero-width and direction-control characters.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")


def _strip_latin_accents(text: str) -> str:
    """Remove combining accents from Latin letters only (é → e); other scripts
    keep their marks (handled above for Arabic script)."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = []
    previous_latin = False
    for char in decomposed:
        if unicodedata.combining(char):
            if previous_latin:
                continue
        else:
            previous_latin = "LATIN" in unicodedata.name(char, "")
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def normalise(text: str) -> str:
    """Fold `text` for searching and matching (see the module's docstring)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _MARKS.sub("", text)
    text = text.translate(_LETTERS).translate(_DIGITS)
    text = _strip_latin_accents(text.casefold())
    return _SPACES.sub(" ", text).strip()


_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """The normalised words of `text`, in order."""
    return _WORD.findall(normalise(text))
