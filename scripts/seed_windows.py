#!/usr/bin/env python3
"""Write the hashes of every six-word window of the source articles, for the own-words test.

Usage: scripts/seed_windows.py SEED_DIR [OUT]  (OUT defaults to tests/data/seed-windows.txt)

Every file in SEED_DIR is read as UTF-8 text; the output holds one short hash a line,
sorted, and no text at all, so the articles themselves never enter the repository.
Normalising and hashing are defined once, in tests/support/ownwords.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from support import ownwords  # noqa: E402


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    seeds = Path(argv[0])
    out = Path(argv[1]) if len(argv) == 2 else ownwords.HASHES
    files = sorted(p for p in seeds.iterdir() if p.is_file()) if seeds.is_dir() else []
    if not files:
        print(f"seed_windows: no files in {seeds}", file=sys.stderr)
        return 1
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
    found = ownwords.hashes(texts)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(f"{h}\n" for h in found), encoding="ascii")
    print(f"{len(found)} window hashes from {len(files)} files written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
