"""The web service through Flask's test client: every route, every refusal, the record.

Forms are real: downloaded from the service, filled as unit staff fill them, uploaded;
results are read back from the pages, the files in the data folder and the database.
"""

from __future__ import annotations

import hashlib
import io
import re
import sqlite3
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pdf_helpers import pdf_text
from serve_support import (
    ADMIN,
    ISSUED,
    count_cell,
    csrf_of,
    filled,
    make_config,
    make_links,
    with_mistakes,
)

from reportkit.serve.app import create_app
from reportkit.serve.links import OPERATOR
from reportkit.serve.store import Store

KV1, KV2 = "thanh-hoa-kv1", "thanh-hoa-kv2"


def text_of(html: str) -> str:
    """What a person reads on a page: tags gone, entities decoded, spaces squeezed."""
    import html as entities

    return re.sub(r"\s+", " ", entities.unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def service(tmp_path):
    config = make_config(tmp_path / "data", deadline="05/01/2026")
    links = make_links(config)
    app = create_app(config)
    return app.test_client(), links, config


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    """A blank form of kv1 and kv2 as the service hands them out, filled, and with mistakes."""
    folder = tmp_path_factory.mktemp("forms")
    config = make_config(folder / "data")
    links = make_links(config)
    client = create_app(config).test_client()
    made = {}
    for code in (KV1, KV2):
        answer = client.get(links.units[code] + "bieu-mau.xlsx")
        assert answer.status_code == 200
        blank = folder / f"{code}-blank.xlsx"
        blank.write_bytes(answer.data)
        made[code] = filled(blank, code, folder / f"{code}.xlsx")
    made["kv1-bad"] = with_mistakes(made[KV1], folder / "kv1-bad.xlsx")
    made["kv1-blank"] = folder / f"{KV1}-blank.xlsx"
    return made


def upload(client, link: str, path: Path | None, name: str | None = None, *, data=None, csrf=True):
    page = client.get(link).get_data(as_text=True)
    fields = {"csrf_token": csrf_of(page)} if csrf else {}
    content = data if data is not None else path.read_bytes()
    fields["tep"] = (io.BytesIO(content), name or path.name)
    return client.post(link + "nop", data=fields, content_type="multipart/form-data")


def test_the_unit_page_names_the_unit_and_the_deadline_and_no_other_unit(service):
    client, links, _ = service
    answer = client.get(links.units[KV1])
    page = text_of(answer.get_data(as_text=True))
    assert answer.status_code == 200
    assert "Viện kiểm sát nhân dân khu vực 1 - Thanh Hóa" in page
    assert "Hạn nộp: 05/01/2026" in page
    assert "Đơn vị chưa nộp biểu mẫu." in page
    assert "khu vực 2" not in page and "khu vực 10" not in page


def test_the_blank_form_is_the_units_own_with_last_years_figures(forms):
    book = openpyxl.load_workbook(forms["kv1-blank"])
    cells = [str(c.value) for row in book["Thông tin đơn vị"].iter_rows() for c in row if c.value]
    assert "Viện kiểm sát nhân dân khu vực 1 - Thanh Hóa" in cells
    row, column = count_cell("issued_docs")
    beside = [c.value for c in book["Chỉ tiêu"][row] if c.column != column]
    assert 129 in beside  # issued documents of khu vực 1 in 2024, beside this year's cell


def test_a_form_with_mistakes_lists_every_problem_by_sheet_and_cell(service, forms):
    client, links, config = service
    answer = upload(client, links.units[KV1], forms["kv1-bad"])
    assert answer.status_code == 303
    page = text_of(client.get(links.units[KV1]).get_data(as_text=True))
    assert "Biểu mẫu có 2 lỗi" in page
    assert f"Chỉ tiêu {ISSUED} Văn bản phát hành trên hệ thống" in page
    assert 'đã nhập: "nhiều"' in page
    assert f"Chỉ tiêu {ADMIN}" in page and "công thức" in page
    assert "hợp lệ" not in page.split("Các lần đã nộp")[0]
    # the annotated copy marks the two cells with their messages
    version = Store(config.data_dir).versions(KV1)[0]
    copy = client.get(f"{links.units[KV1]}phien-ban/{version.id}/chu-thich.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(copy.data))["Chỉ tiêu"]
    assert "phải là số nguyên" in sheet[ISSUED].comment.text
    assert "công thức" in sheet[ADMIN].comment.text


def test_a_corrected_form_is_valid_shows_its_figures_and_keeps_every_version(service, forms):
    client, links, config = service
    upload(client, links.units[KV1], forms["kv1-bad"])
    upload(client, links.units[KV1], forms[KV1], name="bieu-mau-sua.xlsx")
    page = text_of(client.get(links.units[KV1]).get_data(as_text=True))
    assert "Biểu mẫu hợp lệ." in page
    assert (
        "Văn bản phát hành trên hệ thống quản lý văn bản và điều hành (văn bản) 142 129 tăng 10,1%"
        in page
    )
    assert "Tỷ lệ văn bản được ký số 97,2% (138/142)" in page
    versions = Store(config.data_dir).versions(KV1)
    assert [v.valid for v in versions] == [True, False]
    for version, source in zip(versions, (forms[KV1], forms["kv1-bad"]), strict=True):
        kept = (config.data_dir / ".reportkit-serve" / version.stored).read_bytes()
        assert kept == source.read_bytes()
        assert version.sha256 == hashlib.sha256(kept).hexdigest()
        assert version.sha256[:16] in page
        answer = client.get(f"{links.units[KV1]}phien-ban/{version.id}/tep")
        assert answer.data == kept
    # the unit's file in the data folder is the last one handed in, named as last year's
    assert (config.data_dir / "khu-vuc-01.xlsx").read_bytes() == forms[KV1].read_bytes()


def test_nothing_of_another_unit_is_reachable_from_a_units_link(service, forms):
    client, links, config = service
    upload(client, links.units[KV1], forms[KV1])
    version = Store(config.data_dir).versions(KV1)[0]
    other = links.units[KV2]
    for path in (
        f"phien-ban/{version.id}/tep",
        f"phien-ban/{version.id}/chu-thich.xlsx",
        f"phien-ban/{version.id}/xem-truoc.pdf",
    ):
        assert client.get(other + path).status_code == 404
    page = text_of(client.get(other).get_data(as_text=True))
    assert "khu vực 1" not in page and "Đơn vị chưa nộp biểu mẫu." in page
    # kv1's form sent through kv2's link is refused by its unit, and not put in kv2's place
    upload(client, other, forms[KV1])
    page = text_of(client.get(other).get_data(as_text=True))
    assert "biểu mẫu này là của đơn vị khác (thanh-hoa-kv1)" in page
    upload(client, other, forms["kv1-bad"])  # with mistakes too
    page = text_of(client.get(other).get_data(as_text=True))
    assert "Biểu mẫu có 3 lỗi" in page and "của đơn vị khác (thanh-hoa-kv1)" in page
    assert not (config.data_dir / "khu-vuc-02.xlsx").exists()
    assert (config.data_dir / "khu-vuc-01.xlsx").read_bytes() == forms[KV1].read_bytes()


@pytest.mark.parametrize(
    "token_path",
    [
        "/don-vi/sai-ma/",
        "/don-vi/sai-ma/bieu-mau.xlsx",
        "/don-vi/x/phien-ban/1/tep",
        "/dieu-hanh/sai-ma/",
        "/dieu-hanh/sai-ma/tien-do",
        "/dieu-hanh/sai-ma/ket-qua.zip",
        "/dieu-hanh/sai-ma/nhat-ky",
    ],
)
def test_a_wrong_token_finds_nothing(service, token_path):
    client, _, config = service
    answer = client.get(token_path)
    assert answer.status_code == 404
    assert "Đường dẫn không đúng hoặc đã bị thu hồi" in text_of(answer.get_data(as_text=True))
    last = Store(config.data_dir).events(1)[0]
    assert (last["action"], last["detail"]) == ("đường dẫn sai", "GET từ 127.0.0.1")


def test_a_unit_link_is_not_an_operator_link_nor_the_reverse(service):
    client, links, _ = service
    unit_token = links.units[KV1].split("/")[2]
    operator_token = links.operator.split("/")[2]
    assert client.get(f"/dieu-hanh/{unit_token}/").status_code == 404
    assert client.get(f"/don-vi/{operator_token}/").status_code == 404


def test_a_revoked_or_reissued_link_stops_working(service):
    client, links, config = service
    store = Store(config.data_dir)
    assert client.get(links.units[KV1]).status_code == 200
    assert store.revoke("unit", KV1) == 1
    assert client.get(links.units[KV1]).status_code == 404
    fresh = make_links(config)
    assert client.get(links.operator).status_code == 404
    assert client.get(fresh.operator).status_code == 200
    assert client.get(fresh.units[KV2]).status_code == 200
    assert client.get(links.units[KV2]).status_code == 404


def test_tokens_are_long_random_and_stored_only_hashed(service):
    _, links, config = service
    token = links.units[KV1].split("/")[2]
    assert len(token) >= 43
    raw = (config.data_dir / ".reportkit-serve" / "so-ghi.sqlite").read_bytes()
    assert token.encode() not in raw
    assert hashlib.sha256(token.encode()).hexdigest().encode() in raw


def test_a_post_without_its_csrf_token_is_refused_and_nothing_is_kept(service, forms):
    client, links, config = service
    answer = upload(client, links.units[KV1], forms[KV1], csrf=False)
    assert answer.status_code == 400
    assert "thiếu mã bảo vệ" in text_of(answer.get_data(as_text=True))
    assert Store(config.data_dir).versions(KV1) == []
    client.get(links.operator)
    assert client.post(links.operator + "tong-hop").status_code == 400


def test_a_token_from_another_session_is_refused(service, forms):
    client, links, config = service
    page = client.get(links.units[KV1]).get_data(as_text=True)
    stranger = create_app(config).test_client()
    stranger.get(links.units[KV1])
    answer = stranger.post(
        links.units[KV1] + "nop",
        data={"csrf_token": csrf_of(page), "tep": (io.BytesIO(forms[KV1].read_bytes()), "a.xlsx")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 400


def test_a_file_over_the_size_limit_is_refused_in_vietnamese(tmp_path, forms):
    config = make_config(tmp_path / "data", max_upload=20_000)
    links = make_links(config)
    client = create_app(config).test_client()
    answer = upload(client, links.units[KV1], forms[KV1])
    assert answer.status_code == 413
    assert "Tệp quá lớn" in text_of(answer.get_data(as_text=True))
    assert Store(config.data_dir).versions(KV1) == []


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("bao-cao.txt", b"hello", "Chỉ nhận tệp Excel .xlsx hoặc .xlsm"),
        ("bieu-mau.xls", b"\xd0\xcf\x11\xe0", "lưu lại dưới dạng .xlsx"),
        ("bieu-mau.xlsx", b"not a zip at all", "không phải bảng tính Excel"),
        ("bieu-mau.xlsx", b"", "Tệp tải lên trống"),
    ],
)
def test_what_is_not_a_workbook_is_refused_with_the_reason(service, name, content, said):
    client, links, config = service
    answer = upload(client, links.units[KV1], None, name, data=content)
    assert answer.status_code == 400
    assert said in text_of(answer.get_data(as_text=True))
    assert Store(config.data_dir).versions(KV1) == []
    assert [p.name for p in config.data_dir.iterdir()] == [".reportkit-serve"]


def test_a_zip_that_unpacks_to_far_more_than_a_form_is_refused_unread(service):
    client, links, config = service
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (101 * 1024 * 1024))
    answer = upload(client, links.units[KV1], None, "bieu-mau.xlsx", data=bomb.getvalue())
    assert answer.status_code == 400
    assert "khi giải nén quá lớn" in text_of(answer.get_data(as_text=True))
    assert Store(config.data_dir).versions(KV1) == []


def test_a_workbook_that_is_not_a_form_is_kept_but_not_used(service, tmp_path):
    client, links, config = service
    book = openpyxl.Workbook()
    book.active["A1"] = "số liệu"
    book.save(tmp_path / "khac.xlsx")
    upload(client, links.units[KV1], tmp_path / "khac.xlsx")
    page = text_of(client.get(links.units[KV1]).get_data(as_text=True))
    assert "Biểu mẫu có 1 lỗi" in page
    assert not (config.data_dir / "khu-vuc-01.xlsx").exists()
    table = text_of(client.get(links.operator).get_data(as_text=True))
    assert "VKSND khu vực 1 - Thanh Hóa chưa nộp" in table  # nothing in use for the batch


def test_path_tricks_in_file_names_go_nowhere(service, forms):
    client, links, config = service
    upload(client, links.units[KV1], forms[KV1], name="../../../etc/khu-vuc-02.xlsx")
    (version,) = Store(config.data_dir).versions(KV1)
    assert version.original_name == "khu-vuc-02.xlsx"
    stored = (config.data_dir / ".reportkit-serve" / version.stored).resolve()
    assert stored.parent == (config.data_dir / ".reportkit-serve" / "phien-ban" / KV1).resolve()
    assert sorted(p.name for p in config.data_dir.iterdir()) == [
        ".reportkit-serve",
        "khu-vuc-01.xlsx",
    ]
    for trick in ("ket-qua/..%2fso-ghi.sqlite", "ket-qua/../../etc/passwd", "ket-qua/.khoa"):
        assert client.get(links.operator + trick).status_code == 404
    assert (
        client.get(f"{links.operator}don-vi/..%2f{KV1}/phien-ban/{version.id}").status_code == 404
    )
    assert client.get(f"{links.units[KV1]}phien-ban/..%2f1/tep").status_code == 404


def test_every_answer_carries_the_security_headers(service):
    client, links, _ = service
    for path in ("/", links.units[KV1], "/don-vi/sai/", "/static/style.css"):
        headers = client.get(path).headers
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "no-referrer"
    assert client.get(links.units[KV1]).headers["Cache-Control"] == "no-store"


def test_the_operator_sees_every_unit_and_sorts_the_table(service, forms):
    client, links, _ = service
    upload(client, links.units[KV1], forms[KV1])
    upload(client, links.units[KV2], forms[KV2])
    page = text_of(client.get(links.operator).get_data(as_text=True))
    assert "Đã nộp 2/11 đơn vị · hợp lệ 2 · chưa nộp 9" in page
    assert "VKSND khu vực 1 - Thanh Hóa" in page and "VKSND khu vực 10 - Thanh Hóa chưa nộp" in page
    assert "97,2% tăng 11,1 điểm phần trăm" in page
    ascending = client.get(links.operator + "?sap-xep=issued_docs&chieu=tang").get_data(
        as_text=True
    )
    descending = client.get(links.operator + "?sap-xep=issued_docs&chieu=giam").get_data(
        as_text=True
    )
    order = [re.findall(r'id="don-vi-([^"]+)"', html) for html in (ascending, descending)]
    assert order[0][-2:] == [KV2, KV1] or order[0][-2:] == [KV1, KV2]
    assert order[1][:2] == list(reversed(order[0][-2:]))


def test_the_batch_button_runs_the_librarys_batch_and_zips_everything(service, forms, tmp_path):
    from reportkit.batch import run_batch

    client, links, config = service
    upload(client, links.units[KV1], forms[KV1])
    upload(client, links.units[KV2], forms["kv1-bad"])  # kv1's form through kv2: not used
    upload(client, links.units[KV2], forms[KV2])
    page = client.get(links.operator).get_data(as_text=True)
    answer = client.post(links.operator + "tong-hop", data={"csrf_token": csrf_of(page)})
    assert answer.status_code == 303
    client.application.extensions["reportkit"].runner.wait(300)
    progress = client.get(links.operator + "tien-do").get_json()
    assert progress == {
        "running": False,
        "done": 2,
        "total": 2,
        "finished": True,
        "failed_units": [],
        "error": None,
    }
    archive = zipfile.ZipFile(io.BytesIO(client.get(links.operator + "ket-qua.zip").data))
    names = set(archive.namelist())
    assert {
        "bao-cao-cds-2025-thanh-hoa-kv1.docx",
        "phu-luc-cds-2025-thanh-hoa-kv2.xlsx",
        "manifest.json",
        "manifest.csv",
    } <= names
    assert any(n.startswith("bao-cao-tong-hop-cds-2025") for n in names)
    # the command line on the same folder gives the same documents
    result = run_batch(
        config.data_dir,
        tmp_path / "cli",
        previous_dir=config.previous_dir,
        units_file=config.units_file,
        province=config.province,
    )
    assert result.ok
    documents = [p for p in (tmp_path / "cli").iterdir() if p.suffix in (".docx", ".xlsx")]
    assert len(documents) == 6
    for path in documents:
        assert archive.read(path.name) == path.read_bytes()
    manifest = client.get(links.operator + "ket-qua/manifest.csv")
    assert manifest.status_code == 200 and b"khu-vuc-01.xlsx" in manifest.data


def test_the_service_speaks_vietnamese_whatever_the_language_of_its_process(service):
    """The library's own messages on a page too (this process speaks English)."""
    client, links, _config = service
    page = client.get(links.operator).get_data(as_text=True)
    client.post(links.operator + "tong-hop", data={"csrf_token": csrf_of(page)})
    client.application.extensions["reportkit"].runner.wait(300)
    progress = client.get(links.operator + "tien-do").get_json()
    assert "không có tệp số liệu nào của đơn vị" in progress["error"], progress


def test_every_upload_check_download_and_batch_is_in_the_audit_log(service, forms):
    client, links, config = service
    client.get(links.units[KV1] + "bieu-mau.xlsx")
    upload(client, links.units[KV1], forms["kv1-bad"])
    page = client.get(links.operator).get_data(as_text=True)
    client.post(links.operator + "tong-hop", data={"csrf_token": csrf_of(page)})
    client.application.extensions["reportkit"].runner.wait(300)
    with sqlite3.connect(config.data_dir / ".reportkit-serve" / "so-ghi.sqlite") as db:
        events = db.execute("SELECT unit, action, detail FROM events ORDER BY id").fetchall()
    actions = [(unit, action) for unit, action, _ in events]
    assert (KV1, "tải biểu mẫu trống") in actions
    assert (KV1, "tải lên") in actions
    checks = [detail for unit, action, detail in events if (unit, action) == (KV1, "kiểm tra")]
    assert checks and checks[0].endswith(": 2 lỗi")
    assert (None, "chạy tổng hợp") in actions and (None, "kết quả tổng hợp") in actions
    log = text_of(client.get(links.operator + "nhat-ky").get_data(as_text=True))
    assert "tải lên" in log and "kiểm tra" in log


@pytest.mark.libreoffice
def test_a_valid_version_previews_as_the_reports_pdf(service, forms, tmp_path):
    client, links, config = service
    upload(client, links.units[KV1], forms[KV1])
    version = Store(config.data_dir).versions(KV1)[0]
    answer = client.get(f"{links.units[KV1]}phien-ban/{version.id}/xem-truoc.pdf")
    assert answer.status_code == 200 and answer.data.startswith(b"%PDF")
    (tmp_path / "preview.pdf").write_bytes(answer.data)
    text = pdf_text(tmp_path / "preview.pdf")
    assert "BÁO CÁO" in text and "142" in text


def test_no_operator_role_is_needed_for_a_store_without_links(tmp_path):
    store = Store(tmp_path)
    assert store.link_owner("x") is None
    store.add_link(OPERATOR, None, "h")
    assert store.link_owner("h") == (OPERATOR, None)


def test_another_kind_is_served_the_same_way(tmp_path):
    config = make_config(tmp_path / "data", kind="phoihop", previous_dir=None, province=None)
    links = make_links(config)
    client = create_app(config).test_client()
    blank = client.get(links.units[KV1] + "bieu-mau.xlsx")
    assert blank.headers["Content-Disposition"].endswith("bieu-mau-phoihop-2025-thanh-hoa-kv1.xlsx")
    upload(client, links.units[KV1], None, "trong.xlsx", data=blank.data)
    page = text_of(client.get(links.units[KV1]).get_data(as_text=True))
    assert "Biểu mẫu có 5 lỗi" in page and "Thông tin đơn vị B17 bắt buộc phải nhập" in page
