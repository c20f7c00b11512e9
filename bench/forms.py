"""Benchmark: make entry forms and read filled ones back (the Excel side of data entry).

Writes the eleven forms of the Thanh Hóa units list, fills one with the 2025 sample and
reads it back N times, so a slow writer or reader shows up before a province's forms do.

    python bench/forms.py [--count 10]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_forms_support import fill, sample_data  # noqa: E402  (the test filler)
from timing import best_per_call  # noqa: E402

from reportkit.data.kinds import load_kind  # noqa: E402
from reportkit.forms import load_units, read_form, write_form, write_forms  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10)
    args = parser.parse_args()
    kind = load_kind("cds")
    units = load_units(ROOT / "samples" / "units-thanh-hoa.yaml")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        start = time.perf_counter()
        write_forms(out / "units", kind, year=2025, units=units)
        elapsed = time.perf_counter() - start
        print(
            f"write_forms: {len(units)} unit forms in {elapsed:.2f} s "
            f"({elapsed / len(units) * 1000:.0f} ms per form)"
        )
        form = write_form(out / "blank.xlsx", kind, year=2025)
        filled = fill(form, sample_data(), out / "filled.xlsx")
        write = best_per_call(lambda: write_form(out / "again.xlsx", kind, year=2025), args.count)
        read = best_per_call(lambda: read_form(filled, kind=kind), args.count)
        print(f"write_form (one form):     {write * 1000:6.0f} ms")
        print(f"read_form (filled sample): {read * 1000:6.0f} ms (incl. the kind's validation)")


if __name__ == "__main__":
    main()
