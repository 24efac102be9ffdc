"""A real server in a fresh interpreter, on this test run's database: Daphne as the
Dockerfile starts it, or `manage.py runserver` as `make run` does.

A fresh interpreter (not a fork) so that nothing of this process's threads, event
loops or connections is shared, and so that the command line under test is the
one deployed. Tests using it need a transactional database: the server sees only
what is committed."""

import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The address of the test database this run created."""
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    user = quote(database.get("USER") or "", safe="")
    password = quote(database.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{database['NAME']}"


def server_environment(**extra: str) -> dict[str, str]:
    """The environment of `make run` (DEBUG, no two-factor for staff) on the test
    database, with this run's own Redis prefix."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "conference.settings",
        "DATABASE_URL": database_url(),
        "JITSI_DOMAIN": "meet.test",
        "STAFF_REQUIRE_2FA": "false",
        "REDIS_PREFIX": f"{settings.REDIS_PREFIX}-server",
        "PYTHONUNBUFFERED": "1",
    }
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    env.update(extra)
    return env


def _wait_until_listening(process, port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"the server did not start:\n{log.read_text()}")


class Server:
    def __init__(self, url: str, log: Path):
        self.url = url
        self.log = log

    def output(self) -> str:
        """Everything the server printed so far (stdout and stderr)."""
        return self.log.read_text()


@contextmanager
def serve(command: list[str], *, port: int, log: Path, env: dict[str, str]):
    """Run `command` (which listens on `port`) until the block ends."""
    with log.open("w") as sink:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=sink)
    try:
        _wait_until_listening(process, port, log)
        yield Server(f"http://127.0.0.1:{port}", log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def dockerfile_command() -> list[str]:
    """The web image's CMD (the exec form's JSON list)."""
    import json

    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("CMD "):
            return json.loads(line[len("CMD ") :])
    raise AssertionError("the Dockerfile has no CMD")


def deployed_arguments(arguments: list[str], port: int) -> list[str]:
    """The Dockerfile's Daphne options, listening on `port` of 127.0.0.1 instead."""
    arguments = list(arguments)
    if "-e" in arguments:  # a Twisted endpoint: tcp:port=…:interface=…[:backlog=…]
        index = arguments.index("-e") + 1
        endpoint = re.sub(r"port=\d+", f"port={port}", arguments[index])
        arguments[index] = re.sub(r"interface=[^:]+", "interface=127.0.0.1", endpoint)
        return arguments
    for option, value in (("-b", "127.0.0.1"), ("-p", str(port))):
        index = arguments.index(option)
        arguments[index + 1] = value
    return arguments


@contextmanager
def daphne_as_deployed(tmp_path: Path, **env: str):
    """Daphne with the Dockerfile's own options, on a free port of 127.0.0.1."""
    command = dockerfile_command()
    assert command[0] == "daphne"
    port = free_port()
    full = [sys.executable, "-m", "daphne", *deployed_arguments(command[1:], port)]
    with serve(full, port=port, log=tmp_path / "daphne.log", env=server_environment(**env)) as s:
        yield s
