"""Starting Django does not load the science stack: models read stored results only."""

import os
import subprocess
import sys

PROBE = """
import sys
import django
django.setup()
import chemsec.protection.models
print(sorted(name for name in sys.modules if name == "scipy" or name.startswith("scipy.")))
"""


def test_it_sets_up_django_without_importing_scipy(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CHEMSEC_")}
    environment.update(DJANGO_SETTINGS_MODULE="chemsec.settings", CHEMSEC_DATA_DIR=str(tmp_path))
    completed = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert completed.stdout.strip() == "[]"
