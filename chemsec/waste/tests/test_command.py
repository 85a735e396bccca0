"""`chemsec waste export` and `chemsec waste check-overdue`, as an operator's script runs
them."""

from __future__ import annotations

import json
from datetime import date

from chemsec.cli import main
from chemsec.core.models import AuditEntry
from chemsec.waste.models import WasteAlert


def test_export_by_manifest_number_is_audited(consignment, tmp_path, capsys):
    assert main(["waste", "export", "--user", "alice", "--consignment",
                 consignment.manifest_number, "--format", "e-manifest"]) == 0  # fmt: skip
    document = json.loads(capsys.readouterr().out)
    assert document["submissionType"] == "FullElectronic"
    out = tmp_path / "movement.json"
    assert main(["waste", "export", "--user", "alice", "--consignment", str(consignment.pk),
                 "--format", "diwass", "--output", str(out)]) == 0  # fmt: skip
    assert json.loads(out.read_text())["2_serial_number_of_shipment"] == (
        consignment.manifest_number
    )
    entries = AuditEntry.objects.filter(action="export", object_id=str(consignment.pk))
    assert [e.actor.username for e in entries] == ["alice", "alice"]  # the person, not the system


def test_unknown_consignment(alice, capsys):
    assert main(["waste", "export", "--user", "alice", "--consignment", "CS-NONE",
                 "--format", "e-basel"]) == 2  # fmt: skip
    captured = capsys.readouterr()  # the refusal on stderr: `> out.xml` never holds it
    assert "No consignment CS-NONE" in captured.err and captured.out == ""


def test_a_consignment_the_person_may_not_export_is_answered_as_unknown(consignment, charlie,
                                                                       capsys):  # fmt: skip
    """charlie belongs to no party of the consignment: the same answer as for none at all,
    and nothing exported or recorded."""
    assert main(["waste", "export", "--user", "charlie", "--consignment",
                 consignment.manifest_number, "--format", "e-manifest"]) == 2  # fmt: skip
    captured = capsys.readouterr()
    assert f"No consignment {consignment.manifest_number}" in captured.err
    assert captured.out == ""
    assert not AuditEntry.objects.filter(action="export", object_id=str(consignment.pk)).exists()


def test_an_unknown_or_inactive_user_is_refused(consignment, alice, capsys):
    alice.is_active = False
    alice.save()
    for name in ("alice", "nobody"):
        assert main(["waste", "export", "--user", name, "--consignment",
                     consignment.manifest_number, "--format", "e-manifest"]) == 2  # fmt: skip
        assert f"No active user {name}" in capsys.readouterr().err


def test_check_overdue(consignment, alice, meridian, capsys):
    from chemsec.waste.services import consignment_sign

    consignment_sign(consignment=consignment, actor=alice, organisation=meridian)
    assert date.today() > consignment.expected_by  # the fixture's date is in the past
    assert main(["waste", "check-overdue"]) == 0
    assert "1 overdue consignment(s) alerted" in capsys.readouterr().out
    assert WasteAlert.objects.filter(code="overdue").count() == 1


def test_an_output_that_cannot_be_written_records_no_export(consignment, tmp_path, capsys):
    """The trail says a consignment was exported only when the file exists: a mistyped
    folder exits 1 with the reason and leaves no "export" entry."""
    out = tmp_path / "no-such-folder" / "manifest.json"
    assert main(["waste", "export", "--user", "alice", "--consignment",
                 consignment.manifest_number, "--format", "e-manifest",
                 "--output", str(out)]) == 1  # fmt: skip
    assert "Cannot write" in capsys.readouterr().err
    assert not out.exists()
    assert not AuditEntry.objects.filter(action="export", object_id=str(consignment.pk)).exists()
