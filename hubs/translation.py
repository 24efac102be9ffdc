"""What hubs and national societies tell families, in every language
(django-modeltranslation; what readers see: conference/content.py)."""

from modeltranslation.translator import TranslationOptions, register

from hubs.models import Hub, NationalSociety, Room


@register(NationalSociety)
class NationalSocietyTranslation(TranslationOptions):
    # The short name ("PRCS") stays one: an acronym families quote to the society.
    fields = ("name", "country", "tracing_notes")
    # The name is unique: an empty translation is NULL, never a second "".
    empty_values = {"name": None}


@register(Hub)
class HubTranslation(TranslationOptions):
    fields = ("name", "city", "venue", "accessibility")


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name",)
    empty_values = {"name": None}
