"""Read and validate the versioned reference content (YAML and CSV), without Django.

``read_content_file`` parses one file and checks it against its schema;
``read_content_tree`` reads every content file under a root and adds the checks that
need the whole tree (URNs unique everywhere, every cross-reference resolves). Any
problem raises ``ContentError`` naming the file (relative to the content root), the
1-based line of the offending YAML node or CSV row, and the reason.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from chemsec.content.overlay import (
    TranslationFile,
    object_kind,
    object_urn,
    overlay_issues,
    overlay_references,
    overlay_shape_issues,
)
from chemsec.content.schemas import (
    FILE_KINDS,
    FILE_MODELS,
    OBJECT_KINDS,
    AnyFile,
    Loc,
    defined_urns,
    file_objects,
    referenced_urns,
    semantic_issues,
)

DEFAULT_ROOT = Path(__file__).resolve().parent
#: Folders whose CSV rows are content objects, and the kind each row gets.
TABULAR_FOLDERS: dict[str, str] = {
    "lists": "list-entry",
    "endpoints": "endpoint",
    "thresholds": "threshold",
}
YAML_FOLDERS = frozenset(
    {"compendium", "frameworks", "matrices", "rules", "training", "translations"}
)
YAML_SUFFIXES = frozenset({".yaml", ".yml"})
SKIPPED_DIRS = frozenset({"tests", "__pycache__"})
# A list's names in the other languages (``lists/<list>_names*.csv``) sit beside the list
# but are not list entries: chemsec.screening.list_names reads and checks them.
NAMES_FILE = re.compile(r"^[a-z0-9]+_names[^/]*\.csv$")
# libyaml's loader keeps node marks too and parses several times faster.
_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)


class ContentError(Exception):
    """A content file that does not parse or validate: where and why."""

    def __init__(self, file: str, line: int, reason: str) -> None:
        super().__init__(f"{file}:{line}: {reason}")
        self.file = file
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class UrnMark:
    """A URN defined or referenced at a line of a file."""

    urn: str
    line: int
    kind: str


@dataclass(frozen=True)
class ContentObject:
    """One versioned object: a practice, a framework, a matrix, or a CSV row.

    ``version`` is an int, except for CSV rows whose version column is not a whole number
    (the control lists use dotted calendar versions such as ``2026.11.1``): those keep
    the string as written.
    """

    kind: str
    urn: str
    version: int | str
    data: dict[str, Any]
    source: str
    line: int


@dataclass(frozen=True)
class ContentFile:
    """One parsed and validated content file."""

    path: Path
    source: str
    kind: str
    urn: str | None
    version: int | None
    title: str | None
    objects: tuple[ContentObject, ...]
    defines: tuple[UrnMark, ...] = field(default=(), repr=False)
    references: tuple[UrnMark, ...] = field(default=(), repr=False)
    # An overlay keeps its YAML nodes, to name the line of a problem found against the English.
    node: yaml.Node | None = field(default=None, repr=False, compare=False)


# --- public API ---


def read_content_file(path: Path | str, *, root: Path | str | None = None) -> ContentFile:
    """Parse and validate one YAML or CSV content file.

    ``root`` is the content root that error messages and ``source`` are relative to;
    by default it is the folder above the nearest ``compendium``, ``frameworks``,
    ``matrices``, ``lists``, ``endpoints`` or ``thresholds`` folder.
    """
    path = Path(path)
    base = Path(root) if root is not None else _infer_root(path)
    source = _relative(path, base)
    if path.suffix.lower() == ".csv":
        folder = _top_folder(path, base)
        if folder not in TABULAR_FOLDERS:
            folders = ", ".join(f"{name}/" for name in TABULAR_FOLDERS)
            raise ContentError(source, 1, f"CSV content files belong under {folders}")
        return _read_csv(path, source, TABULAR_FOLDERS[folder])
    if path.suffix.lower() in YAML_SUFFIXES:
        return _read_yaml(path, source)
    raise ContentError(source, 1, "content files are .yaml, .yml or .csv")


def read_content_tree(root: Path | str = DEFAULT_ROOT) -> list[ContentFile]:
    """Read every content file under ``root``, checking URNs and references across files."""
    base = Path(root)
    files = [read_content_file(path, root=base) for path in iter_content_paths(base)]
    check_tree(files)
    return files


def iter_content_paths(root: Path) -> Iterator[Path]:
    """Content files under ``root`` in a stable order.

    YAML anywhere except the tabular folders; CSV in the tabular folders, where other
    files (READMEs, notes on sources) are left alone.
    """
    for path in sorted(root.rglob("*")):
        if not path.is_file() or _skipped(path, root):
            continue
        suffix = path.suffix.lower()
        top = _top_folder(path, root)
        in_tabular = top in TABULAR_FOLDERS
        if top == "lists" and NAMES_FILE.match(path.name):
            continue
        if suffix == ".csv" or (suffix in YAML_SUFFIXES and not in_tabular):
            yield path


def iter_objects(files: list[ContentFile]) -> Iterator[ContentObject]:
    """Every object of every file, in file order."""
    for content_file in files:
        yield from content_file.objects


def check_tree(files: list[ContentFile]) -> None:
    """URNs are unique across the files, and every reference names a defined object."""
    defined: dict[str, tuple[str, UrnMark]] = {}
    for content_file in files:
        for mark in content_file.defines:
            if mark.urn in defined:
                first_source, first = defined[mark.urn]
                reason = f"duplicate URN {mark.urn} (first defined at {first_source}:{first.line})"
                raise ContentError(content_file.source, mark.line, reason)
            defined[mark.urn] = (content_file.source, mark)
    for content_file in files:
        for ref in content_file.references:
            target = defined.get(ref.urn)
            if target is None:
                raise ContentError(content_file.source, ref.line, f"unknown {ref.kind} {ref.urn}")
            if target[1].kind != ref.kind:
                reason = f"{ref.urn} is a {target[1].kind}, expected a {ref.kind}"
                raise ContentError(content_file.source, ref.line, reason)
    check_course_overlays(files)


def check_course_overlays(files: list[ContentFile]) -> None:
    """Each course or module overlay entry matches its English: same file, same quiz shape."""
    english: dict[str, tuple[str, dict[str, Any]]] = {}
    for content_file in files:
        for obj in content_file.objects:
            if obj.kind == "course":
                english[obj.urn] = (content_file.source, obj.data)
                for module in obj.data.get("modules", []):
                    english[module["urn"]] = (content_file.source, module)
    for content_file in files:
        for index, obj in enumerate(content_file.objects):
            if obj.kind != "course-translation" or obj.data["urn"] not in english:
                continue
            source, data = english[obj.data["urn"]]
            for loc, reason in overlay_shape_issues(obj.data, data, source, obj.data["translates"]):
                full: Loc = ("objects", index, *loc)
                line = line_of(content_file.node, full) if content_file.node else obj.line
                raise ContentError(content_file.source, line, _with_loc(full, reason))


# --- YAML ---


def _read_yaml(path: Path, source: str) -> ContentFile:
    node, raw = _parse_yaml(path, source)
    _check_duplicate_keys(node, source)
    if not isinstance(raw, dict) or not isinstance(node, yaml.MappingNode):
        raise ContentError(source, _line(node), "the top level must be a mapping")
    kind = raw.get("kind")
    if kind == "translation":
        return _read_overlay(path, source, raw, node)
    if kind not in FILE_MODELS:
        line = line_of(node, ("kind",))
        raise ContentError(source, line, f"kind must be one of {', '.join(FILE_KINDS)}")
    model = _validate(FILE_MODELS[kind], raw, node, source)
    issues = semantic_issues(model)
    if issues:
        first = min(issues, key=lambda issue: line_of(node, issue.loc))
        raise ContentError(source, line_of(node, first.loc), _with_loc(first.loc, first.reason))
    return _content_file(path, source, model, node)


def _read_overlay(path: Path, source: str, raw: dict[str, Any], node: yaml.Node) -> ContentFile:
    """A translation overlay (``chemsec.content.overlay``): one object per translated URN."""
    model: TranslationFile = _validate(TranslationFile, raw, node, source)
    for loc, reason in overlay_issues(model):
        raise ContentError(source, line_of(node, loc), _with_loc(loc, reason))
    objects = tuple(
        ContentObject(
            kind=object_kind(model.translates),
            urn=object_urn(model.language, entry.urn),
            version=entry.source_version,
            data={
                "language": model.language,
                "translates": model.translates,
                "urn": entry.urn,
                **entry.model_dump(mode="json", exclude_none=True),
            },
            source=source,
            line=line_of(node, ("objects", index)),
        )
        for index, entry in enumerate(model.objects)
    )
    references = tuple(_marks(node, overlay_references(model), source, check_unique=False))
    return ContentFile(
        path, source, "translation", None, None, None, objects, (), references, node=node
    )


def _parse_yaml(path: Path, source: str) -> tuple[yaml.Node, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(source, 1, f"not UTF-8 text: {exc.reason}") from exc
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ContentError(source, 1, "the file is empty")
        raw = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        raise ContentError(source, _yaml_error_line(exc, text), _yaml_error_reason(exc)) from exc
    except yaml.YAMLError as exc:
        raise ContentError(source, 1, f"invalid YAML: {exc}") from exc
    finally:
        loader.dispose()
    return node, raw


def _yaml_error_line(exc: yaml.MarkedYAMLError, text: str) -> int:
    # An error found at the end of the stream (an unclosed bracket or quote) is better
    # located where the unclosed construct started.
    last_line = max(text.count("\n"), 1)
    mark = exc.problem_mark
    if mark is None or (mark.line + 1 > last_line and exc.context_mark is not None):
        mark = exc.context_mark
    return mark.line + 1 if mark is not None else 1


def _yaml_error_reason(exc: yaml.MarkedYAMLError) -> str:
    parts = [part for part in (exc.context, exc.problem) if part]
    return "invalid YAML: " + (", ".join(parts) if parts else str(exc))


def _check_duplicate_keys(node: yaml.Node, source: str) -> None:
    # PyYAML keeps the last of two equal keys silently; a content file must not.
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise ContentError(source, _line(key), f"key {key.value!r} appears twice")
                seen.add(key.value)
            _check_duplicate_keys(value, source)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicate_keys(item, source)


def _validate(model_type: type[Any], raw: dict[str, Any], node: yaml.Node, source: str) -> Any:
    try:
        return model_type.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        located = sorted((line_of(node, tuple(e["loc"])), i) for i, e in enumerate(errors))
        line, index = located[0]
        error = errors[index]
        reason = _with_loc(tuple(error["loc"]), error["msg"])
        if len(errors) > 1:
            reason += f" (and {len(errors) - 1} more problem(s) in this file)"
        raise ContentError(source, line, reason) from exc


def _content_file(path: Path, source: str, model: AnyFile, node: yaml.Node) -> ContentFile:
    object_kind = OBJECT_KINDS[model.kind]
    objects = tuple(
        ContentObject(
            kind=object_kind,
            urn=obj.urn,
            version=obj.version,
            data=obj.model_dump(mode="python", exclude_none=True),
            source=source,
            line=line_of(node, ("objects", index)),
        )
        for index, obj in enumerate(file_objects(model))
    )
    defines = tuple(_marks(node, defined_urns(model), source, check_unique=True))
    references = tuple(_marks(node, referenced_urns(model), source, check_unique=False))
    return ContentFile(
        path=path,
        source=source,
        kind=model.kind,
        urn=model.urn,
        version=model.version,
        title=model.title,
        objects=objects,
        defines=defines,
        references=references,
    )


def _marks(node: yaml.Node, refs: Any, source: str, *, check_unique: bool) -> Iterator[UrnMark]:
    seen: dict[str, int] = {}
    for ref in refs:
        line = line_of(node, ref.loc)
        if check_unique and ref.urn in seen:
            reason = f"duplicate URN {ref.urn} (first defined at line {seen[ref.urn]})"
            raise ContentError(source, line, reason)
        seen.setdefault(ref.urn, line)
        yield UrnMark(ref.urn, line, ref.kind)


def line_of(node: yaml.Node, loc: Loc) -> int:
    """1-based line of the deepest node of ``loc`` (a pydantic error location) found."""
    line = _line(node)
    current = node
    for part in loc:
        if isinstance(current, yaml.MappingNode) and isinstance(part, str):
            match = next(
                (pair for pair in current.value if _is_key(pair[0], part)),
                None,
            )
            if match is None:
                break
            line, current = _line(match[0]), match[1]
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(current.value):
                break
            current = current.value[part]
            line = _line(current)
        else:
            break
    return line


def _is_key(node: yaml.Node, name: str) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.value == name


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _with_loc(loc: Loc, reason: str) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return f"{path}: {reason}" if path else reason


# --- CSV ---


def _read_csv(path: Path, source: str, object_kind: str) -> ContentFile:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(_csv_records(csv.reader(handle), source))
    except UnicodeDecodeError as exc:
        raise ContentError(source, 1, f"not UTF-8 text: {exc.reason}") from exc
    except csv.Error as exc:
        raise ContentError(source, 1, f"invalid CSV: {exc}") from exc
    objects: list[ContentObject] = []
    defines: list[UrnMark] = []
    seen: dict[str, int] = {}
    for line, record in rows:
        urn, version = _csv_identity(record, source, line)
        if urn in seen:
            reason = f"duplicate URN {urn} (first at line {seen[urn]})"
            raise ContentError(source, line, reason)
        seen[urn] = line
        data = {**record, "urn": urn, "version": version}
        objects.append(ContentObject(object_kind, urn, version, data, source, line))
        defines.append(UrnMark(urn, line, object_kind))
    kind = object_kind
    return ContentFile(path, source, kind, None, None, None, tuple(objects), tuple(defines))


def _csv_records(reader: Any, source: str) -> Iterator[tuple[int, dict[str, str]]]:
    header = [name.strip() for name in next(reader, [])]
    missing = [name for name in ("urn", "version") if name not in header]
    if missing:
        raise ContentError(source, 1, f"the header lacks column(s): {', '.join(missing)}")
    if len(set(header)) != len(header):
        raise ContentError(source, 1, "the header repeats a column name")
    end = reader.line_num
    for row in reader:
        start, end = end + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            reason = f"the row has {len(row)} cells, the header {len(header)}"
            raise ContentError(source, start, reason)
        yield start, dict(zip(header, row, strict=True))


def _csv_identity(record: dict[str, str], source: str, line: int) -> tuple[str, int | str]:
    urn = record["urn"].strip()
    if not urn:
        raise ContentError(source, line, "the urn is empty")
    raw = record["version"].strip()
    if not raw:
        raise ContentError(source, line, "the version is empty")
    # Tabular files may carry dotted calendar versions ("2026.11.1"): kept as written.
    if not raw.isdigit():
        return urn, raw
    if int(raw) < 1:
        raise ContentError(source, line, f"version must be >= 1: {raw!r}")
    return urn, int(raw)


# --- paths ---


def _infer_root(path: Path) -> Path:
    for parent in path.resolve().parents:
        if parent.name in YAML_FOLDERS or parent.name in TABULAR_FOLDERS:
            return parent.parent
    return path.resolve().parent


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _top_folder(path: Path, root: Path) -> str | None:
    try:
        parts = path.resolve().relative_to(root.resolve()).parts
    except ValueError:
        return path.parent.name
    return parts[0] if len(parts) > 1 else None


def _skipped(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts
    return any(part in SKIPPED_DIRS or part.startswith(".") for part in parts)
