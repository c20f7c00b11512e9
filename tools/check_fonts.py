"""Say whether this machine can set the documents' Vietnamese in one serif face.

Run by .ci/setup after installing reportkit: exit code 0 and the family's name when a
Times New Roman or a metric twin (Liberation Serif 2, Tinos) has every Vietnamese letter
in regular, bold, italic and bold italic; exit code 1 and what is missing otherwise. The
check reads each font's character map through fontconfig, not the family's name.
"""

from __future__ import annotations

import sys

from reportkit.fonts import SERIF_FAMILIES, serif_faces, vietnamese_serif


def main() -> int:
    family = vietnamese_serif()
    if family:
        print(f"Vietnamese serif: {family}")
        return 0
    _, lacking = serif_faces()
    found = ", ".join(sorted({f"{face.family} ({face.file})" for face in lacking})) or "none"
    print(
        f"no font of {', '.join(SERIF_FAMILIES)} has every Vietnamese letter in all four "
        f"styles; installed faces lacking letters: {found}",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
