"""The matcher's indexes of the listed structures, kept across runs (issue 16, start-up).

Reading the 166 listed structures into the formula, size and signature indexes costs
about 20 ms of every run's start; they are kept in the data directory under a digest of
what they are made from. These tests check that kept indexes are exactly the derived
ones, that other data or code never reads them, and that a missing, broken or unwritable
file only means deriving them again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chemsec.screening.engine import matcher as matcher_module
from chemsec.screening.engine.core import Screener
from chemsec.screening.engine.matcher import Matcher
from chemsec.screening.engine.results import InputRow

DERIVED = (
    "key_signatures",
    "_singles",
    "formulas",
    "parent_sizes",
    "formula_sizes",
    "single_sizes",
    "monoatomic",
)


def _derived(m: Matcher) -> dict[str, object]:
    out = {name: getattr(m, name) for name in DERIVED}
    out["_singles"] = {k: [(e.urn, f) for e, f in v] for k, v in m._singles.items()}
    return out


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CHEMSEC_DATA_DIR", str(tmp_path))
    return tmp_path


def _kept(folder: Path) -> list[Path]:
    return sorted(folder.glob("screening-matcher-*.marshal"))


@pytest.mark.parametrize("lists", [None, "cwc", "ag,eu", "cfats"])
def test_kept_indexes_equal_the_derived_ones(data_dir: Path, lists: str | None) -> None:
    first = Matcher(lists)  # derives and keeps
    assert len(_kept(data_dir)) == 1
    again = Matcher(lists)  # reads the kept file
    assert _derived(again) == _derived(first)
    assert first.formulas and first.key_signatures and first.formula_sizes


def test_other_data_or_code_never_reads_a_kept_file(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Matcher("cwc")
    Matcher("ag")
    assert len(_kept(data_dir)) == 2  # other lists, other structures: another file
    monkeypatch.setattr(matcher_module, "_engine_sources", lambda: b"other code")
    Matcher("cwc")
    assert len(_kept(data_dir)) == 3


def test_a_broken_or_foreign_file_is_derived_again(data_dir: Path) -> None:
    expected = _derived(Matcher())
    (path,) = _kept(data_dir)
    for content in (b"", b"\x00garbage", b"\xe9" * 40):
        path.write_bytes(content)
        assert _derived(Matcher()) == expected
    import marshal

    path.write_bytes(marshal.dumps((1, 2, 3)))  # wrong shape
    assert _derived(Matcher()) == expected


def test_an_unwritable_data_directory_still_screens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("CHEMSEC_DATA_DIR", str(blocked / "below"))
    screener = Screener(use_opsin=False)
    (result,) = screener.screen_chunk([InputRow("CC(C)OP(C)(=O)F", 1, "smiles")])
    assert (result.status, result.matches[0].entry) == ("matched", "1A01")


def test_screening_is_the_same_with_kept_indexes(data_dir: Path) -> None:
    rows = [
        InputRow(text, n, "smiles")
        for n, text in enumerate(
            ["CC(C)OP(C)(=O)F", "O=C(Cl)Cl", "CCN(CC)CCCl.Cl", "[K+].[F-]", "CCO", "c1ccccc1"],
            1,
        )
    ]
    fresh = Screener(use_opsin=False).screen_chunk(rows)
    kept = Screener(use_opsin=False).screen_chunk(rows)
    assert [r.to_dict() for r in kept] == [r.to_dict() for r in fresh]
    assert [r.status for r in kept] == ["matched"] * 4 + ["clear"] * 2


def test_a_smiles_file_starts_without_the_modules_it_never_uses(tmp_path: Path) -> None:
    """`chemsec screen file.smi --format csv` imports no ZIP reader (chemsec.lib.sniff),
    no time-budget child machinery (signal, pickle, select: only identifiers over 1,000
    characters use it), no OPSIN process and no JSON; and sets the collector's first
    threshold (a few thousand objects live per chunk: at Python's 700 it ran about 300
    times a 50,000-row file for nothing)."""
    import subprocess
    import sys

    source = tmp_path / "in.smi"
    source.write_text("CCO\nCC(C)OP(C)(=O)F\nc1ccccc1[N+](=O)[O-]\n")
    code = (
        "import gc, sys\n"
        "from chemsec.cli import main\n"
        f"code = main(['screen', {str(source)!r}, '--format', 'csv', '--no-opsin',\n"
        "             '--output', '/dev/null', '--progress', 'off'])\n"
        "assert code == 1, code\n"
        "unused = {'zipfile', 'signal', 'pickle', 'select', 'subprocess', 'json'}\n"
        "loaded = sorted(unused & set(sys.modules))\n"
        "assert not loaded, loaded\n"
        "assert gc.get_threshold()[0] == 20_000, gc.get_threshold()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
