"""The background worker: reminders before sessions, and housekeeping.

`make run` starts it beside Daphne; docker-compose runs it as the `worker`
service. Every job is safe to run in several workers at once."""

import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from hubs.services import registrations_purge_expired
from sessions_app import circles
from sessions_app.services import reminders_send

log = logging.getLogger("flh.worker")


def run_jobs() -> dict[str, int]:
    """One pass of every job; returns what each did."""
    return {
        "reminders": reminders_send(),
        "stale_presence": circles.presence_sweep(),
        "expired_registrations": registrations_purge_expired(),
    }


class Command(BaseCommand):
    help = "Send session reminders and tidy up, every WORKER_INTERVAL_SECONDS (or --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once and stop.")

    def handle(self, *args, once=False, **options):
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        interval = settings.WORKER_INTERVAL_SECONDS
        if not once:
            self.stdout.write(f"Worker started: jobs every {interval} s (Ctrl-C stops it).")
        while not stopping:
            if not once:
                close_old_connections()  # a long-running loop, like a request cycle
            try:
                done = run_jobs()
            except Exception:
                # A failing pass must not stop reminders for good: log, wait, retry.
                log.exception("worker pass failed")
                if once:
                    raise
            else:
                if any(done.values()) or once:
                    self.stdout.write(", ".join(f"{name}: {n}" for name, n in done.items()))
            if once:
                break
            for _ in range(interval * 10):
                if stopping:
                    break
                time.sleep(0.1)
