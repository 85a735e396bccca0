"""`chemsec oca` through the real CLI: the Guidance's table rows in, JSON out; bad input exit 2."""

from __future__ import annotations

import json

import pytest

from chemsec.cli import main

WORST = ["--terrain", "rural", "--duration", "10", "--buoyancy", "neutral",
         "--scenario", "worst-case"]  # fmt: skip


def run(argv, capsys):
    code = main(["oca", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def ok(argv, capsys):
    code, out, err = run(argv, capsys)
    assert code == 0, err
    return json.loads(out)


# (release rate, unit, endpoint, unit, molar mass, terrain, duration) -> miles, table id
ROWS = [
    ("37", "lb/min", "1", "mg/L", None, "rural", "10", 0.2, "neutral-worst-10min-rural"),
    ("4.4", "lb/min", "1", "mg/L", None, "rural", "10", 0.1, "neutral-worst-10min-rural"),
    ("347000", "lb/min", "1", "mg/L", None, "rural", "10", 25, "neutral-worst-10min-rural"),
    ("2960", "lb/min", "0.1", "mg/L", None, "rural", "10", 6.2, "neutral-worst-10min-rural"),
    ("910", "lb/min", "1", "mg/L", None, "rural", "60", 1.0, "neutral-worst-60min-rural"),
    ("75600", "lb/min", "1", "mg/L", None, "rural", "60", 25, "neutral-worst-60min-rural"),
    ("4200", "lb/min", "1", "mg/L", None, "urban", "10", 1.2, "neutral-worst-10min-urban"),
    ("21", "lb/min", "1000", "mg/m3", None, "urban", "10", 0.1, "neutral-worst-10min-urban"),
    # 200 ppm of chlorine (MW 70.906) is 0.58 mg/L; 100 lb/min -> ratio 172.5 -> 0.4 mi row
    ("100", "lb/min", "200", "ppm", "70.906", "rural", "10", 0.4, "neutral-worst-10min-rural"),
    # 1 kg/s = 132.28 lb/min over 1 mg/L: between 97 and 180 -> 0.4 mi
    ("1", "kg/s", "1", "mg/L", None, "rural", "10", 0.4, "neutral-worst-10min-rural"),
]


@pytest.mark.parametrize(("rate", "ru", "ep", "eu", "mw", "terrain", "dur", "miles", "table"), ROWS)
def test_it_reads_the_guidance_rows(capsys, rate, ru, ep, eu, mw, terrain, dur, miles, table):
    argv = ["--release-rate", rate, "--rate-unit", ru, "--endpoint", ep, "--endpoint-unit", eu,
            "--terrain", terrain, "--duration", dur, "--buoyancy", "neutral",
            "--scenario", "worst-case"]  # fmt: skip
    if mw:
        argv += ["--molar-mass", mw]
    out = ok(argv, capsys)
    assert out["distance_mi"] == miles
    assert out["distance_m"] == pytest.approx(miles * 1609.344)
    assert out["table"]["id"] == table
    assert out["method"] == "EPA OCA reference tables"
    assert "EPA 550-B-99-009" in out["source"]
    assert out["table"]["source_url"].startswith("https://rapidn.jrc.ec.europa.eu/")


@pytest.mark.parametrize(
    ("rate", "terrain", "miles"),
    [("1000", "rural", 1.8), ("1000", "urban", 1.2), ("1", "urban", 0.1), ("150000", "rural", 22),
     ("200000", "urban", 15)],
)  # fmt: skip
def test_it_reads_the_ammonia_table_by_cas(capsys, rate, terrain, miles):
    out = ok(["--release-rate", rate, "--cas", "7664-41-7", "--terrain", terrain,
              "--duration", "10", "--buoyancy", "dense", "--scenario", "worst-case"],
             capsys)  # fmt: skip
    assert out["distance_mi"] == miles
    assert out["table"]["id"] == f"ammonia-pressurised-worst-{terrain}"
    assert out["endpoint_mg_l"] == 0.14


def test_it_takes_the_ammonia_endpoint_typed_in_ppm(capsys):
    out = ok(["--release-rate", "1000", "--cas", "7664-41-7", "--endpoint", "200",
              "--endpoint-unit", "ppm", "--molar-mass", "17.03", *WORST], capsys)  # fmt: skip
    assert out["distance_mi"] == 1.8


def test_beyond_25_miles_has_no_distance_but_says_so(capsys):
    out = ok(["--release-rate", "400000", "--endpoint", "1", *WORST], capsys)
    assert out["distance_mi"] is None and out["distance_m"] is None
    assert out["distance_text"] == "> 25 mi" and out["reading"] == "beyond-25-miles"


def test_below_the_first_row_is_an_upper_bound(capsys):
    out = ok(["--release-rate", "1", "--endpoint", "1", *WORST], capsys)
    assert out["distance_mi"] == 0.1 and out["at_most"] is True
    assert out["distance_text"] == "< 0.1 mi"


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["--release-rate", "inf", "--endpoint", "1"], "--release-rate"),
        (["--release-rate", "nan", "--endpoint", "1"], "--release-rate"),
        (["--release-rate", "-5", "--endpoint", "1"], "--release-rate"),
        (["--release-rate", "5", "--endpoint", "0"], "--endpoint"),
        (["--release-rate", "5", "--endpoint", "inf"], "--endpoint"),
        (["--release-rate", "5"], "--endpoint"),
        (["--release-rate", "5", "--endpoint", "1", "--rate-unit", "t/h"], "--rate-unit"),
        (["--release-rate", "5", "--endpoint", "1", "--endpoint-unit", "ppm"], "--endpoint-unit"),
        (["--release-rate", "5", "--endpoint", "1", "--endpoint-unit", "bar"], "--endpoint-unit"),
        (["--release-rate", "5", "--endpoint", "1", "--terrain", "suburban"], "--terrain"),
        (["--release-rate", "5", "--endpoint", "1", "--duration", "30"], "--duration"),
        (["--release-rate", "5", "--endpoint", "1", "--buoyancy", "light"], "--buoyancy"),
        (["--release-rate", "5", "--endpoint", "1", "--scenario", "worst"], "--scenario"),
        (["--release-rate", "5", "--cas", "7664-41-7", "--endpoint", "1"], "--endpoint"),
        (["--release-rate", "5", "--cas", "7664-41-7", "--duration", "60"], "--duration"),
        (["--release-rate", "5", "--cas", "7664-41-7", "--form", "gas"], "--form"),
    ],
)
def test_bad_inputs_exit_2_naming_the_flag(capsys, argv, flag):
    code, out, err = run(argv, capsys)
    assert code == 2 and out == ""
    assert err.startswith(f"chemsec: error: {flag}:")


@pytest.mark.parametrize(
    "argv",
    [
        ["--release-rate", "5", "--endpoint", "1", "--buoyancy", "dense"],
        ["--release-rate", "5", "--endpoint", "1", "--scenario", "alternative"],
        ["--release-rate", "5", "--endpoint", "1", "--terrain", "urban", "--duration", "60"],
        ["--release-rate", "5000", "--endpoint", "1", "--terrain", "urban"],
    ],
)
def test_what_no_verified_table_answers_exits_3_and_says_why(capsys, argv):
    code, out, err = run(argv, capsys)
    assert code == 3 and out == ""
    assert "EPA OCA reference tables" in err and "not shipped" in err
