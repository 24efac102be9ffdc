"""Benchmark of the library, run by hand (not part of `make test`).

Fills PostgreSQL with 20,000 published resources in six languages (English,
Persian, Urdu, Arabic, Pashto, French; words drawn from the demo's own texts),
starts Daphne on it, and measures through Daphne, one request at a time over
loopback: the library list (first and a later page, a filtered page), a topic
page, article and audio resource pages, and searches in Persian (typed with
Arabic letters and Persian digits), Arabic and English (one with a typing
mistake). For each: p50 and p95 time, and the database queries the page makes
(counted in-process with Django's test client on the same database). Then the
weight of an article page's first load: HTML, stylesheets and script, raw and
gzip-compressed.

    .venv/bin/python bench/library.py                       # 20,000 resources
    .venv/bin/python bench/library.py --resources 2000 --requests 50

It drops and recreates the database named by --database-url (default
`flh_bench_library` on the machine's PostgreSQL) and collects the static files.
Targets: search p95 < 50 ms; constant queries; article first load < 30 KB gzip.
"""

import argparse
import contextlib
import datetime
import gzip
import itertools
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.circles import environment, free_port, recreate_database  # noqa: E402

LANGUAGES = ["en", "fa", "ur", "ar", "ps", "fr"]
LATIN = "abcdefghijklmnoprstuvy"
ARABIC_SCRIPT = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
SYNTHETIC = 3000
# Queries families type: Persian with Arabic letters (ي ك) and Persian digits,
# Arabic, English, and one English word with a typing mistake.
SEARCHES = [
    ("fa", "كودكان"),
    ("fa", "زندگي"),
    ("fa", "۱۴۰۳"),
    ("fa", "زندگي امید"),
    ("ar", "الأمل"),
    ("ar", "الأطفال النوم"),
    ("en", "children"),
    ("en", "ambigous"),
    ("en", "sleep hope"),
]


def vocabulary() -> dict[str, list[str]]:
    """Words of each language, from the demo's texts (plus a few the searches need)."""
    import django

    django.setup()
    from support.library import demo
    from support.text import words

    texts: dict[str, list[str]] = {language: [] for language in LANGUAGES}
    groups = [demo.LIVING_WITH_NOT_KNOWING, demo.CHILDREN, demo.SCAMS, demo.CARERS]
    groups += [demo.GRIEF, demo.SLEEP]
    for group in groups:
        for language, version in group["versions"].items():
            texts[language].append(" ".join(version[:3]))
    for language, text in demo.BREATHING_TRANSCRIPTS.items():
        texts[language].append(text)
    extra = {
        "fa": "کودکان امید خواب 1403",
        "ar": "الأطفال النوم الأمل",
        "en": "children sleep hope ambiguous loss",
    }
    rng = random.Random(7)
    vocab = {}
    for language in LANGUAGES:
        found = {w for w in re.findall(r"\w+", " ".join(texts[language])) if len(w) > 1}
        found |= set(extra.get(language, "").split())
        letters = LATIN if language in ("en", "fr") else ARABIC_SCRIPT
        synthetic = {
            "".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(SYNTHETIC)
        }
        # Real words at random places among made-up ones, so that a searched word
        # is neither the commonest nor unseen (each language's text then follows
        # Zipf's law over some 3,000 words, as real text does).
        vocab[language] = sorted(found) + sorted(synthetic - found)
        rng.shuffle(vocab[language])
        assert words(" ".join(vocab[language]))
    return vocab


def seed(count: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from conference.models import Conference, HubRole, User
    from hubs.models import Hub, NationalSociety
    from support.library import search
    from support.library.models import Resource, Topic

    vocab = vocabulary()
    rng = random.Random(20250)
    today = timezone.localdate()
    conference = Conference.objects.create(
        year=2025, title="Benchmark edition", starts_on=today, ends_on=today, is_current=True
    )
    society = NationalSociety.objects.create(name="Bench", short_name="B", country="Pakistan")
    hub = Hub.objects.create(
        conference=conference, society=society, slug="bench", name="Bench", city="Islamabad"
    )
    author = User.objects.create_user(email="author@example.org", pseudonym="Author")
    HubRole.objects.create(user=author, hub=hub, role="support")
    topics = list(Topic.objects.all())
    now = timezone.now()
    print(f"Making {count} resources…", flush=True)
    started = time.monotonic()
    rows = []
    weights = {
        language: list(
            itertools.accumulate(1 / (rank + 1) ** 1.07 for rank in range(len(vocab[language])))
        )
        for language in LANGUAGES
    }
    for number in range(count):
        language = LANGUAGES[number % len(LANGUAGES)]

        def sentence(n, language=language):
            return " ".join(rng.choices(vocab[language], cum_weights=weights[language], k=n))

        kind = "audio" if number % 10 == 0 else "article"
        resource = Resource(
            kind=kind,
            title=sentence(rng.randint(3, 7)).capitalize(),
            summary=sentence(25),
            body="\n\n".join(sentence(40) for _ in range(4)) if kind == "article" else "",
            transcript=sentence(120) if kind == "audio" else "",
            duration_seconds=rng.randint(60, 900) if kind == "audio" else None,
            file_size=rng.randint(200_000, 5_000_000) if kind == "audio" else None,
            file_type="audio/mpeg" if kind == "audio" else "",
            language=language,
            hub=hub if number % 3 else None,
            status="published",
            published_at=now - datetime.timedelta(minutes=number),
            author=author,
            translation_group=uuid.uuid4(),
        )
        resource.search_title, resource.search_document = search.document_for(resource)
        resource.reading_minutes = Resource.reading_time(resource.body) if resource.body else None
        rows.append(resource)
    made = Resource.objects.bulk_create(rows, batch_size=1000)
    # Every six in a row are translations of each other (one per language).
    for start in range(0, len(made), len(LANGUAGES)):
        group = made[start].translation_group
        Resource.objects.filter(pk__in=[r.pk for r in made[start : start + 6]]).update(
            translation_group=group
        )
    through = Resource.topics.through
    through.objects.bulk_create(
        [
            through(resource_id=r.pk, topic_id=topic.pk)
            for r in made
            for topic in rng.sample(topics, 2)
        ],
        batch_size=5000,
    )
    search.refresh_search_vectors(Resource.objects.all())
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  done in {time.monotonic() - started:.0f} s", flush=True)


def pages() -> list[tuple[str, str]]:
    from urllib.parse import urlencode

    from support.library.models import Resource

    article = Resource.objects.filter(kind="article", language="fa").order_by("pk")[10]
    audio = Resource.objects.filter(kind="audio", language="en").order_by("pk")[5]
    found = [
        ("list", "/library/"),
        ("list, page 5", "/library/?page=5"),
        ("list, filtered", "/library/?language=fa&kind=audio&topic=stress-and-sleep"),
        ("topic page", "/library/topics/ambiguous-loss/"),
        ("article page", f"/library/{article.pk}/"),
        ("audio page", f"/library/{audio.pk}/"),
    ]
    for language, query in SEARCHES:
        found.append((f"search {language}: {query}", "/library/?" + urlencode({"q": query})))
    found.append(("search + filter", "/library/?" + urlencode({"q": "امید", "language": "fa"})))
    return found


def matches(query: str) -> int:
    from support.library import search
    from support.library.models import Resource

    terms = search.query_words(query)
    by_words, by_title = search.postgres_queries(Resource.objects.published(), terms)
    return len(set(by_words) | set(by_title))


def count_queries(url: str, language: str = "en", repeat: int = 20) -> tuple[int, float]:
    """The queries one page makes, and their median total time in ms (in-process,
    on the same database, with Django's test client)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["django_language"] = language
    totals, count = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        count = len(captured)
        totals.append(sum(float(query["time"]) for query in captured) * 1000)
    return count, statistics.median(totals)


@contextlib.contextmanager
def daphne(env: dict):
    """Daphne serving the application; yields (port, pid) so that the bench can
    read how much CPU the server itself spent."""
    port = free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "conference.asgi:application",
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
        yield port, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(port: int, url: str, requests: int, language: str) -> list[float]:
    import httpx

    times = []
    with httpx.Client(
        base_url=f"http://127.0.0.1:{port}", cookies={"django_language": language}
    ) as client:
        for _ in range(5):  # warm-up
            client.get(url)
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    return times


def page_weight(port: int, url: str) -> None:
    import httpx

    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        html = client.get(url, headers={"Accept-Encoding": "identity"})
        served = client.get(url, headers={"Accept-Encoding": "gzip"})
        assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html.text)
        raw = len(html.content)
        compressed = len(gzip.compress(html.content, 6))
        on_wire_html = int(served.headers.get("content-length", len(served.content)))
        encoding = served.headers.get("content-encoding", "none")
        print(f"\nArticle page first load: {url}")
        print(f"  HTML: {raw / 1024:.1f} KB raw, {compressed / 1024:.1f} KB gzip ", end="")
        print(f"(the app itself sent {on_wire_html / 1024:.1f} KB, content-encoding: {encoding})")
        total_raw, total_gzip = raw, compressed
        for asset in assets:
            plain = client.get(asset, headers={"Accept-Encoding": "identity"})
            packed = client.get(asset, headers={"Accept-Encoding": "gzip"})
            size = int(packed.headers.get("content-length", len(packed.content)))
            total_raw += len(plain.content)
            total_gzip += size
            print(
                f"  {asset}: {len(plain.content) / 1024:.1f} KB raw, {size / 1024:.1f} KB "
                f"({packed.headers.get('content-encoding', 'identity')})"
            )
        verdict = "met" if total_gzip < 30 * 1024 else "NOT met"
        print(
            f"  total: {total_raw / 1024:.1f} KB raw, {total_gzip / 1024:.1f} KB compressed "
            f"(target < 30 KB: {verdict})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--resources", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/flh_bench_library"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument(
        "--reuse", action="store_true", help="measure again on the database filled last time"
    )
    args = parser.parse_args()

    env = environment(args)
    os.environ.update(env)
    if not args.reuse:
        recreate_database(args.database_url)
        for command in (["migrate", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
        seed(args.resources)
    else:
        import django

        django.setup()
    targets = pages()
    load = os.getloadavg()
    print(f"Machine load average before measuring: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("Resources matching each search (of them, 200 at most are ranked and shown):")
    for language, query in SEARCHES:
        print(f"  {language} {query}: {matches(query)}")
    print(
        "\nTimes: one request at a time through Daphne over loopback (what the machine's "
        "load stretches); CPU: Daphne's own CPU time per request (what it does not)."
    )
    print("SQL: the page's queries, median total time (in-process, same database).")
    print(f"\n{'page':<34} {'p50 ms':>7} {'p95 ms':>7} {'CPU ms':>7} {'SQL ms':>7} {'queries':>8}")
    results = {}
    with daphne(env) as (port, pid):
        for name, url in targets:
            language = name.split(":")[0].split()[-1] if name.startswith("search ") else "en"
            language = language if language in LANGUAGES else "en"
            queries, sql = count_queries(url, language)
            before = cpu_seconds(pid)
            times = measure(port, url, args.requests, language)
            cpu = (cpu_seconds(pid) - before) * 1000 / (args.requests + 5)
            p50 = statistics.median(times)
            p95 = statistics.quantiles(times, n=20)[-1]
            results[name] = (p50, p95, queries)
            print(
                f"{name:<34} {p50:>7.1f} {p95:>7.1f} {cpu:>7.1f} {sql:>7.1f} {queries:>8}",
                flush=True,
            )
        article = next(url for name, url in targets if name == "article page")
        page_weight(port, article)
    search_p95 = max(p95 for name, (_p50, p95, _q) in results.items() if name.startswith("search"))
    print(
        f"\nsearch p95 (worst query): {search_p95:.1f} ms "
        f"(target < 50 ms: {'met' if search_p95 < 50 else 'NOT met'})"
    )
    load = os.getloadavg()
    print(f"Machine load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
