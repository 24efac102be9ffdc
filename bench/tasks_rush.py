"""A registration rush with the mail going through the task queue, run by hand.

Starts Daphne (DEBUG off) and task workers on PostgreSQL and Redis, and has N families
register at one hub over HTTP from several client threads, three times:

1. console  - mails printed by the workers (no mail server): the baseline;
2. slow     - an in-process SMTP server (aiosmtpd) that takes 300 ms per message;
3. down     - nothing answers on the SMTP port during the rush; the server (300 ms per
              message) starts once the rush is over.

With --inline, a fourth run shows the old way for comparison: the slow SMTP server, and
each mail sent inside the registration request (bench/inline_settings.py).

For each it prints the p50/p95/p99 response time of the registration POST, how long
the mails took to arrive, and checks that every family got exactly one ticket mail:
it exits 1 if a mail is missing or came twice.

    .venv/bin/python bench/tasks_rush.py                     # 250 families, 8 clients
    .venv/bin/python bench/tasks_rush.py --families 100 --clients 4 --workers 1

It drops and recreates the database named by --database-url (default
`flh_bench_tasks` on the machine's PostgreSQL) and uses the Redis prefix
`flh-bench-tasks`. Retries keep their production back-off (TASK_RETRY_SECONDS=30:
attempts after about 30 s, 1 min 30, 3 min 30…): the "down" run's mails arrive at the
first retry after the server is back.
"""

import argparse
import asyncio
import contextlib
import os
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.circles import daphne, flush_redis, free_port, recreate_database  # noqa: E402

SMTP_DELAY = 0.3
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")


def environment(args, smtp_port: int | None, settings="conference.settings") -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": settings,
            "DATABASE_URL": args.database_url,
            "REDIS_URL": args.redis_url,
            "REDIS_PREFIX": "flh-bench-tasks",
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
    if smtp_port is not None:
        env.update({"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port)})
        env["EMAIL_USE_TLS"] = "false"
    return env


def seed(families: int) -> tuple[str, list[tuple[str, str]]]:
    """The hub's slug and, for each family, its e-mail address and session cookie."""
    import datetime

    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.utils import timezone

    from conference.models import Conference, User
    from hubs.models import Hub, NationalSociety

    today = timezone.localdate()
    conference = Conference.objects.create(
        year=2025,
        title="Benchmark edition",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=2),
        is_current=True,
    )
    society = NationalSociety.objects.create(name="Bench", short_name="B", country="-")
    hub = Hub.objects.create(
        conference=conference,
        society=society,
        slug="rush",
        name="Rush",
        city="Geneva",
        in_person_capacity=families * 2,
    )
    languages = ["en", "fa", "ar", "ur", "ps", "fr"]
    users = User.objects.bulk_create(
        User(
            email=f"family{n}@example.org",
            pseudonym=f"Family {n}",
            password="!",  # noqa: S106 - unusable
            language=languages[n % len(languages)],
        )
        for n in range(families)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, primary=True, verified=True) for user in users
    )
    people = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        people.append((user.email, session.session_key))
    # The next run drops this database: leave no connection (or pool) behind.
    from django.db import connection

    connection.close()
    if hasattr(connection, "close_pool"):
        connection.close_pool()
    return hub.slug, people


def register(base: str, slug: str, session_key: str) -> tuple[float, int]:
    """One family: open the form (not timed), then register (timed)."""
    with httpx.Client(base_url=base, timeout=60) as client:
        cookie = f"sessionid={session_key}"
        form = client.get(f"/hubs/{slug}/register/", headers={"Cookie": cookie})
        token = CSRF_INPUT.search(form.text).group(1)
        secret = CSRF_COOKIE.search(form.headers.get("set-cookie", "")).group(1)
        started = time.perf_counter()
        response = client.post(
            f"/hubs/{slug}/register/",
            data={
                "csrfmiddlewaretoken": token,
                "mode": "in_person",
                "adults": "1",
                "children": "0",
                "interpretation_language": "",
                "accessibility_needs": "",
                "consent": "on",
            },
            headers={"Cookie": f"{cookie}; csrftoken={secret}"},
        )
        return time.perf_counter() - started, response.status_code


def rush(base: str, slug: str, people, clients: int) -> tuple[list[float], Counter]:
    work: queue.Queue = queue.Queue()
    for _email, session_key in people:
        work.put(session_key)
    times: list[float] = []
    statuses: Counter = Counter()
    lock = threading.Lock()

    def client():
        while True:
            try:
                session_key = work.get_nowait()
            except queue.Empty:
                return
            try:
                seconds, status = register(base, slug, session_key)
            except Exception as error:  # a failed request is counted, not fatal
                seconds, status = 0.0, type(error).__name__
            with lock:
                times.append(seconds)
                statuses[status] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, statuses


class SlowInbox:
    """An SMTP server that takes SMTP_DELAY seconds per message and counts recipients."""

    def __init__(self, port: int):
        from aiosmtpd.controller import Controller

        self.received: Counter = Counter()
        self.controller = Controller(self, hostname="127.0.0.1", port=port)

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(SMTP_DELAY)
        for address in envelope.rcpt_tos:
            self.received[address] += 1
        return "250 OK"

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()


@contextlib.contextmanager
def workers(count: int, env: dict):
    logs = [tempfile.TemporaryFile() for _ in range(count)]  # noqa: SIM115 - closed below
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "run_worker"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for log in logs
    ]
    try:
        yield logs
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)
        for log in logs:
            log.close()


def console_mails(logs) -> Counter:
    received: Counter = Counter()
    for log in logs:
        log.seek(0)
        for line in log.read().decode("utf-8", "replace").splitlines():
            if line.startswith("To: "):
                received[line[4:].strip()] += 1
    return received


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] * 1000


def run(args, name: str) -> dict:
    smtp_port = None if name == "console" else free_port()
    settings = "bench.inline_settings" if name == "inline" else "conference.settings"
    env = environment(args, smtp_port, settings)
    os.environ.update(env)
    recreate_database(args.database_url)
    flush_redis(args.redis_url, env["REDIS_PREFIX"])
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    slug, people = seed(args.families)
    expected = {email for email, _ in people}
    inbox = SlowInbox(smtp_port) if smtp_port else None
    if name in ("slow", "inline"):
        inbox.start()
    with daphne("conference.asgi:application", env) as port, workers(args.workers, env) as logs:
        started = time.monotonic()
        times, statuses = rush(f"http://127.0.0.1:{port}", slug, people, args.clients)
        rush_seconds = time.monotonic() - started
        if name == "down":
            time.sleep(2)  # the workers try, fail and queue their retries
            inbox.start()

        def received() -> Counter:
            return inbox.received if inbox else console_mails(logs)

        deadline = time.monotonic() + args.wait
        while time.monotonic() < deadline and len(received()) < len(expected):
            time.sleep(0.5)
        delivered_after = time.monotonic() - started
        time.sleep(3)  # anything sent twice would come now
        mails = Counter(received())
    if inbox:
        inbox.stop()
    missing = expected - set(mails)
    doubled = [address for address, n in mails.items() if n > 1]
    ok = [t for t in times if t]
    return {
        "name": name,
        "statuses": dict(statuses),
        "p50": statistics.median(ok) * 1000,
        "p95": percentile(ok, 0.95),
        "p99": percentile(ok, 0.99),
        "rush_seconds": rush_seconds,
        "delivered_after": delivered_after,
        "mails": sum(mails.values()),
        "missing": len(missing),
        "doubled": len(doubled),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--families", type=int, default=250)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--wait", type=float, default=300, help="seconds to wait for the mails")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/flh_bench_tasks"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--only", choices=["console", "slow", "down", "inline"], action="append")
    parser.add_argument("--inline", action="store_true", help="add the old way, for comparison")
    parser.add_argument(
        "--rounds", type=int, default=1, help="repeat the runs in turn (a busy machine)"
    )
    args = parser.parse_args()

    print(
        f"{args.families} families register from {args.clients} client threads; "
        f"{args.workers} task worker(s); SMTP takes {SMTP_DELAY * 1000:.0f} ms per message.",
        flush=True,
    )
    # DEBUG off serves hashed static file names: build the manifest once.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=environment(args, None),
        check=True,
    )
    names = args.only or ["console", "slow", "down"] + (["inline"] if args.inline else [])
    results = []
    for _round in range(args.rounds):
        for name in names:
            result = run(args, name)
            results.append(result)
            print(
                f"{name:8} registration p50 {result['p50']:6.1f} ms  p95 {result['p95']:6.1f} ms"
                f"  p99 {result['p99']:6.1f} ms | answers {result['statuses']} | rush "
                f"{result['rush_seconds']:.1f} s | {result['mails']} mails, all in by "
                f"{result['delivered_after']:.1f} s, missing {result['missing']}, "
                f"twice {result['doubled']}",
                flush=True,
            )
    bad = [
        r["name"] for r in results if r["missing"] or r["doubled"] or set(r["statuses"]) != {302}
    ]
    if bad:
        print(f"FAILED: {', '.join(bad)}: a mail missing or sent twice, or a failed request")
        sys.exit(1)
    print("Every family got its ticket mail exactly once, in every run.")


if __name__ == "__main__":
    main()
