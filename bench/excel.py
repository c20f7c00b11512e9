"""Benchmark: annex workbooks per second, reportkit vs openpyxl load-fill-save vs xltpl.

The annex is the one the tests use (tests/excel_helpers.py): three sheets, a 20-row
indicator loop with totals and a chart, a 10-row agreements loop with a table, a task
list. Each engine renders it N times on one core, from a different context each time.
Reported: workbooks/s (wall clock and CPU time), ratios, peak traced memory.

    python bench/excel.py [--count 1000] [--openpyxl-count 60] [--xltpl-count 30]
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from excel_helpers import annex_context, build_annex  # noqa: E402


def contexts(count: int) -> list[dict]:
    """Different data per workbook: 18–22 units, 8–12 agreements."""
    return [annex_context(units=18 + n % 5, deals=8 + n % 5) for n in range(count)]


def reportkit_engine(template: Path):
    from reportkit.excel import ExcelTemplate

    return ExcelTemplate(template).render


def openpyxl_engine(template: Path):
    """What a script does without a template engine: load, insert rows, fill, save."""
    import openpyxl

    def render(ctx: dict) -> bytes:
        wb = openpyxl.load_workbook(template)
        ws = wb["Chỉ tiêu"]
        units = ctx["units"]
        ws.delete_rows(4)  # the {%tr for %} marker row
        ws.delete_rows(5)  # the {%tr endfor %} marker row
        ws.insert_rows(5, len(units) - 1)
        ws["A1"] = f"PHỤ LỤC: KẾT QUẢ CHUYỂN ĐỔI SỐ NĂM {ctx['year']}"
        for i, unit in enumerate(units):
            r = 4 + i
            ws.cell(r, 1, i + 1)
            ws.cell(r, 2, unit["name"])
            ws.cell(r, 3, unit["docs"])
            ws.cell(r, 4, unit["signed"])
            ws.cell(r, 5, f"=IF(C{r}=0,0,D{r}/C{r})")
            ws.cell(r, 6, unit["news"])
        total = 4 + len(units)
        for col in "CDF":
            ws[f"{col}{total}"] = f"=SUM({col}4:{col}{total - 1})"
        ws[f"E{total}"] = f"=IF(C{total}=0,0,D{total}/C{total})"
        deals = wb["Thỏa thuận"]
        deals.delete_rows(3)
        deals.delete_rows(4)
        deals.insert_rows(4, len(ctx["agreements"]) - 1)
        for i, deal in enumerate(ctx["agreements"]):
            r = 3 + i
            deals.cell(r, 1, i + 1)
            deals.cell(r, 2, deal["partner"])
            deals.cell(r, 3, deal["signed"])
            deals.cell(r, 4, deal["content"])
        tasks = wb["Nhiệm vụ 2026"]
        tasks.delete_rows(2)
        tasks.delete_rows(3)
        tasks.insert_rows(3, len(ctx["tasks"]) - 1)
        for i, task in enumerate(ctx["tasks"]):
            tasks.cell(2 + i, 1, f"{i + 1}.")
            tasks.cell(2 + i, 2, task)
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    return render


def build_xltpl_template(path: Path) -> Path:
    """The same annex in xltpl's syntax: loops in cell notes, {%xv %} for typed values."""
    import openpyxl
    from openpyxl.comments import Comment

    wb = openpyxl.load_workbook(build_annex(path, chart=True))
    ws = wb["Chỉ tiêu"]
    ws.delete_rows(6)
    ws.delete_rows(4)
    for col, text in zip(
        "ABCDF", ["loop.index", "u.name", "u.docs", "u.signed", "u.news"], strict=True
    ):
        ws[f"{col}4"] = "{%xv " + text + " %}"
    ws["A4"].comment = Comment("beforerow{% for u in units %}", "bench")
    ws["A5"].comment = Comment("beforerow{% endfor %}", "bench")
    deals = wb["Thỏa thuận"]
    deals.delete_rows(5)
    deals.delete_rows(3)
    for col, text in zip("ABCD", ["loop.index", "a.partner", "a.signed", "a.content"], strict=True):
        deals[f"{col}3"] = "{%xv " + text + " %}"
    deals["A3"].comment = Comment("beforerow{% for a in agreements %}", "bench")
    deals["A4"].comment = Comment("beforerow{% endfor %}", "bench")
    tasks = wb["Nhiệm vụ 2026"]
    tasks.delete_rows(4)
    tasks.delete_rows(2)
    tasks["A2"] = "{{ loop.index }}."
    tasks["B2"] = "{%xv t %}"
    tasks["A2"].comment = Comment("beforerow{% for t in tasks %}", "bench")
    tasks["A3"].comment = Comment("beforerow{% endfor %}", "bench")
    xltpl_path = path.with_name("annex-xltpl.xlsx")
    wb.save(xltpl_path)
    return xltpl_path


def xltpl_engine(template: Path, reuse: bool):
    from xltpl.writerx import BookWriter

    shared = BookWriter(str(template)) if reuse else None

    def render(ctx: dict) -> bytes:
        writer = shared or BookWriter(str(template))
        payloads = [
            dict(ctx, tpl_name=name, sheet_name=name)
            for name in ("Chỉ tiêu", "Thỏa thuận", "Nhiệm vụ 2026")
        ]
        writer.render_book(payloads)
        out = io.BytesIO()
        writer.save(out)
        return out.getvalue()

    return render


def rate(render, count: int) -> tuple[float, float]:
    """Workbooks per second by wall clock and by this process's CPU time."""
    data = contexts(count)
    render(data[0])
    wall, cpu = time.perf_counter(), time.process_time()
    for ctx in data:
        render(ctx)
    return count / (time.perf_counter() - wall), count / (time.process_time() - cpu)


def peak_memory(render, count: int) -> float:
    data = contexts(count)
    tracemalloc.start()
    tracemalloc.reset_peak()
    for ctx in data:
        render(ctx)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="reportkit workbooks")
    parser.add_argument("--openpyxl-count", type=int, default=60)
    parser.add_argument("--xltpl-count", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        template = build_annex(Path(tmp) / "annex.xlsx")
        xltpl_template = build_xltpl_template(Path(tmp) / "annex-for-xltpl.xlsx")
        engines = [
            ("reportkit", reportkit_engine(template), args.count),
            ("openpyxl load-fill-save", openpyxl_engine(template), args.openpyxl_count),
            ("xltpl", xltpl_engine(xltpl_template, reuse=False), args.xltpl_count),
            ("xltpl, writer reused", xltpl_engine(xltpl_template, reuse=True), args.xltpl_count),
        ]
        size = len(engines[0][1](contexts(1)[0]))
        results = [(name, *rate(render, count), count) for name, render, count in engines]
        ours = engines[0][1]
        low, high = 50, 500
        mem_low, mem_high = peak_memory(ours, low), peak_memory(ours, high)
    print(f"annex: 3 sheets, ~20 + ~10 loop rows, a chart; output {size / 1024:.0f} KiB")
    base_wall, base_cpu = results[0][1], results[0][2]
    for name, wall, cpu, count in results:
        ratio = (
            ""
            if name == "reportkit"
            else (f"  reportkit is {base_wall / wall:5.1f}x (wall) {base_cpu / cpu:5.1f}x (cpu)")
        )
        print(f"{name:24s} {wall:8.1f} wb/s wall {cpu:8.1f} wb/s cpu  ({count} workbooks){ratio}")
    print(
        f"peak traced memory, reportkit: {mem_low:.2f} MiB over {low} workbooks, "
        f"{mem_high:.2f} MiB over {high}"
    )
    print(f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
