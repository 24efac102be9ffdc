"""Mutation testing of the modules that enforce rules, run by hand: `make mutants`.

For each module in SCOPE, cosmic-ray makes small changes to it one at a time (a
`<` for a `<=`, a `not` dropped, a decorator removed, a number changed…) and
runs that module's tests against each: a mutant the tests still pass on
("survived") is a rule the suite does not really check, or a change that means
nothing (an equivalent mutant). See docs/testing.md.

    make mutants                                   # every module in SCOPE
    make mutants MODULES=conference/permissions.py  # some of them
    .venv/bin/python scripts/mutants.py --report   # the last results again

Each module is mutated in its own copy of the project under mutants/ (never in
the work tree), with its own test database kept between mutants. A run that was
stopped goes on where it stopped; `--fresh` starts the module again.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "mutants"

# Module -> the tests that check its rules. Add a module with its tests here.
SCOPE: dict[str, list[str]] = {
    "conference/permissions.py": [
        "tests/test_permissions.py",
        "tests/test_hub_pages.py",
        "tests/test_check_in.py",
        "tests/test_two_factor.py",
        "tests/test_scheduling.py",
        "tests/test_circle_pages.py",
        "tests/test_permission_gaps.py",
    ],
    "hubs/services.py": [
        "tests/test_registration.py",
        "tests/test_registration_concurrency.py",
        "tests/test_check_in.py",
        "tests/test_hub_pages.py",
        "tests/test_export_escaping.py",
        "tests/test_registration_gaps.py",
    ],
    # The organiser's CSV export and its formula escaping.
    "hubs/dashboard.py": [
        "tests/test_export_escaping.py",
        "tests/test_hub_pages.py",
        "tests/test_query_counts.py",
    ],
    "sessions_app/services.py": [
        "tests/test_enrolment.py",
        "tests/test_scheduling.py",
        "tests/test_programme_pages.py",
        "tests/test_timezones.py",
        "tests/test_enrolment_gaps.py",
    ],
    "sessions_app/circles.py": [
        "tests/test_circle_live.py",
        "tests/test_circle_pages.py",
        "tests/test_circle_commit.py",
        "tests/test_circles_dashboard.py",
        "tests/test_circle_gaps.py",
    ],
    "sessions_app/connect.py": [
        "tests/test_connect_path.py",
        "tests/test_live_queries.py",
        "tests/test_live_access.py",
    ],
    "support/signals/services.py": [
        "tests/test_support_conversation.py",
        "tests/test_circle_gaps.py",
    ],
    "support/library/services.py": [
        "tests/test_library_workflow.py",
        "tests/test_library_pages.py",
    ],
    "support/forum/services.py": [
        "tests/test_forum_services.py",
        "tests/test_forum_pages.py",
        "tests/test_forum_erasure.py",
    ],
    "support/forum/moderation.py": [
        "tests/test_forum_moderation.py",
        "tests/test_forum_moderation_pages.py",
    ],
    "support/forum/retention.py": [
        "tests/test_forum_erasure.py",
        "tests/test_erasure.py",
    ],
}

# Left out: a `+` turned into `**`, `<<` or `%`, a `<` into `is` or `in`… Those
# almost always crash at once and are killed; they made up two thirds of the
# mutants and of the time. Kept: `+`/`-` and `|`/`&` swaps, every comparison
# swapped for another comparison, `is`/`is not`, `in`/`not in`, and the rest.
EXCLUDED_OPERATORS = [
    r"core/ReplaceBinaryOperator_\w+_(Mul|Div|FloorDiv|Mod|Pow|LShift|RShift|BitXor|MatMult)$",
    r"core/ReplaceComparisonOperator_(Eq|NotEq|Lt|LtE|Gt|GtE)_(Is|IsNot|In|NotIn)$",
]

COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "mutants", "__pycache__", "*.pyc", ".pytest_cache", "*.sqlite3*", "media"
)


def slug(module: str) -> str:
    return module.removesuffix(".py").replace("/", "-")


def copy_project(place: Path, committed: bool) -> None:
    if committed:
        place.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(place)], input=archive.stdout, check=True)
    else:
        shutil.copytree(ROOT, place, ignore=COPY_IGNORE)


def restore_module(place: Path, module: str, committed: bool) -> None:
    if committed:
        original = subprocess.run(
            ["git", "show", f"HEAD:{module}"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    else:
        original = (ROOT / module).read_bytes()
    (place / module).write_bytes(original)


def prepare(module: str, fresh: bool, committed: bool) -> Path:
    """A copy of the project for this module, and its cosmic-ray session."""
    place = WORK / slug(module)
    session = place / "session.sqlite"
    if fresh and place.exists():
        shutil.rmtree(place)
    if not session.exists():
        if place.exists():
            shutil.rmtree(place)
        copy_project(place, committed)
    else:
        # A run stopped in the middle of a mutant leaves that mutant in the copy.
        restore_module(place, module, committed)
    # Tests of SCOPE not written yet are left out; a path pytest cannot find would
    # make every run fail, and every mutant look killed.
    tests = [test for test in SCOPE[module] if (place / test).exists()]
    # -x: one failing test is enough to kill a mutant. The database is kept
    # between mutants (--reuse-db): creating it would take longer than the tests.
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-x",
        "-q",
        "-p",
        "no:cacheprovider",
        "--ds",
        "tests.mutation_settings",
        "-p",
        "tests.mutation_plugin",
        "--reuse-db",
        "-o",
        "addopts=--strict-markers --no-migrations",
        "-m",
        "not browser",
        *tests,
    ]
    config = place / "cosmic-ray.toml"
    config.write_text(
        "[cosmic-ray]\n"
        f"module-path = {json.dumps(module)}\n"
        "timeout = 120.0\n"
        "excluded-modules = []\n"
        f"test-command = {json.dumps(subprocess.list2cmdline(command))}\n"
        "\n[cosmic-ray.distributor]\n"
        'name = "local"\n'
        "\n[cosmic-ray.filters.operators-filter]\n"
        f"exclude-operators = {json.dumps(EXCLUDED_OPERATORS)}\n"
    )
    # The tests must pass on the module as it is, or every mutant looks killed.
    subprocess.run(command, cwd=place, env=environment(place), check=True)
    if not session.exists():
        run(place, ["cosmic-ray", "init", "cosmic-ray.toml", "session.sqlite"])
    # Also on a resumed session, in case the list above changed; and lines
    # marked `# pragma: no mutate` (equivalent mutants, with the reason beside).
    run(place, ["cr-filter-operators", "session.sqlite", "cosmic-ray.toml"])
    run(place, ["cr-filter-pragma", "session.sqlite"])
    return place


def run(place: Path, command: list[str]) -> None:
    binary = Path(sys.executable).parent / command[0]
    subprocess.run([str(binary), *command[1:]], cwd=place, env=environment(place), check=True)


def environment(place: Path) -> dict:
    env = dict(os.environ)
    env["FLH_MUTANTS_DB"] = f"test_flh_mutants_{place.name.replace('-', '_')}"
    env.pop("PYTHONPATH", None)
    return env


def results(place: Path) -> dict:
    """Counts and the surviving mutants of a module's session."""
    dump = subprocess.run(
        [str(Path(sys.executable).parent / "cosmic-ray"), "dump", "session.sqlite"],
        cwd=place,
        capture_output=True,
        text=True,
        check=True,
    )
    total = killed = survived = incompetent = pending = skipped = invalid = 0
    survivors = []
    for line in dump.stdout.splitlines():
        job, result = json.loads(line)
        if result is not None and (result.get("output") or "").startswith("deferred"):
            total += 1  # set aside by hand for a later run: still to do
            pending += 1
            continue
        if result is not None and result.get("worker_outcome") == "skipped":
            skipped += 1
            continue
        total += 1
        if result is None:
            pending += 1
            continue
        outcome = result.get("test_outcome")
        if outcome == "killed" and "SyntaxError" in (result.get("output") or ""):
            invalid += 1  # e.g. the `*` of keyword-only arguments turned into `+`
        elif outcome == "killed":
            killed += 1
        elif outcome == "survived":
            survived += 1
            mutation = job["mutations"][0]
            survivors.append(
                {
                    "operator": mutation["operator_name"],
                    "line": mutation["start_pos"][0],
                    "diff": result.get("diff", ""),
                }
            )
        else:
            incompetent += 1
    return {
        "mutants": total,
        "killed": killed,
        "survived": survived,
        "incompetent": incompetent,
        "invalid": invalid,
        "pending": pending,
        "skipped": skipped,
        "survivors": sorted(survivors, key=lambda s: s["line"]),
    }


def report(modules: list[str]) -> None:
    print(
        f"\n{'module':<28} {'mutants':>8} {'killed':>7} {'survived':>9} {'invalid':>8} "
        f"{'other':>6} {'pending':>8} {'left out':>9}"
    )
    for module in modules:
        place = WORK / slug(module)
        if not (place / "session.sqlite").exists():
            print(f"{module:<28} not run")
            continue
        found = results(place)
        print(
            f"{module:<28} {found['mutants']:>8} {found['killed']:>7} "
            f"{found['survived']:>9} {found['invalid']:>8} {found['incompetent']:>6} "
            f"{found['pending']:>8} "
            f"{found['skipped']:>9}"
        )
        listing = place / "survivors.txt"
        with listing.open("w") as out:
            for survivor in found["survivors"]:
                out.write(f"--- line {survivor['line']} ({survivor['operator']})\n")
                out.write(survivor["diff"] + "\n")
        print(f"  surviving mutants, with their diffs: {listing.relative_to(ROOT)}")


def drop_databases(modules: list[str]) -> None:
    """Remove the kept test databases once a run is over (PostgreSQL)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        for module in modules:
            name = environment(WORK / slug(module))["FLH_MUTANTS_DB"]
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("modules", nargs="*", help="modules of SCOPE (default: all)")
    parser.add_argument("--fresh", action="store_true", help="start the modules again")
    parser.add_argument("--report", action="store_true", help="only print the last results")
    parser.add_argument(
        "--committed",
        action="store_true",
        help="mutate the last commit (git HEAD), not the work tree with its changes",
    )
    args = parser.parse_args()
    modules = args.modules or list(SCOPE)
    unknown = [module for module in modules if module not in SCOPE]
    if unknown:
        parser.error(f"not in SCOPE (scripts/mutants.py): {', '.join(unknown)}")
    if not args.report:
        for module in modules:
            print(f"== {module}: {', '.join(SCOPE[module])}", flush=True)
            place = prepare(module, args.fresh, args.committed)
            try:
                run(place, ["cosmic-ray", "exec", "cosmic-ray.toml", "session.sqlite"])
            finally:
                drop_databases([module])
    report(modules)


if __name__ == "__main__":
    main()
