"""Settings come from the environment, parsed strictly: a bad value stops start-up
with a message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from conference import env

ROOT = Path(__file__).resolve().parent.parent


def test_bool_accepts_the_usual_spellings():
    assert env.env_bool("X", False, environ={"X": "Yes"}) is True
    assert env.env_bool("X", True, environ={"X": "off"}) is False
    assert env.env_bool("X", True, environ={}) is True
    assert env.env_bool("X", False, environ={"X": "  "}) is False


def test_bool_refuses_anything_else_and_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be one of"):
        env.env_bool("DEBUG", False, environ={"DEBUG": "maybe"})


def test_int_refuses_words_and_values_below_the_minimum():
    assert env.env_int("EMAIL_PORT", 25, environ={"EMAIL_PORT": "587"}) == 587
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be a whole number"):
        env.env_int("EMAIL_PORT", 25, environ={"EMAIL_PORT": "five"})
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be at least 1"):
        env.env_int("EMAIL_PORT", 25, minimum=1, environ={"EMAIL_PORT": "0"})


def test_list_splits_on_commas_and_drops_blanks():
    hosts = env.env_list("ALLOWED_HOSTS", [], environ={"ALLOWED_HOSTS": "a.org, b.org,,"})
    assert hosts == ["a.org", "b.org"]


def test_url_checks_the_scheme_and_host():
    url = "postgres://u@db:5432/x"
    assert env.env_url("DATABASE_URL", schemes=("postgres",), environ={"DATABASE_URL": url}) == url
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL must start with one of"):
        env.env_url("DATABASE_URL", schemes=("postgres",), environ={"DATABASE_URL": "mysql://h/x"})
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL must name a host"):
        env.env_url("REDIS_URL", schemes=("redis",), environ={"REDIS_URL": "redis:///0"})


def test_origins_need_a_scheme():
    with pytest.raises(ImproperlyConfigured, match="CSRF_TRUSTED_ORIGINS must list origins"):
        env.env_origins("CSRF_TRUSTED_ORIGINS", environ={"CSRF_TRUSTED_ORIGINS": "example.org"})


def test_hostname_refuses_a_url():
    assert env.env_hostname("JITSI_DOMAIN", "x", environ={"JITSI_DOMAIN": "meet.example.org"})
    with pytest.raises(ImproperlyConfigured, match="JITSI_DOMAIN must be a host name"):
        env.env_hostname("JITSI_DOMAIN", "x", environ={"JITSI_DOMAIN": "https://meet.example.org"})


def _start(**variables) -> subprocess.CompletedProcess:
    """Load the real settings module in a fresh interpreter with `variables` set."""
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    clean.update(variables)
    clean["DJANGO_SETTINGS_MODULE"] = "conference.settings"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DEBUG": "perhaps"}, "DEBUG must be one of"),
        ({"DEBUG": "false"}, "SECRET_KEY must be set when DEBUG is off"),
        ({"DEBUG": "false", "SECRET_KEY": "short"}, "SECRET_KEY must be at least 50"),
        ({"DATABASE_URL": "mysql://db/x"}, "DATABASE_URL must start with one of"),
        ({"REDIS_URL": "http://cache"}, "REDIS_URL must start with one of"),
        ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT must be a whole number"),
        ({"JITSI_APP_ID": "flh"}, "JITSI_APP_ID and JITSI_APP_SECRET must be set together"),
        ({"CSRF_TRUSTED_ORIGINS": "example.org"}, "CSRF_TRUSTED_ORIGINS must list origins"),
    ],
)
def test_a_bad_value_stops_start_up_with_its_name(variables, message):
    result = _start(**variables)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_no_environment_at_all_starts_on_the_embedded_default():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.DATABASES['default']['ENGINE'], s.CHANNEL_LAYERS['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "conference.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "channels.layers.InMemoryChannelLayer",
    ]
