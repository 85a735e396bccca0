"""The audit log shows each changed field with its old and new value."""

import pytest

from chemsec.core.audit_display import LONGEST, change_rows
from chemsec.core.policy import SYSTEM
from chemsec.core.writes import write_update


def test_it_reads_the_one_format_field_by_field():
    rows = change_rows({"name": ["Old", "New"], "country": [None, "FR"]})
    assert [(r.field, r.old, r.new) for r in rows] == [
        ("name", "Old", "New"),
        ("country", "", "FR"),
    ]


def test_it_shows_older_entries_as_new_values_and_cuts_long_ones():
    rows = change_rows({"revoked": True, "document": {"x": "y" * 500}})
    assert rows[0].new == "true" and rows[0].old == ""
    assert len(rows[1].new) == LONGEST and rows[1].new.endswith("…")
    assert change_rows({}) == [] and change_rows(None) == []


@pytest.mark.django_db
def test_the_audit_page_lists_changes_without_python_reprs(client, alice, meridian):
    write_update(meridian, actor=SYSTEM, values={"description": "Audited body"})
    client.force_login(alice)
    page = client.get("/audit/").content.decode()
    assert "<dt><code>description</code></dt>" in page
    assert "<ins>Audited body</ins>" in page
    assert "{&#x27;" not in page and "{'" not in page
