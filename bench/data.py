"""Benchmark: load + validate + derive per unit (the data side of every render and batch).

Runs the Thanh Hóa 2025 sample (YAML and JSON) and the ten khu vực units through
``load_data`` -> ``Kind.context`` N times on one core and reports units per second and
microseconds per step, so a slow loader or validator shows up before batch runs feel it.

    python bench/data.py [--count 300]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from timing import best_per_call

from reportkit.data.kinds import load_kind
from reportkit.data.loader import load_data

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    args = parser.parse_args()

    start = time.perf_counter()
    kind = load_kind("cds")
    print(f"load_kind('cds'): {(time.perf_counter() - start) * 1000:.1f} ms (once per process)")

    for name in ("thanh-hoa-2025.yaml", "thanh-hoa-2025.json"):
        path = SAMPLES / name
        document = load_data(path)
        data = kind.validate(document)
        load = best_per_call(lambda path=path: load_data(path), args.count)
        validate = best_per_call(lambda document=document: kind.validate(document), args.count)
        derive = best_per_call(lambda data=data: kind.derive(data), args.count)
        total = load + validate + derive
        print(
            f"{name:<22} load {load * 1e6:7.0f} us  validate {validate * 1e6:6.0f} us  "
            f"derive {derive * 1e6:6.0f} us  = {1 / total:6.0f} units/s"
        )

    units = sorted((SAMPLES / "thanh-hoa-khu-vuc").glob("khu-vuc-*.yaml"))
    rounds = max(1, args.count // len(units))
    start = time.perf_counter()
    for _ in range(rounds):
        for path in units:
            kind.context(load_data(path))
    elapsed = time.perf_counter() - start
    print(f"{len(units)} khu vực units x {rounds}: {rounds * len(units) / elapsed:.0f} units/s")


if __name__ == "__main__":
    main()
