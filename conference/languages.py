"""Languages people work in at hubs and sessions: wider than the interface languages."""

from django.utils.translation import gettext_lazy as _

WORKING_LANGUAGES = {
    "en": _("English"),
    "fr": _("French"),
    "ar": _("Arabic"),
    "fa": _("Persian"),
    "fa-af": _("Dari"),
    "ur": _("Urdu"),
    "ps": _("Pashto"),
    "tr": _("Turkish"),
    "ku": _("Kurdish"),
    "es": _("Spanish"),
    "ru": _("Russian"),
    "uk": _("Ukrainian"),
    "so": _("Somali"),
    "ti": _("Tigrinya"),
}

WORKING_LANGUAGE_CHOICES = list(WORKING_LANGUAGES.items())


def language_name(code: str) -> str:
    return str(WORKING_LANGUAGES.get(code, code))
