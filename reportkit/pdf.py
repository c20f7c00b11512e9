"""PDF output through LibreOffice: many documents per LibreOffice start.

Starting soffice costs seconds, so every document of a run is converted in one call.
Each call uses its own throw-away profile, so parallel runs never fight over one, and
runs in a Vietnamese locale: LibreOffice shows a number cell (#,##0; 0.0%) in its own
locale, so an English one would print 3,316 and 96.7% where the reader expects 3.316, 96,7%.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import ReportkitError

_TIMEOUT_PER_FILE = 60
_LOCALE = "vi_VN.UTF-8"
_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) ?\(D:)\d{14}")
_PDF_FIXED_DATE = b"19800101000000"  # the time the packages' zip entries carry too
_PDF_ID = re.compile(rb"(/ID ?\[ ?<)[0-9A-Fa-f]{32}(>\s*<)[0-9A-Fa-f]{32}(> ?\])")
_PDF_CHECKSUM = re.compile(rb"(/DocChecksum ?/)[0-9A-Fa-f]{32}")
_INSTALL_HINT = (
    "LibreOffice is needed for PDF output and was not found; install it "
    "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui) "
    "or run without --pdf"
)


def find_soffice() -> str:
    """The path of LibreOffice's soffice, or a ReportkitError telling how to get it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ReportkitError(_INSTALL_HINT)


def convert(documents: Sequence[Path], fmt: str = "pdf", outdir: Path | None = None) -> list[Path]:
    """Convert ``documents`` with one LibreOffice run; return the written files in order.

    Each output lands beside its document (or in ``outdir``) under the same stem. Outputs
    appear only complete: LibreOffice writes into a temporary folder, then each file is
    renamed into place.
    """
    if not documents:
        return []
    stems = [document.stem for document in documents]
    if len(set(stems)) != len(stems):
        raise ValueError("documents converted together need different names: " + ", ".join(stems))
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="reportkit-lo-") as work:
        work_dir = Path(work)
        profile = (work_dir / "profile").as_uri()
        staging = work_dir / "out"
        staging.mkdir()
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(staging),
            *map(str, documents),
        ]
        try:
            subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=_TIMEOUT_PER_FILE * len(documents) + 60,
                check=False,
                env={**os.environ, "LANG": _LOCALE, "LC_ALL": _LOCALE, "TZ": "UTC"},
            )
        except subprocess.TimeoutExpired:
            raise ReportkitError("LibreOffice did not finish converting in time") from None
        written = []
        extension = fmt.split(":")[0]
        for document in documents:
            produced = staging / f"{document.stem}.{extension}"
            if not produced.exists():
                raise ReportkitError(
                    f"LibreOffice could not convert it to {extension}", file=str(document)
                )
            if extension == "pdf":
                _remove_stamps(produced)
            target = (outdir or document.parent) / produced.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(produced), str(target.with_name(f".{target.name}.tmp")))
            os.replace(target.with_name(f".{target.name}.tmp"), target)
            written.append(target)
    return written


def _remove_stamps(pdf: Path) -> None:
    """Make the same document give the same PDF bytes, as the .docx and .xlsx do.

    LibreOffice writes the time of conversion and a random file id (and a checksum over
    them) into every PDF. Each is replaced by a value of the same length, the time by a
    fixed one and the id by a digest of the rest, so every offset in the file stays right.
    """
    data = _PDF_DATE.sub(rb"\g<1>" + _PDF_FIXED_DATE, pdf.read_bytes())
    blank = b"0" * 32
    data = _PDF_ID.sub(rb"\g<1>" + blank + rb"\g<2>" + blank + rb"\g<3>", data)
    data = _PDF_CHECKSUM.sub(rb"\g<1>" + blank, data)
    digest = hashlib.md5(data, usedforsecurity=False).hexdigest().upper().encode()
    data = _PDF_ID.sub(rb"\g<1>" + digest + rb"\g<2>" + digest + rb"\g<3>", data)
    data = _PDF_CHECKSUM.sub(rb"\g<1>" + digest, data)
    pdf.write_bytes(data)
