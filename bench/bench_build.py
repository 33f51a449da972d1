"""Build times, each in a fresh `parley` process (model load included), on this machine.

    .venv/bin/python bench/bench_build.py            # seeds: first build, then a no-op rebuild
    .venv/bin/python bench/bench_build.py --ext      # also all of corpus-ext (≈ 10 minutes)

Prints wall time and the build report's split: parsing (spaCy + passages), attribution
(quotes), embedding.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PARLEY = Path(sys.executable).with_name("parley")


def build(data: Path, corpus: Path) -> tuple[float, dict]:
    env = {
        **os.environ,
        "PARLEY_DATA_DIR": str(data),
        "PARLEY_CORPUS_DIR": str(corpus),
        "PARLEY_EXCLUDE_COLLECTIONS": "",
        "HF_HUB_OFFLINE": "1",
    }
    t0 = time.perf_counter()
    out = subprocess.run(
        [str(PARLEY), "index", "build", "--json"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return time.perf_counter() - t0, json.loads(out.strip().splitlines()[-1])


def show(label: str, wall: float, r: dict) -> None:
    print(
        f"{label}: {wall:.1f} s wall; {len(r['added'])} added, {r['passages_embedded']} "
        f"passages embedded, {r['quotes_found']} quotations; parse {r['parse_seconds']} s, "
        f"attribution {r['quote_seconds']} s, embedding {r['embed_seconds']} s"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ext", action="store_true", help="also build all of corpus-ext")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        show("seeds, first build", *build(Path(tmp) / "seeds", REPO / "corpus/seeds"))
        show("seeds, nothing changed", *build(Path(tmp) / "seeds", REPO / "corpus/seeds"))
        if args.ext:
            show("corpus-ext, first build", *build(Path(tmp) / "ext", REPO / "corpus/ext"))


if __name__ == "__main__":
    main()
