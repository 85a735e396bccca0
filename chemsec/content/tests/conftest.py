"""The content tests are pure Python: they must run with ``-p no:django``."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_and_eager() -> None:
    # Overrides the project-wide autouse fixture of the same name, which needs pytest-django's
    # ``settings``; nothing here touches Django.
    return None
