"""The domains a forum post may link to: the setting `FORUM_LINK_ALLOWLIST` and
the web sites of the support directory (services and national societies'
tracing pages). Kept apart from screening, which stays pure: callers work out
the list once and pass it to `screen(..., allowlist=...)`."""

from django.conf import settings

from support.forum.screening.links import host_of


def link_allowlist() -> tuple[str, ...]:
    """Allowed domains: the setting's, and those of the directory (two queries)."""
    from hubs.models import NationalSociety
    from support.library.models import SupportService

    urls = list(SupportService.objects.exclude(website="").values_list("website", flat=True))
    urls += NationalSociety.objects.exclude(tracing_url="").values_list("tracing_url", flat=True)
    domains = {domain.lower() for domain in settings.FORUM_LINK_ALLOWLIST}
    domains.update(host for host in map(host_of, urls) if "." in host)
    return tuple(sorted(domains))
