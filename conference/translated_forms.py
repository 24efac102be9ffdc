"""Staff forms for texts kept in every language: one input per language, side by
side, for the languages of the hub the text is for (English first)."""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from conference import content

LANGUAGE_NAMES = dict(settings.LANGUAGES)


@dataclass
class TranslatedGroup:
    field: str
    label: str
    help_text: str
    names: list[str]  # form field names, one per language: title, title_fa…
    columns: list[str]  # the model's columns they fill: title_en, title_fa…


class TranslatedFieldsMixin:
    """Call `add_translations(model, fields, languages, instance)` in `__init__`;
    render with `includes/translated_form.html`. Every language is optional, but a
    field in `required` must be written in at least one. The default language's
    input keeps the field's own name (`title`), the others are `title_fa`…"""

    translated_groups: list[TranslatedGroup]

    def add_translations(self, *, model, fields, languages, instance=None, required=()):
        self.translated_groups = []
        self.translated_required = set(required)
        for field in fields:
            model_field = model._meta.get_field(field)
            names, columns = [], []
            for code in languages:
                column = content.column(field, code)
                name = field if code == settings.MODELTRANSLATION_DEFAULT_LANGUAGE else column
                long_text = isinstance(model_field, models.TextField)
                widget = forms.Textarea(attrs={"rows": 3}) if long_text else forms.TextInput()
                widget.attrs.update({"lang": code, "dir": content.direction(code)})
                self.fields[name] = forms.CharField(
                    label=format_html(
                        '<span lang="{}" dir="{}">{}</span>',
                        code,
                        content.direction(code),
                        LANGUAGE_NAMES.get(code, code),
                    ),
                    required=False,
                    max_length=model_field.max_length,
                    widget=widget,
                )
                if instance is not None and not self.is_bound:
                    self.initial[name] = getattr(instance, column, None) or ""
                names.append(name)
                columns.append(column)
            self.translated_groups.append(
                TranslatedGroup(
                    field,
                    str(model_field.verbose_name),
                    str(model_field.help_text),
                    names,
                    columns,
                )
            )

    def clean_translations(self) -> None:
        """Call from `clean()`: a required text written in no language is an error."""
        for group in self.translated_groups:
            if group.field not in self.translated_required:
                continue
            if not any((self.cleaned_data.get(name) or "").strip() for name in group.names):
                self.add_error(group.names[0], _("Write this in at least one of the languages."))

    def translated_values(self) -> dict[str, str | None]:
        """The cleaned texts by column name; an empty one is None (nothing written)."""
        values = {}
        for group in self.translated_groups:
            for name, column in zip(group.names, group.columns, strict=True):
                values[column] = (self.cleaned_data.get(name) or "").strip() or None
        return values

    def field_for(self, column: str) -> str | None:
        """The form field that fills a model column (an error from a service)."""
        for group in self.translated_groups:
            if column in group.columns:
                return group.names[group.columns.index(column)]
        return column if column in self.fields else None

    def translated_bound_groups(self):
        return [
            {"group": group, "fields": [self[name] for name in group.names]}
            for group in self.translated_groups
        ]

    def plain_fields(self):
        """The form's other fields, in order."""
        taken = {name for group in self.translated_groups for name in group.names}
        return [self[name] for name in self.fields if name not in taken]
