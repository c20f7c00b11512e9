"""The unit's pages: its blank form, its uploads and their results, its history, a preview.

Every route starts from the unit's token and reads only that unit's records: a version
id or file of another unit is simply not found.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for

from ..errors import ReportkitError
from .app import service, unit_of
from .intake import Refused, receive
from .store import Version

unit = Blueprint("unit", __name__, url_prefix="/don-vi/<token>")
_PDF_LOCK = threading.Lock()  # one LibreOffice at a time for previews


def _page(token: str, code: str, refused: str | None = None, status: int = 200):
    svc = service()
    versions = svc.store.versions(code)
    return render_template(
        "unit.html",
        token=token,
        unit=svc.config.units[code],
        config=svc.config,
        versions=versions,
        latest=versions[0] if versions else None,
        has_previous=code in svc.config.previous_files,
        refused=refused,
    ), status


@unit.get("/")
def page(token: str):
    return _page(token, unit_of(token))


@unit.get("/bieu-mau.xlsx")
def blank_form(token: str):
    """A fresh form for this unit, with last year's figures when the service has them."""
    from ..data.kinds import load_kind
    from ..forms import write_form
    from ..forms.make import form_name

    code = unit_of(token)
    svc = service()
    config = svc.config
    name = form_name(load_kind(config.kind), config.year, config.units[code])
    with tempfile.TemporaryDirectory(prefix="reportkit-serve-") as folder:
        path = write_form(
            Path(folder) / name,
            config.kind,
            year=config.year,
            unit=config.units[code],
            previous=config.previous_files.get(code),
            deadline=config.deadline,
        )
        data = path.read_bytes()
    svc.store.log("tải biểu mẫu trống", code)
    return _send_bytes(data, name)


@unit.post("/nop")
def upload(token: str):
    code = unit_of(token)
    sent = request.files.get("tep")
    if sent is None or not sent.filename:
        return _page(token, code, "Chưa chọn tệp để nộp.", 400)
    try:
        svc = service()
        receive(svc.config, svc.store, code, sent.filename, sent.read(), request.remote_addr or "")
    except Refused as reason:
        service().store.log("từ chối tệp", code, str(reason))
        return _page(token, code, str(reason), 400)
    return redirect(url_for("unit.page", token=token) + "#ket-qua", code=303)


def _own_version(token: str, version_id: int) -> tuple[str, Version]:
    code = unit_of(token)
    version = service().store.version(code, version_id)
    if version is None:
        abort(404)
    return code, version


@unit.get("/phien-ban/<int:version_id>/tep")
def version_file(token: str, version_id: int):
    code, version = _own_version(token, version_id)
    service().store.log("tải phiên bản", code, f"phiên bản {version.id}")
    return send_stored(version.stored, version.original_name)


@unit.get("/phien-ban/<int:version_id>/chu-thich.xlsx")
def annotated(token: str, version_id: int):
    code, version = _own_version(token, version_id)
    if not version.annotated:
        abort(404)
    service().store.log("tải bản chú thích lỗi", code, f"phiên bản {version.id}")
    return send_stored(version.annotated, f"chu-thich-loi-{Path(version.original_name).stem}.xlsx")


@unit.get("/phien-ban/<int:version_id>/xem-truoc.pdf")
def preview(token: str, version_id: int):
    """The report as it will read, from a valid version, as PDF (LibreOffice)."""
    from ..atomic import write_bytes_atomic
    from ..report import build_report, write_documents

    code, version = _own_version(token, version_id)
    svc = service()
    if not version.valid or not svc.config.can_make_pdf:
        abort(404)
    cached = svc.store.folder / "xem-truoc" / f"{version.sha256}.pdf"
    if not cached.exists():
        with _PDF_LOCK, tempfile.TemporaryDirectory(prefix="reportkit-serve-") as folder:
            report = build_report(
                svc.store.folder / version.stored,
                kind=svc.config.kind,
                previous_path=svc.config.previous_files.get(code),
            )
            report.documents = {n: d for n, d in report.documents.items() if n.endswith(".docx")}
            try:
                written = write_documents(report, folder, pdf=True)
            except ReportkitError:
                abort(404)
            pdf = next(p for p in written if p.suffix == ".pdf")
            write_bytes_atomic(cached, pdf.read_bytes())
    svc.store.log("xem trước báo cáo", code, f"phiên bản {version.id}")
    return send_file(cached, mimetype="application/pdf", download_name=f"xem-truoc-{code}.pdf")


def send_stored(relative: str, name: str):
    """A file kept in the service folder; the path comes from the database, never the URL."""
    path = (service().store.folder / relative).resolve()
    if not path.is_relative_to(service().store.folder.resolve()) or not path.is_file():
        abort(404)
    return send_file(path, as_attachment=True, download_name=name)


def _send_bytes(data: bytes, name: str):
    from io import BytesIO

    return send_file(
        BytesIO(data),
        as_attachment=True,
        download_name=name,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
