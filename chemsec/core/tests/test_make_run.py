"""`make run` serves on HOST:PORT and, unless CHEMSEC_PUBLIC_URL is set, certificates link
there (QA: `make run PORT=8765` left their verification links on port 8000)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
COMMANDS = ("migrate", "load-content", "demo", "serve")

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _run(tmp_path: Path, *words: str, **variables: str) -> list[str]:
    """`make run` with a stand-in `chemsec` that prints its command and CHEMSEC_PUBLIC_URL
    (`-o install`: nothing is installed)."""
    fake = tmp_path / "chemsec"
    fake.write_text('#!/bin/sh\necho "$1 $CHEMSEC_PUBLIC_URL"\n')
    fake.chmod(0o755)
    unset = {"CHEMSEC_PUBLIC_URL", "HOST", "PORT", "MAKEFLAGS", "MAKELEVEL"}
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(variables)
    result = subprocess.run(
        ["make", "-s", "-C", str(ROOT), "-o", "install", "run", f"BIN={tmp_path}", *words],
        env=environment, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return result.stdout.splitlines()


def test_the_public_url_follows_host_and_port(tmp_path: Path) -> None:
    assert _run(tmp_path, "PORT=8765") == [
        f"{command} http://127.0.0.1:8765" for command in COMMANDS
    ]
    assert _run(tmp_path, "HOST=localhost", "PORT=9001")[-1] == "serve http://localhost:9001"
    assert _run(tmp_path)[-1] == "serve http://127.0.0.1:8000"


def test_a_public_url_the_user_set_is_kept(tmp_path: Path) -> None:
    url = "https://chemsec.example.org"
    assert set(_run(tmp_path, "PORT=8765", CHEMSEC_PUBLIC_URL=url)) == {
        f"{command} {url}" for command in COMMANDS
    }
    assert _run(tmp_path, "PORT=8765", f"CHEMSEC_PUBLIC_URL={url}")[-1] == f"serve {url}"
