"""Settings come from typed environment readers that fail loudly."""

import os
import subprocess
import sys

import pytest

from chemsec.lib.env import ConfigError, env_bool, env_int, parse_database_url


def test_it_reads_booleans_and_rejects_nonsense():
    assert env_bool("X", environ={"X": "yes"}) is True
    assert env_bool("X", environ={"X": "0"}) is False
    assert env_bool("X", default=True, environ={}) is True
    with pytest.raises(ConfigError, match=r"X='maybe'.*expected one of"):
        env_bool("X", environ={"X": "maybe"})


def test_it_rejects_numbers_below_the_minimum():
    assert env_int("N", 3, minimum=1, environ={"N": "7"}) == 7
    with pytest.raises(ConfigError, match="at least 1"):
        env_int("N", 3, minimum=1, environ={"N": "0"})
    with pytest.raises(ConfigError, match="whole number"):
        env_int("N", 3, environ={"N": "ten"})


def test_it_parses_a_postgres_url():
    db = parse_database_url("postgres://postgres:s%40cret@127.0.0.1:5432/test")
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "postgres",
        "s@cret",
        "127.0.0.1",
        "5432",
        "test",
    )
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        parse_database_url("mysql://x/y")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "postgres://chem%40ops:p%3Aw%2Fd%40%23%25@db.example.org:6543/chem%2Dsec",
            {"USER": "chem@ops", "PASSWORD": "p:w/d@#%", "HOST": "db.example.org",
             "PORT": "6543", "NAME": "chem-sec"},
        ),
        (
            "postgresql://chemsec@db.example.org/chemsec",
            {"USER": "chemsec", "PASSWORD": "", "HOST": "db.example.org", "PORT": "",
             "NAME": "chemsec"},
        ),
        (
            "postgres://chemsec:pw@[::1]:5433/chemsec",
            {"HOST": "::1", "PORT": "5433", "PASSWORD": "pw"},
        ),
        (
            "postgres://chemsec@%2Fvar%2Frun%2FPostgreSQL/chemsec",
            {"HOST": "/var/run/PostgreSQL", "PORT": ""},
        ),
        (
            "postgres://u:pw@db:5432/chemsec?sslmode=require&sslrootcert=%2Fetc%2Fca.pem"
            "&connect_timeout=5&application_name=chem+sec",
            {"OPTIONS": {"sslmode": "require", "sslrootcert": "/etc/ca.pem",
                         "connect_timeout": "5", "application_name": "chem sec"}},
        ),
        (
            "postgres://u@db/chemsec?conn_max_age=0&conn_health_checks=off"
            "&disable_server_side_cursors=yes&sslmode=verify-full",
            {"CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False,
             "DISABLE_SERVER_SIDE_CURSORS": True, "OPTIONS": {"sslmode": "verify-full"}},
        ),
    ],
)  # fmt: skip
def test_it_keeps_every_part_and_option_of_a_database_url(url, expected):
    db = parse_database_url(url)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert {key: db.get(key) for key in expected} == expected
    if "OPTIONS" not in expected:
        assert "OPTIONS" not in db
        assert (db["CONN_MAX_AGE"], db["CONN_HEALTH_CHECKS"]) == (60, True)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u@db/chemsec", "starting postgres:// or postgresql://"),
        ("sqlite:///chemsec.sqlite3", "starting postgres://"),
        ("postgres//u@db/chemsec", "starting postgres://"),
        ("postgres://u@db:port/chemsec", "numeric port"),
        ("postgres://u@db/", "a database name"),
        ("postgres://u@db/chemsec?sslmod=require", 'invalid connection option "sslmod"'),
        ("postgres://u@db/chemsec?sslmode=required", "sslmode one of"),
        ("postgres://u@db/chemsec?sslmode=require&sslmode=disable", "'sslmode' given once"),
        ("postgres://u@db/chemsec?conn_max_age=soon", "conn_max_age a whole number"),
        ("postgres://u@db/chemsec?sslmode", "query options of the form"),
    ],
)
def test_it_refuses_an_unknown_scheme_or_option_loudly(url, message):
    with pytest.raises(ConfigError, match="DATABASE_URL") as refused:
        parse_database_url(url)
    assert message in str(refused.value)


def test_it_never_repeats_the_database_password_in_an_error():
    with pytest.raises(ConfigError) as refused:
        parse_database_url("postgres://u:hunter2-secret@db/chemsec?sslmode=nope")
    assert "hunter2" not in str(refused.value) and "u:***@db" in str(refused.value)


def test_the_data_directory_follows_xdg_unless_set(tmp_path):
    from pathlib import Path

    from chemsec.lib.env import data_dir

    assert data_dir({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path / "chemsec"
    assert data_dir({"CHEMSEC_DATA_DIR": str(tmp_path / "d")}) == (tmp_path / "d").resolve()
    assert data_dir({}) == Path.home() / ".local" / "share" / "chemsec"


def _import_settings(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CHEMSEC_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import chemsec.settings"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_it_stops_production_without_a_secret_key(tmp_path):
    result = _import_settings(CHEMSEC_ENV="production", CHEMSEC_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "CHEMSEC_SECRET_KEY" in result.stderr


def test_it_stops_production_without_allowed_hosts(tmp_path):
    result = _import_settings(
        CHEMSEC_ENV="production", CHEMSEC_SECRET_KEY="x" * 50, CHEMSEC_DATA_DIR=str(tmp_path)
    )
    assert result.returncode != 0 and "CHEMSEC_ALLOWED_HOSTS" in result.stderr


def test_it_names_a_malformed_variable(tmp_path):
    result = _import_settings(CHEMSEC_SESSION_HOURS="soon", CHEMSEC_DATA_DIR=str(tmp_path))
    assert result.returncode != 0 and "CHEMSEC_SESSION_HOURS='soon'" in result.stderr


def test_it_generates_a_development_key_once_outside_the_package(tmp_path):
    assert _import_settings(CHEMSEC_DATA_DIR=str(tmp_path)).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert _import_settings(CHEMSEC_DATA_DIR=str(tmp_path)).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key and len(key) > 40


def test_it_turns_on_secure_cookies_and_hsts_in_production(tmp_path):
    code = (
        "import chemsec.settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, s.REQUIRE_2FA_FOR_PRIVILEGED)"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CHEMSEC_")}
    environment.update(
        CHEMSEC_ENV="production",
        CHEMSEC_SECRET_KEY="k" * 50,
        CHEMSEC_AUDIT_KEY="a" * 50,
        CHEMSEC_ALLOWED_HOSTS="portal.example.org",
        CHEMSEC_DATA_DIR=str(tmp_path),
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.split()
    assert out == ["False", "True", "True", "True", "True"]


def test_it_hashes_passwords_with_argon2_first():
    from django.conf import settings as django_settings

    from chemsec import settings

    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert django_settings.ROOT_URLCONF == "chemsec.urls"
