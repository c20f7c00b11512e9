"""A PDF's title, author, subject and date come from the report's data, through the
document's core properties, which Word and Excel show as the file's properties too."""

from __future__ import annotations

import datetime
from pathlib import Path

import docx
import openpyxl

from reportkit.docinfo import DocumentInfo, info_from_data, with_info
from reportkit.report import build_report

ROOT = Path(__file__).resolve().parent.parent


def test_info_names_the_unit_the_year_the_number_and_the_date():
    report = build_report(ROOT / "samples" / "thanh-hoa-2025.yaml")
    info = info_from_data(report.context, report.kind.title)
    assert info == DocumentInfo(
        title_suffix=" năm 2025",
        author="Viện kiểm sát nhân dân tỉnh Thanh Hóa",
        subject=f"{report.kind.title} năm 2025, số 05/BC-VKS",
        date=datetime.date(2026, 1, 9),
    )
    when = {"document": {"date": datetime.datetime(2026, 1, 9, 15, 30)}}
    assert info_from_data(when, None).date == datetime.date(2026, 1, 9)
    assert info_from_data({}, None) == DocumentInfo()


def test_properties_of_a_copy_are_set_and_the_document_is_untouched(tmp_path):
    report = build_report(ROOT / "samples" / "thanh-hoa-2025.yaml")
    info = info_from_data(report.context, report.kind.title)
    for name, data in report.documents.items():
        source, copy = tmp_path / name, tmp_path / f"copy-{name}"
        source.write_bytes(data)
        with_info(source, copy, info)
        assert source.read_bytes() == data
        if name.endswith(".docx"):
            p = docx.Document(copy).core_properties
            shown = (p.title, p.author, p.last_modified_by, p.subject, p.created)
        else:
            p = openpyxl.load_workbook(copy).properties
            shown = (p.title, p.creator, p.lastModifiedBy, p.subject, p.created)
        title, author, modified_by, subject, created = shown
        assert title.endswith("chuyển đổi số và công tác tuyên truyền năm 2025"), name
        assert author == modified_by == info.author
        assert subject == info.subject
        assert created.date() == datetime.date(2026, 1, 9)
