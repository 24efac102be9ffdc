"""The library's first eight topics, named in every language."""

from django.db import migrations


def forwards(apps, schema_editor):
    from support.library.topics import DEFAULT_TOPICS, topic_columns

    Topic = apps.get_model("library", "Topic")
    for position, topic in enumerate(DEFAULT_TOPICS):
        columns = topic_columns(topic)
        Topic.objects.get_or_create(
            slug=topic["slug"],
            defaults={
                "position": position,
                "name": columns["name_en"],
                "description": columns["description_en"],
                **columns,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0002_postgres_search"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
