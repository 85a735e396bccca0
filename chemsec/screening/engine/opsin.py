"""Systematic names to structures through OPSIN (py2opsin), when Java is installed.

OPSIN misreads some trivial names ("chlorine" becomes a Cl atom), so it runs last,
after the list and offline name indexes, and its results are marked as derived.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from collections.abc import Sequence
from functools import cache


@cache
def unavailable_reason() -> str | None:
    """Why OPSIN cannot run here, or None when it can."""
    from chemsec.lib.env import opsin_enabled

    if not opsin_enabled():
        return "disabled by CHEMSEC_OPSIN"
    if shutil.which("java") is None:
        return "no Java runtime"
    try:
        import py2opsin  # noqa: F401
    except ImportError:
        return "py2opsin not installed"
    return None


def available() -> bool:
    return unavailable_reason() is None


def names_to_smiles(names: Sequence[str]) -> list[str | None]:
    """One SMILES (or None) per name, in order; one Java start for the whole batch."""
    if not names or not available():
        return [None] * len(names)
    from py2opsin import py2opsin

    clean = [n.replace("\n", " ").strip() for n in names]
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unparsable names are reported per row instead
        # py2opsin writes its input file to a path we choose, so parallel runs never clash
        raw = py2opsin(clean, tmp_fpath=os.path.join(tmp, "names.txt"))
    out = raw if isinstance(raw, list) else [raw]
    if len(out) != len(clean):
        return [None] * len(names)
    return [s or None for s in out]
