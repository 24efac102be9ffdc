"""For bench/tasks_rush.py's "inline" run only: mails sent inside the request (right
after its commit), as before they became tasks, to show what the queue saves."""

from conference.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
