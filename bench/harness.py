"""What the scale and fault benchmarks share: the production-like environment, server
processes that can be killed, and a small TCP proxy on the loopback.

`Proxy` forwards TCP connections to one of several backends, in turn (a load balancer
in front of two Daphne processes: HTTP and WebSockets alike, since it only moves
bytes), skipping a backend that refuses connections (a killed process). `cut()`
drops every open connection and refuses new ones until `restore()`: from the app's
side, the same as the server behind it restarting (used between the app and
PostgreSQL or Redis, so the machine's own servers, which other people use, are never
restarted).
"""

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BACKLOG = 4096


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(database_url: str, redis_url: str, prefix: str, **extra) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "conference.settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "REDIS_PREFIX": prefix,
            "DEBUG": "false",
            "SECRET_KEY": "bench-" + "x" * 60,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "STAFF_REQUIRE_2FA": "false",
            "LOG_LEVEL": "WARNING",
            "TASK_POLL_SECONDS": "0.2",
        }
    )
    env.pop("EMAIL_HOST", None)
    env.update({key: str(value) for key, value in extra.items()})
    return env


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def flush_redis(url: str) -> None:
    """The benchmarks' own Redis database number: emptied before each run."""
    import redis

    redis.Redis.from_url(url).flushdb()


def prepare(env: dict, database_url: str, redis_url: str) -> None:
    """A fresh database with the schema, an empty Redis db, static files collected;
    then Django set up in this process, on the same environment."""
    recreate_database(database_url)
    flush_redis(redis_url)
    for command in (["migrate", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    os.environ.update(env)
    import django

    django.setup()


def release_database() -> None:
    """Leave no connection (or pool) of this process behind."""
    from django.db import connection

    connection.close()
    if hasattr(connection, "close_pool"):
        connection.close_pool()


def session_for(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def make_families(count: int, prefix: str = "family"):
    from allauth.account.models import EmailAddress

    from conference.models import User

    languages = ["en", "fa", "ar", "ur", "ps", "fr"]
    users = User.objects.bulk_create(
        User(
            email=f"{prefix}{n}@example.org",
            pseudonym=f"{prefix.title()} {n}",
            password="!",  # noqa: S106 - unusable
            language=languages[n % len(languages)],
        )
        for n in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, primary=True, verified=True) for user in users
    )
    return users


class Server:
    """One Daphne process (DEBUG off, as deployed), which can be killed with SIGKILL."""

    def __init__(
        self,
        env: dict,
        name: str = "daphne",
        port: int | None = None,
        application: str = "conference.asgi:application",
    ):
        self.env = env
        self.application = application
        self.name = name
        self.port = port or free_port()
        self.process = None
        self.log = None

    def start(self, timeout: float = 60) -> "Server":
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-v",
                "1",
                # Twisted listens with a backlog of 50 by default: in a rush, connections
                # beyond it are reset after the client sent its request (ReadError).
                "-e",
                f"tcp:port={self.port}:interface=127.0.0.1:backlog={BACKLOG}",
                self.application,
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), 0.2),
            ):
                return self
            if self.process.poll() is not None:
                self.log.seek(0)
                raise RuntimeError(self.log.read().decode()[-3000:])
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not start in {timeout} s")

    def kill(self) -> None:
        """kill -9: no goodbye to anyone."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def rss_bytes(self) -> int:
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        return 0

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.log:
            self.log.seek(0)
            text = self.log.read().decode(errors="replace")
            if os.environ.get("BENCH_DAPHNE_LOG"):
                Path(f"{os.environ['BENCH_DAPHNE_LOG']}.{self.name}").write_text(text)
            errors = [line for line in text.splitlines() if "Error" in line or "Traceback" in line]
            if errors:
                print(f"  {self.name} logged {len(errors)} error lines, e.g.: {errors[-1][:240]}")
            self.log.close()
            self.log = None


@contextlib.contextmanager
def servers(env: dict, count: int, prefix: str = "daphne"):
    started = []
    try:
        for n in range(count):
            started.append(Server(env, f"{prefix}-{n + 1}").start())
        yield started
    finally:
        for server in started:
            server.stop()


class Proxy:
    """A TCP proxy on the loopback, in its own thread: round robin over `backends`
    ((host, port) pairs), skipping one that refuses; `cut()` and `restore()`."""

    def __init__(self, backends, port: int | None = None):
        self.backends = list(backends)
        self.port = port or free_port()
        self.loop = asyncio.new_event_loop()
        self.server = None
        self.turn = 0
        self.links: set = set()
        self.cut_off = False
        self.connections = 0
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def start(self) -> "Proxy":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._listen(), self.loop).result(10)
        return self

    async def _listen(self):
        self.server = await asyncio.start_server(
            self._serve, "127.0.0.1", self.port, backlog=4096, limit=2**16
        )

    async def _open_backend(self):
        for _attempt in range(len(self.backends)):
            host, port = self.backends[self.turn % len(self.backends)]
            self.turn += 1
            try:
                return await asyncio.open_connection(host, port)
            except OSError:
                continue
        raise OSError("no backend answers")

    async def _serve(self, client_reader, client_writer):
        if self.cut_off:
            client_writer.transport.abort()
            return
        try:
            backend_reader, backend_writer = await self._open_backend()
        except OSError:
            client_writer.transport.abort()
            return
        self.connections += 1
        pair = (client_writer, backend_writer)
        self.links.add(pair)

        async def pipe(reader, writer):
            try:
                while data := await reader.read(65536):
                    writer.write(data)
                    await writer.drain()
            except (OSError, asyncio.CancelledError):
                pass
            finally:
                if self.cut_off:
                    writer.transport.abort()
                else:
                    writer.close()

        try:
            await asyncio.gather(
                pipe(client_reader, backend_writer), pipe(backend_reader, client_writer)
            )
        finally:
            self.links.discard(pair)

    def _run(self, function):
        future = asyncio.run_coroutine_threadsafe(function(), self.loop)
        return future.result(10)

    def cut(self) -> None:
        """Drop every connection and refuse new ones, like a server that went down."""

        async def cut():
            self.cut_off = True
            for client, backend in list(self.links):
                client.transport.abort()
                backend.transport.abort()

        self._run(cut)

    def restore(self) -> None:
        async def restore():
            self.cut_off = False

        self._run(restore)

    def stop(self) -> None:
        async def stop():
            self.server.close()
            for client, backend in list(self.links):
                client.transport.abort()
                backend.transport.abort()

        with contextlib.suppress(Exception):
            self._run(stop)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)


def percentile(values, share: float) -> float:
    """In milliseconds, from seconds; nearest rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000
