"""Texts staff write once for families in every language (django-modeltranslation:
one column per language, English as the fallback)."""

from modeltranslation.translator import TranslationOptions, register

from support.library.models import SupportService, Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(SupportService)
class SupportServiceTranslationOptions(TranslationOptions):
    fields = ("name", "description", "hours_note")
