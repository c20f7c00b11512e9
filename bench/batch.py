"""Benchmark: a batch of generated units (report + annex each) and the consolidated report.

Generates N units from the ten khu vực samples (each its own code and figures), then:

1. ``reportkit batch`` over N units on ``--jobs`` processes, from scratch: wall time, peak
   memory of the main process and of the largest worker; repeated for smaller N to show
   that a worker's memory stays flat as the unit count grows;
2. the same batch run again with nothing changed (every unit skipped);
3. the peer route, the same work done unit by unit with docxtpl (report) and openpyxl
   load-fill-save (annex) on a subset of units in one process, extrapolated to N units on
   ``--jobs`` cores (said so in the output), beside reportkit's own per-unit time measured
   the same way;
4. PDF conversion of ``--pdf-units`` units' documents through LibreOffice: one start per
   document, one start for all (PDFs per second per LibreOffice process), and ``--jobs``
   starts side by side as ``batch --pdf`` does (PDFs per second for the whole batch).

    python bench/batch.py [--units 1000] [--jobs 2] [--peer-units 50] [--repeats 3] [--kind DIR]
                          [--pdf-units 10] [--pdf-only]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "thanh-hoa-khu-vuc"


def generate_units(folder: Path, count: int) -> None:
    """``count`` valid units: a sample's text with its own code, name and figures."""
    folder.mkdir(parents=True)
    sources = sorted(SAMPLES.glob("khu-vuc-*.yaml"))
    texts = [path.read_text(encoding="utf-8") for path in sources]
    shutil.copy(SAMPLES / "province.yaml", folder / "province.yaml")
    for n in range(count):
        text = re.sub(r"code: thanh-hoa-kv\d+", f"code: don-vi-{n:04d}", texts[n % len(texts)])
        text = re.sub(r"khu vực \d+ - Thanh Hóa", f"khu vực {n + 1} - Thanh Hóa", text)
        # denominators grow a little: rates differ between units and every rule still holds
        for field in ("issued_docs", "admin_docs"):
            text = re.sub(
                rf"(\n  {field}: )(\d+)", lambda m, n=n: f"{m[1]}{int(m[2]) + n % 17}", text
            )
        (folder / f"don-vi-{n:04d}.yaml").write_text(text, encoding="utf-8")


def measure_batch(inputs: Path, out: Path, jobs: int, kind: str | None) -> dict:
    """One batch in this process (run as a child of the benchmark, so memory is its own)."""
    from reportkit.batch import run_batch

    start = time.perf_counter()
    result = run_batch(inputs, out, jobs=jobs, kind=kind)
    wall = time.perf_counter() - start
    statuses: dict[str, int] = {}
    for unit in result.units:
        statuses[unit.status] = statuses.get(unit.status, 0) + 1
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "wall": wall,
        "cpu": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
        "statuses": statuses,
        "consolidated": result.consolidated.status if result.consolidated else None,
        "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def _child(inputs: Path, out: Path, jobs: int, kind: str | None, code_cache: Path) -> dict:
    command = [sys.executable, __file__, "--measure", str(inputs), str(out), str(jobs)]
    if kind:
        command += ["--kind", kind]
    env = {**os.environ, "REPORTKIT_CACHE_DIR": str(code_cache)}
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        raise SystemExit(f"the batch failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def _figures(run: dict, size: int) -> str:
    return (
        f"{run['wall']:6.2f} s wall, {size / run['wall']:4.0f} units/s, "
        f"CPU {run['cpu']:5.1f} s ({run['cpu'] / size * 1000:.1f} ms per unit, all "
        f"processes); peak memory: main {run['main_mb']:.0f} MB, largest worker "
        f"{run['worker_mb']:.0f} MB; {run['statuses']}, consolidated {run['consolidated']}"
    )


def _peer_route(units: list[Path], kind_name: str | None) -> tuple[float, float, float]:
    """Seconds per unit: reportkit (render both documents), docxtpl report, openpyxl annex."""
    import openpyxl
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    from reportkit.charts import bar_chart
    from reportkit.jinja_env import make_environment
    from reportkit.report import kind_of, read_input, render_context

    kind = kind_of(read_input(units[0]), kind_name)
    contexts = [kind.context(read_input(path)) for path in units]
    report, annex = kind.templates["report"], kind.templates["annex"]
    render_context(kind, contexts[0])  # compile once, as a worker does

    start = time.perf_counter()
    for context in contexts:
        for data in render_context(kind, context).documents.values():
            io.BytesIO().write(data)
    ours = (time.perf_counter() - start) / len(contexts)

    env = make_environment(strict=False)
    env.filters["bar_chart"] = bar_chart  # the chart picture, as reportkit's Word engine draws it
    start = time.perf_counter()
    for context in contexts:
        document = DocxTemplate(report)
        env.filters["image"] = lambda png, width="150mm", document=document: InlineImage(
            document, io.BytesIO(png), width=Mm(float(str(width).removesuffix("mm")))
        )
        document.render(context, jinja_env=env)
        document.save(io.BytesIO())
    docxtpl = (time.perf_counter() - start) / len(contexts)

    compiled: dict[str, object] = {}
    start = time.perf_counter()
    for context in contexts:
        book = openpyxl.load_workbook(annex)
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and "{{" in cell.value:
                        template = compiled.get(cell.value)
                        if template is None:
                            template = compiled[cell.value] = env.from_string(cell.value)
                        cell.value = template.render(context)
        book.save(io.BytesIO())
    excel = (time.perf_counter() - start) / len(contexts)
    return ours, docxtpl, excel


def _pdf_route(inputs: Path, work: Path, jobs: int, kind: str | None) -> str:
    """PDFs per second: one LibreOffice start per document, one for all, ``jobs`` at once."""
    from concurrent.futures import ThreadPoolExecutor

    from reportkit.batch import run_batch
    from reportkit.pdf import convert

    documents_dir = work / "pdf-documents"
    run_batch(inputs, documents_dir, jobs=jobs, kind=kind)
    documents = sorted([*documents_dir.glob("*.docx"), *documents_dir.glob("*.xlsx")])
    count = len(documents)
    lines = [f"PDF conversion through LibreOffice, {count} documents (reports and annexes):"]

    few = documents[:4]
    start = time.perf_counter()
    for document in few:
        convert([document], outdir=work / "pdf-each")
    each = (time.perf_counter() - start) / len(few)
    lines.append(f"  one start per document: {each:5.2f} s per PDF ({1 / each:4.2f} PDFs/s)")

    start = time.perf_counter()
    convert(documents, outdir=work / "pdf-one")
    one = time.perf_counter() - start
    lines.append(
        f"  one start for all, 1 process: {one:6.2f} s, {count / one:4.2f} PDFs/s per process"
    )

    size = -(-count // jobs)
    chunks = [documents[i : i + size] for i in range(0, count, size)]
    start = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lambda chunk: convert(chunk, outdir=work / "pdf-many"), chunks))
    many = time.perf_counter() - start
    lines.append(
        f"  one start per job, {len(chunks)} processes side by side (batch --pdf): "
        f"{many:6.2f} s, {count / many:4.2f} PDFs/s for the batch"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--peer-units", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=3, help="runs of the largest size")
    parser.add_argument("--kind", default=None, help="a kind folder (default: shipped cds)")
    parser.add_argument("--pdf-units", type=int, default=10, help="units made into PDFs (0: none)")
    parser.add_argument("--pdf-only", action="store_true", help="only the PDF conversion")
    parser.add_argument("--measure", nargs=3, metavar=("IN", "OUT", "JOBS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        inputs, out, jobs = args.measure
        print(json.dumps(measure_batch(Path(inputs), Path(out), int(jobs), args.kind)))
        return

    print(f"load average before the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    if args.pdf_only:
        with tempfile.TemporaryDirectory(prefix="reportkit-bench-") as work:
            generate_units(Path(work) / "in-pdf", args.pdf_units)
            print(_pdf_route(Path(work) / "in-pdf", Path(work), args.jobs, args.kind))
        return
    with tempfile.TemporaryDirectory(prefix="reportkit-bench-") as work:
        work = Path(work)
        sizes = sorted({max(1, args.units // 4), max(1, args.units // 2), args.units})
        code_cache = work / "code-cache"  # compiled templates (see reportkit/codecache.py)
        print(f"reportkit batch, {args.jobs} processes, from scratch (report + annex per unit):")
        generate_units(work / f"in-{args.units}", args.units)
        run = _child(work / f"in-{args.units}", work / "out-cold", args.jobs, args.kind, code_cache)
        print(f"  {args.units:>5} units, templates not compiled yet:", _figures(run, args.units))
        print("  templates compiled by an earlier run (any run after the first):")
        for size in sizes:
            if size != args.units:
                generate_units(work / f"in-{size}", size)
            inputs, out = work / f"in-{size}", work / f"out-{size}"
            run = _child(inputs, out, args.jobs, args.kind, code_cache)
            print(f"  {size:>5} units:", _figures(run, size))
        walls = [run["wall"]]  # the largest size's, from scratch each time: a noisy machine
        for repeat in range(args.repeats - 1):  # varies by a second between runs
            out = work / f"out-repeat-{repeat}"
            walls.append(_child(inputs, out, args.jobs, args.kind, code_cache)["wall"])
        if len(walls) > 1:
            shown = ", ".join(f"{wall:.2f}" for wall in walls)
            print(
                f"  {args.units:>5} units, {len(walls)} runs: {shown} s; median "
                f"{statistics.median(walls):.2f} s"
            )
        again = _child(
            work / f"in-{args.units}", work / f"out-{args.units}", args.jobs, args.kind, code_cache
        )
        print(
            f"  {args.units:>5} units again, nothing changed: {again['wall']:.2f} s wall "
            f"{again['statuses']}"
        )

        peers = sorted((work / f"in-{args.units}").glob("don-vi-*.yaml"))[: args.peer_units]
        ours, docxtpl, excel = _peer_route(peers, args.kind)
        peer = docxtpl + excel
        scale = args.units / args.jobs
        print(
            f"per unit, one process, {len(peers)} units (report + annex rendered to memory):\n"
            f"  reportkit {ours * 1000:6.1f} ms\n"
            f"  docxtpl {docxtpl * 1000:6.1f} ms + openpyxl load-fill-save {excel * 1000:6.1f} ms"
            f" = {peer * 1000:6.1f} ms ({peer / ours:.0f}x)\n"
            f"extrapolated to {args.units} units on {args.jobs} cores (per-unit time x "
            f"{args.units} / {args.jobs}, no process start-up): reportkit {ours * scale:.1f} s, "
            f"docxtpl + openpyxl {peer * scale:.1f} s"
        )
        if args.pdf_units:
            generate_units(work / "in-pdf", args.pdf_units)
            print(_pdf_route(work / "in-pdf", work, args.jobs, args.kind))


if __name__ == "__main__":
    main()
