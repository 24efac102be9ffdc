"""PostgreSQL only: the GIN indexes of forum search. A no-op on SQLite, which
searches without them (support/forum/search.py)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from support.forum.search import install_postgres_search

    install_postgres_search(schema_editor.connection)


def backwards(apps, schema_editor):
    from support.forum.search import uninstall_postgres_search

    uninstall_postgres_search(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_initial"),
        ("library", "0002_postgres_search"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
