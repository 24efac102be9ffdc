"""Screening of forum posts for scams and personal data, before they are published.

    from support.forum.screening import screen
    result = screen(text, lang="fa", allowlist=link_allowlist())
    if result.hold: ...            # held for review, result.reasons says why
    if result.at_risk: ...         # not held: show support now, tell support staff

Pure functions: no network, no database (the caller passes the link allowlist,
see `support.forum.allowlist.link_allowlist`; without one, the setting
`FORUM_LINK_ALLOWLIST` is read). The text is folded by `support.text.fold`
(the shared normaliser, with a way back to the original's offsets), each detector
finds spans in the folded text, and every span is mapped back so moderators see
the very characters that matched. See docs/screening.md.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise

from support.text import fold

from . import _lex, contact, links, money, personal
from . import at_risk as _at_risk
from ._lex import Span
from .messages import EXPLANATIONS, LABELS

__all__ = ["CODES", "Reason", "Screening", "redact", "screen"]

# In the order an author reads them.
CODES = (
    "phone", "email", "messenger", "private_channel", "money_request", "payment_details",
    "information_for_money", "id_number", "address", "link", "at_risk",
)  # fmt: skip


@dataclass(frozen=True)
class Reason:
    """Why a post is held (or, for "at_risk", why support is offered): a code, a
    label for moderators, a kind sentence for the author, and the (start, end)
    offsets in the original text of what matched."""

    code: str
    spans: tuple[Span, ...]

    @property
    def label(self) -> Promise:
        return LABELS[self.code]

    @property
    def explanation(self) -> Promise:
        return EXPLANATIONS[self.code]


@dataclass(frozen=True)
class Screening:
    hold: bool
    reasons: tuple[Reason, ...]
    at_risk: bool

    @property
    def codes(self) -> list[str]:
        return [reason.code for reason in self.reasons]

    @property
    def spans(self) -> list[Span]:
        """Every span that holds the post, merged and in order (what `redact` takes)."""
        return _merge(
            [span for reason in self.reasons if reason.code != "at_risk" for span in reason.spans]
        )


def _merge(spans: Iterable[Span]) -> list[Span]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _default_allowlist() -> tuple[str, ...]:
    from django.conf import settings

    return tuple(getattr(settings, "FORUM_LINK_ALLOWLIST", links.DEFAULT_ALLOWLIST))


def screen(
    text: str, *, lang: str | None = None, allowlist: Iterable[str] | None = None
) -> Screening:
    """Screen a post's text. `lang` is the language the author writes in (the UI
    language); every language's rules run anyway, since families mix scripts, so
    it only serves callers that show the explanations. `allowlist`: domains links
    may point to (their subdomains too)."""
    folded = fold(text or "")
    f = folded.text
    found: dict[str, list[Span]] = {}
    # Numbers that are one thing must not count as another: IDs and payment
    # details first, then phones among what is left.
    found["id_number"] = personal.id_numbers(f)
    numbers = money.payment_numbers(f)
    found["payment_details"] = numbers + money.payment_agents(f)
    # (A JazzCash or Easypaisa account is a phone number: it stays one too.)
    found["phone"] = contact.phones(f, claimed=found["id_number"] + numbers)
    found["email"] = contact.emails(f)
    found["messenger"] = contact.handles(f)
    found["private_channel"] = contact.private_channels(f)
    found["money_request"] = money.money_requests(f)
    found["information_for_money"] = money.information_for_money(
        f, found["money_request"] + found["payment_details"]
    )
    found["address"] = personal.addresses(f)
    allow = _default_allowlist() if allowlist is None else tuple(allowlist)
    emails = found["email"]
    found["link"] = [s for s in links.links(f, allow) if not contact.overlaps(s, emails)]
    found["at_risk"] = _at_risk.at_risk(f)
    reasons = tuple(
        Reason(code, tuple(_merge(folded.span(*span) for span in found[code])))
        for code in CODES
        if found.get(code)
    )
    # The per-post caches hold the post's text: keep no family's words in memory.
    _lex.forget()
    contact.phone_candidates.cache_clear()
    return Screening(
        hold=any(reason.code != "at_risk" for reason in reasons),
        reasons=reasons,
        at_risk=bool(found["at_risk"]),
    )


def redact(text: str, spans: Iterable[Span], mask: str = "•••") -> str:
    """`text` with every span replaced by `mask` (what a moderator's "redact" keeps)."""
    parts, position = [], 0
    for start, end in _merge(spans):
        parts.append(text[position:start])
        parts.append(mask)
        position = end
    parts.append(text[position:])
    return "".join(parts)
