"""Helpers the detectors share: word lists written as people spell them, folded
once at import the way posts are folded, and a few span utilities."""

import functools
import itertools
import re
from collections.abc import Iterable, Iterator

from support.text import fold

Span = tuple[int, int]


def alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of `phrases`, each folded like a post (so "بھیجیں" is
    written once and matches what `fold` makes of it); spaces match any run of
    white space; longest first so the regex prefers the longest phrase."""
    folded = {fold(phrase).text.strip() for phrase in phrases}
    parts = [r"\s+".join(re.escape(word) for word in item.split()) for item in folded if item]
    return "(?:" + "|".join(sorted(parts, key=len, reverse=True)) + ")"


def cues(phrases: Iterable[str]) -> tuple[str, ...]:
    """Folded first words of `phrases`: cheap substring tests before a costly regex."""
    return tuple({fold(phrase).text.split()[0] for phrase in phrases if phrase.strip()})


def any_in(text: str, needles: tuple[str, ...]) -> bool:
    return any(needle in text for needle in needles)


# Word boundaries that also hold next to Arabic-script letters and digits.
B = r"(?<![^\W_])"  # start of a word
E = r"(?![^\W_])"  # end of a word


_TOKEN = re.compile(r"[^\W_]+")
_SPLIT = re.compile(r"([^\W_]+)")
# The first words of every lexicon's phrases: only these are indexed in a post.
_FIRST_WORDS: set[str] = set()
MAX_HITS = 200
_DIGIT = re.compile(r"\d")


def has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


@functools.lru_cache(maxsize=16)
def _words_at(text: str) -> tuple[dict[str, list[int]], frozenset[str]]:
    """Where each word of `text` starts. Built once per text (a post is screened
    by a dozen word lists; Python hashes a string once and keeps the hash)."""
    # split() and accumulate() run in C: [gap, word, gap, word, …, gap] and the
    # offsets after each piece; a word starts where the gap before it ends.
    parts = _SPLIT.split(text)
    ends = list(itertools.accumulate(map(len, parts)))
    first = _FIRST_WORDS
    index: dict[str, list[int]] = {}
    hits = [(w, s) for w, s in zip(parts[1::2], ends[0::2], strict=False) if w in first]
    for word, start in hits:
        index.setdefault(word, []).append(start)
    return index, frozenset(index)


def forget() -> None:
    _words_at.cache_clear()


class _Hit:
    """A match of a one-word phrase, shaped like `re.Match` where callers use it."""

    __slots__ = ("_end", "_start", "_text")

    def __init__(self, text: str, start: int, end: int):
        self._text, self._start, self._end = text, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def span(self) -> tuple[int, int]:
        return self._start, self._end

    def group(self) -> str:
        return self._text[self._start : self._end]


class Lexicon:
    """Whole words and phrases from a list, found fast: Python's `re` tries every
    branch of an alternation at every position, which for a few hundred phrases
    over a 2,000-character post costs about a millisecond. A lexicon looks up
    the post's words (indexed once per post) among its phrases' first words, and
    only there tries its regex. Phrases that start with a sign ("$", "(at)") are
    searched by a small regex of their own.

    `suffixes` and `prefixes`: letters that may be glued to a phrase's first or
    last word ("واتساپم", "بالواتساب", "whatsapps")."""

    def __init__(self, phrases: Iterable[str], *, suffixes=(), prefixes=()):
        words, signs = [], []
        for phrase in phrases:
            folded = fold(phrase).text.strip()
            if not folded:
                continue
            (words if _TOKEN.match(folded) else signs).append(folded)
        variants = set(words)
        variants.update(w + suffix for w in words for suffix in suffixes)
        variants.update(prefix + w for w in words for prefix in prefixes)
        self.first = frozenset(_TOKEN.match(v).group() for v in variants)
        # One-word phrases need no regex: the index's word is the whole match.
        multi = {_TOKEN.match(v).group() for v in variants if not _TOKEN.fullmatch(v)}
        self.whole = frozenset(v for v in variants if _TOKEN.fullmatch(v) and v not in multi)
        _FIRST_WORDS.update(self.first)
        self.regex = re.compile(alternation(variants) + E)
        self.signs = re.compile(alternation(signs) + E) if signs else None

    def finditer(self, text: str) -> Iterator[re.Match]:
        found = []
        index, words = _words_at(text)
        for word in self.first & words:
            if word in self.whole:
                found.extend(_Hit(text, start, start + len(word)) for start in index[word])
                continue
            for start in index[word]:
                match = self.regex.match(text, start)
                if match:
                    found.append(match)
        if self.signs is not None:
            found.extend(self.signs.finditer(text))
        found.sort(key=lambda match: match.start())
        # A post that repeats a phrase hundreds of times is held on the first ones;
        # the rest would only make the pairing of spans (quadratic) slow.
        return iter(found[:MAX_HITS])

    def search(self, text: str) -> re.Match | None:
        return next(self.finditer(text), None)

    def findall(self, text: str) -> list[str]:
        return [match.group() for match in self.finditer(text)]


def word_regex(phrases: Iterable[str], **variants) -> Lexicon:
    return Lexicon(phrases, **variants)


class Prefiltered:
    """A regex tried only where one of its phrases occurs as plain text: `re` tries
    an alternation of dozens of words at every position of a window (and a pattern
    ending in `$` at every position too), while `in` finds a substring in C."""

    __slots__ = ("needles", "pattern")

    def __init__(self, pattern: str, phrases: Iterable[str]):
        self.pattern = re.compile(pattern)
        self.needles = tuple({fold(p).text.split()[0] for p in phrases if p.strip()})

    def _may(self, text: str, pos: int, endpos: int | None) -> bool:
        window = text[pos:endpos] if pos or endpos is not None else text
        return any(needle in window for needle in self.needles)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        if not self._may(text, pos, endpos):
            return None
        return self.pattern.search(text, pos, len(text) if endpos is None else endpos)

    def findall(self, text: str) -> list:
        return self.pattern.findall(text) if self._may(text, 0, None) else []


def window_regex(phrases: Iterable[str]) -> Prefiltered:
    """A regex of whole phrases, for a few dozen characters around a match (a
    lexicon would index each window)."""
    phrases = list(phrases)
    return Prefiltered(B + alternation(phrases) + E, phrases)


def spans_of(pattern: re.Pattern, text: str) -> list[Span]:
    return [match.span() for match in pattern.finditer(text)]


def near(first: list[Span], second: list[Span], window: int) -> list[Span]:
    """Spans joining a span of `first` to a span of `second` within `window` characters."""
    joined = []
    for a_start, a_end in first:
        for b_start, b_end in second:
            if b_start - a_end <= window and a_start - b_end <= window:
                joined.append((min(a_start, b_start), max(a_end, b_end)))
                break
    return joined


def overlaps(span: Span, others: Iterable[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


_SENTENCE_END = re.compile(r"[.!?؟۔\n]")


def sentence_before(text: str, start: int, reach: int = 60) -> str:
    """The part of the sentence before `start`, at most `reach` characters."""
    before = text[max(0, start - reach) : start]
    ends = list(_SENTENCE_END.finditer(before))
    return before[ends[-1].end() :] if ends else before
