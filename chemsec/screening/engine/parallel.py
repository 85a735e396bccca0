"""Screening across processes (local pool) or a Dask distributed cluster.

Rows are cut into chunks; a bounded window of chunks is in flight at any time and
results come back in input order, so memory stays flat and output order is exact.
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal

from chemsec.screening.engine.core import CHUNK, Progress, Screener, _chunks, screen_rows
from chemsec.screening.engine.inputs import SmiRange, smi_range_rows, smi_ranges
from chemsec.screening.engine.results import InputRow, ScreenResult
from chemsec.screening.engine.writers import render

if TYPE_CHECKING:
    from concurrent.futures import Future

DASK_MISSING = (
    "the Dask engine needs the optional Dask packages, which are not installed here: "
    "pip install 'chemsec[dask]' (or use the local engine, --engine local)"
)


class EngineUnavailable(ImportError):
    """An optional screening engine whose packages are not installed; says how to get them."""


Config = tuple[tuple[str, ...] | str | None, str | None, tuple[tuple[str, Any], ...]]
_screeners: dict[tuple[Config, int], Screener] = {}


def _config(lists: Any, as_of: dt.date | str | None, options: dict[str, Any]) -> Config:
    iso = as_of.isoformat() if isinstance(as_of, dt.date) else as_of
    chosen = lists if lists is None or isinstance(lists, str) else tuple(lists)
    return (chosen, iso, tuple(sorted(options.items())))


def screen_chunk_with(config: Config, chunk: list[InputRow]) -> list[ScreenResult]:
    """Worker entry point: one Screener per process (or Dask worker) and configuration."""
    # One per thread too: a Dask worker with threads runs chunks concurrently, and a
    # Screener's per-chunk caches belong to one chunk at a time.
    key = (config, threading.get_ident())
    screener = _screeners.get(key)
    if screener is None:
        lists, as_of, options = config
        screener = _screeners[key] = Screener(lists, as_of, **dict(options))
    return screener.screen_chunk(chunk)


def _ordered(
    chunks: Iterator[list[InputRow]],
    submit: Callable[[list[InputRow]], Any],
    collect: Callable[[Any], list[ScreenResult]],
    window: int,
    on_progress: Progress | None,
) -> Iterator[ScreenResult]:
    pending: deque[Any] = deque()
    done = 0
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            batch = collect(pending.popleft())
            done += len(batch)
            yield from _report(batch, done, on_progress)
    while pending:
        batch = collect(pending.popleft())
        done += len(batch)
        yield from _report(batch, done, on_progress)


def _report(
    batch: list[ScreenResult], done: int, on_progress: Progress | None
) -> list[ScreenResult]:
    if on_progress is not None:
        on_progress(done)
    return batch


def screen_local(
    rows: Iterable[InputRow],
    lists: Any = None,
    as_of: dt.date | str | None = None,
    *,
    workers: int = 2,
    chunk_size: int = CHUNK,
    on_progress: Progress | None = None,
    **options: Any,
) -> Iterator[ScreenResult]:
    """Screen with `workers` processes; workers <= 1 runs in this process (the results
    of `screen_rows` handed on as they are, not through a generator of its own: one
    step less for each row)."""
    if workers <= 1:
        return screen_rows(rows, lists, as_of, on_progress, chunk_size=chunk_size, **options)
    return _screen_pool(rows, lists, as_of, workers, chunk_size, on_progress, options)


def _screen_pool(
    rows: Iterable[InputRow],
    lists: Any,
    as_of: dt.date | str | None,
    workers: int,
    chunk_size: int,
    on_progress: Progress | None,
    options: dict[str, Any],
) -> Iterator[ScreenResult]:
    import multiprocessing  # only with workers: kept off a single-process start-up
    from concurrent.futures import ProcessPoolExecutor

    config = _config(lists, as_of, options)
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:

        def submit(chunk: list[InputRow]) -> Future[list[ScreenResult]]:
            return pool.submit(screen_chunk_with, config, chunk)

        yield from _ordered(
            _chunks(rows, chunk_size), submit, lambda f: f.result(), workers * 3, on_progress
        )


# What a worker is given to screen: rows read by the main process, or a byte range of a
# SMILES file that the worker reads itself (see inputs.smi_ranges).
Unit = tuple[Literal["rows"], list[InputRow]] | tuple[Literal["smi"], SmiRange]
# What it gives back: the chunk's rows rendered in the output format, the count of each
# status (for the exit code), and the number of results.
Rendered = tuple[str, dict[str, int], int]


def render_chunk_with(config: Config, fmt: str, unit: Unit) -> Rendered:
    """Worker entry point of `render_local`: read (for a file range), screen, render."""
    rows = smi_range_rows(*unit[1]) if unit[0] == "smi" else unit[1]
    results = screen_chunk_with(config, rows)
    statuses: dict[str, int] = {}
    for result in results:
        statuses[result.status] = statuses.get(result.status, 0) + 1
    return render(results, fmt), statuses, len(results)


def render_local(
    units: Iterable[Unit],
    fmt: str,
    lists: Any = None,
    as_of: dt.date | str | None = None,
    *,
    workers: int = 2,
    on_progress: Progress | None = None,
    **options: Any,
) -> Iterator[Rendered]:
    """Screen with `workers` processes that also read (.smi ranges) and render their
    chunks, so that the main process only writes text in order: on a machine with as
    many cores as workers, it would otherwise take a core's share from them. Forked
    workers inherit the imported modules (RDKit, the list data) instead of loading them."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    config = _config(lists, as_of, options)
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
        pending: deque[Future[Rendered]] = deque()
        done = 0
        for unit in units:
            pending.append(pool.submit(render_chunk_with, config, fmt, unit))
            if len(pending) >= workers * 3:
                rendered = pending.popleft().result()
                done += rendered[2]
                yield rendered
                if on_progress is not None:
                    on_progress(done)
        while pending:
            rendered = pending.popleft().result()
            done += rendered[2]
            yield rendered
            if on_progress is not None:
                on_progress(done)


def row_units(rows: Iterable[InputRow], size: int = CHUNK) -> Iterator[Unit]:
    for chunk in _chunks(rows, size):
        yield ("rows", chunk)


def smi_units(path: str, block: int = 1 << 15) -> Iterator[Unit]:
    for piece in smi_ranges(path, block):
        yield ("smi", piece)


def require_dask() -> None:
    """Raise EngineUnavailable, saying how to install it, when Dask is missing (chemsec[dask])."""
    try:
        import distributed  # noqa: F401
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in {"dask", "distributed"}:
            raise  # Dask is there but broken: that error is the one to see
        raise EngineUnavailable(DASK_MISSING) from exc


def screen_dask(
    rows: Iterable[InputRow],
    lists: Any = None,
    as_of: dt.date | str | None = None,
    *,
    client: Any = None,
    scheduler: str | None = None,
    chunk_size: int = CHUNK,
    window: int = 8,
    on_progress: Progress | None = None,
    **options: Any,
) -> Iterator[ScreenResult]:
    """Screen partitions on a Dask distributed cluster (an existing client, a scheduler
    address, or a local cluster started for the run).

    Dask is an extra (`pip install 'chemsec[dask]'`); without it this raises
    EngineUnavailable at once, before any row is read.
    """
    require_dask()
    return _screen_dask(
        rows, lists, as_of, client, scheduler, chunk_size, window, on_progress, options
    )


def _screen_dask(
    rows: Iterable[InputRow],
    lists: Any,
    as_of: dt.date | str | None,
    client: Any,
    scheduler: str | None,
    chunk_size: int,
    window: int,
    on_progress: Progress | None,
    options: dict[str, Any],
) -> Iterator[ScreenResult]:
    from distributed import Client, LocalCluster

    owned = client is None
    cluster = None
    if client is None and scheduler:
        client = Client(scheduler)  # type: ignore[no-untyped-call]
    elif client is None:
        cluster = LocalCluster(n_workers=2, threads_per_worker=1)  # type: ignore[no-untyped-call]
        client = Client(cluster)  # type: ignore[no-untyped-call]
    config = _config(lists, as_of, options)
    try:
        yield from _ordered(
            _chunks(rows, chunk_size),
            lambda chunk: client.submit(screen_chunk_with, config, chunk, pure=False),
            lambda future: future.result(),
            window,
            on_progress,
        )
    finally:
        if owned:
            client.close()
        if cluster is not None:
            cluster.close()
