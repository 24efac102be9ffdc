"""The background worker: runs the queued tasks (every e-mail, the periodic jobs).

`make run` starts it beside Daphne; docker-compose runs it as the `worker` service.
Several may run at once: each task is claimed by one worker (a row lock, SKIP
LOCKED on PostgreSQL), each periodic run is queued by one scheduler."""

import logging
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from conference import tasks

log = logging.getLogger("flh.worker")


class Keeper(threading.Thread):
    """Beside the worker's loop: says every few seconds that this worker is alive,
    and queues the periodic jobs that are due (checked every second)."""

    def __init__(self, *, worker_id: str, schedule: bool):
        super().__init__(name="flh-worker-keeper", daemon=True)
        self.worker_id = worker_id
        self.schedule = schedule
        self.stopping = threading.Event()

    def run(self):
        beat_every = settings.TASK_WORKER_TIMEOUT_SECONDS / 4
        next_beat = 0.0
        try:
            while not self.stopping.wait(1.0):
                close_old_connections()
                try:
                    if time.monotonic() >= next_beat:
                        tasks.worker_beat(worker_id=self.worker_id)
                        next_beat = time.monotonic() + beat_every
                    if self.schedule:
                        tasks.schedule_tick()
                except Exception:
                    # The database went away for a moment: try again next second.
                    log.exception("worker %s: heartbeat or scheduler failed", self.worker_id)
        finally:
            connection.close()

    def stop(self):
        self.stopping.set()
        self.join(timeout=10)


class Command(BaseCommand):
    help = "Run background tasks and queue the periodic jobs of TASK_SCHEDULE when due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Queue the periodic jobs that are due, run every task ready now, then stop.",
        )
        parser.add_argument("--worker-id", help="Unique per worker (default: host-pid-random).")

    def handle(self, *args, batch=False, worker_id=None, **options):
        if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            raise CommandError("run_worker needs the database task backend (settings.TASKS).")
        for name in settings.TASK_SCHEDULE:
            try:
                tasks.schedule_task(name)
            except (ImportError, TypeError) as error:
                raise CommandError(f"TASK_SCHEDULE[{name!r}]: {error}") from None
        worker_id = worker_id or tasks.new_worker_id()
        tasks.worker_beat(worker_id=worker_id)
        tasks.schedule_prepare()
        worker = Worker(
            queue_names=["*"],
            interval=settings.TASK_POLL_SECONDS,
            batch=batch,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=not batch,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        keeper = Keeper(worker_id=worker_id, schedule=not batch)
        keeper.start()
        try:
            if batch:
                tasks.schedule_tick()
            else:
                self.stdout.write(
                    f"Worker {worker_id} started: tasks, and periodic jobs "
                    f"({', '.join(settings.TASK_SCHEDULE)}). Ctrl-C stops it after the "
                    "task it is running."
                )
                worker.configure_signals()
            worker.run()
        finally:
            keeper.stop()
            tasks.worker_gone(worker_id=worker_id)
