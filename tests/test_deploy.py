"""The deployment files hold together: `.env.example` lists every variable the settings
read and passes Django's deployment checks, and production refuses to start without a
secret key."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV_EXAMPLE = ROOT / ".env.example"
# env_str("NAME", ...), env_time_zone("NAME", ...): every reader of conference/env.py.
READER = re.compile(r"""\benv_[a-z_]+\(\s*["']([A-Z][A-Z0-9_]*)["']""")


def example_environment() -> dict[str, str]:
    """KEY=VALUE lines of .env.example, without comments and blank lines."""
    variables = {}
    for number, line in enumerate(ENV_EXAMPLE.read_text().splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        assert sep, f".env.example line {number} is not KEY=VALUE: {line!r}"
        assert name.strip() not in variables, f"{name} appears twice in .env.example"
        variables[name.strip()] = value.strip()
    return variables


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh interpreter with only `env` (and PATH) set."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "conference.settings",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_example_environment_passes_the_deployment_checks(tmp_path):
    env = example_environment()
    # No services needed: a throwaway SQLite file and the in-memory channel layer.
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}"
    env.pop("REDIS_URL", None)
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_secret_key_does_not_start(tmp_path):
    result = manage(
        "check",
        env={"DEBUG": "false", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_every_variable_the_settings_read_is_in_the_example():
    read = set()
    for module in sorted((ROOT / "conference").glob("*.py")):
        read.update(READER.findall(module.read_text()))
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= read  # the regex works
    missing = sorted(read - example_environment().keys())
    assert not missing, f"not in .env.example: {', '.join(missing)}"


def test_the_server_process_leaves_its_start_up_objects_out_of_garbage_collection():
    """Daphne loads conference.asgi: after that, what Django loaded is frozen and young
    objects are collected in big batches (full collections paused every socket)."""
    probe = (
        "import gc; import conference.asgi; from conference.process import GC_THRESHOLDS; "
        "print(gc.get_threshold() == GC_THRESHOLDS, gc.get_freeze_count() > 10_000)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "conference.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]
