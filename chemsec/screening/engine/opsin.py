"""Systematic names to structures through OPSIN, when Java is installed.

OPSIN misreads some trivial names ("chlorine" becomes a Cl atom), so it runs last,
after the list and offline name indexes, and its results are marked as derived.

One OPSIN process serves the whole run (per worker process): it reads names line by
line on stdin and answers each with one line of SMILES (empty when it cannot read the
name), so a Java virtual machine starts once, not once per chunk. Answers are cached;
the caller sends only names OPSIN could read (`identity.opsin_worthy`).
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import subprocess
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from pathlib import Path

BATCH = 100  # names written before their answers are read: both pipes stay far from full
TIMEOUT_S = 120.0  # for one batch, start-up included
CACHE_SIZE = 100_000
# A run reads thousands of names, not millions: the JVM's optimising compiler and its
# parallel collector would cost more CPU than they save (measured: about half the
# JVM's CPU time for 3,500 inventory names, the same answers).
JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")

_lock = threading.Lock()
_cache: OrderedDict[str, str | None] = OrderedDict()


@cache
def unavailable_reason() -> str | None:
    """Why OPSIN cannot run here, or None when it can."""
    from chemsec.lib.env import opsin_enabled

    if not opsin_enabled():
        return "disabled by CHEMSEC_OPSIN"
    if shutil.which("java") is None:
        return "no Java runtime"
    if _jar() is None:
        return "py2opsin (the OPSIN jar) not installed"
    return None


def available() -> bool:
    return unavailable_reason() is None


@cache
def _jar() -> Path | None:
    try:
        import py2opsin
    except ImportError:
        return None
    jars = sorted(Path(py2opsin.__file__).parent.glob("opsin*.jar"))
    return jars[-1] if jars else None


class _Opsin:
    """A running `java -jar opsin.jar -osmi`, owned by the process that started it."""

    def __init__(self, jar: Path) -> None:
        self.pid = os.getpid()
        self.proc = subprocess.Popen(
            [shutil.which("java") or "java", *JVM_OPTIONS, "-jar", str(jar), "-osmi"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )

    def alive(self) -> bool:
        return self.pid == os.getpid() and self.proc.poll() is None

    def read(self, names: list[str]) -> list[str | None]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        # A watchdog ends a process that stops answering; readline then sees the end.
        watchdog = threading.Timer(TIMEOUT_S, self.proc.kill)
        watchdog.start()
        try:
            self.proc.stdin.write("".join(f"{n}\n" for n in names))
            self.proc.stdin.flush()
            out: list[str | None] = []
            for _ in names:
                line = self.proc.stdout.readline()
                if not line:
                    raise EOFError("OPSIN stopped")
                out.append(line.strip() or None)
            return out
        finally:
            watchdog.cancel()

    def close(self) -> None:
        if self.pid != os.getpid():
            return  # a forked copy: the process belongs to the parent
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            self.proc.wait(timeout=5)
        except Exception:  # already gone, or stuck: make sure it ends
            self.proc.kill()


_process: _Opsin | None = None


def _running() -> _Opsin:
    global _process
    if _process is None or not _process.alive():
        jar = _jar()
        if jar is None:
            raise RuntimeError("OPSIN jar not found")
        _process = _Opsin(jar)
    return _process


def _stop() -> None:
    global _process
    if _process is not None:
        _process.close()
        _process = None


atexit.register(_stop)


def _clean(name: str) -> str:
    return " ".join(name.split())


# The Annex on Chemicals names family members in its own style, which OPSIN does not
# read: "O-Ethyl S-2-diisopropylaminoethyl methylphosphonothiolate" (VX). Rewritten to the
# bracketed substituent and the -thioate ending OPSIN reads (the S- locant keeps the
# thiolo ester): "O-Ethyl S-[2-(diisopropylamino)ethyl] methylphosphonothioate".
_AMINOETHYL = re.compile(r"\b([OSN])-2-((?:di)?[a-z]+?)aminoethyl\b", re.IGNORECASE)
_TWO_ALKYLS = re.compile(
    r"^(methyl|ethyl|n-?propyl|propyl|isopropyl|i-propyl)"
    r"(methyl|ethyl|n-?propyl|propyl|isopropyl|i-propyl)$",
    re.IGNORECASE,
)
_THIOLATE = re.compile(r"(phosphono|phosphoro)thiolate\b", re.IGNORECASE)


def convention_to_opsin(name: str) -> str:
    """The name in a form OPSIN reads, when it is written in the Annex's style; the name
    itself otherwise."""

    def aminoethyl(match: re.Match[str]) -> str:
        alkyls = match.group(2)
        two = _TWO_ALKYLS.match(alkyls)
        amino = f"{two.group(1)}({two.group(2)})amino" if two else f"{alkyls}amino"
        return f"{match.group(1)}-[2-({amino})ethyl]"

    out = _AMINOETHYL.sub(aminoethyl, name)
    if out != name or "S-" in name:
        out = _THIOLATE.sub(lambda m: f"{m.group(1)}thioate", out)
    return out


def names_to_smiles(names: Sequence[str]) -> list[str | None]:
    """One SMILES (or None) per name, in order. Unknown names go to the run's OPSIN
    process in batches; answers (failures too) are cached for the rest of the run."""
    if not names or not available():
        return [None] * len(names)
    clean = [convention_to_opsin(_clean(n)) for n in names]
    with _lock:
        todo = list(dict.fromkeys(n for n in clean if n and n not in _cache))
        for start in range(0, len(todo), BATCH):
            batch = todo[start : start + BATCH]
            for name, smiles in zip(batch, _ask(batch), strict=True):
                _remember(name, smiles)
        return [_cache.get(n) if n else None for n in clean]


def _ask(batch: list[str]) -> list[str | None]:
    """Answers for one batch; a process that dies or hangs is restarted once."""
    for attempt in (1, 2):
        try:
            return _running().read(batch)
        except (OSError, TimeoutError, EOFError, ValueError):
            global _process
            if _process is not None:
                _process.proc.kill()
                _process = None
            if attempt == 2:
                break
    return [None] * len(batch)  # not read: the rows say "OPSIN could not read it"


def _remember(name: str, smiles: str | None) -> None:
    _cache[name] = smiles
    if len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
