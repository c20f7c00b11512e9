"""The operator's table: flags for a change above half and a rate far from the others,
and the serve commands through click's runner."""

from __future__ import annotations

import csv
import socket

from click.testing import CliRunner
from serve_support import UNITS, make_config

from reportkit.cli import main
from reportkit.serve.links import who
from reportkit.serve.overview import overview, sort_rows
from reportkit.serve.store import Store, Version


def version(code: str, rate: float, change: float | None = 0.1) -> Version:
    figures = {
        "indicators": [
            {
                "code": "issued_docs",
                "label": "Văn bản phát hành",
                "group": "cds",
                "unit_label": "văn bản",
                "value": 100,
                "previous": 90,
                "change": change,
            },
        ],
        "rates": [
            {
                "code": "signed_docs",
                "label": "Tỷ lệ văn bản được ký số",
                "numerator": 1,
                "denominator": 1,
                "rate": rate,
                "previous_rate": None,
                "points": None,
            },
        ],
    }
    return Version(
        id=1,
        unit=code,
        received="2026-01-05T01:00:00+00:00",
        original_name="a.xlsx",
        stored="a.xlsx",
        sha256="0" * 64,
        size=1,
        used=True,
        valid=True,
        problems=[],
        figures=figures,
        annotated=None,
    )


def test_a_rate_far_from_the_other_units_and_a_big_change_are_flagged(tmp_path):
    config = make_config(tmp_path / "data")
    latest = {f"thanh-hoa-kv{n}": version(f"thanh-hoa-kv{n}", 0.95 + n / 1000) for n in range(1, 7)}
    latest["thanh-hoa-kv7"] = version("thanh-hoa-kv7", 0.40, change=-0.62)
    table = overview(config, latest)
    flags = {row.code: row.flags for row in table.rows}
    assert flags["thanh-hoa-kv7"] == [
        "Văn bản phát hành: giảm 62% so với năm trước",
        "Tỷ lệ văn bản được ký số 40% khác xa các đơn vị khác (trung vị 95,3%)",
    ]
    assert all(not flags[f"thanh-hoa-kv{n}"] for n in range(1, 7))
    assert table.counts == {"units": 11, "received": 7, "valid": 7}
    assert [c for c, _ in table.rate_columns] == ["signed_docs"]
    lowest = sort_rows(table.rows, "signed_docs", descending=False)
    assert [r.code for r in lowest if r.received][0] == "thanh-hoa-kv7"
    assert sort_rows(table.rows, "canh-bao", descending=True)[0].code == "thanh-hoa-kv7"


def test_with_too_few_units_no_rate_is_called_far_from_the_others(tmp_path):
    config = make_config(tmp_path / "data")
    latest = {
        "thanh-hoa-kv1": version("thanh-hoa-kv1", 0.9),
        "thanh-hoa-kv2": version("thanh-hoa-kv2", 0.1),
    }
    assert all(not row.flags for row in overview(config, latest).rows)


def links_command(data, *options: str):
    """``reportkit serve links`` on the Thanh Hóa units list and ``data``, through click."""
    args = ["serve", "links", "--units", str(UNITS), "--data", str(data), *options]
    return CliRunner().invoke(main, args)


def test_serve_links_writes_the_csv_once_and_revokes(tmp_path):
    data, out = tmp_path / "data", tmp_path / "links.csv"
    options = ("-o", str(out), "--base-url", "http://127.0.0.1:9000")
    result = links_command(data, *options)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 12 and rows[1]["ma_don_vi"] == "thanh-hoa-kv1"
    assert rows[1]["duong_dan"].startswith("http://127.0.0.1:9000/don-vi/")
    assert rows[-1]["duong_dan"].startswith("http://127.0.0.1:9000/dieu-hanh/")
    again = links_command(data, *options)
    assert again.exit_code == 2 and "tệp CSV đã có" in again.output
    assert "Traceback" not in again.output
    revoked = links_command(data, "--revoke", "--unit", "thanh-hoa-kv1")
    assert revoked.exit_code == 0 and "đã thu hồi 1 đường dẫn" in revoked.output
    token = rows[1]["duong_dan"].rstrip("/").rsplit("/", 1)[1]
    assert who(Store(data), token) is None
    assert who(Store(data), rows[2]["duong_dan"].rstrip("/").rsplit("/", 1)[1]) == (
        "unit",
        "thanh-hoa-kv2",
    )
    unknown = links_command(data, "--unit", "khong-co", "-o", str(tmp_path / "x.csv"))
    assert unknown.exit_code == 2 and "không có đơn vị mã khong-co" in unknown.output


def test_serve_without_its_required_options_says_which(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--year", "2025"])
    assert result.exit_code == 2 and "thiếu --units, --data" in result.output


def test_serve_on_a_port_already_taken_says_so_without_a_traceback(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        args = ["serve", "--year", "2025", "--units", str(UNITS), "--data", str(tmp_path / "d")]
        result = CliRunner().invoke(main, [*args, "--host", "127.0.0.1", "--port", port])
    assert result.exit_code == 2
    assert (
        f"lỗi: không lắng nghe được tại 127.0.0.1:{port}: địa chỉ này đang được dùng"
        in result.output
    )
    assert "Traceback" not in result.output


def test_a_units_list_with_a_code_that_cannot_name_a_file_is_refused(tmp_path):
    units = tmp_path / "units.yaml"
    units.write_text("units:\n  - code: ../kv1\n    name: Đơn vị\n", encoding="utf-8")
    args = ["serve", "links", "--units", str(units), "--data", str(tmp_path / "d")]
    result = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "l.csv")])
    assert result.exit_code == 2 and "không dùng làm tên tệp được" in result.output
