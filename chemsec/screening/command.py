"""`chemsec screen`: screen identifiers and files against the control lists.

Exit status follows grep: 1 when anything matched, 0 when everything screened was
clear, 2 for usage or input errors (including rows that could not be screened when
nothing matched, since "nothing matched" could not then be claimed).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import IO, Any

from chemsec.lib.cli_args import positive_int, positive_number

EXIT_CLEAR, EXIT_MATCHED, EXIT_ERROR = 0, 1, 2


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "screen",
        help="screen chemicals against control lists (CWC, AG, EU 2019/1148, CFATS)",
        description=(
            "Screen each INPUT (a CAS number, name, SMILES, InChI or InChIKey, or a "
            ".csv/.tsv/.xlsx/.smi/.sdf file) against the selected control lists."
        ),
    )
    parser.add_argument("inputs", nargs="*", metavar="INPUT")
    parser.add_argument("--format", choices=("table", "json", "csv", "xlsx"), default="table")
    parser.add_argument("--lists", help="comma-separated: cwc,ag,eu,cfats (default: all)")
    parser.add_argument("--as-of", help="screen against the lists in force on YYYY-MM-DD")
    parser.add_argument("--column", help="identifier column of table files (name or number)")
    parser.add_argument("--workers", type=positive_int, default=1, help="processes (default 1)")
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--scheduler", help="Dask scheduler address (with --engine dask)")
    parser.add_argument("--output", "-o", help="write here instead of standard output")
    parser.add_argument(
        "--max-mb", type=positive_number, help="refuse input files larger than this"
    )
    parser.add_argument("--no-opsin", action="store_true", help="do not read names with OPSIN")
    parser.add_argument(
        "--full-identity",
        action="store_true",
        help="compute canonical SMILES and InChIKey for every structure (slower)",
    )
    parser.add_argument("--progress", choices=("auto", "on", "off"), default="auto")
    parser.add_argument(
        "--build-index", action="store_true", help="build the offline name index, then exit"
    )
    parser.add_argument(
        "--hs",
        metavar="CODE",
        help="list the schedule entries an HS subheading may hold (e.g. 2931.xx), then exit",
    )
    parser.set_defaults(handler=run)


# The cyclic collector's first threshold for a `chemsec screen` process (Python's default is
# 700 allocations): a chunk of 500 rows keeps a few thousand objects alive until it is
# written, so at 700 the collector ran about 300 times in a 50,000-row SMILES file and
# found almost nothing (about 2 % of the run's CPU); at 20,000 it runs about when a long
# run's kept outcomes grow. No output depends on when it runs; forked workers inherit it.
GC_FIRST_THRESHOLD = 20_000


def run(args: argparse.Namespace) -> int:
    import gc

    gc.set_threshold(GC_FIRST_THRESHOLD, *gc.get_threshold()[1:])
    try:
        options = _options(args)
    except ValueError as exc:
        return _fail(str(exc))
    if args.build_index:
        return _build_index()
    if args.hs:
        return _hs(args.hs, args.format)
    if not args.inputs:
        return _fail("give at least one INPUT (identifier or file)")
    from chemsec.screening.engine.inputs import InputError

    try:
        sources = _sources(args, options["max_bytes"])
    except InputError as exc:
        return _fail(str(exc))
    has_files = any(path is not None for path, _ in sources)
    if args.workers > 1 and args.engine == "local" and args.format in _TEXT_FORMATS:
        return _screen_rendered(args, options, sources, has_files)
    rows = (row for _, source in sources for row in source)
    return _screen(args, options, rows, has_files)


def _options(args: argparse.Namespace) -> dict[str, Any]:
    import datetime as dt

    from chemsec.lib.tabular import upload_limit_bytes
    from chemsec.screening.engine.lists import check_as_of, parse_lists, undated

    if args.format == "xlsx" and not args.output:
        raise ValueError("--format xlsx needs --output FILE")
    if args.scheduler and args.engine != "dask":
        raise ValueError("--scheduler needs --engine dask")
    if args.engine == "dask":
        from chemsec.screening.engine.parallel import EngineUnavailable, require_dask

        try:
            require_dask()
        except EngineUnavailable as exc:
            raise ValueError(str(exc)) from exc
    as_of = None
    if args.as_of:
        try:
            as_of = dt.date.fromisoformat(args.as_of)
        except ValueError as exc:
            raise ValueError(f"--as-of must be YYYY-MM-DD, not {args.as_of!r}") from exc
    # At least one byte: a limit below a byte would refuse every file.
    max_bytes = max(1, int(args.max_mb * 1048576)) if args.max_mb else upload_limit_bytes()
    lists = parse_lists(args.lists)
    if as_of is not None:
        check_as_of(lists, as_of)
        for code in undated(lists):  # a doubt said out loud, not an error
            print(
                f"chemsec screen: note: the {code} list has no dates of listing in "
                f"ChemSec's data; it is screened as it stands today, not as on {as_of}",
                file=sys.stderr,
            )
    return {"lists": lists, "as_of": as_of, "max_bytes": max_bytes}


def _sources(args: argparse.Namespace, max_bytes: int) -> list[tuple[str | None, Iterator[Any]]]:
    """Each INPUT's rows, with its path when it is a file; every file is checked (it
    exists, is not too large, has rows) before anything is screened."""
    from chemsec.screening.engine.inputs import InputError, is_file_input, path_problem, read_file
    from chemsec.screening.engine.results import InputRow

    sources: list[tuple[str | None, Iterator[Any]]] = []
    for item in args.inputs:
        problem = path_problem(item)  # a path that is not a readable file is an error,
        if problem is not None:  # never an identifier screened as a name
            raise InputError(problem)
        if is_file_input(item):
            sources.append((item, read_file(item, column=args.column, max_bytes=max_bytes)))
        else:
            sources.append((None, iter([InputRow(identifier=item)])))
    return sources


_TEXT_FORMATS = ("csv", "json", "table")  # engine.writers.TEXT_FORMATS, without importing it
_SMI_SUFFIXES = (".smi", ".smiles")


def _screen_rendered(
    args: argparse.Namespace,
    options: dict[str, Any],
    sources: list[tuple[str | None, Iterator[Any]]],
    has_files: bool,
) -> int:
    """Worker processes read SMILES files by byte range and render their own rows; this
    process only writes them in order (the same output as one process gives)."""
    from chemsec.screening.engine import parallel
    from chemsec.screening.engine.writers import write_rendered

    units: list[Iterator[parallel.Unit]] = []
    for path, rows in sources:
        if path is not None and path.lower().endswith(_SMI_SUFFIXES):
            # Checked already (size, not empty); the workers read it themselves.
            units.append(parallel.smi_units(path))
        else:
            units.append(parallel.row_units(rows))
    progress = _progress(args, has_files)
    statuses: dict[str, int] = {}
    rendered = parallel.render_local(
        (unit for source in units for unit in source),
        args.format,
        options["lists"],
        options["as_of"],
        workers=args.workers,
        on_progress=progress.update if progress else None,
        use_opsin=not args.no_opsin,
        full_identity=args.full_identity,
    )
    try:
        with _open_output(args) as stream:
            write_rendered(_tally(rendered, statuses), stream, args.format)
    except OSError as exc:
        return _fail(f"cannot write output: {exc}")
    finally:
        if progress:
            progress.close()
    return _exit_status(statuses)


def _tally(
    rendered: Iterator[tuple[str, dict[str, int], int]], statuses: dict[str, int]
) -> Iterator[tuple[str, int]]:
    for text, counts, n in rendered:
        for status, count in counts.items():
            statuses[status] = statuses.get(status, 0) + count
        yield text, n


def _screen(
    args: argparse.Namespace, options: dict[str, Any], rows: Iterator[Any], has_files: bool
) -> int:
    from chemsec.screening.engine.writers import write

    statuses: dict[str, int] = {}
    results = _count(_results(args, options, rows, has_files), statuses)
    try:
        with _open_output(args) as stream:
            write(results, stream, args.format)
    except OSError as exc:
        return _fail(f"cannot write output: {exc}")
    return _exit_status(statuses)


def _exit_status(statuses: dict[str, int]) -> int:
    if statuses.get("matched"):
        return EXIT_MATCHED
    if statuses.get("invalid") or statuses.get("unresolved"):
        return EXIT_ERROR
    return EXIT_CLEAR


def _results(
    args: argparse.Namespace, options: dict[str, Any], rows: Iterator[Any], has_files: bool
) -> Iterator[Any]:
    from chemsec.screening.engine import parallel

    kwargs: dict[str, Any] = {"use_opsin": not args.no_opsin, "full_identity": args.full_identity}
    progress = _progress(args, has_files)
    on_progress = progress.update if progress else None
    if args.engine == "dask":
        results = parallel.screen_dask(
            rows,
            options["lists"],
            options["as_of"],
            scheduler=args.scheduler,
            on_progress=on_progress,
            **kwargs,
        )
    else:
        results = parallel.screen_local(
            rows,
            options["lists"],
            options["as_of"],
            workers=args.workers,
            on_progress=on_progress,
            **kwargs,
        )
    try:
        yield from results
    finally:
        if progress:
            progress.close()


def _count(results: Iterator[Any], statuses: dict[str, int]) -> Iterator[Any]:
    for result in results:
        statuses[result.status] = statuses.get(result.status, 0) + 1
        yield result


class _Bar:
    """A rich progress display on stderr (rich is imported only when shown)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("screened {task.completed:,} rows"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self._task = self._progress.add_task("screen", total=None)
        self._progress.start()

    def update(self, done: int) -> None:
        self._progress.update(self._task, completed=done)

    def close(self) -> None:
        self._progress.stop()


def _progress(args: argparse.Namespace, has_files: bool) -> _Bar | None:
    wanted = args.progress == "on" or (
        args.progress == "auto" and has_files and sys.stderr.isatty()
    )
    return _Bar() if wanted else None


class _open_output:
    def __init__(self, args: argparse.Namespace) -> None:
        self.path, self.binary = args.output, args.format == "xlsx"
        self.handle: IO[Any] | None = None

    def __enter__(self) -> IO[Any]:
        if not self.path:
            return sys.stdout
        if self.binary:
            self.handle = open(self.path, "wb")
        else:
            self.handle = open(self.path, "w", encoding="utf-8", newline="")
        return self.handle

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            self.handle.close()


def _build_index() -> int:
    from chemsec.screening.engine.names import build_index

    print(f"offline name index written to {build_index()}", file=sys.stderr)
    return EXIT_CLEAR


def _hs(code: str, fmt: str) -> int:
    """Which schedule entries an HS subheading may hold. Exit 1 when it may hold some
    (like a match); 2 when the data records none (partial data: that is no all-clear)
    or the text is not an HS code."""
    import json

    from chemsec.screening.engine.hs import lookup

    try:
        found = lookup(code)
    except ValueError as exc:
        return _fail(str(exc))
    if fmt == "json":
        print(json.dumps([_hs_dict(r) for r in found]))
    else:
        for r in found:
            entries = ", ".join(f"{r.list} {e}" for e in r.entries)
            cas = f" (CAS {r.cas})" if r.cas else ""
            print(
                f"{r.edition} {r.subheading}  {r.description}{cas}: {entries}  [{r.verification}]"
            )
        if not found:
            print(
                f"{code}: no schedule entry recorded for this code in ChemSec's HS data "
                "(partial: see docs/screening.md); screen the chemical itself"
            )
    return EXIT_MATCHED if found else EXIT_ERROR


def _hs_dict(r: Any) -> dict[str, Any]:
    return {f: getattr(r, f) for f in r.__slots__}


def _fail(message: str) -> int:
    print(f"chemsec screen: error: {message}", file=sys.stderr)
    return EXIT_ERROR
