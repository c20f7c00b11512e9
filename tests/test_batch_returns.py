"""``reportkit batch --annotate-invalid DIR``: what the province sends back to its units."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import test_batch_run
from click.testing import CliRunner
from test_forms_support import fill, make_blank

from reportkit.batch.returns import SUMMARY_NAME
from reportkit.cli import main
from reportkit.data.loader import load_data

UNITS = test_batch_run.ROOT / "samples" / "units-thanh-hoa.yaml"
kind_dir = test_batch_run.kind_dir  # the batch tests' fixtures: a quick kind, the inputs
inputs = test_batch_run.inputs


def _unit_eleven(folder: Path) -> None:
    """A unit the units list does not know: kv1's file under another code and name."""
    text = (folder / "khu-vuc-01.yaml").read_text(encoding="utf-8")
    for old, new in (("kv1", "kv11"), ("khu vực 1 ", "khu vực 11 ")):
        text = text.replace(old, new)
    (folder / "khu-vuc-11.yaml").write_text(text, encoding="utf-8")


def test_every_invalid_form_goes_back_marked_with_a_table_of_units(kind_dir, inputs, tmp_path):
    data = load_data(inputs / "khu-vuc-05.yaml").data
    data["counts"]["signed_docs"] = data["counts"]["issued_docs"] + 1000
    fill(make_blank(tmp_path), data, inputs / "khu-vuc-05.xlsx")
    (inputs / "khu-vuc-05.yaml").unlink()
    (inputs / "khu-vuc-02.yaml").unlink()
    _unit_eleven(inputs)
    back = tmp_path / "gui-lai"
    arguments = ["batch", inputs, "-o", tmp_path / "out", "--kind", kind_dir, "-j", "1"]
    arguments += ["--units", UNITS, "--annotate-invalid", back]
    outcome = CliRunner().invoke(main, [str(a) for a in arguments])

    assert outcome.exit_code == 1, outcome.output
    assert "không có trong danh sách đơn vị: khu-vuc-11.yaml" in outcome.stderr
    copy = back / "khu-vuc-05-can-sua.xlsx"
    signed = openpyxl.load_workbook(copy)["Chỉ tiêu"]["C7"]
    assert signed.fill.fgColor.rgb.endswith("FFC7CE")
    assert signed.comment.text.startswith("Văn bản được ký số trước khi ban hành: ")
    assert "counts." not in signed.comment.text

    sheet = openpyxl.load_workbook(back / SUMMARY_NAME).active
    rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
    assert rows[0][0] == "TÌNH HÌNH NHẬN SỐ LIỆU CỦA CÁC ĐƠN VỊ"
    assert rows[1][0] == "Đã nhận 10 tệp: 9 hợp lệ, 1 chưa hợp lệ; 1 đơn vị chưa nộp."
    assert rows[2][:5] == ("STT", "Đơn vị", "Tệp đã nhận", "Tình trạng", "Số lỗi")
    by_file = {row[2]: row for row in rows[3:]}
    assert by_file["khu-vuc-05.xlsx"][3:6] == ("Chưa hợp lệ", 1, copy.name)
    assert by_file["khu-vuc-01.yaml"][3:6] == ("Hợp lệ", None, None)
    assert by_file["khu-vuc-11.yaml"][6] == "không có trong danh sách đơn vị"
    assert by_file["—"][1:4] == ("VKSND khu vực 2 - Thanh Hóa", "—", "Chưa nộp")
    assert f"đã ghi {copy}" in outcome.stdout
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
