"""Where to send someone back to: a `next` address from a form or a link, if it is
a path on this site, else a fallback."""

from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback: str, *args, **kwargs) -> str:
    """The `next` of the POST (or GET) data when it is a path on this site, else
    `fallback` (a URL name, resolved with `args`/`kwargs`, or a path).

    Only a path starting with one slash is taken: anything else would be read
    as a URL name by `redirect()`, or lead to another site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return resolve_url(fallback, *args, **kwargs)


def redirect_next(request, fallback: str, *args, **kwargs) -> HttpResponseRedirect:
    return HttpResponseRedirect(safe_next(request, fallback, *args, **kwargs))
