"""`chemsec supplychain import-lists FILE...` and `chemsec supplychain rescreen`."""

from __future__ import annotations

import json

import pytest

from chemsec.cli import main
from chemsec.sanctions.models import ListVersion, Screening
from chemsec.sanctions.tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db(transaction=False)


def test_the_commands_import_files_as_versions_and_rescreen_customers(
    alice, meridian, capsys, django_capture_on_commit_callbacks
):
    from chemsec.supplychain.services import customer_create

    customer_create(actor=alice, organisation=meridian, legal_name="Baltic Solvents Ltd",
                    country="LV", customer_type="professional")  # fmt: skip
    files = [str(FIXTURES / "uk-sanctions-list.xml"), str(FIXTURES / "us-csl.csv"), "nope.xml"]
    with django_capture_on_commit_callbacks(execute=True):
        status = main(["supplychain", "import-lists", "--organisation", meridian.slug, *files])
    out, err = capsys.readouterr()
    assert status == 1 and "nope.xml" in err  # the missing file is named; the others go in
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(x["list"], x["entries"]) for x in lines] == [("uk", 2), ("us_csl", 2)]
    assert ListVersion.objects.filter(organisation=meridian).count() == 2
    assert main(["supplychain", "rescreen", "--organisation", meridian.slug]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["parties"] == 1 and result["potential_matches"] == 1
    assert Screening.objects.filter(status="potential").count() >= 1
