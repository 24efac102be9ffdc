"""Running tasks as production does: on the database backend, by the real worker.

Tests of the worker need `@pytest.mark.django_db(transaction=True)`: the worker
commits, checks its connections between tasks and has a heartbeat thread with a
connection of its own, like the real process."""

import io

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_tasks(settings):
    """Tasks go to the database and wait for a worker, as in production."""
    settings.TASKS = DATABASE_TASKS


def run_worker() -> str:
    """One batch of `manage.py run_worker`: queue the periodic jobs that are due,
    run every task that is ready, stop. Returns what it printed."""
    output = io.StringIO()
    call_command("run_worker", "--batch", stdout=output)
    return output.getvalue()


def task_rows(path: str) -> list[DBTaskResult]:
    """The stored tasks of one task function: by the moment they were queued, and a
    retry after the attempt that queued it (the clock may be frozen)."""
    rows = DBTaskResult.objects.filter(task_path=path)
    return sorted(
        rows, key=lambda row: (row.enqueued_at, row.args_kwargs["kwargs"].get("_attempt", 1))
    )
