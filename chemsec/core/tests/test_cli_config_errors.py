"""A setting of the wrong form stops any `chemsec` command with one line naming the variable
and the form it must have, exit status 2 (QA: CHEMSEC_MAX_UPLOAD_MB=abc and
CHEMSEC_SUPPLYCHAIN_RETENTION_MONTHS=abc printed a 25-line traceback, exit 1)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]


def _chemsec(tmp_path: Path, *argv: str, **variables: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CHEMSEC_") and key != "DJANGO_SETTINGS_MODULE"
    }
    environment.update(CHEMSEC_DATA_DIR=str(tmp_path), **variables)
    return subprocess.run(
        [sys.executable, "-c", "import sys; from chemsec.cli import main; sys.exit(main())", *argv],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value", "argv"),
    [
        ("CHEMSEC_MAX_UPLOAD_MB", "abc", ("migrate",)),
        ("CHEMSEC_SUPPLYCHAIN_RETENTION_MONTHS", "abc", ("migrate",)),
        ("CHEMSEC_SUPPLYCHAIN_RETENTION_MONTHS", "1.5", ("supplychain", "purge", "--dry-run")),
        ("CHEMSEC_MAX_UPLOAD_MB", "0", ("audit", "verify")),
        ("CHEMSEC_SESSION_HOURS", "eight", ("demo",)),
        ("CHEMSEC_MAX_UPLOAD_MB", "abc", ("screen", "CCO")),  # the Django-free command too
    ],
    ids=[
        "upload-migrate",
        "retention-migrate",
        "retention-purge",
        "upload-zero-audit",
        "session-demo",
        "upload-screen",
    ],
)
def test_a_mistyped_setting_is_one_line_and_exit_2(
    tmp_path: Path, variable: str, value: str, argv: tuple[str, ...]
) -> None:
    result = _chemsec(tmp_path, *argv, **{variable: value})
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"chemsec: error: {variable}={value!r} is not valid: expected")
    assert "whole number" in lines[0] and "Traceback" not in result.stderr


def test_every_work_limit_is_checked_at_start_up() -> None:
    """Each name chemsec.core.limits.work_limit reads is in settings.WORK_LIMIT_NAMES."""
    from chemsec import settings

    used = set()
    for path in PACKAGE.rglob("*.py"):
        if "tests" not in path.parts:
            used |= set(re.findall(r'work_limit\(\s*"([A-Z_]+)"', path.read_text("utf-8")))
    assert used and used <= set(settings.WORK_LIMIT_NAMES), used - set(settings.WORK_LIMIT_NAMES)
