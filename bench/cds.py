"""Benchmark: the shipped CĐS templates and the rate chart, per unit, on one core.

Derives the context of every sample unit once, compiles report.docx and annex.xlsx once,
then renders them N times round the units (a batch's inner loop), and draws the chart alone
with a fresh rate each time so that no cached text helps more than it would in a batch.

    python bench/cds.py [--count 200]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT / "samples" / "thanh-hoa-2025.yaml", ROOT / "samples" / "lai-chau-2025.yaml"]
SAMPLES += sorted((ROOT / "samples" / "thanh-hoa-khu-vuc").glob("khu-vuc-*.yaml"))


def per_call_ms(function, count: int) -> float:
    start = time.perf_counter()
    for index in range(count):
        function(index)
    return (time.perf_counter() - start) * 1000 / count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args(argv)

    from reportkit.charts import bar_chart
    from reportkit.data.kinds import load_kind
    from reportkit.report import compiled_template, read_input

    kind = load_kind("cds")
    contexts = [kind.context(read_input(path)) for path in SAMPLES if path.exists()]
    started = time.perf_counter()
    report = compiled_template(kind.templates["report"])
    annex = compiled_template(kind.templates["annex"])
    compile_ms = (time.perf_counter() - started) * 1000

    rows = contexts[0]["rate_list"]
    rng = random.Random(2025)

    def chart(_: int) -> bytes:
        return bar_chart([{**row, "rate": rng.random()} for row in rows])

    def render_report(index: int) -> bytes:
        return report.render(contexts[index % len(contexts)])

    def render_annex(index: int) -> bytes:
        return annex.render(contexts[index % len(contexts)])

    for function in (chart, render_report, render_annex):
        function(0)  # warm: imports, fonts
    results = {
        "bar_chart (2 rates)": per_call_ms(chart, args.count),
        "report.docx render": per_call_ms(render_report, args.count),
        "annex.xlsx render": per_call_ms(render_annex, args.count),
    }
    print(f"python {sys.version.split()[0]}, {len(contexts)} sample units, {args.count} calls each")
    print(f"compile both templates once: {compile_ms:.0f} ms")
    for name, ms in results.items():
        print(f"{name:<22} {ms:7.2f} ms per unit")
    both = results["report.docx render"] + results["annex.xlsx render"]
    print(f"{'report + annex':<22} {both:7.2f} ms per unit ({1000 / both:.0f} units/s on one core)")


if __name__ == "__main__":
    main()
