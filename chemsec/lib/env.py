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
        self.expected = expected


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


# Settings that Django-free code (the `chemsec screen` command, the screening engine) needs
# too. Each is read here once; chemsec/settings.py takes its value from the same function, so
# the name, default and form of a variable live in one place.

MAX_UPLOAD_MB_DEFAULT = 50
EVIDENCE_MAX_MB_DEFAULT = 10


def data_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """$CHEMSEC_DATA_DIR, else $XDG_DATA_HOME/chemsec, else ~/.local/share/chemsec."""
    xdg = environ.get("XDG_DATA_HOME", "").strip()
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return env_path("CHEMSEC_DATA_DIR", base / "chemsec", environ=environ)


def max_upload_mb(environ: Mapping[str, str] = os.environ) -> int:
    """$CHEMSEC_MAX_UPLOAD_MB: the largest file, in megabytes, a user may upload or screen."""
    return env_int("CHEMSEC_MAX_UPLOAD_MB", MAX_UPLOAD_MB_DEFAULT, minimum=1, environ=environ)


def evidence_max_mb(environ: Mapping[str, str] = os.environ) -> int:
    """$CHEMSEC_EVIDENCE_MAX_MB: the largest evidence file of an assessment, in megabytes.

    Evidence is documents, not data sets: the smaller of this and CHEMSEC_MAX_UPLOAD_MB applies.
    """
    return env_int("CHEMSEC_EVIDENCE_MAX_MB", EVIDENCE_MAX_MB_DEFAULT, minimum=1, environ=environ)


def opsin_enabled(environ: Mapping[str, str] = os.environ) -> bool:
    """$CHEMSEC_OPSIN: off stops systematic names being read with OPSIN (Java)."""
    return env_bool("CHEMSEC_OPSIN", default=True, environ=environ)


EMBEDDING_FILES = ("model.safetensors", "tokenizer.json")


def embedding_dir(environ: Mapping[str, str] = os.environ) -> Path | None:
    """$CHEMSEC_EMBEDDING_DIR: a folder holding the all-MiniLM-L6-v2 weights, or None.

    A folder named but lacking the files stops start-up: semantic search would otherwise be
    off without anyone having chosen that.
    """
    raw = environ.get("CHEMSEC_EMBEDDING_DIR", "").strip()
    if not raw:
        return None
    path = Path(raw).expanduser().resolve()
    if not all((path / name).is_file() for name in EMBEDDING_FILES):
        expected = "a folder holding the all-MiniLM-L6-v2 files " + " and ".join(EMBEDDING_FILES)
        raise ConfigError("CHEMSEC_EMBEDDING_DIR", raw, expected)
    return path


DATABASE_SCHEMES = ("postgres", "postgresql")
_DATABASE_FORM = "postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?OPTION=VALUE&...]"
# Query options that set Django's own database settings; every other option is a libpq
# connection parameter (sslmode, sslrootcert, connect_timeout, application_name, ...)
# handed to psycopg through OPTIONS, after libpq has confirmed it knows the name.
_DJANGO_INT_OPTIONS = {"conn_max_age": "CONN_MAX_AGE"}
_DJANGO_BOOL_OPTIONS = {
    "conn_health_checks": "CONN_HEALTH_CHECKS",
    "disable_server_side_cursors": "DISABLE_SERVER_SIDE_CURSORS",
}
_SSLMODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")


def parse_database_url(url: str, name: str = "DATABASE_URL") -> dict[str, object]:
    """Turn postgres://user:pass@host:port/db?sslmode=require into Django's DATABASES entry.

    Percent-escaped user names, passwords, hosts (a socket directory) and database names are
    unescaped. Query options are kept: conn_max_age, conn_health_checks and
    disable_server_side_cursors set Django's settings of the same name; any other option must
    be a libpq connection parameter and goes to psycopg in OPTIONS. An unknown scheme or option,
    a repeated option or a malformed value stops start-up with the variable's name.
    """
    from urllib.parse import unquote, urlsplit

    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise ConfigError(name, _redacted(url), _DATABASE_FORM + " with a numeric port") from None
    if parts.scheme not in DATABASE_SCHEMES:
        expected = f"a URL starting {' or '.join(s + '://' for s in DATABASE_SCHEMES)}"
        raise ConfigError(name, _redacted(url), f"{expected} ({_DATABASE_FORM})")
    if not parts.path.strip("/"):
        raise ConfigError(name, _redacted(url), f"a database name ({_DATABASE_FORM})")
    database: dict[str, object] = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path[1:]),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": _host(parts.netloc),
        "PORT": str(port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
    options = _database_options(url, parts.query, name)
    try:
        for key, setting in _DJANGO_INT_OPTIONS.items():
            if key in options:
                database[setting] = env_int(key, 0, minimum=0, environ=options)
                del options[key]
        for key, setting in _DJANGO_BOOL_OPTIONS.items():
            if key in options:
                database[setting] = env_bool(key, environ=options)
                del options[key]
    except ConfigError as exc:
        raise ConfigError(name, _redacted(url), f"{exc.name} {exc.expected}") from None
    if options:
        _check_libpq_options(url, options, name)
        database["OPTIONS"] = options
    return database


def _host(netloc: str) -> str:
    """The host as written (urlsplit lowercases it, which would change a socket directory)."""
    from urllib.parse import unquote

    hostinfo = netloc.rpartition("@")[2]
    if hostinfo.startswith("["):  # an IPv6 address
        return hostinfo[1 : hostinfo.find("]")]
    return unquote(hostinfo.partition(":")[0])


def _database_options(url: str, query: str, name: str) -> dict[str, str]:
    from urllib.parse import parse_qsl

    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        raise ConfigError(name, _redacted(url), "query options of the form a=1&b=2") from None
    options: dict[str, str] = {}
    for key, value in pairs:
        if key in options:
            raise ConfigError(name, _redacted(url), f"the option {key!r} given once")
        options[key] = value
    return options


def _check_libpq_options(url: str, options: dict[str, str], name: str) -> None:
    from psycopg import ProgrammingError
    from psycopg.conninfo import make_conninfo

    try:
        make_conninfo("", **options)  # libpq parses it and names an option it does not know
    except ProgrammingError as exc:
        known = f"options Django or libpq know ({str(exc).strip()})"
        raise ConfigError(name, _redacted(url), known) from None
    sslmode = options.get("sslmode")
    if sslmode is not None and sslmode not in _SSLMODES:
        raise ConfigError(name, _redacted(url), "sslmode one of " + ", ".join(_SSLMODES))


def _redacted(url: str) -> str:
    """The URL with its password hidden, for error messages that end up in logs."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return url
    if not password:
        return url
    netloc = parts.netloc.replace(":" + password + "@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()
