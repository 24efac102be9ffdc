"""Background tasks: the one place that queues, retries, skips, schedules and recovers.

Tasks use Django's tasks API (`django_tasks`, the backport of Django 6's
`django.tasks`) on its database backend (`django_tasks_db`), which stores each task
as a row and runs it in `manage.py run_worker`. This module adds what that backend
leaves to the project:

- `enqueue()` queues a task with the current transaction: it exists if and only if
  the work that asked for it commits.
- `background()` makes a task that, when it raises, queues itself again after an
  exponential back-off, up to TASK_MAX_ATTEMPTS in all, and then stays "failed"
  for an operator to see and retry; a task that raises `Skip` (its arguments no
  longer resolve) ends as skipped with one log line, never retried.
- `mail_task()` makes a task that builds one `Mail` and sends it once: a `SentMail`
  mark, written right after the mail leaves, makes a run that repeats it (its
  worker died before recording the task as done) a no-op.
- The scheduler (`schedule_tick`), worker heartbeats, and `tasks_recover`, which
  runs again the tasks left running by a worker that died.

Pass ids to tasks, never objects: a task runs later, in another process.
"""

import datetime
import logging
import os
import random
import smtplib
import socket
import traceback
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks import task as django_task
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from conference.mail import Mail
from conference.models import ScheduledJob, SentMail, TaskWorker

log = logging.getLogger("flh.tasks")
Status = TaskResultStatus

# Priorities (higher runs first): housekeeping that keeps the queue honest, then
# mails a person is waiting for, then mails to many people at once.
PRIORITY_HOUSEKEEPING = 50
PRIORITY_MAIL = 0
PRIORITY_BULK_MAIL = -20


class Skip(Exception):
    """Raised by a task whose arguments no longer resolve (a registration deleted
    before its mail was sent): the task ends as skipped, with the reason logged."""


class GiveUp(Exception):
    """A failure that trying again will not cure (the mail server refused the address
    for good): the task fails at once, for an operator to see."""


class WorkerLost(Exception):
    """Recorded on a task whose workers kept dying while running it."""


@dataclass(frozen=True)
class Run:
    """The attempt being run. `chain` is the first attempt's task id, shared by its
    retries: it names the work, whichever attempt does it."""

    chain: str
    attempt: int


_current_run: ContextVar[Run] = ContextVar("flh_task_run")


def current_run() -> Run:
    return _current_run.get()


def enqueue(task: Task, *args, **kwargs) -> None:
    """Queue `task` with the current transaction: it runs only if that commits.

    On the database backend the task's row is written inside the transaction, so
    it exists exactly when the work does (no window in which the work committed but
    the task was lost). Other backends (tests: the immediate one) get it on commit."""
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, *args, **kwargs))


def retry_delay(attempt: int) -> datetime.timedelta:
    """How long to wait after failed attempt `attempt` (1, 2…): TASK_RETRY_SECONDS,
    doubled each time, plus up to a fifth so that tasks that failed together (a mail
    server down during a rush) do not all come back in the same second."""
    seconds = settings.TASK_RETRY_SECONDS * 2 ** (attempt - 1)
    return datetime.timedelta(seconds=seconds * random.uniform(1.0, 1.2))  # noqa: S311


def _call(name: str, args, kwargs) -> str:
    shown = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    return f"{name}({', '.join(shown)})"


def background(
    *, priority: int = PRIORITY_MAIL, on_give_up: Callable | None = None, secret: bool = False
):
    """Decorator: the function becomes a task that is retried when it raises.

    `on_give_up(*args, **kwargs)` is called once the last attempt failed (to record
    the failure where people look, e.g. a message's progress). `secret=True` is for
    arguments nobody should read later (a one-time link): they are never logged, and
    each attempt's stored row forgets them once it ran."""

    def decorate(func):
        name = f"{func.__module__}.{func.__qualname__}"

        def run(context, *args, _attempt: int = 1, _chain: str | None = None, **kwargs):
            chain = _chain or str(context.task_result.id)
            shown = name if secret else _call(name, args, kwargs)
            token = _current_run.set(Run(chain=chain, attempt=_attempt))
            try:
                result = func(*args, **kwargs)
            except Skip as skip:
                log.warning("Task %s skipped: %s", shown, skip)
                return {"outcome": "skipped", "reason": str(skip)}
            except Exception as error:
                retry = None
                if not isinstance(error, GiveUp):
                    retry = _after_failure(the_task, shown, args, kwargs, _attempt, chain, error)
                if retry is None:
                    log.error("Task %s failed for good (attempt %d): %r", shown, _attempt, error)
                    _give_up(on_give_up, args, kwargs)
                    raise  # the worker records the task as failed, with its traceback
                return retry
            finally:
                _current_run.reset(token)
                if secret:
                    _forget_arguments(context, attempt=_attempt, chain=chain)
            return {"outcome": "done", "attempt": _attempt, "result": result}

        # The task is found again by its module path: give `run` the function's name.
        run.__module__ = func.__module__
        run.__name__ = func.__name__
        run.__qualname__ = func.__qualname__
        run.__doc__ = func.__doc__
        the_task = django_task(priority=priority, takes_context=True)(run)
        return the_task

    return decorate


def _give_up(on_give_up: Callable | None, args, kwargs) -> None:
    if on_give_up is None:
        return
    try:
        on_give_up(*args, **kwargs)
    except Exception:
        log.exception("on_give_up of a failed task failed too")


def _forget_arguments(context, *, attempt: int, chain: str) -> None:
    if isinstance(context.task_result.task.get_backend(), DatabaseBackend):
        DBTaskResult.objects.filter(pk=context.task_result.id).update(
            args_kwargs={
                "args": [],
                "kwargs": {"_attempt": attempt, "_chain": chain, "forgotten": True},
            }
        )


def _after_failure(
    task: Task, name: str, args, kwargs, attempt: int, chain: str, error
) -> dict | None:
    """Queue the next attempt and describe this one; None when it was the last."""
    if attempt >= settings.TASK_MAX_ATTEMPTS or not task.get_backend().supports_defer:
        return None
    when = timezone.now() + retry_delay(attempt)
    task.using(run_after=when).enqueue(*args, _attempt=attempt + 1, _chain=chain, **kwargs)
    log.warning(
        "Task %s failed (attempt %d of %d: %r); trying again at %s",
        name,
        attempt,
        settings.TASK_MAX_ATTEMPTS,
        error,
        when.isoformat(timespec="seconds"),
    )
    return {
        "outcome": "retrying",
        "attempt": attempt,
        "error": f"{type(error).__name__}: {error}",
        "traceback": "".join(traceback.format_exception(error)),
        "next_attempt_at": when.isoformat(),
    }


def mail_task(*, priority: int = PRIORITY_MAIL, on_give_up: Callable | None = None):
    """Decorator: the function takes ids and returns the `Mail` to send (or raises
    `Skip`); the task sends it once, in the recipient's language and zone."""

    def decorate(build):
        def send(*args, **kwargs):
            # The mail server first: while it is down, attempts fail before any work.
            with get_connection() as connection:
                return deliver(build(*args, **kwargs), connection=connection)

        send.__module__ = build.__module__
        send.__name__ = build.__name__
        send.__qualname__ = build.__qualname__
        send.__doc__ = build.__doc__
        return background(priority=priority, on_give_up=on_give_up)(send)

    return decorate


def deliver(mail: Mail, *, connection=None) -> str:
    """Send `mail` unless its key says it has already left; then mark it sent."""
    key = mail.key or f"task:{current_run().chain}"
    return send_once(key, partial(mail.send, connection=connection), on_sent=mail.on_sent)


def send_once(key: str, send: Callable[[], None], *, on_sent: Callable | None = None) -> str:
    """Call `send` unless a mail with this key has left; then mark it sent (and call
    `on_sent` in the same transaction)."""
    if SentMail.objects.filter(key=key).exists():
        log.info("Mail %s was already sent; not sending it again", key)
        return "already sent"
    try:
        send()
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException) as error:
        if _refused_for_good(error):
            raise GiveUp(f"the mail server refused mail {key} for good: {error}") from error
        raise
    with transaction.atomic():
        SentMail.objects.get_or_create(key=key)
        if on_sent is not None:
            on_sent()
    return "sent"


def _refused_for_good(error: smtplib.SMTPException) -> bool:
    """A 5xx answer (unknown address, message refused) will be the same next time."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    return error.smtp_code >= 500


# Periodic jobs --------------------------------------------------------------------


def schedule_task(name: str) -> Task:
    entry = settings.TASK_SCHEDULE[name]
    found = import_string(entry["task"])
    if not isinstance(found, Task):
        raise TypeError(f"TASK_SCHEDULE[{name!r}] names {entry['task']}, which is not a task.")
    return found


def _every(name: str) -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.TASK_SCHEDULE[name]["every"])


def schedule_prepare(*, now: datetime.datetime | None = None) -> None:
    """Give every job of TASK_SCHEDULE its row (due at once when new), and bring
    forward a job whose interval was shortened since its next run was set."""
    now = now or timezone.now()
    ScheduledJob.objects.bulk_create(
        [ScheduledJob(name=name, next_run_at=now) for name in settings.TASK_SCHEDULE],
        ignore_conflicts=True,
    )
    for name in settings.TASK_SCHEDULE:
        ScheduledJob.objects.filter(name=name, next_run_at__gt=now + _every(name)).update(
            next_run_at=now + _every(name)
        )


def schedule_tick(*, now: datetime.datetime | None = None) -> list[str]:
    """Queue the periodic jobs that are due; returns their names.

    Each due row is locked (SKIP LOCKED on PostgreSQL; SQLite's write lock taken at
    BEGIN serialises the whole transaction), moved to its next slot and its task
    queued in the same transaction: another worker's scheduler either skips the
    locked row or sees it already moved on. Runs missed while no worker was up are
    not caught up: the job runs once, then keeps its rhythm."""
    now = now or timezone.now()
    names = list(settings.TASK_SCHEDULE)
    if not ScheduledJob.objects.filter(name__in=names, next_run_at__lte=now).exists():
        return []
    queued = []
    with transaction.atomic():
        due = ScheduledJob.objects.select_for_update(skip_locked=True).filter(
            name__in=names, next_run_at__lte=now
        )
        for job in due:
            every = _every(job.name)
            job.next_run_at += every * ((now - job.next_run_at) // every + 1)
            job.last_queued_at = now
            job.save(update_fields=["next_run_at", "last_queued_at"])
            enqueue(schedule_task(job.name))
            queued.append(job.name)
    if queued:
        log.info("Queued periodic jobs: %s", ", ".join(queued))
    return queued


# Workers ------------------------------------------------------------------------


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"


def worker_beat(*, worker_id: str) -> None:
    TaskWorker.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": timezone.now(), "hostname": socket.gethostname(), "pid": os.getpid()},
    )


def worker_gone(*, worker_id: str) -> None:
    TaskWorker.objects.filter(worker_id=worker_id).delete()


def _alive_since(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(seconds=settings.TASK_WORKER_TIMEOUT_SECONDS)


def abandoned_tasks_requeue(*, now: datetime.datetime | None = None) -> int:
    """Run again the tasks left running by workers not heard of for
    TASK_WORKER_TIMEOUT_SECONDS (killed, out of memory, machine gone); returns how
    many. A task whose workers died TASK_MAX_ATTEMPTS times is kept as failed."""
    now = now or timezone.now()
    alive = set(
        TaskWorker.objects.filter(seen_at__gte=_alive_since(now)).values_list(
            "worker_id", flat=True
        )
    )
    recovered = 0
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=Status.RUNNING
        )
        for row in running:
            worker = row.worker_ids[-1] if row.worker_ids else "?"
            if worker in alive:
                continue
            if len(row.worker_ids) >= settings.TASK_MAX_ATTEMPTS:
                row.status = Status.FAILED
                row.finished_at = now
                row.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
                row.traceback = (
                    f"The workers running this task stopped {len(row.worker_ids)} times."
                )
                row.save(
                    update_fields=["status", "finished_at", "exception_class_path", "traceback"]
                )
                log.error(
                    "Task %s (%s): its workers kept dying; kept as failed", row.id, row.task_path
                )
            else:
                row.status = Status.READY
                row.save(update_fields=["status"])
                log.warning(
                    "Task %s (%s) was left running by worker %s, not heard of since; it runs again",
                    row.id,
                    row.task_path,
                    worker,
                )
            recovered += 1
    TaskWorker.objects.filter(seen_at__lt=now - datetime.timedelta(days=1)).delete()
    return recovered


def task_results_prune(*, now: datetime.datetime | None = None) -> int:
    """Forget finished tasks (and the marks of mails sent) after TASK_RESULT_DAYS."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.TASK_RESULT_DAYS)
    deleted, _ = DBTaskResult.objects.filter(
        status__in=[Status.SUCCESSFUL, Status.FAILED], finished_at__lt=cutoff
    ).delete()
    SentMail.objects.filter(sent_at__lt=cutoff).delete()
    return deleted


@background(priority=PRIORITY_HOUSEKEEPING)
def tasks_recover() -> int:
    return abandoned_tasks_requeue()


@background(priority=PRIORITY_HOUSEKEEPING)
def task_results_forget() -> int:
    return task_results_prune()


# Operators ----------------------------------------------------------------------


@transaction.atomic
def task_results_retry(*, ids, by) -> int:
    """Put failed tasks back in the queue, with a fresh set of attempts. Returns how
    many went back: a task no longer failed is left alone, and so is one whose
    arguments were forgotten (an account mail's one-time link: the person asks again)."""
    from conference.services import audit_record

    rows = DBTaskResult.objects.select_for_update().filter(pk__in=ids, status=Status.FAILED)
    again = 0
    for row in rows:
        if row.args_kwargs["kwargs"].get("forgotten"):
            continue
        row.args_kwargs = {
            "args": row.args_kwargs["args"],
            "kwargs": {**row.args_kwargs["kwargs"], "_attempt": 1},
        }
        row.status = Status.READY
        row.run_after = get_date_max()
        row.finished_at = None
        row.save(update_fields=["args_kwargs", "status", "run_after", "finished_at"])
        again += 1
    if again:
        audit_record(actor=by, action="tasks.retry", count=again)
    return again


def queue_health(*, now: datetime.datetime | None = None) -> dict:
    """What /healthz says about the queue: tasks by state, how long the oldest task
    that is due has waited, workers alive. Not ok when that wait passes
    TASK_QUEUE_STUCK_SECONDS, or when tasks go to the database and no worker runs."""
    now = now or timezone.now()
    never_deferred = get_date_max()
    due = Q(status=Status.READY) & (Q(run_after=never_deferred) | Q(run_after__lte=now))
    row = DBTaskResult.objects.aggregate(
        due=Count("pk", filter=due),
        deferred=Count(
            "pk", filter=Q(status=Status.READY, run_after__gt=now) & ~Q(run_after=never_deferred)
        ),
        running=Count("pk", filter=Q(status=Status.RUNNING)),
        failed=Count("pk", filter=Q(status=Status.FAILED)),
        queued_since=Min("enqueued_at", filter=Q(status=Status.READY, run_after=never_deferred)),
        due_since=Min("run_after", filter=due & ~Q(run_after=never_deferred)),
    )
    since = [t for t in (row.pop("queued_since"), row.pop("due_since")) if t is not None]
    waited = max(0.0, (now - min(since)).total_seconds()) if since else 0.0
    workers = TaskWorker.objects.filter(seen_at__gte=_alive_since(now)).count()
    needs_worker = any(isinstance(backend, DatabaseBackend) for backend in _backends())
    problem = None
    if waited > settings.TASK_QUEUE_STUCK_SECONDS:
        problem = "stuck"
    elif needs_worker and workers == 0:
        problem = "no worker"
    report = {"ok": problem is None, **row, "oldest_due_seconds": round(waited), "workers": workers}
    if problem:
        report["problem"] = problem
    return report


def _backends():
    from django_tasks import task_backends

    return [task_backends[alias] for alias in settings.TASKS]
