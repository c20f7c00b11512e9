"""PDF output through LibreOffice: many documents per LibreOffice start.

Starting soffice costs seconds, so every document of a run is converted in one call.
Each call uses its own throw-away profile, so parallel runs never fight over one, and
runs in a Vietnamese locale: LibreOffice shows a number cell (#,##0; 0.0%) in its own
locale, so an English one would print 3,316 and 96.7% where the reader expects 3.316, 96,7%.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from .atomic import write_bytes_atomic
from .docinfo import DocumentInfo, with_info
from .errors import ReportkitError
from .fonts import fontconfig_file
from .i18n import _

_TIMEOUT_PER_FILE = 60
_POLL_SECONDS = 0.1
_LOCALE = "vi_VN.UTF-8"
# PDF/A-2b (ISO 19005-2, level b): LibreOffice then embeds every font and writes the XMP
_PDF_A_OPTIONS = json.dumps({"SelectPdfVersion": {"type": "long", "value": "2"}})
_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) ?\(D:)\d{14}")
_XMP_DATE = re.compile(rb"(<xmp:(?:Create|Modify|Metadata)Date>)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
_PDF_FIXED_DATE = datetime.date(1980, 1, 1)  # the time the packages' zip entries carry too
_PDF_ID = re.compile(rb"(/ID ?\[ ?<)[0-9A-Fa-f]{32}(>\s*<)[0-9A-Fa-f]{32}(> ?\])")
_PDF_CHECKSUM = re.compile(rb"(/DocChecksum ?/)[0-9A-Fa-f]{32}")


def find_soffice() -> str:
    """The path of LibreOffice's soffice, or a ReportkitError telling how to get it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ReportkitError(
        _(
            "LibreOffice is needed for PDF output and was not found; install it "
            "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui) "
            "or run without --pdf"
        )
    )


def convert(
    documents: Sequence[Path],
    fmt: str = "pdf",
    outdir: Path | None = None,
    *,
    archive: bool = False,
    info: Mapping[Path, DocumentInfo] | None = None,
    on_converted: Callable[[Path, Path], None] | None = None,
) -> list[Path]:
    """Convert ``documents`` with one LibreOffice run; return the written files in order.

    Each output lands beside its document (or in ``outdir``) under the same stem, complete
    or not at all (see reportkit.atomic). ``archive`` makes PDF/A-2b, every font embedded;
    ``info`` sets a document's title, author, subject and date in its PDF. LibreOffice
    converts one document after the other: ``on_converted(document, output)`` is called as
    each output is in place, while the next one is being converted.
    """
    if not documents:
        return []
    stems = [document.stem for document in documents]
    if len(set(stems)) != len(stems):
        raise ValueError(
            _("documents converted together need different names: {names}").format(
                names=", ".join(stems)
            )
        )
    soffice = find_soffice()
    extension = fmt.split(":")[0]
    if archive:
        fmt = f"{extension}:writer_pdf_Export:{_PDF_A_OPTIONS}"
    info = info or {}
    with tempfile.TemporaryDirectory(prefix="reportkit-lo-") as work:
        work_dir = Path(work)
        staging = work_dir / "out"
        staging.mkdir()
        sources = _with_info(documents, info, work_dir / "in")
        command = [
            soffice,
            f"-env:UserInstallation={(work_dir / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(staging),
            *map(str, sources),
        ]
        env = {**os.environ, "LANG": _LOCALE, "LC_ALL": _LOCALE, "TZ": "UTC"}
        fonts = fontconfig_file(work_dir)
        if fonts is not None:
            env["FONTCONFIG_FILE"] = str(fonts)
        written: list[Path] = []

        def place(index: int) -> None:
            """Move the output of ``documents[index]`` into place, or say why there is none."""
            document = documents[index]
            produced = staging / f"{document.stem}.{extension}"
            if not produced.exists():
                raise ReportkitError(
                    _("LibreOffice could not convert it to {kind}").format(kind=extension),
                    file=str(document),
                )
            data = produced.read_bytes()
            if extension == "pdf":
                data = _remove_stamps(data, info.get(document))
            target = write_bytes_atomic((outdir or document.parent) / produced.name, data)
            produced.unlink()
            written.append(target)
            if on_converted is not None:
                on_converted(document, target)

        deadline = time.monotonic() + _TIMEOUT_PER_FILE * len(documents) + 60
        with subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        ) as process:
            while process.poll() is None:
                # an output is complete once LibreOffice has started the next one
                while len(written) + 1 < len(documents) and (
                    staging / f"{documents[len(written) + 1].stem}.{extension}"
                ).exists():
                    place(len(written))
                if time.monotonic() > deadline:
                    process.kill()
                    raise ReportkitError(_("LibreOffice did not finish converting in time"))
                time.sleep(_POLL_SECONDS)
        while len(written) < len(documents):
            place(len(written))
    return written


def _with_info(documents: Sequence[Path], info: Mapping[Path, DocumentInfo], folder: Path):
    """The files to give LibreOffice: a copy with its properties set where ``info`` has
    some, else the document itself."""
    if not info:
        return list(documents)
    folder.mkdir()
    sources = []
    for document in documents:
        if document in info:
            copy = folder / document.name
            with_info(document, copy, info[document])
            sources.append(copy)
        else:
            sources.append(document)
    return sources


def _remove_stamps(data: bytes, info: DocumentInfo | None) -> bytes:
    """Make the same document give the same PDF bytes, as the .docx and .xlsx do.

    LibreOffice writes the time of conversion and a random file id (and a checksum over
    them) into every PDF. Each is replaced by a value of the same length, the time by the
    document's date (else a fixed one, in the PDF's dictionary and its XMP alike, as PDF/A
    wants them equal) and the id by a digest of the rest, so every offset stays right.
    """
    date = info.date if info and info.date else _PDF_FIXED_DATE
    data = _PDF_DATE.sub(rb"\g<1>" + date.strftime("%Y%m%d000000").encode(), data)
    data = _XMP_DATE.sub(rb"\g<1>" + date.strftime("%Y-%m-%dT00:00:00").encode(), data)
    blank = b"0" * 32
    data = _PDF_ID.sub(rb"\g<1>" + blank + rb"\g<2>" + blank + rb"\g<3>", data)
    data = _PDF_CHECKSUM.sub(rb"\g<1>" + blank, data)
    digest = hashlib.md5(data, usedforsecurity=False).hexdigest().upper().encode()
    data = _PDF_ID.sub(rb"\g<1>" + digest + rb"\g<2>" + digest + rb"\g<3>", data)
    return _PDF_CHECKSUM.sub(rb"\g<1>" + digest, data)
