"""`chemsec stock import` and `chemsec stock reconcile`, as a site's scheduler runs them."""

from __future__ import annotations

import json

import pytest

from chemsec.cli import main
from chemsec.stock.models import Movement

MOVEMENTS = """date,cas,name,kind,quantity,unit,reference
2026-01-06,7782-50-5,Chlorine,consumption,200,kg,
2026-01-07,7782-50-5,Chlorine,receipt,0.5,t,GRN-7
2026-01-08,7782-50-5,Chlorine,stolen,5,kg,
"""


@pytest.fixture
def snapshots(precise, alice):
    from chemsec.facilities.inventory import inventory_import_start
    from chemsec.facilities.tests.conftest import upload

    def snapshot(kg):
        body = f"identifier,name,quantity,unit\n7782-50-5,Chlorine,{kg},kg\n"
        made = inventory_import_start(facility=precise, actor=alice, upload=upload(body))[0]
        made.refresh_from_db()
        return made

    return snapshot(1800), snapshot(2000)


def test_import_then_reconcile_flags_what_is_unaccounted_for(precise, snapshots, tmp_path, capsys):
    path = tmp_path / "movements.csv"
    path.write_text(MOVEMENTS, encoding="utf-8")
    assert main(["stock", "import", "--facility", str(precise.pk), str(path)]) == 1
    assert "3 row(s) read, 1 with errors" in capsys.readouterr().out  # "stolen" is no kind
    assert Movement.objects.filter(facility=precise).count() == 2
    opening, closing = snapshots
    period = ["--from", "2026-01-01", "--to", "2026-01-31"]
    inventories = ["--opening", str(opening.pk), "--closing", str(closing.pk)]
    args = ["stock", "reconcile", "--facility", str(precise.pk), *period, *inventories]
    # 1800 + 500 - 200 = 2100 on the books, 2000 counted: 100 kg unaccounted for.
    assert main([*args, "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    chlorine = next(b for b in out["balances"] if b["chemical"] == "7782-50-5")
    assert chlorine["muf_kg"] == pytest.approx(100) and chlorine["alert"]


def test_reconcile_refuses_a_period_that_ends_before_it_starts(precise, snapshots, capsys):
    opening, closing = snapshots
    code = main(["stock", "reconcile", "--facility", str(precise.pk), "--from", "2026-02-01",
                 "--to", "2026-01-01", "--opening", str(opening.pk),
                 "--closing", str(closing.pk)])  # fmt: skip
    assert code == 2 and "ends before it starts" in capsys.readouterr().out
