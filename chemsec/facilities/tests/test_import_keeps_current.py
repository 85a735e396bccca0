"""An inventory file that yields nothing valid never becomes the facility's current
snapshot: its rows are kept with their reasons, the import says why it failed, and the
previous snapshot's chemicals of interest stay in view."""

import pytest
from django.urls import reverse

from chemsec.facilities import selectors as sel
from chemsec.facilities.inventory import inventory_import, inventory_import_start
from chemsec.lib.tabular import TabularError

from .conftest import upload

pytestmark = pytest.mark.django_db

GOOD = "identifier,quantity,unit\n7782-50-5,1000,kg\n"
ALL_BAD = "identifier,quantity,unit\n123-45-6,10,kg\n7664-93-9,ten,kg\n"


def test_a_file_with_no_valid_row_does_not_replace_the_current_snapshot(personas, plant, alice):
    good, _job = inventory_import_start(facility=plant, actor=alice, upload=upload(GOOD))
    assert sel.latest_snapshot(plant) == good
    before = sel.chemicals_of_interest(plant)
    assert [c["cas"] for c in before] == ["7782-50-5"]

    bad, job = inventory_import_start(facility=plant, actor=alice, upload=upload(ALL_BAD))
    bad.refresh_from_db()
    job.refresh_from_db()
    assert bad.status == "failed" and job.status == "failed"
    assert "none of the 2 rows" in bad.error and "previous inventory stays current" in bad.error
    assert "none of the 2 rows" in job.error
    # Every row is kept, with its reason, for the user to see.
    assert bad.row_count == 2 and bad.error_count == 2
    assert [i.line for i in bad.items.order_by("line")] == [2, 3]
    # The previous snapshot stays current, with its chemicals of interest.
    assert sel.latest_snapshot(plant) == good
    assert sel.chemicals_of_interest(plant) == before
    page = personas["alice"].get(reverse("facilities:chemicals", args=[plant.pk]))
    assert "7782-50-5" in page.content.decode()
    listing = personas["alice"].get(reverse("facilities:inventory", args=[plant.pk]))
    assert "none of the 2 rows" in listing.content.decode()
    rows = personas["alice"].get(reverse("facilities:snapshot", args=[plant.pk, bad.pk]))
    assert "is not a number" in rows.content.decode()


def test_a_file_with_no_rows_fails_too(plant, alice):
    snapshot, _job = inventory_import_start(
        facility=plant, actor=alice, upload=upload("identifier,quantity,unit\n")
    )
    snapshot.refresh_from_db()
    assert snapshot.status == "failed" and "no rows" in snapshot.error
    assert sel.latest_snapshot(plant) is None


def test_importing_the_same_snapshot_again_adds_no_rows(plant, alice, tmp_path):
    """A retried job finds its rows already stored: it says the same, and stores nothing."""
    bad, _job = inventory_import_start(facility=plant, actor=alice, upload=upload(ALL_BAD))
    bad.refresh_from_db()
    path = tmp_path / "again.csv"
    path.write_text(ALL_BAD)
    with pytest.raises(TabularError, match="none of the 2 rows"):
        inventory_import(snapshot=bad, path=str(path), actor=alice)
    assert bad.items.count() == 2
