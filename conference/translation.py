"""The edition's title and summary in every language (django-modeltranslation;
what readers see: conference/content.py)."""

from modeltranslation.translator import TranslationOptions, register

from conference.models import Conference


@register(Conference)
class ConferenceTranslation(TranslationOptions):
    fields = ("title", "summary")
