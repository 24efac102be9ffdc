"""Helpers for migrations that must not import today's models."""

from django.db.models import F, Q


def copy_into_default_language(app_label: str, fields: dict[str, tuple[str, ...]]):
    """A RunPython function: the text already saved in each of `fields` (model name ->
    field names) becomes its English (default-language) text, where that is empty.
    Before translated content, every text was written in English."""

    def forwards(apps, schema_editor):
        for model_name, names in fields.items():
            model = apps.get_model(app_label, model_name)
            for name in names:
                english = f"{name}_en"
                model.objects.filter(Q(**{f"{english}__isnull": True}) | Q(**{english: ""})).update(
                    **{english: F(name)}
                )

    return forwards
