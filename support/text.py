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

import bisect
import functools
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


# --- Folding with a way back: what screening matches on --------------------------
#
# Screening must show moderators *which* characters of the original post matched,
# so it cannot work on `normalise()`'s output alone. `fold()` applies the same
# folding character by character (NFKC, letter forms, marks, invisible characters,
# digits, case and Latin accents) and remembers, for every folded character, the
# original character it came from. On top, for matching only:
# - Cyrillic and Greek letters that look like Latin ones are folded to Latin
#   ("WhаtsАpp" typed with Cyrillic а);
# - every kind of white space becomes one ASCII space (runs are kept, so offsets
#   stay simple; patterns use `\s+`), and the Arabic decimal and thousands signs
#   and the Urdu full stop become "." and ",";
# - words spelt out letter by letter are joined: "w h a t s a p p" and
#   "t.e.l.e.g.r.a.m" become "whatsapp" and "telegram".

_LOOKALIKES = {
    # Cyrillic (after casefold)
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i",
    "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g", "ı": "i",
    # Greek (after casefold)
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "u", "ν": "v",
    "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "γ": "y",
}  # fmt: skip
_EXTRA = {"\u066b": ".", "\u066c": ",", "\u06d4": "."}
_SPELT_OUT = re.compile(r"\b[^\W\d_][ .\-_*·][^\W\d_][ .\-_*·][^\W\d_](?:[ .\-_*·][^\W\d_])+\b")
_SPELT_SEPARATORS = frozenset(" .-_*·")
# A cheap test first: it starts with a separator, which `re` finds fast.
_SPELT_OUT_HINT = re.compile(r"[ .\-_*·][^\W\d_][ .\-_*·][^\W\d_][ .\-_*·][^\W\d_][ .\-_*·]")


def _fold_char(char: str) -> str:
    """What one character of the original becomes (possibly nothing, possibly more)."""
    if char in _EXTRA:
        return _EXTRA[char]
    if char.isspace():
        return " "
    text = unicodedata.normalize("NFKC", char)
    text = _INVISIBLE.sub("", text)
    text = _MARKS.sub("", text)
    text = text.translate(_LETTERS).translate(_DIGITS).casefold()
    # Accents and lone combining marks go (a lone mark after a Latin letter is an
    # accent; after an Arabic-script letter, a mark `normalise` strips as well).
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    text = unicodedata.normalize("NFC", text)
    return "".join(_LOOKALIKES.get(c, c) for c in text)


# code point → what it folds to, for `str.translate` (a plain dict: translate is
# much slower with a dict subclass). Filled up front for the scripts families
# write; any other character is added the first time a text brings it.
_FOLD_TABLE: dict[int, str] = {}
# Characters that fold to nothing or to more than one character (offsets move).
_IRREGULAR: set[str] = set()
_PRELOADED = ((0, 0x500), (0x600, 0x700), (0x2000, 0x2070), (0xFB50, 0xFFF0))
_NOT_PRELOADED = re.compile(
    "[^" + "".join(f"\\U{start:08x}-\\U{end - 1:08x}" for start, end in _PRELOADED) + "]"
)


def _learn(char: str) -> None:
    piece = _FOLD_TABLE[ord(char)] = _fold_char(char)
    if len(piece) != 1:
        _IRREGULAR.add(char)


@functools.lru_cache(maxsize=4)
def _irregular_pattern(count: int) -> re.Pattern:  # count: recompiled when a character is learnt
    return re.compile("[" + "".join(sorted(map(re.escape, _IRREGULAR))) + "]")


class _Shifts:
    """The way back when some characters folded to nothing or to several: for
    each such character, where its piece starts in the folded text, how long
    it is, where the character was, and the shift after it."""

    __slots__ = ("after", "at", "lengths", "starts")

    def __init__(self, original: str):
        table = _FOLD_TABLE
        self.starts, self.lengths, self.at, self.after = [], [], [], []
        shift = 0  # original position minus folded position
        for match in _irregular_pattern(len(_IRREGULAR)).finditer(original):
            index = match.start()
            size = len(table[ord(original[index])])
            self.starts.append(index - shift)
            self.lengths.append(size)
            self.at.append(index)
            shift += 1 - size
            self.after.append(shift)

    def __getitem__(self, position: int) -> int:
        found = bisect.bisect_right(self.starts, position) - 1
        if found < 0:
            return position
        if position < self.starts[found] + self.lengths[found]:
            return self.at[found]  # inside the piece of one character
        return position + self.after[found]

    def __len__(self) -> int:
        return 1 << 62  # any position maps; the caller bounds it


for _start, _end in _PRELOADED:
    for _code in range(_start, _end):
        _learn(chr(_code))
del _start, _end, _code


class Folded:
    """Folded text, and the way back from its positions to the original's."""

    __slots__ = ("_origin", "original", "text")

    def __init__(self, original: str, text: str, origin: list[int] | bool | None):
        self.original = original
        self.text = text
        # None: position n of `text` is position n of `original`; True: not worked
        # out yet (most texts never need the way back: nothing matched).
        self._origin = origin

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The (start, end) in the original of the folded text's [start, end)."""
        origin = self._origin
        if origin is True:
            origin = self._origin = _Shifts(self.original)
        if origin is None:
            return start, end
        if start >= len(self.text):
            return len(self.original), len(self.original)
        return origin[start], origin[max(start, end - 1)] + 1


def fold(text: str) -> Folded:
    """Fold `text` for matching, keeping the way back to its offsets (see above)."""
    table = _FOLD_TABLE
    if _NOT_PRELOADED.search(text):
        for char in set(_NOT_PRELOADED.findall(text)):
            if ord(char) not in table:
                _learn(char)
    folded = text.translate(table)
    origin = None
    if len(folded) != len(text) or not _IRREGULAR.isdisjoint(text):
        origin = True
    if _SPELT_OUT_HINT.search(folded) is None or _SPELT_OUT.search(folded) is None:
        return Folded(text, folded, origin)
    # Join the spelt-out words, dropping the separators' positions.
    if origin is None:
        origin = list(range(len(folded)))
    else:
        origin = [i for i, char in enumerate(text) for _ in table.get(ord(char), char)]
    kept_text, kept_origin, position = [], [], 0
    for match in _SPELT_OUT.finditer(folded):
        kept_text.append(folded[position : match.start()])
        kept_origin.extend(origin[position : match.start()])
        for index in range(match.start(), match.end()):
            if folded[index] not in _SPELT_SEPARATORS:
                kept_text.append(folded[index])
                kept_origin.append(origin[index])
        position = match.end()
    kept_text.append(folded[position:])
    kept_origin.extend(origin[position:])
    return Folded(text, "".join(kept_text), kept_origin)
