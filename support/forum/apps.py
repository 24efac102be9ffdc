from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "support.forum"
    label = "forum"
    verbose_name = _("Family solidarity forum")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_init, post_save

        from support.forum import signals

        user_model = get_user_model()
        post_init.connect(signals.remember_pseudonym, sender=user_model)
        post_save.connect(signals.record_pseudonym_change, sender=user_model)
