"""Load test of the live sharing circles, run by hand (not part of `make test`).

Starts Daphne on the Redis channel layer and PostgreSQL, opens N circles of M
participants (default 50 circles of 12 = 600 sockets, each a real signed-in family that
was admitted to its circle), and has every participant chat and raise/lower a
hand at a steady rate. It reports sockets connected, messages delivered per
second, and the p50/p99 delay from a chat message being sent to each member of
the circle receiving it. Then it runs the same load against a bare Channels
echo-and-broadcast consumer (bench/bare_asgi.py) on the same Daphne set-up and
prints the ratio of the two throughputs.

    .venv/bin/python bench/circles.py                  # 50 circles of 12, 30 s
    .venv/bin/python bench/circles.py --circles 10 --seconds 10

It drops and recreates the database named by --database-url (default
`flh_bench` on the machine's PostgreSQL) and uses the Redis prefix `flh-bench`.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from conference.process import tune_garbage_collection  # noqa: E402


@dataclass
class Stats:
    connected: int = 0
    failed: int = 0
    errors: list = field(default_factory=list)
    delivered: int = 0
    delays: list[float] = field(default_factory=list)
    arrivals: list[float] = field(default_factory=list)  # when each measured receipt came
    measuring: bool = False


def environment(args) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "conference.settings",
            "DATABASE_URL": args.database_url,
            "REDIS_URL": args.redis_url,
            "REDIS_PREFIX": "flh-bench",
            "DEBUG": "false",
            "SECRET_KEY": "bench-" + "x" * 60,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "STAFF_REQUIRE_2FA": "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def flush_redis(url: str, prefix: str) -> None:
    """Forget groups left by earlier runs (their channels would only take time)."""
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
    if keys:
        client.delete(*keys)


def seed(circles: int, size: int) -> list[tuple[int, list[str]]]:
    """The circles and, for each, the session cookies of its admitted families."""
    import datetime

    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from conference.models import Conference, User
    from hubs.models import Hub, NationalSociety
    from sessions_app.models import CircleParticipant, Enrolment, Session

    today = timezone.localdate()
    conference = Conference.objects.create(
        year=2025,
        title="Benchmark edition",
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=1),
        is_current=True,
    )
    society = NationalSociety.objects.create(name="Bench", short_name="B", country="-")
    hub = Hub.objects.create(
        conference=conference, society=society, slug="bench", name="Bench", city="Geneva"
    )
    now = timezone.now()
    sessions = Session.objects.bulk_create(
        Session(
            conference=conference,
            hub=hub,
            kind="circle",
            title=f"Circle {n}",
            mode="online",
            starts_at=now - datetime.timedelta(minutes=5),
            ends_at=now + datetime.timedelta(hours=3),
            language="en",
            capacity=size,
            status="live",
        )
        for n in range(circles)
    )
    users = User.objects.bulk_create(
        User(email=f"bench{n}@example.org", pseudonym=f"Family {n}", password="!")  # noqa: S106 - unusable
        for n in range(circles * size)
    )
    Enrolment.objects.bulk_create(
        Enrolment(session=sessions[n // size], user=user, status="enrolled")
        for n, user in enumerate(users)
    )
    CircleParticipant.objects.bulk_create(
        CircleParticipant(
            session=sessions[n // size],
            user=user,
            display_name=user.pseudonym,
            rules_accepted_at=now,
            state="admitted",
            admitted_at=now,
        )
        for n, user in enumerate(users)
    )
    plan: list[tuple[int, list[str]]] = [(s.pk, []) for s in sessions]
    for n, user in enumerate(users):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        plan[n // size][1].append(store.session_key)
    # Fresh bulk-loaded tables: analyse them now rather than have PostgreSQL's
    # autovacuum do it in the middle of the measurement.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return plan


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def daphne(application: str, env: dict):
    port = free_port()
    # A file, not a pipe: a pipe nobody reads would block Daphne's logging.
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-v",
            "1",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            application,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(log.read().decode())
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.seek(0)
        text = log.read().decode()
        if os.environ.get("BENCH_DAPHNE_LOG"):
            Path(f"{os.environ['BENCH_DAPHNE_LOG']}.{application}").write_text(text)
        errors = [line for line in text.splitlines() if "Error" in line]
        if errors:
            print(f"Daphne logged {len(errors)} error lines, e.g.: {errors[-1][:300]}")
        log.close()


def _sent_at(body: str) -> float | None:
    # Bodies look like "bench <client> <sequence> <monotonic time>".
    parts = body.split()
    if len(parts) == 4 and parts[0] == "bench":
        return float(parts[3])
    return None


async def participant(url, cookie, number, stats, ready, start, stop, interval, bare):
    from websockets.asyncio.client import connect

    headers = {"Cookie": f"sessionid={cookie}"}
    try:
        connection = await connect(
            url,
            origin=url.replace("ws://", "http://").split("/ws/")[0],
            additional_headers=headers,
            compression=None,
            open_timeout=60,
            max_queue=None,
        )
    except Exception as error:  # counted as a failed socket
        stats.failed += 1
        if len(stats.errors) < 3:
            stats.errors.append(repr(error)[:200])
        ready.release()
        return
    stats.connected += 1
    ready.release()

    async def listen():
        async for raw in connection:
            message = json.loads(raw)
            if bare:
                body = message.get("body")
                counted = True
            else:
                kind = message.get("type")
                counted = kind in ("circle.chat", "circle.hands")
                body = message["message"]["body"] if kind == "circle.chat" else None
            if counted and stats.measuring:
                stats.delivered += 1
                sent = _sent_at(body) if body else None
                if sent is not None:
                    now = time.monotonic()
                    stats.delays.append(now - sent)
                    stats.arrivals.append(now)

    listener = asyncio.create_task(listen())
    await start.wait()
    await asyncio.sleep(random.uniform(0, interval))
    sequence = 0
    hand_up = False
    while not stop.is_set():
        sequence += 1
        if (sequence + number) % 2:  # half the participants start with a chat message
            action = {
                "action": "chat.send",
                "body": f"bench {number} {sequence} {time.monotonic():.6f}",
            }
        else:
            hand_up = not hand_up
            action = {"action": "hand.raise" if hand_up else "hand.lower"}
        await connection.send(json.dumps(action))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval)
    await asyncio.sleep(2)  # let the last messages arrive
    listener.cancel()
    await connection.close()


async def run_load(port, plan, seconds, interval, bare, pace) -> Stats:
    stats = Stats()
    ready = asyncio.Semaphore(0)
    start, stop = asyncio.Event(), asyncio.Event()
    tasks = []
    number = 0
    for index, (session_id, cookies) in enumerate(plan):
        path = f"/ws/bare/{index}/" if bare else f"/ws/circles/{session_id}/"
        for cookie in cookies:
            number += 1
            url = f"ws://127.0.0.1:{port}{path}"
            tasks.append(
                asyncio.create_task(
                    participant(url, cookie, number, stats, ready, start, stop, interval, bare)
                )
            )
            await asyncio.sleep(pace)  # people arrive over a few seconds, not in one millisecond
    for _ in tasks:
        await ready.acquire()
    # The client's own full garbage collections (hundreds of connections' objects)
    # would pause every listener at once and be counted as server delay.
    tune_garbage_collection()  # as the server does
    await asyncio.sleep(2)  # connection-time presence traffic settles
    start.set()
    await asyncio.sleep(interval)  # every client has started its rhythm
    stats.measuring = True
    began = stats.began = time.monotonic()
    await asyncio.sleep(seconds)
    stats.measuring = False
    stats.window = time.monotonic() - began
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    return stats


def describe(name: str, stats: Stats, sockets: int) -> dict:
    delays = sorted(stats.delays)
    p50 = statistics.median(delays) * 1000 if delays else float("nan")
    p99 = delays[int(len(delays) * 0.99) - 1] * 1000 if delays else float("nan")
    rate = stats.delivered / stats.window
    print(
        f"{name:<22} sockets {stats.connected}/{sockets} (failed {stats.failed})  "
        f"delivered {rate:8.1f} msg/s  chat delay p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  "
        f"({len(delays)} chat receipts)"
    )
    slow: dict[int, int] = {}
    for delay, arrived in zip(stats.delays, stats.arrivals, strict=True):
        if delay > 0.1:
            second = int(arrived - stats.began)
            slow[second] = slow.get(second, 0) + 1
    if slow:
        print(
            "  receipts over 100 ms, by second of the run: "
            + ", ".join(f"{second}s:{count}" for second, count in sorted(slow.items()))
        )
    for error in stats.errors:
        print(f"  a failed socket: {error}")
    return {"rate": rate, "p50": p50, "p99": p99}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--circles", type=int, default=50)
    parser.add_argument("--size", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument(
        "--interval", type=float, default=10, help="seconds between two actions of one participant"
    )
    parser.add_argument(
        "--arrivals", type=float, default=50, help="sockets opened per second while connecting"
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/flh_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()

    env = environment(args)
    os.environ.update(env)
    sockets = args.circles * args.size
    print(f"Preparing {args.circles} circles of {args.size} ({sockets} sockets)…", flush=True)
    recreate_database(args.database_url)
    flush_redis(args.redis_url, env["REDIS_PREFIX"])
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    plan = seed(args.circles, args.size)
    offered = sockets / args.interval
    print(
        f"Load: every participant acts every {args.interval:g} s (chat, then hand up/down): "
        f"{offered:.0f} actions/s, each delivered to {args.size} members; "
        f"measured over {args.seconds:g} s.",
        flush=True,
    )

    with daphne("conference.asgi:application", env) as port:
        ours = describe(
            "circle consumer",
            asyncio.run(
                run_load(port, plan, args.seconds, args.interval, False, 1 / args.arrivals)
            ),
            sockets,
        )
    flush_redis(args.redis_url, env["REDIS_PREFIX"])
    with daphne("bench.bare_asgi:application", env) as port:
        bare = describe(
            "bare echo/broadcast",
            asyncio.run(run_load(port, plan, args.seconds, args.interval, True, 1 / args.arrivals)),
            sockets,
        )
    ratio = ours["rate"] / bare["rate"] if bare["rate"] else float("nan")
    print(f"throughput ratio (circle / bare): {ratio:.0%}")
    print(
        f"targets: p99 < 100 ms -> {'met' if ours['p99'] < 100 else 'NOT met'}; "
        f"ratio >= 70 % -> {'met' if ratio >= 0.7 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
