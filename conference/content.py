"""Texts staff write for families, in every language: which one a reader sees, and
what is still untranslated. The one place that reads the language columns
django-modeltranslation adds (`title_en`, `title_fa`, `title_fa_af`…).

A reader sees the text in their language; when it is missing, the first of
modeltranslation's fallbacks that has one (settings.MODELTRANSLATION_FALLBACK_LANGUAGES:
Dari and Persian for each other, then English, then any language the staff wrote
it in). Pages mark a text shown in another language than the page's with its own
`lang` and `dir`, so screen readers pronounce it and fonts and direction switch.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, resolution_order

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
RTL = frozenset(settings.LANGUAGES_BIDI) | {"fa-af"}


@dataclass(frozen=True)
class Shown:
    text: str
    language: str  # the language the text is in ("" when there is none)

    @property
    def is_foreign(self) -> bool:
        """Written in another language than the one the page is in."""
        return bool(self.text) and self.language != current_language()


def current_language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).lower()


def direction(language: str) -> str:
    return "rtl" if language in RTL else "ltr"


def column(field: str, language: str) -> str:
    """The attribute holding `field` in `language`: title_fa_af."""
    return build_localized_fieldname(field, language)


def translated_fields(model) -> tuple[str, ...]:
    """The fields of `model` kept in every language (empty when not registered)."""
    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()


def text_in(obj, field: str, language: str) -> str:
    return (getattr(obj, column(field, language), None) or "").strip()


def shown(obj, field: str) -> Shown:
    """The text of `obj.field` a reader of the active language sees, and its language."""
    if obj is None:
        return Shown("", "")
    if field not in translated_fields(type(obj)):
        return Shown(str(getattr(obj, field, "") or ""), current_language())
    for language in resolution_order(current_language()):
        text = getattr(obj, column(field, language), None)
        if text:
            return Shown(text, language)
    return Shown("", "")


def inline_html(obj, field: str) -> SafeString:
    """The text, escaped, in a `<span lang dir>` when it is in another language."""
    text = shown(obj, field)
    if not text.is_foreign:
        return escape(text.text)
    return format_html(
        '<span lang="{}" dir="{}">{}</span>', text.language, direction(text.language), text.text
    )


def paragraphs_html(obj, field: str) -> SafeString:
    """A longer text as paragraphs, in a `<div lang dir>` when in another language."""
    text = shown(obj, field)
    body = linebreaks(text.text, autoescape=True)
    if not text.is_foreign:
        return mark_safe(body)  # noqa: S308 - escaped by linebreaks
    return format_html(
        '<div lang="{}" dir="{}">{}</div>', text.language, direction(text.language), body
    )


# What is still untranslated ------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    obj: object
    field: str
    languages: tuple[str, ...]

    @property
    def label(self) -> str:
        return str(type(self.obj)._meta.get_field(self.field).verbose_name)

    @property
    def kind(self) -> str:
        return str(type(self.obj)._meta.verbose_name)


def interface_languages(codes) -> list[str]:
    """Of `codes` (a hub's working languages, say), those the platform speaks,
    English first: the languages its texts should be written in."""
    wanted = {"en", *codes}
    return [code for code in LANGUAGE_CODES if code in wanted]


def missing(obj, languages) -> list[Missing]:
    """For each field of `obj` written in some language, the `languages` it lacks.
    A field nobody wrote (an empty description) is not counted as missing."""
    found = []
    for field in translated_fields(type(obj)):
        written = [code for code in LANGUAGE_CODES if text_in(obj, field, code)]
        if not written:
            continue
        lacking = tuple(code for code in languages if code not in written)
        if lacking:
            found.append(Missing(obj, field, lacking))
    return found
