"""Sessions' titles, descriptions and speakers in every language
(django-modeltranslation; what readers see: conference/content.py)."""

from modeltranslation.translator import TranslationOptions, register

from sessions_app.models import Session


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description", "speakers")
