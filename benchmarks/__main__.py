"""`python -m benchmarks NAME [ARGS...]` runs benchmarks/NAME.py with ARGS; without a name
it lists them (each script's own --help says what it measures and how long it takes).

    .venv/bin/python -m benchmarks supplychain decision --customers 10000 --orders 100000
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    names = sorted(p.stem for p in HERE.glob("*.py") if not p.stem.startswith("_"))
    if len(sys.argv) < 2 or sys.argv[1] not in names:
        print("usage: python -m benchmarks NAME [ARGS...]")
        print("NAME is one of: " + ", ".join(names))
        return 0 if len(sys.argv) < 2 else 2
    script = HERE / f"{sys.argv[1]}.py"
    sys.argv = [str(script), *sys.argv[2:]]
    runpy.run_path(str(script), run_name="__main__")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
