"""``chemsec oca``: a distance to a toxic endpoint by the EPA OCA reference tables.

Prints JSON (distance_mi, distance_m, the table used and its source). Exit 2 with a
message naming the flag for a bad input; exit 3 when no verified table row answers (a
table not shipped, or a reading past the rows shipped). The science is imported when
the handler runs, so that ``chemsec --help`` stays fast. No Django.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

EXIT_USAGE = 2
EXIT_NOT_COVERED = 3
FLAGS = {
    "release_rate": "--release-rate",
    "rate_unit": "--rate-unit",
    "endpoint": "--endpoint",
    "endpoint_unit": "--endpoint-unit",
    "molar_mass": "--molar-mass",
    "terrain": "--terrain",
    "duration": "--duration",
    "buoyancy": "--buoyancy",
    "scenario": "--scenario",
    "form": "--form",
    "ratio": "--release-rate",
    "format": "--format",
    "latitude": "--latitude",
    "longitude": "--longitude",
}


def register(subparsers: Any) -> None:
    oca = subparsers.add_parser(
        "oca",
        help="distance to a toxic endpoint by the EPA OCA reference tables (RMP Guidance)",
        description="Read the distance to a toxic endpoint off the reference tables of the US "
        "EPA RMP Guidance for Offsite Consequence Analysis (EPA 550-B-99-009): by release "
        "rate / endpoint in the general tables, by release rate in a chemical's own table "
        "(--cas). No interpolation: between rows, the next row up.",
    )
    oca.add_argument("--release-rate", type=float, required=True, help="release rate")
    oca.add_argument("--rate-unit", default="lb/min", help="lb/min (default), kg/s or g/s")
    oca.add_argument("--endpoint", type=float, help="toxic endpoint (optional with --cas)")
    oca.add_argument("--endpoint-unit", default="mg/L", help="mg/L (default), mg/m3 or ppm")
    oca.add_argument("--molar-mass", type=float, help="g/mol (needed for ppm)")
    oca.add_argument("--terrain", default="rural", help="rural (default) or urban")
    oca.add_argument("--duration", default="10", help="release duration, 10 (default) or 60 min")
    oca.add_argument("--buoyancy", default="neutral", help="neutral (default) or dense")
    oca.add_argument("--scenario", default="worst-case", help="worst-case (default) or alternative")
    oca.add_argument("--cas", help="CAS number: use the chemical's own table when one is shipped")
    oca.add_argument(
        "--form",
        help="with --cas 7664-41-7: liquefied-under-pressure (default) or other",
    )
    oca.add_argument(
        "--format",
        default="json",
        help="json (default); geojson or kml: the site and the distance's circle, for a map",
    )
    oca.add_argument("--latitude", type=float, help="site latitude (WGS 84), for geojson/kml")
    oca.add_argument("--longitude", type=float, help="site longitude (WGS 84), for geojson/kml")
    oca.add_argument("--site", default="release point", help="site name, for geojson/kml")
    oca.set_defaults(handler=handle_oca)


def _fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"chemsec: error: {message}", file=sys.stderr)
    return code


def _duration(text: str) -> int:
    from chemsec.science.inputs import InputError

    if text.strip() not in ("10", "60"):
        raise InputError(
            "duration", f"must be 10 or 60 (minutes), not {text!r}", "unknown_duration"
        )
    return int(text)


def handle_oca(args: argparse.Namespace) -> int:
    from chemsec.science import oca
    from chemsec.science.inputs import InputError

    try:
        if args.format not in ("json", "geojson", "kml"):
            raise InputError("format", f"must be json, geojson or kml, not {args.format!r}")
        if args.format != "json" and (args.latitude is None or args.longitude is None):
            raise InputError("format", f"{args.format} needs --latitude and --longitude")
        rate = oca.rate_lb_min(args.release_rate, args.rate_unit)
        endpoint = None
        if args.endpoint is not None:
            if args.endpoint_unit == "ppm" and args.molar_mass is None:
                raise InputError("endpoint_unit", "ppm needs --molar-mass", "ppm_needs_molar_mass")
            endpoint = oca.endpoint_mg_l(args.endpoint, args.endpoint_unit, args.molar_mass)
        result = oca.estimate(
            rate,
            endpoint,
            scenario=args.scenario,
            terrain=args.terrain,
            duration_min=_duration(args.duration),
            buoyancy=args.buoyancy,
            cas=args.cas,
            form=args.form,
        )
    except InputError as exc:
        return _fail(f"{FLAGS.get(exc.field, exc.field)}: {exc.message}")
    except oca.NotCovered as exc:
        return _fail(f"{exc} (EPA OCA reference tables)", EXIT_NOT_COVERED)
    payload = result.as_dict()
    payload["input"] = {
        "release_rate": args.release_rate,
        "rate_unit": args.rate_unit,
        "endpoint": args.endpoint,
        "endpoint_unit": args.endpoint_unit if args.endpoint is not None else None,
        "molar_mass": args.molar_mass,
    }
    if args.format == "json":
        print(json.dumps(payload, indent=2))
        return 0
    return _print_map(args, payload)


def _print_map(args: argparse.Namespace, payload: dict[str, Any]) -> int:
    from chemsec.science import oca_map
    from chemsec.science.inputs import InputError

    zones = []
    if payload["distance_m"] is not None:
        zones.append(
            oca_map.Zone(
                f"EPA OCA reference tables: {payload['distance_text']}",
                "oca-circle",
                payload["distance_m"],
                (),
                {
                    "method": payload["method"],
                    "table": payload["table"]["id"],
                    "distance_mi": payload["distance_mi"],
                    "at_most": payload["at_most"],
                    "verification": payload["verification"],
                    "source": payload["source"],
                },
            )
        )
    try:
        collection = oca_map.geojson(args.site, args.latitude, args.longitude, zones)
    except InputError as exc:
        return _fail(f"{FLAGS.get(exc.field, exc.field)}: {exc.message}")
    if args.format == "geojson":
        print(oca_map.dumps(collection))
    else:
        print(oca_map.kml(collection, f"{args.site}: EPA OCA reference tables"), end="")
    return 0
