from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class ConferenceConfig(AppConfig):
    default = True
    name = "conference"
    verbose_name = _("Conference")

    def ready(self):
        from conference import privacy

        privacy.autodiscover()
        _describe_languages()


def _describe_languages() -> None:
    """Django's table of languages has no Pashto (nor Dari, which it reads as Persian):
    without it, get_language_info("ps") (the admin's language tabs) fails."""
    from django.conf.locale import LANG_INFO

    LANG_INFO.setdefault("ps", {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"})
    LANG_INFO.setdefault(
        "fa-af", {"bidi": True, "code": "fa-af", "name": "Dari", "name_local": "دری"}
    )


class FamilyLinksAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "conference.admin_site.AdminSite"
