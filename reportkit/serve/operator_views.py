"""The operator's pages: every unit at a glance, the batch button, the zip, the audit log."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, jsonify, redirect, render_template, request, send_file, url_for

from .app import require_operator, service
from .batchjob import output_files, zip_outputs
from .overview import overview, sort_rows
from .unit_views import send_stored

operator = Blueprint("operator", __name__, url_prefix="/dieu-hanh/<token>")


@operator.get("/")
def page(token: str):
    require_operator(token)
    svc = service()
    table = overview(svc.config, svc.store.latest_versions())
    key = request.args.get("sap-xep", "")
    descending = request.args.get("chieu") == "giam"
    rows = sort_rows(table.rows, key, descending) if key else table.rows
    return render_template(
        "operator.html",
        token=token,
        config=svc.config,
        table=table,
        rows=rows,
        sort_key=key,
        descending=descending,
        progress=svc.runner.progress,
        outputs=output_files(svc.config.outputs),
    )


@operator.get("/don-vi/<code>/phien-ban/<int:version_id>")
def unit_version(token: str, code: str, version_id: int):
    """A unit's handed-in file, for the operator to open."""
    require_operator(token)
    svc = service()
    version = svc.store.version(code, version_id) if code in svc.config.units else None
    if version is None:
        abort(404)
    svc.store.log("điều hành tải phiên bản", code, f"phiên bản {version.id}")
    return send_stored(version.stored, f"{code}-{version.original_name}")


@operator.post("/tong-hop")
def run(token: str):
    require_operator(token)
    pdf = request.form.get("pdf") == "1" and service().config.can_make_pdf
    service().runner.start(pdf=pdf)
    return redirect(url_for("operator.page", token=token) + "#tong-hop", code=303)


@operator.get("/tien-do")
def progress(token: str):
    require_operator(token)
    return jsonify(service().runner.progress.as_json())


@operator.get("/ket-qua.zip")
def download_zip(token: str):
    require_operator(token)
    svc = service()
    if not output_files(svc.config.outputs):
        abort(404)
    svc.store.log("tải gói kết quả", None)
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    name = f"ket-qua-{svc.config.kind}-{svc.config.year}-{stamp}.zip"
    return send_file(
        zip_outputs(svc.config.outputs),
        as_attachment=True,
        download_name=name,
        mimetype="application/zip",
    )


@operator.get("/ket-qua/<name>")
def output_file(token: str, name: str):
    """One output (the manifest, a document) by its name as listed; nothing outside."""
    require_operator(token)
    svc = service()
    chosen = next((p for p in output_files(svc.config.outputs) if p.name == name), None)
    if chosen is None:
        abort(404)
    svc.store.log("tải kết quả", None, name)
    return send_file(chosen, as_attachment=True, download_name=name)


@operator.get("/nhat-ky")
def audit(token: str):
    require_operator(token)
    svc = service()
    return render_template(
        "audit.html", token=token, config=svc.config, events=svc.store.events(500)
    )
