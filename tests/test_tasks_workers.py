"""Several workers at once, and workers that die: a reminder is sent exactly once,
and a task left running by a dead worker runs again, once in effect."""

import datetime
import threading

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conference import tasks
from conference.models import SentMail, TaskWorker
from hubs import services as hubs_services
from sessions_app import services as programme
from tests.concurrency import all_at_once
from tests.factories import make_session, make_user, register
from tests.tasks_helpers import database_tasks, run_worker, task_rows  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("database_tasks")]
TICKET = "hubs.tasks.ticket_mail"
REMINDER = "sessions_app.tasks.reminder_mail"


@pytest.mark.postgres
def test_two_workers_never_send_the_same_reminder_twice(world, settings, monkeypatch):
    settings.SESSION_REMINDER_MINUTES = 60
    workshop = make_session(
        hub=world.hub_a, kind="workshop", mode="online", room=None, starts_in=30, capacity=40
    )
    families = [make_user() for _ in range(30)]
    for family in families:
        register(family, world.hub_a, mode="online")
        programme.enrolment_create(user=family, session=workshop)

    # Both workers' reminder jobs find every reminder due before either claims one.
    both_looked = threading.Barrier(2)
    find_due = programme._due_reminder_ids

    def find_due_then_wait(now):
        due = find_due(now)
        both_looked.wait(timeout=30)
        return due

    monkeypatch.setattr(programme, "_due_reminder_ids", find_due_then_wait)
    queued = []
    errors = all_at_once(lambda _worker: queued.append(programme.reminders_queue()), ["a", "b"])
    assert errors == []
    assert sum(queued) == 30  # each reminder claimed by one of the two
    monkeypatch.undo()

    # Two workers then run the queue at the same time.
    errors = all_at_once(lambda _worker: run_worker(), ["a", "b"])
    assert errors == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f.email for f in families)
    assert DBTaskResult.objects.filter(task_path=REMINDER).count() == 30


@pytest.mark.postgres
def test_two_workers_share_the_queue_and_send_each_mail_once(world):
    families = [make_user() for _ in range(40)]
    for family in families:
        hubs_services.registration_create(
            user=family, hub=world.hub_a, mode="online", adults=1, consent=True
        )

    errors = all_at_once(lambda _worker: run_worker(), ["a", "b"])

    assert errors == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f.email for f in families)
    assert all(len(row.worker_ids) == 1 for row in task_rows(TICKET))  # each run by one worker


def _queued_ticket(world) -> DBTaskResult:
    hubs_services.registration_create(
        user=world.family, hub=world.hub_a, mode="online", adults=1, consent=True
    )
    [row] = task_rows(TICKET)
    return row


def test_a_task_left_running_by_a_dead_worker_runs_again(world, settings, time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    row = _queued_ticket(world)
    tasks.worker_beat(worker_id="worker-that-dies")
    row.claim("worker-that-dies")  # it took the task… and was killed

    # While the worker may still be alive, its task is left alone.
    time_machine.move_to(start + datetime.timedelta(seconds=59), tick=False)
    assert tasks.abandoned_tasks_requeue() == 0
    row.refresh_from_db()
    assert row.status == "RUNNING"

    time_machine.move_to(start + datetime.timedelta(seconds=61), tick=False)
    run_worker()  # its first job is the recovery, then the task itself

    assert [m.to for m in mail.outbox] == [[world.family.email]]
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert row.worker_ids[0] == "worker-that-dies"
    assert len(row.worker_ids) == 2
    assert len(task_rows(TICKET)) == 1


def test_a_mail_sent_just_before_its_worker_died_is_not_sent_again(world, time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    row = _queued_ticket(world)
    row.claim("worker-that-dies")
    # The mail had left and was marked sent; the worker died before recording the task.
    SentMail.objects.create(key=f"task:{row.id}")

    time_machine.move_to(start + datetime.timedelta(minutes=5), tick=False)
    run_worker()

    assert mail.outbox == []
    row.refresh_from_db()
    assert (row.status, row.return_value["result"]) == ("SUCCESSFUL", "already sent")


def test_a_task_whose_workers_keep_dying_is_kept_as_failed(world, settings, time_machine):
    settings.TASK_MAX_ATTEMPTS = 3
    start = timezone.now()
    row = _queued_ticket(world)
    for death in range(3):
        time_machine.move_to(start + datetime.timedelta(minutes=2 * death), tick=False)
        row.refresh_from_db()
        row.claim(f"worker-{death}")
        time_machine.move_to(start + datetime.timedelta(minutes=2 * death + 1.5), tick=False)
        tasks.abandoned_tasks_requeue()
    row.refresh_from_db()
    assert row.status == "FAILED"
    assert row.exception_class_path == "conference.tasks.WorkerLost"
    assert mail.outbox == []


def test_a_worker_says_it_is_alive_and_leaves_no_trace_when_it_stops(world):
    run_worker()
    assert not TaskWorker.objects.exists()
    tasks.worker_beat(worker_id="lost")
    TaskWorker.objects.filter(worker_id="lost").update(
        seen_at=timezone.now() - datetime.timedelta(days=2)
    )
    tasks.abandoned_tasks_requeue()
    assert not TaskWorker.objects.exists()  # forgotten after a day
