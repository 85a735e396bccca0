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

from chemsec.lib.kv_store import KeyValueStore

BATCH = 100  # names written before their answers are read: both pipes stay far from full
TIMEOUT_S = 120.0  # for one batch, start-up included
CACHE_SIZE = 100_000
STORE_SIZE = 200_000  # answers kept across runs; the oldest go first beyond it
STORE_FILE = "opsin-answers-v1.sqlite"
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
    """The OPSIN jar py2opsin ships, found without importing py2opsin: its import runs
    `java -version` (a JVM start: 0.1 s and 0.02-0.04 s of CPU in every run with a name
    to read, answers from the store included)."""
    from importlib.util import find_spec

    try:
        spec = find_spec("py2opsin")
    except (ImportError, ValueError):
        return None
    folders = spec.submodule_search_locations if spec is not None else None
    jars = sorted(jar for folder in folders or () for jar in Path(folder).glob("opsin*.jar"))
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
        if todo:
            store = _store()
            known = store.get(todo) if store is not None else {}
            for name, smiles in known.items():
                _remember(name, smiles)
            todo = [n for n in todo if n not in known]
            for start in range(0, len(todo), BATCH):
                batch = todo[start : start + BATCH]
                answers = _ask(batch)
                for name, smiles in zip(batch, answers or [None] * len(batch), strict=True):
                    _remember(name, smiles)
                if answers is not None and store is not None:
                    store.put(list(zip(batch, answers, strict=True)))
        return [_cache.get(n) if n else None for n in clean]


def _ask(batch: list[str]) -> list[str | None] | None:
    """OPSIN's answers for one batch, or None when it could not answer (a process that
    dies or hangs is restarted once): the rows then say "OPSIN could not read it"."""
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
    return None


def _remember(name: str, smiles: str | None) -> None:
    _cache[name] = smiles
    if len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)


class AnswerStore:
    """OPSIN's answers kept across runs (a `chemsec.lib.kv_store` store): (OPSIN version,
    exact string) -> SMILES, or empty when OPSIN could not read the string."""

    def __init__(self, path: Path, version: str, size: int = STORE_SIZE) -> None:
        self.values = KeyValueStore(path, version, size, table="opsin_answer")

    def get(self, names: list[str]) -> dict[str, str | None]:
        """The stored answers among `names` (a name not stored is absent)."""
        return {name: str(smiles) or None for name, smiles in self.values.get(names).items()}

    def put(self, answers: list[tuple[str, str | None]]) -> None:
        self.values.put([(name, smiles or "") for name, smiles in answers])

    def close(self) -> None:
        self.values.close()


def store_path() -> Path | None:
    """$CHEMSEC_OPSIN_CACHE (a file, or "off"), else the data directory's answer file."""
    from chemsec.lib.env import data_dir, env_str

    raw = env_str("CHEMSEC_OPSIN_CACHE")
    if raw.lower() == "off":
        return None
    return Path(raw).expanduser() if raw else data_dir() / STORE_FILE


_stores: dict[tuple[Path, str], AnswerStore] = {}


def _store() -> AnswerStore | None:
    path, jar = store_path(), _jar()
    if path is None or jar is None:
        return None
    try:
        version = f"{jar.name}:{jar.stat().st_size}"
    except OSError:
        return None
    key = (path, version)
    if key not in _stores:
        _stores[key] = AnswerStore(path, version)
    return _stores[key]
