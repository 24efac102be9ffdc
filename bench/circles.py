"""Load test of the live sharing circles, run by hand (not part of `make test`).

Starts Daphne on the Redis channel layer and PostgreSQL, opens N circles of M
participants (default 50 circles of 12 = 600 sockets, each a real signed-in family
admitted to its circle), and has every participant chat and raise or lower a hand,
stepping the rate up: one action every 10 s each (the conference's expected load),
then every 6, 4, 3, 2… s. At each step it counts, for the chat lines sent in the
measured window, the receipts expected (every member of the circle connected when
the line left, the sender too) against those received: on time, late (within the
grace period after the window) or lost; the p50/p99 delay from sending to each
receipt; refusals (error replies such as rate limits), sockets that dropped, and
how late the client's own event loop ran. Stepping stops at the first step where
p99 reaches 100 ms, receipts are lost, or anything is refused or dropped.

The same runs against a bare Channels echo-and-broadcast consumer (bench/bare_asgi.py)
on the same Daphne set-up. The result is each consumer's capacity, the highest action
rate it kept under 100 ms p99 with nothing lost, and the ratio of the two capacities.
It exits with status 1 when receipts were lost beyond --loss-tolerance (0.1 %) at a
step the consumer otherwise kept up with, or at the first step.

    .venv/bin/python bench/circles.py                        # 50 circles of 12
    .venv/bin/python bench/circles.py --steps 10 --seconds 30  # one fixed rate
    .venv/bin/python bench/circles.py --circles 10 --only circle

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

# The conference's expected load: every participant acts about every 10 s. A hand
# is raised or lowered at most once per HAND_EVERY seconds by one participant, and
# chat stays under the consumer's 5 lines per 10 s, so the rate limits are not what
# a step measures (refusals, if any, are counted and reported).
DEFAULT_STEPS = "10,6,4,3,2,1.5,1,0.75,0.5"
HAND_EVERY = 10.0
TARGET_P99_MS = 100.0


@dataclass
class Chat:
    """One measured chat line: who was in its circle when it left, and when each got it."""

    sent_at: float
    step: int
    recipients: frozenset
    received: dict = field(default_factory=dict)  # participant -> arrival (monotonic)
    refused: bool = False


@dataclass
class Load:
    """Shared state of one consumer's run: the clients write to it, steps read it."""

    bare: bool
    interval: float = 10.0
    step: int = -1  # the step being measured; -1 between measurements
    phase: int = -1  # the step whose window or grace period this is
    connected: int = 0
    failed: list = field(default_factory=list)  # reasons a socket could not open
    dropped: list = field(default_factory=list)  # (phase, participant, close code, reason)
    members: dict = field(default_factory=dict)  # circle index -> participants connected
    chats: dict = field(default_factory=dict)  # (participant, sequence) -> Chat
    refusals: dict = field(default_factory=dict)  # (phase, action, code) -> count
    hands: dict = field(default_factory=dict)  # phase -> hand events received
    lag: dict = field(default_factory=dict)  # phase -> the client's own loop delays (s)
    finished: bool = False
    active: int = 10**9  # circles below this index chat and raise hands; the rest only ping
    connect_times: list = field(default_factory=list)  # first attempt -> state received (s)
    retried: int = 0  # sockets told to come back later (4429) and opened again
    first_attempt: float | None = None
    last_connected: float | None = None


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


TRY_AGAIN = 4429


def back_off(failures: int, busy: bool, after: float | None = None) -> float:
    """Seconds before trying again: the pages' own rule (static/js/live.js). A busy
    server's `after` give or take a fifth; otherwise full jitter."""
    if busy and after:
        return min(30.0, max(1.0, after)) * random.uniform(0.8, 1.2)
    first, longest = (2.0, 30.0) if busy else (1.0, 8.0)
    floor = 1.0 if busy else 0.0
    return floor + random.random() * (min(longest, first * 2 ** min(failures, 15)) - floor)


async def open_socket(url, cookie, load, bare, deadline=90.0):
    """Open a socket as a page does: a refusal or a "come back later" (4429) is tried
    again after a wait (the server's, when it says). Returns the connection (and, for
    a circle, its state)."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    began = time.monotonic()
    if load.first_attempt is None:
        load.first_attempt = began
    failures = 0
    while True:
        after = None
        try:
            connection = await connect(
                url,
                origin=url.replace("ws://", "http://").split("/ws/")[0],
                additional_headers={"Cookie": f"sessionid={cookie}"},
                compression=None,
                open_timeout=60,
                max_queue=None,
                ping_interval=None,  # the pages ping at the application level
            )
            state = None
            if not bare:
                state = json.loads(await asyncio.wait_for(connection.recv(), 60))
                if state.get("type") == "retry":
                    after = state["after"]
                    await asyncio.wait_for(connection.recv(), 60)  # the 4429 close
            break
        except ConnectionClosed as closed:
            busy = closed.rcvd is not None and closed.rcvd.code == TRY_AGAIN
            error = closed
        except Exception as other:
            busy, error = False, other
        if busy:
            load.retried += 1
        failures += 1
        if time.monotonic() - began > deadline:
            raise error
        await asyncio.sleep(back_off(failures - 1, busy, after))
    now = time.monotonic()
    load.connect_times.append((now - began) * 1000)
    load.last_connected = now
    return connection, state


async def participant(url, cookie, number, circle, load, ready, start):
    from websockets.exceptions import ConnectionClosed

    try:
        connection, _state = await open_socket(url, cookie, load, load.bare)
    except Exception as error:  # counted as a failed socket
        load.failed.append(repr(error)[:200])
        ready.release()
        return
    load.connected += 1
    members = load.members.setdefault(circle, set())
    members.add(number)
    ready.release()
    pending: list = []  # chat lines sent and not yet answered, in order (circle consumer)

    def refused(action, code):
        key = (load.phase, action, code)
        load.refusals[key] = load.refusals.get(key, 0) + 1
        if action == "chat.send" and pending:
            chat = load.chats.get(pending.pop(0))
            if chat is not None:
                chat.refused = True

    def chat_received(body):
        parts = (body or "").split()
        if len(parts) == 3 and parts[0] == "bench":
            chat = load.chats.get((int(parts[1]), int(parts[2])))
            if chat is not None and number not in chat.received:
                chat.received[number] = time.monotonic()

    async def listen():
        try:
            async for raw in connection:
                message = json.loads(raw)
                if load.bare:
                    if message.get("action") == "chat.send":
                        chat_received(message.get("body"))
                    elif message.get("action", "").startswith("hand."):
                        load.hands[load.phase] = load.hands.get(load.phase, 0) + 1
                    continue
                kind = message.get("type")
                if kind == "circle.chat":
                    chat_received(message["message"]["body"])
                elif kind == "circle.hands":
                    load.hands[load.phase] = load.hands.get(load.phase, 0) + 1
                elif kind == "chat.sent" and pending:
                    pending.pop(0)
                elif kind == "error":
                    refused(message.get("action", "?"), message.get("error", "?"))
        except ConnectionClosed:
            pass
        members.discard(number)
        if not load.finished:
            code = connection.close_code
            load.dropped.append((load.phase, number, code, connection.close_reason or ""))

    listener = asyncio.create_task(listen())
    if circle >= load.active:  # a quiet circle: presence pings only, spread as pages do
        await asyncio.sleep(random.uniform(0, 25))
        while not load.finished and not listener.done():
            with contextlib.suppress(ConnectionClosed):
                await connection.send(json.dumps({"action": "ping"}))
            await asyncio.sleep(25 * random.uniform(0.8, 1.0))
        await connection.close()
        listener.cancel()
        return
    await start.wait()
    await asyncio.sleep(random.uniform(0, load.interval))
    # Half the participants start with a chat line, half with a hand, so that every
    # window, wherever it falls, sees both.
    sequence = random.randrange(2)
    hand_up = False
    last_hand = time.monotonic() - random.uniform(0, HAND_EVERY)
    while not load.finished and not listener.done():
        sequence += 1
        now = time.monotonic()
        if now - last_hand >= HAND_EVERY and sequence % 2 == 0:
            hand_up, last_hand = not hand_up, now
            action = {"action": "hand.raise" if hand_up else "hand.lower"}
        else:
            key = (number, sequence)
            if load.step >= 0:
                load.chats[key] = Chat(now, load.step, frozenset(members))
            if not load.bare:
                pending.append(key)
            action = {"action": "chat.send", "body": f"bench {number} {sequence}"}
        with contextlib.suppress(ConnectionClosed):
            await connection.send(json.dumps(action))
        await asyncio.sleep(load.interval)
    await connection.close()
    listener.cancel()


def reset_presence() -> None:
    """Forget the sockets of the previous run's server processes."""
    from sessions_app.models import CirclePresence

    CirclePresence.objects.all().delete()


async def client_lag(load):
    """How late this client's own event loop runs (a busy client delays receipts too)."""
    while not load.finished:
        before = time.monotonic()
        await asyncio.sleep(0.05)
        late = time.monotonic() - before - 0.05
        load.lag.setdefault(load.phase, []).append(late)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


def step_result(load, step, interval, settling, began, ended, grace_end) -> dict:
    """Receipts expected against received for the chat lines sent in the window."""
    expected = on_time = late = 0
    delays = []
    slow_seconds: dict[int, int] = {}
    for chat in load.chats.values():
        if chat.step != step or chat.refused:
            continue
        expected += len(chat.recipients)
        for who, arrived in chat.received.items():
            if who not in chat.recipients or arrived > grace_end:
                continue
            delays.append(arrived - chat.sent_at)
            if arrived <= ended:
                on_time += 1
            else:
                late += 1
            if arrived - chat.sent_at > TARGET_P99_MS / 1000:
                second = int(arrived - began)
                slow_seconds[second] = slow_seconds.get(second, 0) + 1
    received = on_time + late
    refusals = {
        (action, code): count
        for (phase, action, code), count in load.refusals.items()
        if phase == step
    }
    return {
        "interval": interval,
        # Actions offered per second: by the sockets of the circles that chat.
        "rate": sum(len(m) for c, m in load.members.items() if c < load.active) / interval,
        "expected": expected,
        "received": received,
        "late": late,
        "lost": expected - received,
        "p50": percentile(delays, 0.50) * 1000,
        "p99": percentile(delays, 0.99) * 1000,
        "per_second": received / (ended - began),
        "hands": load.hands.get(step, 0) / (grace_end - settling),
        "refusals": refusals,
        "dropped": [d for d in load.dropped if d[0] == step],
        "client_lag_p99": percentile(load.lag.get(step, []), 0.99) * 1000,
        "slow_seconds": slow_seconds,
    }


def step_misses(result, tolerance) -> list[str]:
    """Why a step is not ok (empty when it is)."""
    lost_share = result["lost"] / result["expected"] if result["expected"] else 1
    reasons = []
    if not result["p99"] < TARGET_P99_MS:
        reasons.append("p99")
    if lost_share > tolerance:
        reasons.append("lost")
    if result["refusals"]:
        reasons.append("refused")
    if result["dropped"]:
        reasons.append("dropped")
    return reasons


def step_passes(result, tolerance) -> bool:
    return not step_misses(result, tolerance)


def print_step(result, tolerance) -> None:
    lost_share = result["lost"] / result["expected"] if result["expected"] else float("nan")
    print(
        f"  every {result['interval']:>5g} s = {result['rate']:6.1f} actions/s: "
        f"p50 {result['p50']:6.1f} ms  p99 {result['p99']:7.1f} ms  "
        f"receipts {result['received']}/{result['expected']} "
        f"(late {result['late']}, lost {result['lost']} = {lost_share:.2%})  "
        f"{result['per_second']:7.1f} chat + {result['hands']:.0f} hand receipts/s  "
        "client lag p99 "
        f"{result['client_lag_p99']:.0f} ms  "
        + (", ".join(step_misses(result, tolerance)) or "ok"),
        flush=True,
    )
    for (action, code), count in sorted(result["refusals"].items()):
        print(f"    refused {count} x {action}: {code}")
    for _phase, who, code, reason in result["dropped"][:5]:
        print(f"    socket of participant {who} dropped: close code {code} {reason}")
    if len(result["dropped"]) > 5:
        print(f"    … {len(result['dropped'])} sockets dropped in all")
    if result["slow_seconds"]:
        print(
            "    receipts over 100 ms, by second of the step: "
            + ", ".join(f"{s}s:{n}" for s, n in sorted(result["slow_seconds"].items()))
        )


async def run_load(
    name, ports, plan, steps, seconds, grace, bare, pace, tolerance, active=10**9, servers=()
) -> dict:
    """Open every socket (members of a circle spread over the server processes in
    `ports`), then step the rate up until the consumer misses the target."""
    load = Load(bare=bare, interval=steps[0], active=active)
    memory_before = sum(server.rss_bytes() for server in servers)
    ready = asyncio.Semaphore(0)
    start = asyncio.Event()
    tasks = []
    number = 0
    for index, (session_id, cookies) in enumerate(plan):
        path = f"/ws/bare/{index}/" if bare else f"/ws/circles/{session_id}/"
        for cookie in cookies:
            number += 1
            url = f"ws://127.0.0.1:{ports[number % len(ports)]}{path}"
            tasks.append(
                asyncio.create_task(participant(url, cookie, number, index, load, ready, start))
            )
            await asyncio.sleep(pace)  # people arrive over a few seconds, not in one millisecond
    for _ in tasks:
        await ready.acquire()
    sockets = number
    memory = sum(server.rss_bytes() for server in servers) - memory_before
    connect_span = (
        load.last_connected - load.first_attempt if load.last_connected is not None else 0.0
    )
    per_socket = memory / load.connected / 1024 if load.connected and servers else 0
    print(
        f"{name}: sockets {load.connected}/{sockets} connected on {len(ports)} process(es), "
        f"all within {connect_span:.1f} s of the first; connect p50 "
        f"{percentile(load.connect_times, 0.5):.0f} ms p99 "
        f"{percentile(load.connect_times, 0.99):.0f} ms; told to come back later "
        f"{load.retried} times"
        + (f"; server memory {per_socket:.0f} KiB per socket" if servers else ""),
        flush=True,
    )
    for error in load.failed[:3]:
        print(f"  a failed socket: {error}")
    # The client's own full garbage collections (hundreds of connections' objects)
    # would pause every listener at once and be counted as server delay.
    tune_garbage_collection()  # as the server does
    lag = asyncio.create_task(client_lag(load))
    await asyncio.sleep(2)  # connection-time presence traffic settles
    start.set()
    results = []
    for step, interval in enumerate(steps):
        settling = time.monotonic()
        load.interval, load.phase = interval, step
        # Until every client has woken from a sleep of the previous rhythm.
        await asyncio.sleep(steps[step - 1] if step else interval)
        load.step = step
        began = time.monotonic()
        await asyncio.sleep(seconds)
        load.step = -1
        ended = time.monotonic()
        await asyncio.sleep(grace)  # receipts after the window still count, as late
        result = step_result(load, step, interval, settling, began, ended, time.monotonic())
        print_step(result, tolerance)
        results.append(result)
        if not step_passes(result, tolerance):
            break
    load.finished = True
    await asyncio.gather(*tasks, return_exceptions=True)
    lag.cancel()
    passing = [result for result in results if step_passes(result, tolerance)]
    last_misses = step_misses(results[-1], tolerance) if results else []
    return {
        "results": results,
        # Stepping stops at the first step not ok: the ones before it all passed.
        "capacity": passing[-1]["rate"] if passing else 0.0,
        # Never missed, or only refused (rate limits per person, not the server's
        # limit): the capacity is a lower bound.
        "open_ended": len(passing) == len(steps) or last_misses == ["refused"],
        "rate_limited": last_misses == ["refused"],
        "failed": len(load.failed),
        "dropped": len(load.dropped),
        "refused": sum(load.refusals.values()),
        "sockets": sockets,
        "connected": load.connected,
        "connect_span": connect_span,
        "connect_p50": percentile(load.connect_times, 0.5),
        "connect_p99": percentile(load.connect_times, 0.99),
        "retried": load.retried,
        "kib_per_socket": per_socket,
        "processes": len(ports),
    }


def silent_loss(run, tolerance) -> bool:
    """Receipts lost at a step the consumer otherwise kept up with, or at the first
    step (the expected load): messages dropped without being overloaded."""
    for index, result in enumerate(run["results"]):
        lost_share = result["lost"] / result["expected"] if result["expected"] else 0
        kept_up = result["p99"] < TARGET_P99_MS and not result["dropped"]
        if lost_share > tolerance and (kept_up or index == 0):
            return True
    return False


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--circles", type=int, default=50)
    parser.add_argument("--size", type=int, default=12)
    parser.add_argument(
        "--steps",
        default=DEFAULT_STEPS,
        help="seconds between two actions of one participant, step by step "
        f"(default {DEFAULT_STEPS}); one value measures one fixed rate",
    )
    parser.add_argument("--seconds", type=float, default=15, help="measured seconds per step")
    parser.add_argument(
        "--grace", type=float, default=5, help="seconds a receipt may arrive after its window"
    )
    parser.add_argument(
        "--loss-tolerance",
        type=float,
        default=0.001,
        help="share of receipts that may be lost before the run fails (default 0.1 %%)",
    )
    parser.add_argument(
        "--arrivals", type=float, default=50, help="sockets opened per second while connecting"
    )
    parser.add_argument("--only", choices=["circle", "bare"], help="measure one consumer only")
    parser.add_argument(
        "--processes",
        default="1",
        help="Daphne processes sharing the Redis channel layer, each circle's members spread "
        "over them; several values (1,2) measure each in the same run",
    )
    parser.add_argument(
        "--active",
        type=int,
        default=None,
        help="circles that chat and raise hands (default all); the others only ping",
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/flh_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    args = parser.parse_args()
    steps = [float(value) for value in args.steps.split(",")]

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
    print(
        f"Load: each participant chats, and raises or lowers a hand at most every "
        f"{HAND_EVERY:g} s, once per step interval ({args.steps} s); each action reaches "
        f"the {args.size} members of its circle. {args.seconds:g} s measured per step, "
        f"receipts up to {args.grace:g} s later counted as late. A step is ok when chat "
        f"p99 < {TARGET_P99_MS:g} ms, lost receipts <= {args.loss_tolerance:.1%}, no "
        "refusal and no dropped socket; stepping stops at the first step not ok.",
        flush=True,
    )

    consumers = [
        ("circle consumer", "conference.asgi:application", False),
        ("bare echo/broadcast", "bench.bare_asgi:application", True),
    ]
    from bench.harness import Server

    runs = {}
    for processes in [int(n) for n in args.processes.split(",")]:
        for consumer, application, bare in consumers:
            if args.only and args.only != ("bare" if bare else "circle"):
                continue
            name = consumer if processes == 1 else f"{consumer} x{processes}"
            flush_redis(args.redis_url, env["REDIS_PREFIX"])
            reset_presence()
            started = []
            try:
                for n in range(processes):
                    server = Server(env, f"{name}-{n + 1}", application=application)
                    started.append(server.start())
                runs[name] = asyncio.run(
                    run_load(
                        name,
                        [server.port for server in started],
                        plan,
                        steps,
                        args.seconds,
                        args.grace,
                        bare,
                        1 / args.arrivals,
                        args.loss_tolerance,
                        active=args.circles if args.active is None else args.active,
                        servers=started,
                    )
                )
            finally:
                for server in started:
                    server.stop()

    print("\nCapacity: the highest action rate at which p99 stayed under 100 ms, nothing was")
    print('lost, refused or dropped. ">=": a lower bound, the consumer never missed up to')
    print("the fastest step, or was only refused by its per-person rate limits.")
    for name, run in runs.items():
        bound = ">=" if run["open_ended"] else "  "
        print(
            f"  {name:<22} {bound}{run['capacity']:7.1f} actions/s "
            f"({run['capacity'] * args.size:8.1f} receipts/s); sockets failed to open: "
            f"{run['failed']}, dropped: {run['dropped']}; refusals: {run['refused']}"
            + (" (rate limits reached before the server's limit)" if run["rate_limited"] else "")
        )
    if len(runs) == 2 and not any(run["processes"] > 1 for run in runs.values()):
        ours, bare = runs.values()
        if bare["capacity"]:
            ratio = ours["capacity"] / bare["capacity"]
            if ours["open_ended"] and bare["open_ended"]:
                qualifier = " (both are lower bounds: not a measured ratio)"
            elif bare["open_ended"]:
                qualifier = " (the bare capacity is a lower bound: the ratio is an upper bound)"
            elif ours["open_ended"]:
                qualifier = " (the circle capacity is a lower bound: so is the ratio)"
            else:
                qualifier = ""
            print(f"  capacity ratio (circle / bare): {ratio:.0%}{qualifier}")
    print("\nConnecting: sockets connected, time from the first arrival to the last socket in,")
    print("time from a socket's first attempt to its state (p50/p99), 4429 retries.")
    for name, run in runs.items():
        print(
            f"  {name:<26} {run['connected']:>6}/{run['sockets']:<6}"
            f" in {run['connect_span']:6.1f} s"
            f"  p50 {run['connect_p50']:6.0f} ms  p99 {run['connect_p99']:6.0f} ms"
            f"  retried {run['retried']}"
            + (f"  {run['kib_per_socket']:.0f} KiB/socket" if run["kib_per_socket"] else "")
        )
    failed = [name for name, run in runs.items() if silent_loss(run, args.loss_tolerance)]
    unconnected = [name for name, run in runs.items() if run["connected"] < run["sockets"]]
    if failed:
        print(
            f"LOST RECEIPTS beyond {args.loss_tolerance:.1%} without overload: {', '.join(failed)}"
        )
    if unconnected:
        print(f"SOCKETS THAT NEVER CONNECTED: {', '.join(unconnected)}")
    if failed or unconnected:
        sys.exit(1)


if __name__ == "__main__":
    main()
