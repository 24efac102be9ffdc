# SupportSignal now lives in support.signals (support_signals/0001), same table.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sessions_app", "0004_alter_session_capacity"),
        ("support_signals", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SupportSignal")],
            database_operations=[],
        ),
    ]
