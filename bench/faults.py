"""Faults, each scripted and repeatable, run by hand (not part of `make test`).

    .venv/bin/python bench/faults.py                    # all four, a few minutes
    .venv/bin/python bench/faults.py --only daphne      # or redis, postgres, worker

- daphne:   two Daphne processes behind a loopback load balancer (bench/harness.py),
            live circles chatting; one process is killed with SIGKILL. Its pages
            reconnect through the balancer to the other, with the pages' back-off and
            jitter; reported: how many dropped, how long until each was back, the most
            reconnections in one second, whether each page saw its own last
            acknowledged line again, and acknowledged lines missing from the database
            (must be 0).
- redis:    the same circles on a private redis-server (another port; the machine's
            own Redis is never touched), stopped for a few seconds and started again,
            empty, as after a restart. Checked: /healthz says 503 while it is down;
            a family can register meanwhile (pages that need no channel layer work);
            every page is back within 10 s of Redis; nothing acknowledged is lost.
- postgres: the machine's PostgreSQL is shared, so it is not restarted: the app
            reaches it through a TCP proxy that is cut (every connection dropped, new
            ones refused) and restored, which is what the app sees of a restart.
            Checked: while cut, pages answer 503 "please try again in a moment"
            (translated, no stack trace) within the pool's timeout and /healthz says
            503; after, everything answers again with no restart of the app.
- worker:   reminders for N families go out through a task worker to a slow mail
            server; the worker is killed (SIGKILL) half-way, a second one starts.
            Checked: every family gets its reminder exactly once.

It exits 1 when a check fails. Database `flh_bench` (dropped and recreated), Redis db 5.
"""

import argparse
import asyncio
import contextlib
import datetime
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.circles import back_off
from bench.harness import (
    ROOT,
    Proxy,
    Server,
    environment,
    free_port,
    make_families,
    prepare,
    release_database,
    session_for,
)

TRY_AGAIN_TEXT = "Please try again in a moment"


# Live circles as pages use them --------------------------------------------------------


class Circles:
    """Pages in circles that chat every few seconds, reconnect as the real pages do
    (static/js/live.js: full jitter, 10 s at most after a drop) and keep score."""

    def __init__(self, plan, url_for, chat_every=3.0):
        self.plan = plan  # [(session_id, [session cookies])]
        self.url_for = url_for
        self.chat_every = chat_every
        self.stop = False
        self.acked: dict = {}  # page -> [bodies acknowledged]
        self.connected: set = set()
        self.drops: list = []  # (page, time)
        self.back: list = []  # (page, seconds from drop to state)
        self.attempts: list = []  # times of reconnection attempts
        self.saw_own_line: list = []  # after a reconnect: was its last acked line there?
        self.offline_errors = 0
        self._pending: dict = {}  # page -> the line in flight
        self._sequence: dict = {}

    async def page(self, number, session_id, cookie):
        from websockets.asyncio.client import connect
        from websockets.exceptions import ConnectionClosed

        dropped_at = None
        failures = 0
        sequence = 0
        while not self.stop:
            if dropped_at is not None:
                self.attempts.append(time.monotonic())
            after = None
            try:
                socket = await connect(
                    self.url_for(number, session_id),
                    origin="http://127.0.0.1",
                    additional_headers={"Cookie": f"sessionid={cookie}"},
                    open_timeout=30,
                    compression=None,
                    max_queue=None,
                    ping_interval=None,  # the pages ping at the application level
                )
                state = json.loads(await asyncio.wait_for(socket.recv(), 30))
                if state.get("type") == "retry":  # a busy server says when; 4429 follows
                    after = state["after"]
                    await asyncio.wait_for(socket.recv(), 30)
                if state.get("type") != "circle.state":
                    raise ConnectionError(f"first message {state.get('type')}")
            except Exception as error:
                busy = isinstance(error, ConnectionClosed) and (
                    error.rcvd is not None and error.rcvd.code == 4429
                )
                await asyncio.sleep(back_off(failures, busy, after))
                failures += 1
                continue
            failures = 0
            self.connected.add(number)
            if dropped_at is not None:
                self.back.append((number, time.monotonic() - dropped_at))
                mine = self.acked.get(number)
                if mine:
                    bodies = {m["body"] for m in state.get("messages", [])}
                    self.saw_own_line.append(mine[-1] in bodies)
            sender = asyncio.create_task(self._chat(socket, number, sequence))
            try:
                async for raw in socket:
                    message = json.loads(raw)
                    if message.get("type") == "chat.sent":
                        body = self._pending.pop(number, None)
                        if body:
                            self.acked.setdefault(number, []).append(body)
                    elif message.get("type") == "error" and message.get("error") == "offline":
                        self.offline_errors += 1
            except ConnectionClosed:
                pass
            sender.cancel()
            sequence = self._sequence.get(number, sequence)
            self.connected.discard(number)
            if self.stop:
                break
            dropped_at = time.monotonic()
            self.drops.append((number, dropped_at))
            await asyncio.sleep(back_off(0, False))

    async def _chat(self, socket, number, sequence):
        await asyncio.sleep(random.uniform(0, self.chat_every))
        while True:
            sequence += 1
            self._sequence[number] = sequence
            body = f"fault {number} {sequence}"
            # One line in flight per page, so an acknowledgement names its line.
            self._pending[number] = body
            await socket.send(json.dumps({"action": "chat.send", "body": body}))
            await asyncio.sleep(self.chat_every)

    async def run(self, seconds_before, fault, seconds_after):
        tasks = []
        number = 0
        for session_id, cookies in self.plan:
            for cookie in cookies:
                number += 1
                tasks.append(asyncio.create_task(self.page(number, session_id, cookie)))
                await asyncio.sleep(0.02)
        total = number
        deadline = time.monotonic() + 60
        while len(self.connected) < total and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.2)
        print(f"  {len(self.connected)}/{total} pages in their circles", flush=True)
        await asyncio.sleep(seconds_before)
        report = await fault(self)
        await asyncio.sleep(seconds_after)
        self.stop = True
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return total, report

    def lost(self) -> list[str]:
        from sessions_app.models import CircleMessage

        stored = set(CircleMessage.objects.values_list("body", flat=True))
        return [body for bodies in self.acked.values() for body in bodies if body not in stored]

    def storm_peak(self) -> int:
        if not self.attempts:
            return 0
        return max(Counter(int(moment) for moment in self.attempts).values())


def seed_circles(circles: int, size: int):
    from bench.circles import seed

    plan = seed(circles, size)
    release_database()
    return plan


def wait_all_back(circles: Circles, total: int, limit: float) -> float | None:
    """Seconds until every page is in its circle again (None: not within `limit`)."""
    started = time.monotonic()

    async def wait():
        while time.monotonic() - started < limit:
            if len(circles.connected) >= total:
                return time.monotonic() - started
            await asyncio.sleep(0.1)
        return None

    return wait()


# The faults ---------------------------------------------------------------------------


def fault_daphne(args) -> list[str]:
    print("daphne: kill -9 one of two processes behind the balancer, mid-circle", flush=True)
    env = environment(args.database_url, args.redis_url, "flh-bench", ASGI_THREADS=16)
    prepare(env, args.database_url, args.redis_url)
    plan = seed_circles(args.circles, args.size)
    total = args.circles * args.size
    first, second = Server(env, "daphne-1").start(), Server(env, "daphne-2").start()
    proxy = Proxy([("127.0.0.1", first.port), ("127.0.0.1", second.port)]).start()
    circles = Circles(plan, lambda n, s: f"ws://127.0.0.1:{proxy.port}/ws/circles/{s}/")

    async def kill(c):
        first.kill()
        killed_at = time.monotonic()
        while len(c.connected) == total and time.monotonic() - killed_at < 5:  # noqa: ASYNC110
            await asyncio.sleep(0.01)  # the pages notice
        back = await wait_all_back(c, total, 60)
        return {
            "killed_at": killed_at,
            "all_back": None if back is None else time.monotonic() - killed_at,
        }

    try:
        total, report = asyncio.run(circles.run(args.before, kill, args.after))
    finally:
        proxy.stop()
        second.stop()
        first.stop()
    lost = circles.lost()
    times = sorted(seconds for _page, seconds in circles.back)
    problems = []
    print(
        f"  {len(circles.drops)} pages dropped with the process; all {total} back in their "
        f"circle after {report['all_back'] or float('nan'):.1f} s; each page's wait p50 "
        f"{times[len(times) // 2] if times else 0:.1f} s, max {times[-1] if times else 0:.1f} s; "
        f"most reconnection attempts in one second: {circles.storm_peak()}; "
        f"own last line seen again {sum(circles.saw_own_line)}/{len(circles.saw_own_line)}; "
        f"acknowledged lines {sum(len(v) for v in circles.acked.values())}, "
        f"missing from the database {len(lost)}",
        flush=True,
    )
    if report["all_back"] is None:
        problems.append("not every page came back within 60 s")
    if lost:
        problems.append(f"{len(lost)} acknowledged chat lines lost")
    if not all(circles.saw_own_line):
        problems.append("a page did not see its own last line after reconnecting")
    release_database()
    return problems


def redis_server(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            import redis

            if redis.Redis(port=port).ping():
                return process
        time.sleep(0.1)
    raise RuntimeError("private redis-server did not start")


def register_once(base: str, slug: str, session_key: str) -> int:
    """A family registers through the real form; the final status (302: registered)."""
    import re

    with httpx.Client(base_url=base, timeout=30) as client:
        cookie = f"sessionid={session_key}"
        form = client.get(f"/hubs/{slug}/register/", headers={"Cookie": cookie})
        if form.status_code != 200:
            return form.status_code
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        secret = re.search(r"csrftoken=([^;]+)", form.headers["set-cookie"]).group(1)
        response = client.post(
            f"/hubs/{slug}/register/",
            data={
                "csrfmiddlewaretoken": token,
                "mode": "online",
                "adults": "1",
                "children": "0",
                "consent": "on",
            },
            headers={"Cookie": f"{cookie}; csrftoken={secret}"},
        )
        return response.status_code


def seed_hub(families: int):
    from django.utils import timezone

    from conference.models import Conference
    from hubs.models import Hub, NationalSociety

    conference = Conference.objects.get(is_current=True)
    society = NationalSociety.objects.create(name="Faults", short_name="F", country="-")
    hub = Hub.objects.create(
        conference=conference,
        society=society,
        slug="faults",
        name="Faults",
        city="Geneva",
        in_person_capacity=10,
    )
    assert conference.starts_on >= timezone.localdate() - datetime.timedelta(days=1)
    keys = [session_for(user) for user in make_families(families, "walkin")]
    release_database()
    return hub.slug, keys


def fault_redis(args) -> list[str]:
    print("redis: a private redis-server stopped and started again during live circles", flush=True)
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    server_redis = redis_server(port)
    env = environment(args.database_url, url, "flh-bench", ASGI_THREADS=16)
    prepare(env, args.database_url, url)
    plan = seed_circles(args.circles, args.size)
    slug, keys = seed_hub(2)
    total = args.circles * args.size
    daphne = Server(env, "daphne").start()
    base = f"http://127.0.0.1:{daphne.port}"
    circles = Circles(plan, lambda n, s: f"ws://127.0.0.1:{daphne.port}/ws/circles/{s}/")
    problems = []

    async def restart(c):
        nonlocal server_redis
        server_redis.terminate()
        server_redis.wait(10)
        down_at = time.monotonic()
        async with httpx.AsyncClient(base_url=base, timeout=15) as client:
            await asyncio.sleep(1)
            health = (await client.get("/healthz")).status_code
        registered = await asyncio.to_thread(register_once, base, slug, keys[0])
        await asyncio.sleep(max(0.0, args.outage - (time.monotonic() - down_at)))
        offline_pages = total - len(c.connected)
        server_redis = redis_server(port)
        back = await wait_all_back(c, total, 30)
        async with httpx.AsyncClient(base_url=base, timeout=15) as client:
            health_after = (await client.get("/healthz")).status_code
        return {
            "health": health,
            "registered": registered,
            "offline_pages": offline_pages,
            "all_back": back,
            "health_after": health_after,
        }

    try:
        total, report = asyncio.run(circles.run(args.before, restart, args.after))
    finally:
        daphne.stop()
        server_redis.terminate()
        server_redis.wait(10)
    lost = circles.lost()
    print(
        f"  while Redis was down: /healthz {report['health']}, a family registering got "
        f"{report['registered']}, pages offline {report['offline_pages']}/{total}; "
        f"after it came back: every page back in {report['all_back'] or float('nan'):.1f} s, "
        f"/healthz {report['health_after']}; acknowledged lines "
        f"{sum(len(v) for v in circles.acked.values())}, missing {len(lost)}; "
        f"'saved, circle not told yet' errors {circles.offline_errors}",
        flush=True,
    )
    if report["health"] != 503:
        problems.append(f"/healthz said {report['health']} with Redis down")
    if report["registered"] != 302:
        problems.append(f"registering with Redis down got {report['registered']}")
    if report["all_back"] is None or report["all_back"] > 10:
        problems.append(f"pages back after {report['all_back']} s (want <= 10 s)")
    if report["health_after"] != 200:
        problems.append(f"/healthz said {report['health_after']} after Redis came back")
    if lost:
        problems.append(f"{len(lost)} acknowledged chat lines lost")
    release_database()
    return problems


def fault_postgres(args) -> list[str]:
    print("postgres: the app's connections to PostgreSQL cut and restored (TCP proxy)", flush=True)
    from urllib.parse import urlsplit

    parts = urlsplit(args.database_url)
    proxy = Proxy([(parts.hostname, parts.port or 5432)]).start()
    via_proxy = parts._replace(netloc=f"{parts.username}@127.0.0.1:{proxy.port}").geturl()
    env = environment(via_proxy, args.redis_url, "flh-bench", DATABASE_POOL_TIMEOUT=3)
    prepare(env, args.database_url, args.redis_url)
    seed_circles(1, 2)  # an edition for the pages to show
    daphne = Server(env, "daphne").start()
    problems = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{daphne.port}", timeout=30) as client:
            for path in ("/", "/programme/", "/healthz"):
                client.get(path)  # warm
            proxy.cut()
            answers = Counter()
            slowest = 0.0
            cut_until = time.monotonic() + args.outage
            while time.monotonic() < cut_until:
                for path in ("/programme/", "/healthz"):
                    started = time.monotonic()
                    response = client.get(path, headers={"Accept-Language": "fa"})
                    slowest = max(slowest, time.monotonic() - started)
                    answers[(path, response.status_code)] += 1
                    if path != "/healthz" and response.status_code == 503:
                        page = response.text
                        if "Traceback" in page or 'lang="fa"' not in page:
                            problems.append("the outage page is not the translated page")
                        if not response.headers.get("Retry-After"):
                            problems.append("no Retry-After")
            proxy.restore()
            restored = time.monotonic()
            recovered = None
            while time.monotonic() - restored < 60:
                if client.get("/programme/").status_code == 200:
                    recovered = time.monotonic() - restored
                    break
                time.sleep(0.2)
            after = Counter(client.get(p).status_code for p in ["/", "/programme/", "/healthz"] * 5)
    finally:
        daphne.stop()
        proxy.stop()
    print(
        f"  while cut ({args.outage:g} s): answers {dict(answers)}, slowest {slowest:.1f} s; "
        f"after restoring: first page in "
        f"{recovered if recovered is not None else float('nan'):.1f} s, "
        f"then {dict(after)}",
        flush=True,
    )
    if any(status not in (503,) for (_path, status) in answers):
        problems.append(f"answers while cut other than 503: {dict(answers)}")
    if slowest > 15:
        problems.append(f"a request took {slowest:.0f} s while the database was away")
    if recovered is None:
        problems.append("the app did not recover by itself")
    if set(after) != {200}:
        problems.append(f"after recovering: {dict(after)}")
    return problems


def fault_worker(args) -> list[str]:
    print("worker: a task worker killed (SIGKILL) in the middle of sending reminders", flush=True)
    from aiosmtpd.controller import Controller
    from django.db.models.functions import Now

    env = environment(
        args.database_url,
        args.redis_url,
        "flh-bench",
        TASK_WORKER_TIMEOUT_SECONDS=10,
        SESSION_REMINDER_MINUTES=60,
    )
    smtp_port = free_port()
    env.update({"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port), "EMAIL_USE_TLS": "false"})
    prepare(env, args.database_url, args.redis_url)
    from django.utils import timezone

    from conference.models import ScheduledJob
    from sessions_app.models import Enrolment, Session

    plan = seed_circles(1, 1)
    session = Session.objects.get(pk=plan[0][0])
    session.starts_at = timezone.now() + datetime.timedelta(minutes=30)
    session.status = "scheduled"
    session.save()
    families = make_families(args.reminders, "reminded")
    Enrolment.objects.bulk_create(
        Enrolment(session=session, user=user, status="enrolled") for user in families
    )
    # Only the reminders job, now; the rest of the schedule out of the way.
    for name in ("registrations_purge", "circle_presence_sweep", "task_results_forget"):
        ScheduledJob.objects.update_or_create(
            name=name, defaults={"next_run_at": Now() + datetime.timedelta(hours=1)}
        )
    release_database()

    class Inbox:
        def __init__(self):
            self.received = Counter()

        async def handle_DATA(self, server, session, envelope):
            await asyncio.sleep(args.smtp_delay)
            for address in envelope.rcpt_tos:
                self.received[address] += 1
            return "250 OK"

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()

    def worker(name):
        log = tempfile.TemporaryFile()  # noqa: SIM115 - the process owns it
        return subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--worker-id", name],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    expected = {user.email for user in families}
    try:
        first = worker("worker-a")
        deadline = time.monotonic() + 120
        while sum(inbox.received.values()) < len(expected) // 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        at_kill = sum(inbox.received.values())
        second = worker("worker-b")
        started = time.monotonic()
        while not expected <= set(inbox.received) and time.monotonic() - started < 180:
            time.sleep(0.5)
        finished = time.monotonic() - started
        time.sleep(3)  # a second copy would come now
        second.send_signal(signal.SIGTERM)
        second.wait(30)
    finally:
        controller.stop()
    reminders = {address: n for address, n in inbox.received.items() if address in expected}
    missing = expected - set(reminders)
    twice = [address for address, n in reminders.items() if n > 1]
    print(
        f"  {len(expected)} reminders; worker A killed after {at_kill} had left; worker B "
        f"finished {finished:.1f} s later; received {sum(reminders.values())}, missing "
        f"{len(missing)}, twice {len(twice)}",
        flush=True,
    )
    problems = []
    if missing:
        problems.append(f"{len(missing)} reminders never sent")
    if twice:
        problems.append(f"{len(twice)} reminders sent twice")
    return problems


FAULTS = {
    "daphne": fault_daphne,
    "redis": fault_redis,
    "postgres": fault_postgres,
    "worker": fault_worker,
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--only", choices=list(FAULTS), action="append")
    parser.add_argument("--circles", type=int, default=10)
    parser.add_argument("--size", type=int, default=6)
    parser.add_argument("--before", type=float, default=6, help="seconds of circle before")
    parser.add_argument("--after", type=float, default=4, help="seconds of circle after")
    parser.add_argument("--outage", type=float, default=6, help="seconds Redis or PG are away")
    parser.add_argument("--reminders", type=int, default=60)
    parser.add_argument("--smtp-delay", type=float, default=0.1)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/flh_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")
    problems = []
    for name in args.only or list(FAULTS):
        problems += [f"{name}: {problem}" for problem in FAULTS[name](args)]
    if problems:
        print("FAILED:\n  " + "\n  ".join(problems))
        sys.exit(1)
    print("Every fault handled: nothing acknowledged lost, everything back by itself.")


if __name__ == "__main__":
    main()
