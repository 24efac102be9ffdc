from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class ConferenceConfig(AppConfig):
    default = True
    name = "conference"
    verbose_name = _("Conference")

    def ready(self):
        from conference import access, consent, privacy  # noqa: F401 - consent: its signal

        privacy.autodiscover()
        access.connect()


class FamilyLinksAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "conference.admin_site.AdminSite"
