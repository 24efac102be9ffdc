"""Strict readers for settings taken from the environment.

Each reader names the variable in its error, so a typo in production stops
start-up with a message that says what to fix instead of running half-configured.
"""

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    value = (os.environ if environ is None else environ).get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_str(name: str, default: str | None = None, *, environ=None) -> str | None:
    value = _raw(name, environ)
    return default if value is None else value


def env_bool(name: str, default: bool, *, environ=None) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of true/false, yes/no, on/off, 1/0; got {value!r}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None, environ=None) -> int:
    value = _raw(name, environ)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {number}.")
    return number


def env_float(name: str, default: float, *, minimum: float | None = None, environ=None) -> float:
    value = _raw(name, environ)
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number; got {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {number}.")
    return number


def env_list(name: str, default: list[str], *, environ=None) -> list[str]:
    value = _raw(name, environ)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_url(
    name: str, default: str | None = None, *, schemes: tuple[str, ...], environ=None
) -> str | None:
    value = _raw(name, environ)
    if value is None:
        return default
    parts = urlsplit(value)
    if parts.scheme not in schemes:
        allowed = ", ".join(f"{s}://" for s in schemes)
        raise ImproperlyConfigured(f"{name} must start with one of {allowed}; got {value!r}.")
    if not parts.hostname and parts.scheme not in ("sqlite",):
        raise ImproperlyConfigured(f"{name} must name a host; got {value!r}.")
    return value


def env_origins(name: str, *, environ=None) -> list[str]:
    origins = env_list(name, [], environ=environ)
    for origin in origins:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ImproperlyConfigured(
                f"{name} must list origins like https://example.org; got {origin!r}."
            )
    return origins


def env_hostname(name: str, default: str, *, environ=None) -> str:
    """A bare host name (optionally with a port), no scheme and no path."""
    value = env_str(name, default, environ=environ)
    parts = urlsplit(f"//{value}")
    if not parts.hostname or parts.path or "://" in value:
        raise ImproperlyConfigured(
            f"{name} must be a host name such as meet.example.org; got {value!r}."
        )
    return value


def env_time_zone(name: str, default: str, *, environ=None) -> str:
    """An IANA time zone name such as Europe/Zurich."""
    import zoneinfo

    value = _raw(name, environ) or default
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name} must be an IANA time zone such as Europe/Zurich; got {value!r}."
        ) from None
    return value
