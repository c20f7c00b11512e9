"""Build the shipped templates of the "phoihop" kind: templates/phoihop/report.docx, annex.xlsx.

The same templates serve one unit's review and the consolidated review of several units.
Rerun after changing the scripts:

    python tools/make_phoihop_templates.py            # writes templates/phoihop/…
    python tools/make_phoihop_templates.py --out DIR  # writes them somewhere else
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_cds_templates import ROOT, build_templates  # noqa: E402
from phoihop_annex import build_annex  # noqa: E402
from phoihop_report import build_report  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    build_templates(
        __doc__,
        {"report.docx": build_report, "annex.xlsx": build_annex},
        argv,
        default_out=ROOT / "templates" / "phoihop",
    )


if __name__ == "__main__":
    main()
