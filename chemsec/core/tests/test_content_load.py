"""`load-content` is idempotent, reports what changed, and changes nothing on a bad file."""

import shutil
from pathlib import Path

import pytest

from chemsec.cli import main
from chemsec.content.reader import DEFAULT_ROOT
from chemsec.core.content_sync import ContentLoadError, content_load
from chemsec.core.models import AuditEntry, ContentItem

pytestmark = pytest.mark.django_db

PRACTICE = """\
kind: compendium
urn: urn:chemsec:compendium:test
version: 1
title: Test practices
objects:
  - urn: urn:chemsec:practice:test-one
    version: 1
    title: Keep a register of who holds keys
    summary: A short summary of the practice for tests.
    body: BODY
    stages: [storage]
    audiences: [facility_operator]
    measure_types: [physical_protection]
    threats: [theft_diversion]
    facility_scale: [small]
    references: [{title: Guidance, publisher: Someone, year: 2020}]
    related: []
    language: en
    keywords: [keys]
""".replace("BODY", " ".join(["Record"] * 160))


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "compendium").mkdir()
    (tmp_path / "compendium" / "test.yaml").write_text(PRACTICE)
    return tmp_path


def test_it_loads_then_reports_nothing_changed_the_second_time(tree):
    first = content_load(root=tree)
    assert first.created["practice"] == 1 or sum(first.created.values()) == 1
    second = content_load(root=tree)
    assert not second.changed and sum(second.unchanged.values()) == 1
    assert ContentItem.objects.count() == 1


def test_it_reports_updates_and_removals(tree):
    content_load(root=tree)
    path = tree / "compendium" / "test.yaml"
    path.write_text(PRACTICE.replace("A short summary of", "A better summary of"))
    assert sum(content_load(root=tree).updated.values()) == 1
    path.unlink()
    assert sum(content_load(root=tree).removed.values()) == 1
    assert ContentItem.objects.count() == 0


def test_it_aborts_on_a_bad_file_and_leaves_the_database_as_it_was(tree):
    content_load(root=tree)
    before = list(ContentItem.objects.values_list("urn", "checksum"))
    audit_before = AuditEntry.objects.count()
    good = tree / "compendium" / "test.yaml"
    good.write_text(PRACTICE.replace("A short summary of", "A changed summary of"))
    (tree / "compendium" / "bad.yaml").write_text(
        PRACTICE.replace("test-one", "test-two").replace("stages: [storage]", "stages: [moon]")
    )
    with pytest.raises(ContentLoadError) as error:
        content_load(root=tree)
    message = str(error.value)
    assert message.startswith("compendium/bad.yaml:") and "stages" in message
    line = int(message.split(":")[1])
    assert (
        (tree / "compendium" / "bad.yaml")
        .read_text()
        .splitlines()[line - 1]
        .strip()
        .startswith("stages")
    )
    assert list(ContentItem.objects.values_list("urn", "checksum")) == before
    assert AuditEntry.objects.count() == audit_before


def test_it_changes_nothing_on_a_dry_run(tree):
    report = content_load(root=tree, dry_run=True)
    assert sum(report.created.values()) == 1 and ContentItem.objects.count() == 0


def test_it_loads_every_shipped_content_file(tmp_path):
    report = content_load()
    assert sum(report.created.values()) == ContentItem.objects.count() > 0
    assert not content_load().changed


def test_it_exits_2_from_the_cli_on_a_bad_file(tree, capsys):
    (tree / "compendium" / "bad.yaml").write_text("kind: compendium\nurn: [oops\n")
    assert main(["load-content", "--path", str(tree)]) == 2
    assert "compendium/bad.yaml" in capsys.readouterr().err


def test_it_loads_the_shipped_tree_from_a_copy(tmp_path):
    copy = Path(
        shutil.copytree(
            DEFAULT_ROOT,
            tmp_path / "content",
            ignore=shutil.ignore_patterns("tests", "*.py", "__pycache__"),
        )
    )
    assert sum(content_load(root=copy).created.values()) > 0


def test_a_lists_names_in_other_languages_are_not_read_as_list_entries():
    """lists/cwc_names.csv (read by chemsec.screening.list_names) sits beside cwc.csv; read
    as list entries it stopped `chemsec load-content`, and with it the README's first
    command, on a fresh clone."""
    from chemsec.content.reader import DEFAULT_ROOT, iter_content_paths

    paths = [p.relative_to(DEFAULT_ROOT).as_posix() for p in iter_content_paths(DEFAULT_ROOT)]
    assert "lists/cwc.csv" in paths
    assert (DEFAULT_ROOT / "lists/cwc_names.csv").exists()
    assert not [p for p in paths if "_names" in p]
