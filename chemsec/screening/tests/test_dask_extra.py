"""Dask is an extra (chemsec[dask]): without it the dask engine says how to install it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest

from chemsec.cli import main
from chemsec.screening.engine.parallel import EngineUnavailable, screen_dask
from chemsec.screening.engine.results import InputRow

INSTALL = "pip install 'chemsec[dask]'"


@pytest.fixture
def without_dask(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if Dask were not installed: importing it fails as a missing module does."""
    monkeypatch.setitem(sys.modules, "distributed", None)


@pytest.mark.usefixtures("without_dask")
def test_the_cli_exits_2_saying_how_to_install_dask(capsys: Any) -> None:
    assert main(["screen", "water", "--engine", "dask", "--no-opsin"]) == 2
    err = capsys.readouterr().err
    assert "Dask engine" in err and INSTALL in err


@pytest.mark.usefixtures("without_dask")
def test_the_engine_refuses_before_reading_a_row() -> None:
    def rows() -> Iterator[InputRow]:
        raise AssertionError("no row may be read")
        yield InputRow("water")  # pragma: no cover

    with pytest.raises(EngineUnavailable, match=r"pip install 'chemsec\[dask\]'"):
        screen_dask(rows())


def test_a_broken_dask_is_not_mistaken_for_a_missing_one(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def broken(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "distributed":
            raise ModuleNotFoundError("No module named 'tornado'", name="tornado")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", broken)
    with pytest.raises(ModuleNotFoundError, match="tornado") as raised:
        screen_dask([])
    assert not isinstance(raised.value, EngineUnavailable)
