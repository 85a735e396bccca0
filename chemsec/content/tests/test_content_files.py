"""The shipped content validates, covers the vocabularies, and broken files are reported well."""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from chemsec.content.reader import (
    DEFAULT_ROOT,
    ContentError,
    ContentFile,
    read_content_file,
    read_content_tree,
)
from chemsec.content.schemas import AUDIENCES, MEASURE_TYPES, STAGES, THREATS

# --- the shipped tree ---


@pytest.fixture(scope="module")
def tree() -> list[ContentFile]:
    return read_content_tree(DEFAULT_ROOT)


@pytest.fixture(scope="module")
def practices(tree: list[ContentFile]) -> list[dict[str, Any]]:
    return [obj.data for f in tree for obj in f.objects if obj.kind == "practice"]


def _framework(tree: list[ContentFile], slug: str) -> dict[str, Any]:
    urn = f"urn:chemsec:framework:{slug}:v1"
    return next(obj.data for f in tree for obj in f.objects if obj.urn == urn)


def test_it_validates_every_shipped_file(tree: list[ContentFile]) -> None:
    kinds = Counter(f.kind for f in tree)
    assert kinds["compendium"] >= 5
    assert kinds["framework"] == 3
    assert kinds["risk-matrix"] == 1
    for content_file in tree:
        for obj in content_file.objects:
            assert obj.urn and obj.source == content_file.source and obj.line >= 1
            assert isinstance(obj.data, dict)


def test_it_gives_yaml_objects_integer_versions(tree: list[ContentFile]) -> None:
    yaml_objects = [o for f in tree if f.urn is not None for o in f.objects]
    assert yaml_objects
    assert all(isinstance(o.version, int) and o.version >= 1 for o in yaml_objects)


def test_it_ships_at_least_85_practices(practices: list[dict[str, Any]]) -> None:
    assert len(practices) >= 85


@pytest.mark.parametrize(
    ("field", "vocabulary", "minimum"),
    [
        ("stages", STAGES, 5),
        ("audiences", AUDIENCES, 5),
        ("measure_types", MEASURE_TYPES, 5),
        ("threats", THREATS, 10),
    ],
)
def test_it_covers_every_vocabulary_code(
    practices: list[dict[str, Any]], field: str, vocabulary: tuple[str, ...], minimum: int
) -> None:
    counts = Counter(code for entry in practices for code in entry[field])
    thin = {code: counts[code] for code in vocabulary if counts[code] < minimum}
    assert not thin, f"{field} codes below {minimum} entries: {thin}"


def test_it_links_every_question_to_existing_practices(tree: list[ContentFile]) -> None:
    practice_urns = {o.urn for f in tree for o in f.objects if o.kind == "practice"}
    for slug in ("national-capacity", "facility-security", "ot-cyber"):
        for section in _framework(tree, slug)["sections"]:
            for question in section["questions"]:
                assert question["practices"]
                assert set(question["practices"]) <= practice_urns, question["urn"]


def test_it_organises_the_facility_framework_by_the_18_standards(
    tree: list[ContentFile],
) -> None:
    framework = _framework(tree, "facility-security")
    urns = [s["urn"] for s in framework["sections"]]
    base = "urn:chemsec:framework:facility-security:v1"
    assert urns == [f"{base}:rbps-{n:02d}" for n in range(1, 19)]
    assert all(3 <= len(s["questions"]) <= 5 for s in framework["sections"])


def test_it_gives_the_national_framework_twelve_sections_of_four_to_six_questions(
    tree: list[ContentFile],
) -> None:
    framework = _framework(tree, "national-capacity")
    assert framework["audience"] == "state"
    assert len(framework["sections"]) == 12
    assert all(4 <= len(s["questions"]) <= 6 for s in framework["sections"])
    answer_types = Counter(q["answer_type"] for s in framework["sections"] for q in s["questions"])
    assert answer_types.most_common(1)[0][0] == "maturity"
    assert set(answer_types) == {"maturity", "yes_partial_no_na", "number", "text"}


def test_it_ships_a_5x5_matrix_with_four_levels(tree: list[ContentFile]) -> None:
    matrix = next(o.data for f in tree for o in f.objects if o.kind == "risk-matrix")
    assert [level["code"] for level in matrix["levels"]] == ["low", "medium", "high", "very_high"]
    assert len(matrix["grid"]) == 5 and all(len(row) == 5 for row in matrix["grid"])
    assert matrix["grid"][0][0] == "low" and matrix["grid"][4][4] == "very_high"


def test_it_reads_the_tabular_folders_as_csv_rows(tree: list[ContentFile]) -> None:
    tabular = [f for f in tree if f.source.split("/")[0] in {"lists", "endpoints", "thresholds"}]
    for content_file in tabular:
        assert content_file.source.endswith(".csv")
        assert content_file.kind in {"list-entry", "endpoint", "threshold"}


# --- broken files ---

BODY = " ".join(["Lock the store and count what is inside it every week."] * 16)


def _entry(slug: str, **changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "urn": f"urn:chemsec:practice:{slug}",
        "version": 1,
        "title": f"Practice {slug}",
        "summary": "A short summary of the practice. It has two sentences.",
        "body": f"## What\n{BODY}\n",
        "stages": ["storage", "research"],
        "audiences": ["facility_operator"],
        "measure_types": ["inventory_control"],
        "threats": ["theft_diversion"],
        "facility_scale": ["small"],
        "references": [{"title": "A public guide", "publisher": "A publisher", "year": 2020}],
        "related": [],
        "language": "en",
        "keywords": ["inventory"],
    }
    entry.update(changes)
    return entry


def _compendium(*entries: dict[str, Any], urn: str = "urn:chemsec:library:test") -> dict[str, Any]:
    return {"kind": "compendium", "urn": urn, "version": 1, "title": "Test", "objects": [*entries]}


def _write(root: Path, relative: str, content: dict[str, Any] | str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def _line_containing(path: Path, needle: str, occurrence: int = 1) -> int:
    hits = [n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def _error(path: Path, root: Path) -> ContentError:
    with pytest.raises(ContentError) as info:
        read_content_file(path, root=root)
    return info.value


def test_it_reads_a_valid_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "compendium/good.yaml", _compendium(_entry("alpha"), _entry("beta")))
    content_file = read_content_file(path, root=tmp_path)
    assert content_file.source == "compendium/good.yaml"
    assert [o.urn for o in content_file.objects] == [
        "urn:chemsec:practice:alpha",
        "urn:chemsec:practice:beta",
    ]
    assert content_file.objects[1].line == _line_containing(path, "practice:beta")
    assert content_file.objects[0].data["stages"] == ["storage", "research"]


def test_it_names_the_line_of_a_wrong_vocabulary_code(tmp_path: Path) -> None:
    entry = _entry("alpha", stages=["storage", "not_a_stage"])
    path = _write(tmp_path, "compendium/bad.yaml", _compendium(_entry("zero"), entry))
    error = _error(path, tmp_path)
    assert error.file == "compendium/bad.yaml"
    assert error.line == _line_containing(path, "not_a_stage")
    assert "stages" in error.reason
    assert str(error).startswith(f"compendium/bad.yaml:{error.line}: ")


def test_it_names_the_entry_line_when_a_field_is_missing(tmp_path: Path) -> None:
    entry = _entry("alpha")
    del entry["summary"]
    path = _write(tmp_path, "compendium/bad.yaml", _compendium(_entry("zero"), entry))
    error = _error(path, tmp_path)
    assert error.line == _line_containing(path, "practice:alpha")
    assert "summary" in error.reason and "required" in error.reason.lower()


def test_it_rejects_unknown_fields_at_their_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "compendium/bad.yaml", _compendium(_entry("alpha", colour="red")))
    error = _error(path, tmp_path)
    assert error.line == _line_containing(path, "colour: red")
    assert "colour" in error.reason


def test_it_rejects_a_body_outside_the_word_limits(tmp_path: Path) -> None:
    path = _write(tmp_path, "compendium/bad.yaml", _compendium(_entry("alpha", body="Too short.")))
    error = _error(path, tmp_path)
    assert error.line == _line_containing(path, "body:")
    assert "150-400 words" in error.reason


def test_it_reports_bad_yaml_at_the_syntax_error(tmp_path: Path) -> None:
    text = "kind: compendium\nurn: urn:chemsec:library:test\nversion: 1\ntitle: [unclosed\n"
    path = _write(tmp_path, "compendium/bad.yaml", text)
    error = _error(path, tmp_path)
    assert error.file == "compendium/bad.yaml"
    assert error.line == 4
    assert "invalid YAML" in error.reason


def test_it_reports_a_bad_indentation_at_its_line(tmp_path: Path) -> None:
    text = "kind: compendium\nurn: urn:chemsec:library:test\n  version: 1\ntitle: x\n"
    path = _write(tmp_path, "compendium/bad.yaml", text)
    error = _error(path, tmp_path)
    assert error.line == 3 and "invalid YAML" in error.reason


def test_it_rejects_a_repeated_key(tmp_path: Path) -> None:
    text = "kind: compendium\nurn: urn:chemsec:library:test\nversion: 1\nversion: 2\n"
    path = _write(tmp_path, "compendium/bad.yaml", text)
    assert _error(path, tmp_path).line == 4


def test_it_rejects_an_unknown_kind(tmp_path: Path) -> None:
    content = _compendium(_entry("alpha"))
    content["kind"] = "checklist"
    path = _write(tmp_path, "compendium/bad.yaml", content)
    error = _error(path, tmp_path)
    assert error.line == 1 and "kind must be one of" in error.reason


def test_it_reports_a_dangling_reference_at_its_line(tmp_path: Path) -> None:
    missing = "urn:chemsec:practice:does-not-exist"
    entry = _entry("alpha", related=["urn:chemsec:practice:beta", missing])
    path = _write(tmp_path, "compendium/a.yaml", _compendium(entry, _entry("beta")))
    with pytest.raises(ContentError) as info:
        read_content_tree(tmp_path)
    assert info.value.file == "compendium/a.yaml"
    assert info.value.line == _line_containing(path, "does-not-exist")
    assert missing in info.value.reason


def test_it_reports_a_duplicate_urn_across_files(tmp_path: Path) -> None:
    _write(tmp_path, "compendium/a.yaml", _compendium(_entry("alpha")))
    second = _compendium(_entry("beta"), _entry("alpha"), urn="urn:chemsec:library:other")
    path = _write(tmp_path, "compendium/b.yaml", second)
    with pytest.raises(ContentError) as info:
        read_content_tree(tmp_path)
    assert info.value.file == "compendium/b.yaml"
    assert info.value.line == _line_containing(path, "urn: urn:chemsec:practice:alpha")
    assert "duplicate URN" in info.value.reason and "compendium/a.yaml" in info.value.reason


def test_it_reports_a_duplicate_urn_within_a_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "compendium/a.yaml", _compendium(_entry("alpha"), _entry("alpha")))
    error = _error(path, tmp_path)
    assert error.line == _line_containing(path, "urn: urn:chemsec:practice:alpha", occurrence=2)


def _framework_file(practices: list[str]) -> dict[str, Any]:
    base = "urn:chemsec:framework:demo:v1"
    question = {
        "urn": f"{base}:one:q01",
        "code": "D-1.1",
        "text": "Is the store locked when unattended?",
        "answer_type": "yes_partial_no_na",
        "guidance": "Check the store outside working hours.",
        "weight": 2,
        "practices": practices,
    }
    section = {
        "urn": f"{base}:one",
        "code": "D-1",
        "title": "Stores",
        "description": "Stores are secured.",
        "questions": [question],
    }
    framework = {
        "urn": base,
        "version": 1,
        "title": "Demo framework",
        "description": "Maturity 0-4.",
        "audience": "facility",
        "sections": [section],
    }
    return {
        "kind": "framework",
        "urn": "urn:chemsec:library:framework:demo",
        "version": 1,
        "title": "Demo",
        "objects": [framework],
    }


def test_it_reports_a_dangling_practice_in_a_framework_question(tmp_path: Path) -> None:
    _write(tmp_path, "compendium/a.yaml", _compendium(_entry("alpha")))
    content = _framework_file(["urn:chemsec:practice:alpha", "urn:chemsec:practice:gone"])
    path = _write(tmp_path, "frameworks/demo.yaml", content)
    with pytest.raises(ContentError) as info:
        read_content_tree(tmp_path)
    assert info.value.file == "frameworks/demo.yaml"
    assert info.value.line == _line_containing(path, "practice:gone")


def test_it_requires_question_urns_under_their_section(tmp_path: Path) -> None:
    content = _framework_file(["urn:chemsec:practice:alpha"])
    question = content["objects"][0]["sections"][0]["questions"][0]
    question["urn"] = "urn:chemsec:framework:demo:v1:elsewhere:q01"
    path = _write(tmp_path, "frameworks/demo.yaml", content)
    error = _error(path, tmp_path)
    assert error.line == _line_containing(path, "elsewhere:q01")


def _matrix_file() -> dict[str, Any]:
    shipped = yaml.safe_load((DEFAULT_ROOT / "matrices" / "ccps-5x5.yaml").read_text())
    return copy.deepcopy(shipped)


def test_it_rejects_a_grid_cell_with_an_unknown_level(tmp_path: Path) -> None:
    content = _matrix_file()
    content["objects"][0]["grid"][2][3] = "extreme"
    path = _write(tmp_path, "matrices/m.yaml", content)
    error = _error(path, tmp_path)
    assert error.line == _line_containing(path, "- extreme")
    assert "likelihood 3, consequence 4" in error.reason


def test_it_rejects_a_grid_of_the_wrong_shape(tmp_path: Path) -> None:
    content = _matrix_file()
    content["objects"][0]["grid"].pop()
    path = _write(tmp_path, "matrices/m.yaml", content)
    error = _error(path, tmp_path)
    assert error.line == _line_containing(path, "grid:")


def test_it_reads_csv_rows_with_their_line(tmp_path: Path) -> None:
    text = "urn,version,name\nurn:x:1,1,One\n\nurn:x:2,2026.11.1,Two\n"
    path = _write(tmp_path, "lists/demo.csv", text)
    content_file = read_content_file(path, root=tmp_path)
    assert content_file.kind == "list-entry"
    assert [(o.urn, o.version, o.line) for o in content_file.objects] == [
        ("urn:x:1", 1, 2),
        ("urn:x:2", "2026.11.1", 4),
    ]
    assert content_file.objects[0].data["name"] == "One"


def test_it_rejects_a_csv_without_an_urn_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "thresholds/demo.csv", "id,version\n1,1\n")
    error = _error(path, tmp_path)
    assert (error.file, error.line) == ("thresholds/demo.csv", 1)
    assert "urn" in error.reason


def test_it_rejects_a_duplicate_csv_urn_at_its_row(tmp_path: Path) -> None:
    text = 'urn,version,note\nurn:x:1,1,"two\nlines"\nurn:x:1,1,again\n'
    path = _write(tmp_path, "endpoints/demo.csv", text)
    error = _error(path, tmp_path)
    assert error.line == 4 and "duplicate URN" in error.reason


def test_it_rejects_a_csv_row_without_a_version(tmp_path: Path) -> None:
    path = _write(tmp_path, "lists/demo.csv", "urn,version\nurn:x:1,\n")
    error = _error(path, tmp_path)
    assert error.line == 2 and "version" in error.reason


def test_it_ignores_non_csv_files_in_tabular_folders(tmp_path: Path) -> None:
    _write(tmp_path, "lists/README.md", "# notes\n")
    _write(tmp_path, "lists/meta.yaml", "anything: goes\n")
    _write(tmp_path, "lists/demo.csv", "urn,version\nurn:x:1,1\n")
    assert [f.source for f in read_content_tree(tmp_path)] == ["lists/demo.csv"]


def test_it_infers_the_content_root_from_the_folder(tmp_path: Path) -> None:
    entry = _entry("alpha", stages=["nowhere"])
    path = _write(tmp_path, "compendium/deep/bad.yaml", _compendium(entry))
    with pytest.raises(ContentError) as info:
        read_content_file(path)
    assert info.value.file == "compendium/deep/bad.yaml"
