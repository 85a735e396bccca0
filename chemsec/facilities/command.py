"""``chemsec easi`` and ``chemsec plume``: protection evaluation and plume estimates.

Handlers import the science (scipy, pint) only when they run, so that
``chemsec --help`` stays fast. Bad input: a message naming the field, exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

EXIT_USAGE = 2


def register(subparsers: Any) -> None:
    easi = subparsers.add_parser(
        "easi",
        help="EASI probability of interruption for a path or an adversary sequence diagram",
        description="Read a path or a diagram from a JSON file and print the EASI result.",
    )
    easi.add_argument("file", help="JSON file with tasks (one path) or layers (a diagram)")
    easi.set_defaults(handler=handle_easi)

    plume = subparsers.add_parser(
        "plume",
        help="Gaussian plume concentration and distance to a toxic endpoint",
        description="Continuous point source with ground reflection; flat terrain, "
        "neutrally buoyant gas.",
    )
    plume.add_argument("--rate", type=float, required=True, help="release rate")
    plume.add_argument("--rate-unit", default="g/s", help="g/s, kg/s or lb/min")
    plume.add_argument("--wind", type=float, required=True, help="wind speed, m/s")
    plume.add_argument("--stability", required=True, help="Pasquill-Gifford class A-F")
    plume.add_argument("--terrain", default="rural", help="rural or urban")
    plume.add_argument("--distance", type=float, required=True, help="downwind distance, m")
    plume.add_argument("--height", type=float, default=0.0, help="release height, m")
    plume.add_argument("--crosswind", type=float, default=0.0, help="crosswind offset, m")
    plume.add_argument("--sigmas", default="briggs", help="briggs, isc3 or degadis")
    plume.add_argument("--endpoint", type=float, help="toxic endpoint value")
    plume.add_argument("--endpoint-unit", default="mg/m3", help="mg/m3, mg/L or ppm")
    plume.add_argument("--molar-mass", type=float, help="g/mol (needed for ppm)")
    plume.set_defaults(handler=handle_plume)


def _fail(message: str) -> int:
    print(f"chemsec: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _print(payload: dict[str, Any]) -> None:
    print(json.dumps(payload, indent=2, sort_keys=False))


def _load_json(path: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"{path}: cannot read file ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc


def handle_easi(args: argparse.Namespace) -> int:
    from chemsec.science import inputs
    from chemsec.science.easi import evaluate_path
    from chemsec.science.paths import most_vulnerable_path

    try:
        doc = _load_json(args.file)
        if inputs.is_diagram(doc):
            result = most_vulnerable_path(inputs.parse_diagram(doc))
            _print(diagram_payload(result))
            return 0
        tasks, p_c, response = inputs.parse_path(_as_dict(doc))
        _print(path_payload(evaluate_path(tasks, p_c, response)))
        return 0
    except ValueError as exc:
        return _fail(str(exc))


def _as_dict(doc: Any) -> dict[str, Any]:
    if not isinstance(doc, dict):
        raise ValueError("document: must be a JSON object")
    return doc


def path_payload(result: Any) -> dict[str, Any]:
    """JSON-ready EASI result for one path."""
    cdp = result.critical_detection_point
    return {
        "p_interruption": result.p_interruption,
        "critical_detection_point": None
        if cdp is None
        else {"index": cdp, "task": result.tasks[cdp].name},
        "tasks": [asdict(t) for t in result.tasks],
        "method": result.method,
        "source": result.source,
        "assumptions": list(result.assumptions),
    }


def diagram_payload(result: Any) -> dict[str, Any]:
    """JSON-ready most-vulnerable-path result."""
    payload = path_payload(result.easi)
    payload["critical_detection_point"] = result.critical_detection_point
    payload["most_vulnerable_path"] = [
        {
            "layer": layer,
            "element": task.name,
            "p_detection": task.p_detection,
            "location": task.location,
            "delay_mean": task.delay_mean,
            "delay_sd": task.sd,
        }
        for layer, task in zip(result.layer_names, result.tasks, strict=True)
    ]
    payload["sensitivity"] = [asdict(row) for row in result.sensitivity]
    payload["search"] = result.search
    payload["proven_minimum"] = result.proven_minimum
    payload["paths_evaluated"] = result.paths_evaluated
    payload["assumptions"] = list(result.assumptions)
    return payload


def _validate_plume(a: argparse.Namespace) -> str | None:
    """The science's own range checks (``chemsec.science.plume``), named by the CLI's flags."""
    from chemsec.science import plume as gp
    from chemsec.science.inputs import InputError

    flags = {"stability": "--stability", "terrain": "--terrain", "scheme": "--sigmas"}
    try:
        gp.check_rate(a.rate, "--rate")
        gp.check_wind(a.wind, "--wind")
        gp.check_receptor(a.distance, "--distance")
        gp.check_height(a.height, "--height")
        gp.finite(a.crosswind, "--crosswind")
        for name in ("endpoint", "molar_mass"):
            if getattr(a, name) is not None:
                gp.check_rate(getattr(a, name), f"--{name.replace('_', '-')}")
        gp.check_model(a.stability, a.terrain, a.sigmas)
    except InputError as exc:
        return f"{flags.get(exc.field, exc.field)}: {exc.message}"
    if a.endpoint is not None and a.endpoint_unit == "ppm" and a.molar_mass is None:
        return "--endpoint-unit ppm needs --molar-mass"
    return None


def handle_plume(args: argparse.Namespace) -> int:
    problem = _validate_plume(args)
    if problem:
        return _fail(problem)
    from chemsec.science import plume as gp
    from chemsec.science.labels import DENSE_GAS_LABEL
    from chemsec.science.release import is_dense_gas
    from chemsec.science.units import rate_to_g_s, to_mg_m3

    try:
        rate = rate_to_g_s(args.rate, args.rate_unit)
        model = gp.Plume(rate, args.wind, args.stability, args.terrain, args.sigmas, args.height)
        s = model.sigmas(args.distance)
        out: dict[str, Any] = {
            "rate_g_s": rate,
            "sigma_y_m": s.y,
            "sigma_z_m": s.z,
            "sigma_z_capped": s.z_capped,
            "concentration_g_m3": model.at(args.distance, args.crosswind, 0.0),
        }
        if args.endpoint is not None:
            mg_m3 = to_mg_m3(args.endpoint, args.endpoint_unit, args.molar_mass)
            found = gp.distance_to_endpoint(model, mg_m3 / 1000.0)
            out["endpoint_mg_m3"] = mg_m3
            out["distance_to_endpoint_m"] = found.distance_m
            out["distance_to_endpoint"] = found.text
            out["distance_extrapolated"] = found.extrapolated
    except ValueError as exc:
        return _fail(str(exc))
    labels = [DENSE_GAS_LABEL] if is_dense_gas(args.molar_mass) else []
    out |= {
        "labels": labels,
        "method": "Gaussian plume, continuous point source with ground reflection",
        "sigmas_source": model.info.source,
        "sigmas_verification": model.info.verification,
        "assumptions": [
            "steady, neutrally buoyant release over flat terrain, uniform wind",
            "receptor at ground level"
            + ("" if args.molar_mass else "; molar mass not given, so buoyancy not checked"),
            "distance to endpoint along the ground-level centreline, searched from 100 m to "
            "40 km; past 10 km the dispersion fits are extrapolated",
            "valid range: wind at 10 m of at least 1 m/s, receptor 100 m to 10 km; sigma_z "
            "capped at 5000 m",
        ],
    }
    _print(out)
    return 0
