"""The task machinery itself (conference/tasks.py): back-off, the schedule's entries,
and the rule that every mail leaves through a task."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django_tasks.base import Task

from conference import tasks

ROOT = Path(__file__).resolve().parent.parent


def test_back_off_doubles_from_the_first_delay_with_a_little_spread(settings):
    settings.TASK_RETRY_SECONDS = 30
    for attempt, base in ((1, 30), (2, 60), (3, 120), (7, 1920)):
        for _ in range(20):
            seconds = tasks.retry_delay(attempt).total_seconds()
            assert base <= seconds <= base * 1.2


def test_about_an_hour_of_retries_by_default():
    total = sum(
        settings.TASK_RETRY_SECONDS * 2 ** (attempt - 1)
        for attempt in range(1, settings.TASK_MAX_ATTEMPTS)
    )
    assert 3000 <= total <= 4500


@pytest.mark.parametrize("name", sorted(settings.TASK_SCHEDULE))
def test_every_periodic_job_is_a_task_with_a_positive_interval(name):
    assert isinstance(tasks.schedule_task(name), Task)
    assert settings.TASK_SCHEDULE[name]["every"] > 0


# Every mail the platform sends goes through conference/mail.py, from a task. -----

# Where a mail actually leaves: Mail.send(), called by conference.tasks.deliver(), and
# the account_mail task of allauth's mails.
_SENDING_MODULES = {"conference/mail.py", "conference/tasks.py", "conference/accounts.py"}
_SENDERS = re.compile(r"\bsend_to_user\(|\bsend_mail\(|\bsend_mass_mail\(|\.send\(\)")


def test_nothing_sends_mail_outside_the_tasks():
    """A new mail written as a plain call in a view or service would wait for the mail
    server in the request: it must be a `mail_task` instead."""
    offenders = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        relative = path.relative_to(ROOT).as_posix()
        # mutants/: copies of the project made by `make mutants` (git-ignored).
        if (
            relative.startswith((".venv/", "tests/", "bench/", "mutants/"))
            or relative in _SENDING_MODULES
        ):
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if _SENDERS.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
