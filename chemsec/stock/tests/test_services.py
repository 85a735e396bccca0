"""Stock services: movements, files, reconciliation against the worked example, refusals."""

from __future__ import annotations

import math
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from chemsec.core.audit import AuditEntry  # noqa: F401 - the trail the services write
from chemsec.core.policy import Denied, NotVisible
from chemsec.stock import services
from chemsec.stock.models import Balance, BatchStatus, Movement, RejectedRow

JAN1, JAN31 = date(2026, 1, 1), date(2026, 1, 31)


def record(plant, actor, kind, kg, day=date(2026, 1, 10), key="7782-50-5"):
    return services.movement_record(
        facility=plant, actor=actor, chemical_key=key, chemical_name="Chlorine", kind=kind,
        quantity_kg=kg, occurred_on=day,
    )  # fmt: skip


def test_worked_example_raises_an_alert(precise, alice):
    record(precise, alice, "receipt", 500)
    record(precise, alice, "consumption", 300)
    run = services.reconcile(
        facility=precise, actor=alice, start=JAN1, end=JAN31,
        stated={"7782-50-5": (1000, 1150)},
    )  # fmt: skip
    balance = run.balances.get()
    assert balance.muf_kg == pytest.approx(50)
    assert balance.sigma_kg == pytest.approx(math.sqrt(100 + 25 + 36 + 100))
    assert balance.alert and balance.reasons == ["sigma"]
    assert run.alert_count == 1 and run.chemical_count == 1
    assert balance.components["receipt"]["count"] == 1


def test_outside_the_period_is_not_counted(precise, alice):
    record(precise, alice, "consumption", 300, day=date(2026, 2, 1))
    run = services.reconcile(
        facility=precise, actor=alice, start=JAN1, end=JAN31, stated={"7782-50-5": (100, 100)}
    )
    assert run.balances.get().muf_kg == 0 and not run.balances.get().alert


def test_threshold_of_the_organisation(precise, alice, meridian):
    services.settings_set(organisation=meridian, actor=alice, k=3, threshold_kg=5)
    run = services.reconcile(
        facility=precise, actor=alice, start=JAN1, end=JAN31, stated={"7782-50-5": (1000, 990)}
    )
    balance = run.balances.get()
    assert balance.reasons == ["threshold"] and balance.threshold_kg == 5


def test_snapshots_give_opening_and_closing(precise, alice):
    from chemsec.facilities.inventory import inventory_import_start
    from chemsec.facilities.tests.conftest import upload

    def snapshot(kg):
        body = f"identifier,name,quantity,unit\n7782-50-5,Chlorine,{kg},kg\n"
        return inventory_import_start(facility=precise, actor=alice, upload=upload(body))[0]

    opening, closing = snapshot(1800), snapshot(1500)
    opening.refresh_from_db()
    closing.refresh_from_db()
    record(precise, alice, "consumption", 200)
    run = services.reconcile(
        facility=precise, actor=alice, start=JAN1, end=JAN31,
        opening_snapshot=opening, closing_snapshot=closing,
    )  # fmt: skip
    balance = run.balances.get(chemical_key="7782-50-5")
    assert (balance.opening_kg, balance.closing_kg, balance.muf_kg) == (1800, 1500, 100)
    assert balance.opening_source == "snapshot" and balance.alert


def test_quantity_sign_checked(plant, alice):
    with pytest.raises(ValidationError):
        record(plant, alice, "receipt", -5)
    assert record(plant, alice, "adjustment", -5).quantity_kg == -5


def test_period_must_not_end_before_it_starts(plant, alice):
    with pytest.raises(ValidationError):
        services.reconcile(facility=plant, actor=alice, start=JAN31, end=JAN1, stated={"x": (0, 0)})


CSV = """date,cas,name,kind,quantity,unit,reference
2026-01-05,7782-50-5,Chlorine,receipt,1,t,GRN-1
2026-01-06,7782-50-5,Chlorine,consumption,200,kg,
2026-01-07,7782-50-5,Chlorine,adjustment,-3,kg,spill
06/01/2026,7782-50-5,Chlorine,receipt,5,kg,
2026-01-08,,Chlorine,receipt,5,kg,
2026-01-09,7782-50-5,Chlorine,stolen,5,kg,
2026-01-10,7782-50-5,Chlorine,receipt,-5,kg,
2026-01-11,7782-50-5,Chlorine,receipt,5,furlongs,
"""


def test_file_import_keeps_every_row(plant, alice):
    batch, job = services.movements_import_start(
        facility=plant, actor=alice, upload=services_upload(CSV)
    )
    batch.refresh_from_db()
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert batch.status == BatchStatus.DONE
    assert (batch.row_count, batch.error_count) == (8, 5)
    kept = Movement.objects.filter(batch=batch).order_by("line")
    assert [(m.kind, m.quantity_kg) for m in kept] == [
        ("receipt", 1000), ("consumption", 200), ("adjustment", -3)
    ]  # fmt: skip
    reasons = dict(RejectedRow.objects.filter(batch=batch).values_list("line", "reason"))
    assert set(reasons) == {5, 6, 7, 8, 9}
    assert "YYYY-MM-DD" in reasons[5] and "chemical missing" in reasons[6]
    assert "unknown kind" in reasons[7] and "positive" in reasons[8] and "unit" in reasons[9]


def test_file_import_resumes_after_the_last_line(plant, alice, tmp_path, settings):
    path = tmp_path / "moves.csv"
    path.write_text(CSV)
    settings.CHEMSEC_STOCK_CHUNK = 2
    batch = services.movements_import_local(facility=plant, actor=alice, path=str(path))
    again = services.movements_import(batch=batch, path=str(path), actor=alice)
    assert again.row_count == 8 and Movement.objects.filter(batch=batch).count() == 3


def test_file_without_columns_fails_and_says_which(plant, alice, tmp_path):
    path = tmp_path / "moves.csv"
    path.write_text("foo,bar\n1,2\n")
    batch = services.movements_import_local(facility=plant, actor=alice, path=str(path))
    assert batch.status == BatchStatus.FAILED and "date" in batch.error


def services_upload(text):
    from chemsec.facilities.tests.conftest import upload

    return upload(text, "movements.csv")


def test_incident_hook_says_when_the_log_is_missing(precise, alice, monkeypatch):
    run = services.reconcile(
        facility=precise, actor=alice, start=JAN1, end=JAN31, stated={"7782-50-5": (100, 0)}
    )
    balance = run.balances.get()
    monkeypatch.setattr(services, "_incident_opener", lambda: None)
    with pytest.raises(services.IncidentsUnavailable):
        services.balance_open_incident(balance=balance, actor=alice)
    opened = []

    def opener(**kwargs):
        opened.append(kwargs)
        return balance  # anything with a pk

    monkeypatch.setattr(services, "_incident_opener", lambda: opener)
    assert services.balance_open_incident(balance=balance, actor=alice).incident_ref
    assert opened[0]["code"] == "stock.unaccounted" and opened[0]["params"]["muf_kg"] == 100


# --- Refusals: each service called directly by someone who may not act -----------------------


@pytest.mark.parametrize(
    "persona, error",
    [("bob", NotVisible), ("charlie", NotVisible), ("nadia", Denied)],  # nadia: a share to read
)
def test_refusals(shared_plant, alice, bob, charlie, nadia, persona, error):
    plant = shared_plant
    actor = {"bob": bob, "charlie": charlie, "nadia": nadia}[persona]
    with pytest.raises(error):
        record(plant, actor, "receipt", 5)
    with pytest.raises(error):
        services.precision_set(facility=plant, actor=actor, kind="receipt", absolute_kg=1)
    with pytest.raises(error):
        services.reconcile(facility=plant, actor=actor, start=JAN1, end=JAN31, stated={"x": (1, 1)})
    with pytest.raises(error):
        services.movements_import_start(facility=plant, actor=actor, upload=services_upload(CSV))
    run = services.reconcile(
        facility=plant, actor=alice, start=JAN1, end=JAN31, stated={"x": (1, 0)}
    )
    with pytest.raises(error):
        services.balance_open_incident(balance=run.balances.get(), actor=actor)
    assert Balance.objects.count() == 1


def test_settings_only_for_admins(meridian, northgate, alice, bob, charlie):
    with pytest.raises(Denied):
        services.settings_set(organisation=meridian, actor=bob, k=2, threshold_kg=None)
    with pytest.raises(Denied):
        services.settings_set(organisation=meridian, actor=charlie, k=2, threshold_kg=None)
    assert services.settings_for(meridian).k == 3
    services.settings_set(organisation=meridian, actor=alice, k=2, threshold_kg=None)
    assert services.settings_for(meridian).k == 2


def test_alert_opened_in_the_incident_log(precise, alice):
    from chemsec.incidents.models import Incident

    run = services.reconcile(
        facility=precise, actor=alice, start=JAN1, end=JAN31, stated={"7782-50-5": (100, 0)}
    )
    balance = services.balance_open_incident(balance=run.balances.get(), actor=alice)
    incident = Incident.objects.get(pk=balance.incident_ref)
    assert incident.kind == "disappearance" and incident.facility_id == precise.pk
    assert incident.chemicals.get().quantity == 100
    # Asked twice, the same incident.
    again = services.balance_open_incident(balance=balance, actor=alice)
    assert again.incident_ref == balance.incident_ref and Incident.objects.count() == 1
