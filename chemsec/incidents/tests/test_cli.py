"""`chemsec incidents` end to end through the CLI registry: a user sees their own
organisation's incidents only, exports are the page's and the API's (STIX 2.1 bundle, MISP
event) and are audited under that user, and `clocks` exits 1 when a report is overdue."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
import stix2
from django.utils import timezone

from chemsec.cli import main

pytestmark = pytest.mark.django_db

# STIX 2.1 TLP:AMBER marking definition (OASIS STIX 2.1, section 7.2.1.4).
TLP_AMBER = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def northgate_intrusion(charlie, northgate):
    from chemsec.incidents.services import incident_record

    return incident_record(actor=charlie, organisation=northgate, kind="intrusion",
                           title="Gate forced at night")  # fmt: skip


@pytest.fixture
def overdue(alice, meridian):
    from chemsec.incidents.services import chemical_add, incident_record

    incident = incident_record(
        actor=alice, organisation=meridian, kind="disappearance", title="Stock short",
        detected_at=timezone.now() - dt.timedelta(hours=30),
    )  # fmt: skip
    chemical_add(actor=alice, incident=incident, name="Nitric acid 65 %", cas="7697-37-2",
                 quantity=Decimal(20))  # fmt: skip
    incident.refresh_from_db()
    return incident


def test_list_shows_only_the_users_organisation(theft, northgate_intrusion, capsys):
    code, out, _ = run(["incidents", "list", "--user", "alice", "--format", "json"], capsys)
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [str(theft.pk)]
    row = rows[0]
    assert row["kind"] == "theft" and row["status"] == "open"
    assert row["report_due_at"] == theft.report_due_at.isoformat()
    assert row["overdue"] is False and 0 < row["seconds_left"] <= 24 * 3600

    code, out, _ = run(["incidents", "list", "--user", "charlie"], capsys)
    assert code == 0
    assert str(northgate_intrusion.pk) in out and str(theft.pk) not in out
    assert "Drums missing" not in out


def test_list_organisation_must_be_the_users(theft, alice, charlie, capsys):
    code, out, err = run(["incidents", "list", "--user", "charlie", "--organisation", "meridian"],
                         capsys)  # fmt: skip
    assert code == 2 and "not a member" in err and out == ""  # `--format json > f` stays clean
    code, out, _ = run(["incidents", "list", "--user", "alice", "--organisation", "meridian",
                        "--open"], capsys)  # fmt: skip
    assert code == 0 and str(theft.pk) in out and "theft" in out


def test_list_open_leaves_closed_out(theft, alice, authority, capsys):
    from chemsec.incidents.services import incident_close, incident_report

    incident_report(actor=alice, incident=theft, authority=authority)
    incident_close(actor=alice, incident=theft)
    code, out, _ = run(["incidents", "list", "--user", "alice"], capsys)
    assert code == 0 and str(theft.pk) in out and "closed" in out and "reported" in out
    code, out, _ = run(["incidents", "list", "--user", "alice", "--open"], capsys)
    assert code == 0 and str(theft.pk) not in out and "No incidents." in out


def test_unknown_user_exits_2(capsys):
    code, out, err = run(["incidents", "list", "--user", "nobody"], capsys)
    assert code == 2 and "nobody" in err and out == ""


def test_export_stix_bundle_is_valid_and_audited(theft, alice, tmp_path, capsys):
    from chemsec.core.models import AuditEntry

    target = tmp_path / "incident.stix.json"
    code, _, _ = run(["incidents", "export", str(theft.pk), "--user", "alice", "--format", "stix",
                      "--output", str(target)], capsys)  # fmt: skip
    assert code == 0
    raw = target.read_text(encoding="utf-8")
    bundle = stix2.parse(raw, allow_custom=True)
    assert bundle.type == "bundle"
    assert sorted(o.type for o in bundle.objects) == ["incident", "marking-definition", "report"]
    assert all(o.object_marking_refs == [TLP_AMBER] for o in bundle.objects
               if o.type != "marking-definition")  # fmt: skip
    assert "Store B" not in raw  # only the shareable parts
    entry = AuditEntry.objects.filter(action="export", object_id=str(theft.pk)).first()
    assert entry is not None and entry.actor == alice
    assert entry.changes["format"] == [None, "stix.json"]
    assert entry.changes["file"] == [None, str(target)]


def test_export_misp_to_stdout(theft, capsys):
    from pymisp import MISPEvent

    code, out, _ = run(["incidents", "export", str(theft.pk), "--user", "alice",
                        "--format", "misp"], capsys)  # fmt: skip
    assert code == 0
    document = json.loads(out)
    assert "Event" in document
    event = MISPEvent()
    event.load(document)
    assert "tlp:amber" in {tag.name for tag in event.tags}
    assert "Drums missing" not in out


def test_export_json_and_pdf(theft, tmp_path, capsys):
    code, out, _ = run(["incidents", "export", str(theft.pk), "--user", "alice",
                        "--format", "json"], capsys)  # fmt: skip
    assert code == 0 and json.loads(out)["id"] == str(theft.pk)
    target = tmp_path / "incident.pdf"
    code, _, _ = run(["incidents", "export", str(theft.pk), "--user", "alice", "--format", "pdf",
                      "--output", str(target)], capsys)  # fmt: skip
    assert code == 0 and target.read_bytes().startswith(b"%PDF-")


# A fixed id: test ids must be the same in every test process (pytest-xdist).
@pytest.mark.parametrize("ident", ["0e98aefd-312f-4332-a206-f6655ae41f49", "not-an-id"])
def test_export_unknown_id_exits_2(ident, alice, capsys):
    from chemsec.core.models import AuditEntry

    code, out, err = run(["incidents", "export", ident, "--user", "alice", "--format", "json"],
                         capsys)  # fmt: skip
    # On stderr: `> out.json` never holds the refusal.
    assert code == 2 and f"No incident {ident}." in err and out == ""
    assert not AuditEntry.objects.filter(action="export").exists()


def test_export_of_another_organisations_incident_is_not_found(theft, charlie, capsys):
    from chemsec.core.models import AuditEntry

    code, out, err = run(["incidents", "export", str(theft.pk), "--user", "charlie",
                          "--format", "stix"], capsys)  # fmt: skip
    assert code == 2 and f"No incident {theft.pk}." in err and out == ""
    assert not AuditEntry.objects.filter(action="export").exists()


def test_clocks_running_exit_0(theft, capsys):
    code, out, _ = run(["incidents", "clocks", "--user", "alice"], capsys)
    assert code == 0
    assert str(theft.pk) in out and "1 reporting clock(s) running, 0 overdue" in out


def test_clocks_exit_1_when_overdue(theft, overdue, northgate_intrusion, capsys):
    code, out, _ = run(["incidents", "clocks", "--user", "alice"], capsys)
    assert code == 1
    assert "OVERDUE" in out and "2 reporting clock(s) running, 1 overdue" in out
    # the overdue one comes first
    assert out.index(str(overdue.pk)) < out.index(str(theft.pk))
    # charlie cannot see Meridian's overdue incident: nothing runs for him
    code, out, _ = run(["incidents", "clocks", "--user", "charlie"], capsys)
    assert code == 0 and str(overdue.pk) not in out


def test_clocks_stop_when_reported(overdue, alice, authority, officer, capsys):
    from chemsec.incidents.services import incident_report

    incident_report(actor=alice, incident=overdue, authority=authority, note="Late.")
    code, out, _ = run(["incidents", "clocks", "--user", "alice"], capsys)
    assert code == 0 and "0 reporting clock(s) running" in out


@pytest.mark.parametrize("who", ["alice", "bob", "carol", "rita"])
def test_export_follows_the_policy(who, theft, request, capsys):
    from chemsec.core.models import AuditEntry
    from chemsec.core.policy import can

    user = request.getfixturevalue(who)
    allowed = can(user, "incident.export", theft)
    code, out, err = run(["incidents", "export", str(theft.pk), "--user", who, "--format", "json"],
                         capsys)  # fmt: skip
    assert code == (0 if allowed else 2)
    audited = AuditEntry.objects.filter(action="export", actor=user).exists()
    assert audited is allowed
    if not allowed:
        assert ("may not export" in err or "No incident" in err) and out == ""


def test_an_output_that_cannot_be_written_records_no_export(theft, tmp_path, capsys):
    """The trail says the incident was exported only when the file exists: a mistyped
    folder exits 1 with the reason and leaves no "export" entry."""
    from chemsec.core.models import AuditEntry

    target = tmp_path / "no-such-folder" / "incident.pdf"
    code, _, err = run(["incidents", "export", str(theft.pk), "--user", "alice", "--format", "pdf",
                        "--output", str(target)], capsys)  # fmt: skip
    assert code == 1 and "Cannot write" in err
    assert not target.exists()
    assert not AuditEntry.objects.filter(action="export", object_id=str(theft.pk)).exists()
