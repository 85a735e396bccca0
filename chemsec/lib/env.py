"""Typed readers for environment variables that fail loudly on bad values.

A mistyped setting should stop start-up with the variable's name and the form it
expects, not surface later as odd behaviour.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


class ConfigError(RuntimeError):
    """An environment variable holds a value of the wrong form."""

    def __init__(self, name: str, value: str, expected: str) -> None:
        super().__init__(f"{name}={value!r} is not valid: expected {expected}.")
        self.name = name


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "", environ: Mapping[str, str] = os.environ) -> str:
    return environ.get(name, default).strip()


def env_bool(name: str, default: bool = False, environ: Mapping[str, str] = os.environ) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(name, raw, "one of 1, 0, true, false, yes, no, on, off")


def env_int(
    name: str,
    default: int,
    minimum: int | None = None,
    environ: Mapping[str, str] = os.environ,
) -> int:
    raw = environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(name, raw, "a whole number") from None
    if minimum is not None and value < minimum:
        raise ConfigError(name, raw, f"a whole number of at least {minimum}")
    return value


def env_list(name: str, default: list[str], environ: Mapping[str, str] = os.environ) -> list[str]:
    raw = environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(
    name: str, choices: tuple[str, ...], default: str, environ: Mapping[str, str] = os.environ
) -> str:
    value = environ.get(name, default).strip().lower()
    if value not in choices:
        raise ConfigError(name, value, "one of " + ", ".join(choices))
    return value


def env_path(name: str, default: Path, environ: Mapping[str, str] = os.environ) -> Path:
    raw = environ.get(name, "").strip()
    return Path(raw).expanduser().resolve() if raw else default


def parse_database_url(url: str, name: str = "DATABASE_URL") -> dict[str, object]:
    """Turn postgres://user:pass@host:port/db into Django's DATABASES entry."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"} or not parts.path.strip("/"):
        raise ConfigError(name, url, "postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
    try:
        port = parts.port
    except ValueError:
        raise ConfigError(name, url, "a numeric port") from None
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
