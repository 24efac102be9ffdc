"""pytest plugin for mutation runs (scripts/mutants.py loads it with -p).

Each mutant's run reuses the module's test database (--reuse-db). A run cut off in
the middle of a transactional test (a mutant that hangs until cosmic-ray's timeout)
leaves its rows behind, and every later run would fail on them, counting mutants
as killed that no test caught. So each run starts from empty tables."""

import pytest


@pytest.fixture(scope="session", autouse=True)
def _empty_reused_database(django_db_setup, django_db_blocker):
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
