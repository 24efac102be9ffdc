"""Links to sites outside the allowlist (the ICRC, the IFRC, Trace the Face and
the national societies in the support directory)."""

import re
from collections.abc import Iterable

from ._lex import Span

DEFAULT_ALLOWLIST = ("icrc.org", "familylinks.icrc.org", "tracetheface.org", "ifrc.org")
_TLDS = (
    "com|org|net|info|biz|io|me|ly|link|xyz|site|online|top|club|app|co|tk|ml|ga|cf|gq|ir|pk|af"
    "|fr|uk|de|ru|tr|ae|sa|iq|qa|kw|ch|be|ca|us|eu|in|bd|int|gov|edu|ngo|shop|store|live|page"
)
# An address with its scheme or "www.", up to white space; and a bare domain name,
# found from its ending (".com", ".ir"…) back to its start.
_SCHEME = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]]+")
_ENDING = re.compile(rf"\.(?:{_TLDS})(?![\w\-])(?:/[^\s<>\"']*)?")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-.")
_HOST = re.compile(r"^(?:https?://)?([^/?#:\s]+)")
_MESSENGER_HOSTS = (
    "t.me", "telegram.me", "telegram.dog", "wa.me", "api.whatsapp.com", "chat.whatsapp.com",
    "m.me", "signal.me", "signal.group", "imo.im", "invite.viber.com", "viber.click",
    "instagram.com", "instagr.am", "facebook.com", "fb.com", "fb.me", "tiktok.com", "snapchat.com",
    "x.com", "twitter.com",
)  # fmt: skip


def host_of(url: str) -> str:
    match = _HOST.match(url.strip().lower())
    host = match.group(1) if match else ""
    return host.removeprefix("www.").rstrip(".")


def allowed(host: str, allowlist: Iterable[str]) -> bool:
    return any(host == domain or host.endswith("." + domain) for domain in allowlist)


def links(text: str, allowlist: Iterable[str] = DEFAULT_ALLOWLIST) -> list[Span]:
    """Links and bare domain names whose host is not on the allowlist (messenger
    links are left to the handles' detector)."""
    if "." not in text:
        return []
    domains = tuple(d.lower().removeprefix("www.") for d in allowlist)
    candidates = [m.span() for m in _SCHEME.finditer(text)]
    for match in _ENDING.finditer(text):
        start = match.start()
        limit = max(0, start - 253)  # the longest host name
        while start > limit and text[start - 1] in _HOST_CHARS:
            start -= 1
        if start < match.start() and not (start and text[start - 1] in "@/_"):
            span = (start, match.end())
            if not any(a <= span[0] < b for a, b in candidates):
                candidates.append(span)
    found = []
    for start, end in candidates:
        url = text[start:end].rstrip(".,;:!?،")
        host = host_of(url)
        if not host or "." not in host or allowed(host, domains) or allowed(host, _MESSENGER_HOSTS):
            continue
        found.append((start, start + len(url)))
    return found
