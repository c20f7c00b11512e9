"""Build the shipped templates of the "cds" kind: templates/cds/report.docx and annex.xlsx.

This script is how the shipped templates were made; it is not needed at run time. A template
author may as well open the .docx in Word (or the .xlsx in Excel), edit the wording or layout
and save it: the tags are plain text in the document. Rerun the script after changing it:

    python tools/make_cds_templates.py            # writes templates/cds/report.docx, annex.xlsx
    python tools/make_cds_templates.py --out DIR  # writes them somewhere else

The report follows the layout Decree 30/2020/NĐ-CP prescribes for a report (Mẫu 1.4); the
annex holds the figures, with live formulas and a native chart.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cds_annex import build_annex  # noqa: E402
from cds_report import build_report  # noqa: E402

from reportkit.package import Entry, Package, build_zip  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> None:
    build_templates(__doc__, {"report.docx": build_report, "annex.xlsx": build_annex}, argv)


def build_templates(
    doc: str,
    builds: dict[str, Callable[[Path], None]],
    argv: list[str] | None,
    default_out: Path = ROOT / "templates" / "cds",
) -> None:
    """A tools script's command line: build each named file into --out, reproducibly."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--out", type=Path, default=default_out)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, build in builds.items():
        build(args.out / name)
        reproducible(args.out / name)
    print("wrote " + " and ".join(str(args.out / name) for name in builds))


def reproducible(path: Path) -> None:
    """Rewrite the package with fixed timestamps: the same script gives the same bytes."""
    parts = Package(path).parts
    core = parts["docProps/core.xml"].decode("utf-8")  # openpyxl stamps the time of saving
    parts["docProps/core.xml"] = re.sub(
        r"(<dcterms:modified[^>]*>)[^<]*", r"\g<1>2026-01-01T00:00:00Z", core
    ).encode("utf-8")
    path.write_bytes(build_zip([Entry.from_bytes(name, data) for name, data in parts.items()]))


if __name__ == "__main__":
    main()
