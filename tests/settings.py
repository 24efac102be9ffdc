"""Test settings: the real settings module with fast hashing and captured e-mail."""

import os
import tempfile

os.environ.setdefault("REDIS_PREFIX", f"flh-test-{os.getpid()}")
# No test ever reaches a real Jitsi: the video domain is a name only the tests answer for.
os.environ.setdefault("JITSI_DOMAIN", "meet.test")

from conference.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded files (library) of this test process, never the project's media/.
MEDIA_ROOT = Path(tempfile.gettempdir()) / f"flh-test-media-{os.getpid()}"  # noqa: F405

# No collectstatic in tests: WhiteNoise looks up files on each request instead.
WHITENOISE_AUTOREFRESH = True

# One test database per test process, so two runs on one machine never drop each
# other's database (pytest-django creates it at the start and drops it at the end).
_database = DATABASES["default"]  # noqa: F405
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["TEST"] = {"NAME": str(BASE_DIR / f"test-db-{os.getpid()}.sqlite3")}  # noqa: F405
else:
    _database["TEST"] = {"NAME": f"test_{_database['NAME']}_{os.getpid()}"}

# Tasks run at once in the process that queues them (after the commit), so tests read
# mail.outbox right after a request. Tests of the worker itself switch to the database
# backend, as in production (the `database_tasks` fixture in tests/tasks_helpers.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Pre-moderation of new members (support/forum/moderation.py) is off for the tests of
# other forum features, whose families would otherwise wait for a moderator; the
# moderation tests turn it on (tests/test_forum_moderation*.py).
FORUM_PREMODERATE_POSTS = 0
