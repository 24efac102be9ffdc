"""Countries of the support-services directory.

National societies keep their country as a name ("Pakistan", "Türkiye");
support services keep an ISO 3166 code (django-countries), whose name is shown in
the viewer's language. `country_code` bridges the two.
"""

from functools import lru_cache

from django_countries import countries

# Names societies are commonly entered with that are not django-countries' own.
ALIASES = {"iran": "IR", "turkey": "TR", "türkiye": "TR", "turkiye": "TR"}


@lru_cache(maxsize=512)
def country_code(name: str) -> str:
    """The ISO code of a country name or code in English ("" when unknown)."""
    name = (name or "").strip()
    if not name:
        return ""
    if len(name) == 2 and name.upper() in countries:
        return name.upper()
    return ALIASES.get(name.casefold()) or countries.by_name(name) or ""


def country_name(code: str) -> str:
    return str(countries.name(code)) if code else ""
