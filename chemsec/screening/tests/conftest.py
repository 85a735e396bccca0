"""Shared fixtures for the pure screening tests (no Django needed)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from chemsec.screening.engine.lists import LISTS_DIR
from chemsec.screening.engine.names import build_index, index_exists


@pytest.fixture(autouse=True)
def _fast_and_eager(request: pytest.FixtureRequest) -> None:
    """Lets the pure tests run with ``-p no:django``; with pytest-django active it keeps
    the project-wide settings of the root conftest for the portal tests in this folder."""
    if request.config.pluginmanager.hasplugin("django"):
        settings = request.getfixturevalue("settings")
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        settings.JOBS_EAGER = True


@pytest.fixture(autouse=True)
def _own_opsin_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no OPSIN answers kept from earlier runs (engine/opsin.py)."""
    monkeypatch.setenv("CHEMSEC_OPSIN_CACHE", str(tmp_path / "opsin-answers.sqlite"))


@pytest.fixture(scope="session", autouse=True)
def name_index() -> None:
    # The offline index is a cache in the data directory: built once (~15 s), then reused.
    if not index_exists():
        build_index()


@cache
def screener() -> Any:
    from chemsec.screening.engine.core import Screener

    return Screener(use_opsin=False)


def smiles_file(texts: list[str]) -> list[Any]:
    """As a .smi file is screened: the text pre-filter, the bulk path, then the full one."""
    from chemsec.screening.engine.results import InputRow

    rows = [InputRow(t, i, kind="smiles") for i, t in enumerate(texts)]
    out: list[Any] = []
    for start in range(0, len(rows), 500):
        out += screener().screen_chunk(rows[start : start + 500])
    return out


def list_rows(name: str) -> list[dict[str, Any]]:
    with (LISTS_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def entries_of(result: Any, list_code: str | None = None) -> set[tuple[str, str]]:
    return {(m.list, m.entry) for m in result.matches if list_code in (None, m.list)}


@pytest.fixture()
def tmp_file(tmp_path: Path) -> Any:
    def make(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return make
