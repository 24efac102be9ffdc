# SupportSignal now lives in support.signals (support_signals/0001), same table.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sessions_app", "0003_session_join_link"),
        ("support_signals", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SupportSignal")],
            database_operations=[],
        ),
    ]
