"""Registration and enrolment rushes over HTTP, with the database checked after: run by hand.

Registration (`--only registration`): Daphne with production settings (DEBUG off) on
PostgreSQL and Redis; N families with signed-in sessions, one hub with S seats in
person and an online mode. Every family opens the real form (CSRF cookie and token),
then submits it, from several client processes, as fast as the server takes them; a
"try again in a moment" (503) is retried after its Retry-After, as a person would.
Run with one Daphne process, then two behind a small load balancer on the loopback
(bench/harness.py: round robin over TCP). Reported: completed registrations per minute,
p50/p95/p99 of the POST, answers by kind. Then the database is checked:
- confirmed in-person seats never above capacity, and the hall filled when asked for;
- nobody registered twice;
- every family that was told "registered" (302 to their registration) has its row,
  and no row exists for a family that was told something else;
- the waiting list is in arrival order (the order in which the hub's lock let them in);
- one ticket mail queued per registration.

Enrolment (`--only enrolment`): F registered families open a circle's page (CSRF),
then all enrol in the same circle of 12 within about a second. Checked: exactly 12
places given, nobody twice, everyone else on the waiting list in arrival order.

It exits 1 when any check fails or a request got no answer / a 500.

    .venv/bin/python bench/registration.py                       # 3,000 families, 1 and 2 processes
    .venv/bin/python bench/registration.py --families 600 --processes 1,2 --clients 3
    .venv/bin/python bench/registration.py --only enrolment --enrolling 1000

It drops and recreates the database of --database-url (default `flh_bench`) and empties
the Redis database of --redis-url (default db 5) before each run.
"""

import argparse
import asyncio
import datetime
import multiprocessing
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    Proxy,
    environment,
    make_families,
    percentile,
    prepare,
    release_database,
    servers,
    session_for,
)

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")
RETRIES = 12  # a minute of a person pressing again after each "try again"


# Clients (separate processes, asyncio + httpx) -------------------------------------


async def _fetch_form(client, path, session_key):
    """The CSRF cookie and token of a form page, retrying a 503."""
    cookie = f"sessionid={session_key}"
    for _attempt in range(RETRIES):
        response = await client.get(path, headers={"Cookie": cookie})
        if response.status_code == 503:
            await asyncio.sleep(float(response.headers.get("Retry-After", "1")))
            continue
        token = CSRF_INPUT.search(response.text)
        secret = CSRF_COOKIE.search(response.headers.get("set-cookie", ""))
        if response.status_code != 200 or not token or not secret:
            raise RuntimeError(f"form {path}: {response.status_code}")
        return f"{cookie}; csrftoken={secret.group(1)}", token.group(1)
    raise RuntimeError(f"form {path}: still 503")


async def _post(client, path, cookie, data) -> dict:
    """POST until an answer other than 503; the time of the last attempt."""
    shed = 0
    for _attempt in range(RETRIES):
        started = time.perf_counter()
        try:
            response = await client.post(path, data=data, headers={"Cookie": cookie})
        except Exception as error:  # no answer at all: counted, never fatal here
            return {"status": type(error).__name__, "seconds": None, "shed": shed}
        seconds = time.perf_counter() - started
        if response.status_code == 503:
            shed += 1
            await asyncio.sleep(float(response.headers.get("Retry-After", "1")))
            continue
        return {
            "status": response.status_code,
            "location": response.headers.get("location", ""),
            "seconds": seconds,
            "finished": time.time(),
            "shed": shed,
        }
    return {"status": "still 503", "seconds": None, "shed": shed}


async def _register_all(base, slug, jobs, concurrency):
    import httpx

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    results = []
    queue = list(jobs)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:

        async def worker():
            while queue:
                family, session_key, mode = queue.pop()
                result = {"family": family}
                try:
                    path = f"/hubs/{slug}/register/"
                    cookie, token = await _fetch_form(client, path, session_key)
                    data = {
                        "csrfmiddlewaretoken": token,
                        "mode": mode,
                        "adults": "1",
                        "children": "0",
                        "interpretation_language": "",
                        "accessibility_needs": "",
                        "consent": "on",
                    }
                    result.update(await _post(client, path, cookie, data))
                except Exception as error:
                    result.update({"status": f"form: {error}", "seconds": None, "shed": 0})
                results.append(result)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return results


def register_client(base, slug, jobs, concurrency):
    return asyncio.run(_register_all(base, slug, jobs, concurrency))


async def _enrol_forms(base, session_id, jobs):
    import httpx

    path = f"/programme/sessions/{session_id}/"
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        forms = []
        for family, session_key in jobs:  # one at a time: the rush is the POSTs
            forms.append((family, *await _fetch_form(client, path, session_key)))
        return forms


def enrol_forms(base, session_id, jobs):
    return asyncio.run(_enrol_forms(base, session_id, jobs))


async def _enrol_all(base, session_id, forms, start_at):
    import httpx

    path = f"/programme/sessions/{session_id}/enrol/"
    # Each family on its own phone: a new connection for every request, no keep-alive.
    limits = httpx.Limits(max_connections=len(forms), max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        await asyncio.sleep(max(0.0, start_at - time.time()))

        async def enrol(family, cookie, token):
            data = {"csrfmiddlewaretoken": token, "accept_ground_rules": "on"}
            sent = time.time()
            result = await _post(client, path, cookie, data)
            return {"family": family, "sent": sent, **result}

        return await asyncio.gather(*(enrol(*form) for form in forms))


def enrol_client(base, session_id, forms, start_at):
    return asyncio.run(_enrol_all(base, session_id, forms, start_at))


def spread(items, parts):
    return [items[n::parts] for n in range(parts)]


# Data -------------------------------------------------------------------------------


def seed_registration(families: int, seats: int, online_share: float):
    from django.utils import timezone

    from conference.models import Conference
    from hubs.models import Hub, NationalSociety

    today = timezone.localdate()
    conference = Conference.objects.create(
        year=2031,
        title="Rush edition",
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=32),
        is_current=True,
    )
    society = NationalSociety.objects.create(name="Bench", short_name="B", country="-")
    hub = Hub.objects.create(
        conference=conference,
        society=society,
        slug="rush",
        name="Rush",
        city="Geneva",
        in_person_capacity=seats,
        online_open=True,
    )
    users = make_families(families)
    every = round(1 / online_share) if online_share else 0
    jobs = [
        (user.pk, session_for(user), "online" if every and n % every == 0 else "in_person")
        for n, user in enumerate(users)
    ]
    release_database()
    return hub.slug, jobs


def seed_enrolment(families: int, capacity: int):
    from django.utils import timezone

    from conference.models import Conference
    from hubs.models import Hub, NationalSociety, Registration
    from hubs.services import new_ticket_code
    from sessions_app.models import Session

    today = timezone.localdate()
    conference = Conference.objects.create(
        year=2032,
        title="Enrolment edition",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=2),
        is_current=True,
    )
    society = NationalSociety.objects.create(name="Bench", short_name="B", country="-")
    hub = Hub.objects.create(
        conference=conference, society=society, slug="enrol", name="Enrol", city="Geneva"
    )
    start = timezone.now() + datetime.timedelta(days=1)
    session = Session.objects.create(
        conference=conference,
        hub=hub,
        kind="circle",
        title="Mothers and sisters",
        mode="online",
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=90),
        language="en",
        capacity=capacity,
    )
    users = make_families(families)
    now = timezone.now()
    Registration.objects.bulk_create(
        Registration(
            user=user,
            conference=conference,
            hub=hub,
            mode="online",
            status="confirmed",
            consent_given_at=now,
            ticket_code=new_ticket_code(),
        )
        for user in users
    )
    jobs = [(user.pk, session_for(user)) for user in users]
    release_database()
    return session.pk, jobs


# Checks -----------------------------------------------------------------------------


def check_registration(results, seats: int, jobs) -> list[str]:
    from django_tasks_db.models import DBTaskResult

    from hubs.models import Registration

    problems = []
    rows = list(Registration.objects.order_by("pk"))
    by_user = Counter(row.user_id for row in rows)
    if twice := [user for user, n in by_user.items() if n > 1]:
        problems.append(f"{len(twice)} families registered twice")
    confirmed_in_person = sum(
        row.adults + row.children
        for row in rows
        if row.status == "confirmed" and row.mode == "in_person"
    )
    wanted_in_person = sum(1 for _f, _k, mode in jobs if mode == "in_person")
    if confirmed_in_person > seats:
        problems.append(f"OVERBOOKED: {confirmed_in_person} confirmed in person for {seats} seats")
    if confirmed_in_person < min(seats, wanted_in_person):
        problems.append(f"seats left empty: {confirmed_in_person} of {seats} while families waited")
    told_registered = {r["family"] for r in results if r["status"] == 302}
    registered = set(by_user)
    if lost := told_registered - registered:
        problems.append(f"LOST: {len(lost)} families were told 'registered' and have no row")
    if ghosts := registered - told_registered:
        problems.append(f"{len(ghosts)} rows for families that were not told they registered")
    waiting = [row for row in rows if row.status == "waitlisted"]
    if waiting != sorted(waiting, key=lambda row: row.queued_at):
        problems.append("the waiting list is not in arrival order")
    first_waiting = min((row.queued_at for row in waiting), default=None)
    late_confirmed = [
        row
        for row in rows
        if row.status == "confirmed"
        and row.mode == "in_person"
        and first_waiting
        and row.created_at > first_waiting
    ]
    if late_confirmed:
        problems.append(f"{len(late_confirmed)} confirmed after the waiting list began")
    mails = DBTaskResult.objects.filter(task_path__endswith="ticket_mail").count()
    if mails != len(rows):
        problems.append(f"{mails} ticket mails queued for {len(rows)} registrations")
    return problems


def check_enrolment(results, capacity: int) -> list[str]:
    from sessions_app.models import Enrolment

    problems = []
    rows = list(Enrolment.objects.order_by("pk"))
    enrolled = [row for row in rows if row.status == "enrolled"]
    waiting = [row for row in rows if row.status == "waitlisted"]
    if len(enrolled) != capacity:
        problems.append(f"{len(enrolled)} places given in a circle of {capacity}")
    if len({row.user_id for row in rows}) != len(rows):
        problems.append("a family enrolled twice")
    if waiting != sorted(waiting, key=lambda row: row.queued_at):
        problems.append("the waiting list is not in arrival order")
    if enrolled and waiting and max(r.pk for r in enrolled) > min(r.pk for r in waiting):
        problems.append("someone got a place after someone else was put on the waiting list")
    answered = {r["family"] for r in results if r["status"] == 302}
    if lost := answered - {row.user_id for row in rows}:
        problems.append(f"LOST: {len(lost)} told they enrolled with no row")
    if len(rows) != len(results):
        problems.append(f"{len(rows)} rows for {len(results)} families")
    return problems


# Runs -------------------------------------------------------------------------------


def front(server_list):
    """The address clients use: the one server, or a load balancer before several."""
    if len(server_list) == 1:
        return f"http://127.0.0.1:{server_list[0].port}", None
    proxy = Proxy([("127.0.0.1", server.port) for server in server_list]).start()
    return f"http://127.0.0.1:{proxy.port}", proxy


def summary(results, seconds: float) -> dict:
    answers = Counter(str(r["status"]) for r in results)
    times = [r["seconds"] for r in results if r["seconds"] is not None]
    done = sum(1 for r in results if r["status"] == 302)
    return {
        "answers": dict(answers),
        "shed": sum(r["shed"] for r in results),
        "per_minute": done / seconds * 60 if seconds else 0,
        "p50": statistics.median(times) * 1000 if times else float("nan"),
        "p95": percentile(times, 0.95),
        "p99": percentile(times, 0.99),
        "seconds": seconds,
        "done": done,
    }


def run_registration(args, processes: int) -> list[str]:
    env = environment(args.database_url, args.redis_url, "flh-bench", **pool_env(args, processes))
    prepare(env, args.database_url, args.redis_url)
    slug, jobs = seed_registration(args.families, args.seats, args.online_share)
    context = multiprocessing.get_context("spawn")
    with servers(env, processes) as server_list:
        base, proxy = front(server_list)
        try:
            with context.Pool(args.clients) as pool:
                started = time.monotonic()
                parts = pool.starmap(
                    register_client,
                    [(base, slug, part, args.concurrency) for part in spread(jobs, args.clients)],
                )
                seconds = time.monotonic() - started
        finally:
            if proxy:
                proxy.stop()
    results = [r for part in parts for r in part]
    figures = summary(results, seconds)
    problems = check_registration(results, args.seats, jobs)
    release_database()
    print(
        f"registration, {processes} Daphne process(es)"
        f"{' behind the loopback balancer' if processes > 1 else ''}: {len(jobs)} families, "
        f"{figures['done']} registered in {seconds:.1f} s = {figures['per_minute']:.0f}/min | "
        f"POST p50 {figures['p50']:.0f} ms p95 {figures['p95']:.0f} ms p99 {figures['p99']:.0f} ms"
        f" | answers {figures['answers']} | 503s retried {figures['shed']}",
        flush=True,
    )
    print(f"  database: {'; '.join(problems) if problems else 'all checks passed'}", flush=True)
    failed = [s for s in figures["answers"] if s != "302"]
    if failed:
        problems.append(f"answers other than 302: {failed}")
    if figures["per_minute"] < args.target:
        print(f"  (below the target of {args.target}/min on this machine now)")
    return problems


def run_enrolment(args, processes: int) -> list[str]:
    env = environment(args.database_url, args.redis_url, "flh-bench", **pool_env(args, processes))
    prepare(env, args.database_url, args.redis_url)
    session_id, jobs = seed_enrolment(args.enrolling, args.capacity)
    context = multiprocessing.get_context("spawn")
    with servers(env, processes) as server_list:
        base, proxy = front(server_list)
        try:
            with context.Pool(args.clients) as pool:
                # Every family opens the circle's page first; then all enrol at once.
                forms = pool.starmap(
                    enrol_forms, [(base, session_id, part) for part in spread(jobs, args.clients)]
                )
                start_at = time.time() + 2
                parts = pool.starmap(
                    enrol_client, [(base, session_id, part, start_at) for part in forms]
                )
        finally:
            if proxy:
                proxy.stop()
    results = [r for part in parts for r in part]
    sent = [r["sent"] for r in results]
    figures = summary(results, max(r.get("finished", 0) for r in results) - min(sent))
    problems = check_enrolment(results, args.capacity)
    release_database()
    print(
        f"enrolment, {processes} process(es): {len(jobs)} families sent within "
        f"{max(sent) - min(sent):.2f} s, all answered within {figures['seconds']:.1f} s | "
        f"p50 {figures['p50']:.0f} ms p95 {figures['p95']:.0f} ms p99 {figures['p99']:.0f} ms"
        f" | answers {figures['answers']} | 503s retried {figures['shed']}",
        flush=True,
    )
    print(f"  database: {'; '.join(problems) if problems else 'all checks passed'}", flush=True)
    if failed := [s for s in figures["answers"] if s != "302"]:
        problems.append(f"answers other than 302: {failed}")
    return problems


def pool_env(args, processes: int) -> dict:
    # PostgreSQL allows 100 connections on this machine, shared with others.
    return {"DATABASE_POOL_SIZE": max(4, args.pool // processes), "ASGI_THREADS": args.threads}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--only", choices=["registration", "enrolment"], action="append")
    parser.add_argument("--families", type=int, default=3000)
    parser.add_argument("--seats", type=int, default=500)
    parser.add_argument("--online-share", type=float, default=0.2)
    parser.add_argument("--enrolling", type=int, default=1000)
    parser.add_argument("--capacity", type=int, default=12)
    parser.add_argument("--processes", default="1,2", help="Daphne processes, e.g. 1,2")
    parser.add_argument("--clients", type=int, default=4, help="client processes")
    parser.add_argument("--concurrency", type=int, default=16, help="requests at once per client")
    parser.add_argument("--pool", type=int, default=40, help="database connections in all")
    parser.add_argument("--threads", type=int, default=16, help="ASGI_THREADS per process")
    parser.add_argument("--target", type=float, default=1500, help="registrations per minute")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/flh_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    args = parser.parse_args()
    problems = []
    for count in [int(n) for n in args.processes.split(",")]:
        for name in args.only or ["registration", "enrolment"]:
            run = run_registration if name == "registration" else run_enrolment
            problems += [f"{name}, {count} process(es): {p}" for p in run(args, count)]
    if problems:
        print("FAILED:\n  " + "\n  ".join(problems))
        sys.exit(1)
    print("No overbooking, nothing lost, nobody twice, waiting lists in order.")


if __name__ == "__main__":
    main()
