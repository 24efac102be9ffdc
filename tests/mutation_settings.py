"""Test settings for mutation runs (scripts/mutants.py): one fixed test database
per module under test, kept between runs (`--reuse-db`), since every mutant
starts pytest afresh and creating the database each time would cost more than
the tests."""

import os

from tests.settings import *  # noqa: F403

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db-mutants.sqlite3")}  # noqa: F405
else:
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.environ.get("FLH_MUTANTS_DB", "test_flh_mutants")
    }
