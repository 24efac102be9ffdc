"""Helpers the detectors share: word lists written as people spell them, folded
once at import the way posts are folded, and a few span utilities."""

import re
from collections.abc import Iterable

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


def word_regex(phrases: Iterable[str], flags: int = 0) -> re.Pattern:
    return re.compile(B + alternation(phrases) + E, flags)


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
