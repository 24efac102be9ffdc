"""PostgreSQL only: the pg_trgm extension and the GIN indexes of library search.
A no-op on SQLite, which searches without them (support/library/search.py)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from support.library.search import install_postgres_search

    install_postgres_search(schema_editor.connection)


def backwards(apps, schema_editor):
    from support.library.search import uninstall_postgres_search

    uninstall_postgres_search(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
