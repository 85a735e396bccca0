"""What a command prints when it sets Django up: nothing from libraries' progress logs (a
fresh `make run` showed WeasyPrint's "Step 2 - Fetching and parsing CSS - CSS string" three
times before each command's own output and at each web worker's start)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.once


def test_setting_django_up_prints_no_library_progress(tmp_path):
    env = {**os.environ, "CHEMSEC_DATA_DIR": str(tmp_path), "CHEMSEC_LOG_LEVEL": "INFO"}
    env.pop("DATABASE_URL", None)  # settings only: no database is opened
    done = subprocess.run(
        [sys.executable, "-c", "from chemsec.core.commands import django_setup; django_setup()"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Fetching and parsing CSS" not in done.stdout + done.stderr
