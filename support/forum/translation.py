"""Category names and descriptions, written once by staff in every language."""

from modeltranslation.translator import TranslationOptions, register

from support.forum.models import Category


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name", "description")
