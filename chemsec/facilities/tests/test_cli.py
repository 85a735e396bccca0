"""`chemsec easi` and `chemsec plume` end to end through the CLI registry."""

import json

import pytest

from chemsec.cli import main

CASE_A = {
    "p_communication": 0.95,
    "response": {"mean": 300, "sd": 90},
    "tasks": [
        {"name": "cross perimeter fence", "p_detection": 0.0, "location": "B", "delay_mean": 10},
        {"name": "move to building", "p_detection": 0.0, "location": "B", "delay_mean": 12},
        {"name": "penetrate door", "p_detection": 0.9, "location": "B", "delay_mean": 90},
        {"name": "move to inner area", "p_detection": 0.0, "location": "B", "delay_mean": 10},
        {"name": "penetrate inner door", "p_detection": 0.9, "location": "B", "delay_mean": 90},
        {"name": "task at target", "p_detection": 0.0, "location": "B", "delay_mean": 120},
    ],
}


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path, doc):
    path = tmp_path / "input.json"
    path.write_text(json.dumps(doc))
    return str(path)


def test_it_evaluates_one_path(tmp_path, capsys):
    code, out, _ = run(["easi", write(tmp_path, CASE_A)], capsys)
    assert code == 0
    payload = json.loads(out)
    assert payload["p_interruption"] == pytest.approx(0.476041, abs=1e-6)
    assert any("0.3 x mean" in a for a in payload["assumptions"])


def test_it_evaluates_a_diagram(tmp_path, capsys):
    doc = {
        "p_communication": 0.95,
        "response": {"mean": 300, "sd": 90},
        "layers": [
            {"name": "perimeter", "elements": [CASE_A["tasks"][0],
             {"name": "gate", "p_detection": 0.6, "location": "B", "delay_mean": 5}]},
            {"name": "yard", "elements": [CASE_A["tasks"][1]]},
            {"name": "building", "elements": [CASE_A["tasks"][2]]},
            {"name": "inner", "elements": [CASE_A["tasks"][3]]},
            {"name": "vault", "elements": [CASE_A["tasks"][4]]},
            {"name": "target", "elements": [CASE_A["tasks"][5]]},
        ],
    }  # fmt: skip
    code, out, _ = run(["easi", write(tmp_path, doc)], capsys)
    assert code == 0
    payload = json.loads(out)
    assert payload["p_interruption"] == pytest.approx(0.476041, abs=1e-6)
    assert payload["most_vulnerable_path"][0]["element"] == "cross perimeter fence"
    assert payload["critical_detection_point"] == {"layer": "building", "element": "penetrate door"}
    assert len(payload["sensitivity"]) == 6


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.pop("p_communication"), "p_communication"),
        (lambda d: d["tasks"][2].update(p_detection=1.5), "tasks[2].p_detection"),
        (lambda d: d["tasks"][0].update(location="X"), "tasks[0].location"),
        (lambda d: d["tasks"][1].update(delay_mean="long"), "tasks[1].delay_mean"),
        (lambda d: d["response"].pop("mean"), "response.mean"),
    ],
)
def test_it_names_the_bad_field_and_exits_2(tmp_path, capsys, mutate, field):
    doc = json.loads(json.dumps(CASE_A))
    mutate(doc)
    code, _, err = run(["easi", write(tmp_path, doc)], capsys)
    assert code == 2
    assert field in err


def test_it_reports_unreadable_files(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    code, _, err = run(["easi", str(bad)], capsys)
    assert code == 2 and "not valid JSON" in err


def test_it_prints_plume_results(capsys):
    code, out, _ = run(
        ["plume", "--rate", "0.1", "--rate-unit", "kg/s", "--wind", "5", "--stability", "D",
         "--terrain", "rural", "--distance", "1000", "--endpoint", "2.19941",
         "--endpoint-unit", "mg/m3"],
        capsys,
    )  # fmt: skip
    assert code == 0
    payload = json.loads(out)
    assert payload["sigma_y_m"] == pytest.approx(76.277, abs=5e-4)
    assert payload["concentration_g_m3"] == pytest.approx(2.19941e-3, abs=5e-9)
    assert payload["distance_to_endpoint_m"] == pytest.approx(1000.0, rel=1e-4)
    assert payload["labels"] == []


def test_it_labels_a_heavy_gas_indicative(capsys):
    code, out, _ = run(
        ["plume", "--rate", "100", "--wind", "1.5", "--stability", "F", "--distance", "500",
         "--endpoint", "2", "--endpoint-unit", "ppm", "--molar-mass", "70.906"],
        capsys,
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["labels"] == ["indicative, dense gas"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--stability", "G"], "A-F"),
        (["--stability", "D", "--sigmas", "isc3", "--terrain", "urban"], "no urban variant"),
        (["--stability", "D", "--wind", "-1"], "--wind"),
        (["--stability", "D", "--endpoint", "3", "--endpoint-unit", "ppm"], "--molar-mass"),
        (["--stability", "D", "--rate-unit", "t/h"], "rate unit"),
    ],
)
def test_it_rejects_bad_plume_arguments(capsys, extra, message):
    base = ["plume", "--rate", "1", "--wind", "2", "--distance", "500"]
    code, _, err = run(base + extra, capsys)
    assert code == 2
    assert message in err
