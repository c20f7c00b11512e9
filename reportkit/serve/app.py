"""The Flask application: pages for the units and the operator, security on every answer.

Built by ``create_app(config)``; ``reportkit serve`` runs it under waitress, the tests
through Flask's test client. Everything a person reads is in Vietnamese.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, abort, current_app, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect

from ..formatting import register_filters
from ..i18n import VIETNAMESE, speaking
from .batchjob import BatchRunner
from .config import ServeConfig
from .links import OPERATOR, UNIT, who
from .store import Store

_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",  # the link's token is in the address
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cache-Control": "no-store",
}


@dataclass
class Service:
    """What every request of one running service shares."""

    config: ServeConfig
    store: Store
    runner: BatchRunner


def service() -> Service:
    return current_app.extensions["reportkit"]


def unit_of(token: str) -> str:
    """The unit code a unit link belongs to; 404 for anything else (says nothing more)."""
    owner = who(service().store, token)
    if owner is None or owner[0] != UNIT or owner[1] not in service().config.units:
        _wrong_link()
    return str(owner[1])


def require_operator(token: str) -> None:
    """404 unless ``token`` is the operator's live link."""
    owner = who(service().store, token)
    if owner is None or owner[0] != OPERATOR:
        _wrong_link()


def _wrong_link():
    """Log a wrong, old or revoked link (with the address it came from), then 404."""
    service().store.log("đường dẫn sai", None, f"{request.method} từ {request.remote_addr}")
    abort(404)


def _secret_key(store: Store) -> bytes:
    """The key that signs session cookies, kept in the service folder across restarts."""
    path = store.folder / "khoa-phien"
    if not path.exists():
        from ..atomic import write_bytes_atomic

        write_bytes_atomic(path, secrets.token_bytes(32))
        path.chmod(0o600)
    return path.read_bytes()


def local_time(stamp: str) -> str:
    """A stored UTC time as the office reads it: 09/01/2026 08:15:02 (server's local time)."""
    return datetime.fromisoformat(stamp).astimezone().strftime("%d/%m/%Y %H:%M:%S")


def file_size(size: int) -> str:
    from ..formatting import number

    if size < 1024 * 1024:
        return f"{number(max(1, round(size / 1024)))} KB"
    return f"{number(size / (1024 * 1024), 1)} MB"


def _in_vietnamese(wsgi_app):
    """Every answer in Vietnamese, whatever the operator's locale: the pages are for the
    units' staff, and so are the library's messages on them."""

    def answer(environ, start_response):
        with speaking(VIETNAMESE):
            return wsgi_app(environ, start_response)

    return answer


def create_app(config: ServeConfig) -> Flask:
    """The web application for ``config``'s units and data folder."""
    from .operator_views import operator
    from .unit_views import unit

    app = Flask(__name__)
    store = Store(config.data_dir)
    app.config.update(
        SECRET_KEY=_secret_key(store),
        MAX_CONTENT_LENGTH=config.max_upload,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_HTTPONLY=True,
        WTF_CSRF_TIME_LIMIT=None,  # a page left open all morning still posts
    )
    app.extensions["reportkit"] = Service(config, store, BatchRunner(config, store))
    CSRFProtect(app)
    register_filters(app.jinja_env)
    app.jinja_env.filters.update(local_time=local_time, file_size=file_size)
    app.register_blueprint(unit)
    app.register_blueprint(operator)

    app.wsgi_app = _in_vietnamese(app.wsgi_app)

    @app.after_request
    def secure(response):
        for name, value in _SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.errorhandler(404)
    def not_found(error):
        return _error_page(
            404,
            "Không tìm thấy",
            "Đường dẫn không đúng hoặc đã bị thu hồi. "
            "Hãy dùng đúng đường dẫn riêng đã được gửi cho đơn vị.",
        )

    @app.errorhandler(413)
    def too_large(error):
        limit = file_size(config.max_upload)
        return _error_page(
            413,
            "Tệp quá lớn",
            f"Tệp tải lên vượt quá giới hạn {limit}. "
            "Biểu mẫu đã điền thường chỉ vài trăm KB: hãy kiểm tra lại tệp.",
        )

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return _error_page(
            400,
            "Phiên làm việc đã hết hạn",
            "Biểu mẫu gửi lên thiếu mã bảo "
            "vệ hoặc mã không đúng. Hãy tải lại trang rồi thực hiện lại.",
        )

    @app.errorhandler(405)
    def wrong_method(error):
        return _error_page(405, "Không thực hiện được", "Thao tác này không được phép.")

    @app.errorhandler(500)
    def failed(error):
        return _error_page(
            500,
            "Lỗi của hệ thống",
            "Máy chủ gặp lỗi khi xử lý yêu cầu; tệp "
            "đã nộp (nếu có) vẫn được lưu. Hãy thử lại hoặc báo cho người tổng hợp.",
        )

    @app.route("/")
    def home():
        return _error_page(
            200, "Thu nhận biểu mẫu", "Hãy mở đường dẫn riêng đã được gửi cho đơn vị của mình."
        )

    return app


def _error_page(status: int, title: str, message: str):
    return render_template("message.html", title=title, message=message), status
