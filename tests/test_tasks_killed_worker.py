"""A real worker process killed (SIGKILL) while it talks to the mail server: its task
is taken up by another worker, and the family gets the mail once."""

import asyncio
import datetime
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.db.models.functions import Now

from conference.models import ScheduledJob, SentMail
from hubs import services
from tests.tasks_helpers import database_tasks, task_rows  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
TICKET = "hubs.tasks.ticket_mail"
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("database_tasks")]


class HoldingInbox:
    """Holds the first message until told to let go, then refuses it (451: the mail
    never left); takes every later one."""

    def __init__(self):
        self.arrived = threading.Event()
        self.release = threading.Event()
        self.received: list[list[str]] = []
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        if not self.arrived.is_set():
            self.arrived.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
            return "451 4.3.0 Try again later"
        self.received.append(list(envelope.rcpt_tos))
        return "250 OK"


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        user, host, port = settings["USER"], settings["HOST"], settings["PORT"] or 5432
        return f"postgres://{user}@{host}:{port}/{settings['NAME']}"
    return f"sqlite:///{settings['NAME']}"


def _worker(worker_id: str, smtp_port: int, log: Path) -> subprocess.Popen:
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "conference.settings",
        "DATABASE_URL": _database_url(),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "false",
        "TASK_WORKER_TIMEOUT_SECONDS": "10",
        "TASK_POLL_SECONDS": "0.2",
    }
    with log.open("w") as output:  # the child keeps its own copy of the file
        return subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--worker-id", worker_id],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"waited {seconds} s for {what}"
        time.sleep(0.1)


def test_a_worker_killed_mid_mail_leaves_its_task_to_another_worker(world, tmp_path):
    inbox = HoldingInbox()
    inbox.controller.start()
    port = inbox.port
    try:
        services.registration_create(
            user=world.family, hub=world.hub_a, mode="online", adults=1, consent=True
        )
        # The workers run on the real clock, this test perhaps on a pinned one: keep the
        # hourly purge (which would judge this edition by the real date) out of the way.
        ScheduledJob.objects.create(
            name="registrations_purge", next_run_at=Now() + datetime.timedelta(hours=1)
        )
        first = _worker("worker-a", port, tmp_path / "a.log")
        try:
            assert inbox.arrived.wait(timeout=60), (tmp_path / "a.log").read_text()
        finally:
            first.send_signal(signal.SIGKILL)  # mid-mail: no goodbye, no cleanup
            first.wait(timeout=30)
        inbox.release.set()

        [row] = task_rows(TICKET)
        assert (row.status, row.worker_ids) == ("RUNNING", ["worker-a"])
        assert not SentMail.objects.exists()

        # The next recovery run comes just after worker A has been silent for 10 s (by
        # the database's clock, which the workers share even if this test's is pinned).
        ScheduledJob.objects.filter(name="tasks_recover").update(
            next_run_at=Now() + datetime.timedelta(seconds=12)
        )
        second = _worker("worker-b", port, tmp_path / "b.log")
        try:
            _wait_for(lambda: inbox.received, 90, "the mail, sent by worker B")
            time.sleep(1)  # a second copy would come now
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=30)
    finally:
        inbox.controller.stop()

    assert inbox.received == [[world.family.email]]
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert row.worker_ids == ["worker-a", "worker-b"]
    assert "worker-a" in (tmp_path / "b.log").read_text()  # the recovery said so
