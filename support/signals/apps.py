from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportSignalsConfig(AppConfig):
    name = "support.signals"
    label = "support_signals"
    verbose_name = _("Support signals and conversations")
