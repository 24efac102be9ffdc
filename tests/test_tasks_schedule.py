"""Periodic jobs (TASK_SCHEDULE) are queued when due, once per run however many
workers' schedulers look, and the worker runs them: the clock is frozen and moved."""

import datetime
from collections import Counter

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conference import tasks
from conference.models import ScheduledJob
from hubs.models import Registration
from sessions_app import services as programme
from tests.concurrency import all_at_once
from tests.factories import make_conference, make_hub, make_session, make_user, register
from tests.tasks_helpers import database_tasks, run_worker  # noqa: F401

pytestmark = pytest.mark.usefixtures("database_tasks")
SWEEP = "sessions_app.tasks.presence_sweep"
PURGE = "hubs.tasks.registrations_purge"


def _queued() -> Counter:
    return Counter(DBTaskResult.objects.values_list("task_path", flat=True))


@pytest.mark.django_db
def test_each_job_is_queued_when_due_and_keeps_its_rhythm(settings, time_machine):
    settings.TASK_SCHEDULE = {
        "often": {"task": SWEEP, "every": 60},
        "hourly": {"task": PURGE, "every": 3600},
    }
    start = timezone.now()
    time_machine.move_to(start, tick=False)

    def at(seconds: int) -> set[str]:
        time_machine.move_to(start + datetime.timedelta(seconds=seconds), tick=False)
        return set(tasks.schedule_tick())

    tasks.schedule_prepare()
    assert at(0) == {"often", "hourly"}  # new jobs run at once
    assert at(0) == set()
    assert at(59) == set()
    assert at(60) == {"often"}
    assert at(61) == set()
    # Two minutes without a worker: the job runs once, not once per missed minute…
    assert at(190) == {"often"}
    # …and keeps its rhythm (every minute from the start).
    assert ScheduledJob.objects.get(name="often").next_run_at == start + datetime.timedelta(
        seconds=240
    )
    assert at(239) == set()
    assert at(3600) == {"often", "hourly"}
    assert _queued() == Counter({SWEEP: 4, PURGE: 2})


@pytest.mark.django_db
def test_a_shortened_interval_takes_effect_at_once(settings, time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    settings.TASK_SCHEDULE = {"job": {"task": PURGE, "every": 86400}}
    tasks.schedule_prepare()
    assert tasks.schedule_tick() == ["job"]
    settings.TASK_SCHEDULE = {"job": {"task": PURGE, "every": 60}}
    tasks.schedule_prepare()  # what a worker does when it starts
    time_machine.move_to(start + datetime.timedelta(seconds=60), tick=False)
    assert tasks.schedule_tick() == ["job"]


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_the_same_moment_queue_each_run_once(settings):
    settings.TASK_SCHEDULE = {f"job-{number}": {"task": SWEEP, "every": 60} for number in range(10)}
    start = timezone.now()
    tasks.schedule_prepare(now=start)
    for minute in range(4):
        now = start + datetime.timedelta(minutes=minute)
        errors = all_at_once(lambda _worker, now=now: tasks.schedule_tick(now=now), ["a", "b"])
        assert errors == []
    assert _queued() == Counter({SWEEP: 40})


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_periodic_jobs_when_due(world, settings, time_machine):
    """Reminders go out when their session enters the window, and expired
    registrations are deleted hourly, by `run_worker` with the real schedule."""
    settings.SESSION_REMINDER_MINUTES = 60
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    circle = make_session(hub=world.hub_a, kind="circle", starts_in=90)
    register(world.family, world.hub_a, mode="online")
    programme.enrolment_create(user=world.family, session=circle, accept_ground_rules=True)
    old_edition = make_conference(
        starts_on=timezone.localdate() - datetime.timedelta(days=200), current=False
    )
    old_hub = make_hub(conference=old_edition)
    register(make_user(), old_hub)

    def run_at(minutes: int) -> None:
        time_machine.move_to(start + datetime.timedelta(minutes=minutes), tick=False)
        run_worker()

    run_at(0)
    assert mail.outbox == []  # the circle is 90 minutes away
    assert not Registration.objects.filter(hub=old_hub).exists()  # purged at the first run
    register(make_user(), old_hub)

    run_at(29)
    assert mail.outbox == []  # 61 minutes away
    run_at(31)
    assert [m.to for m in mail.outbox] == [[world.family.email]]  # 59 minutes away
    assert circle.title in mail.outbox[0].subject
    run_at(33)
    assert len(mail.outbox) == 1

    assert Registration.objects.filter(hub=old_hub).exists()  # the purge is hourly
    run_at(61)
    assert not Registration.objects.filter(hub=old_hub).exists()
    assert _queued()[PURGE] == 2
