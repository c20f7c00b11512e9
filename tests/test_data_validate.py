"""Validation against the shipped CĐS kind: typed data, or every problem with file:line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reportkit.data.kinds import load_kind
from reportkit.data.loader import load_data
from reportkit.errors import ValidationError
from reportkit.i18n import VIETNAMESE, speaking

SAMPLE = Path(__file__).parent.parent / "samples" / "thanh-hoa-2025.yaml"


@pytest.fixture(scope="module")
def kind():
    return load_kind("cds")


def _problems(kind, tmp_path, replacements, name="thanh-hoa-2025.yaml", text=None):
    """Validate a copy of the sample with ``replacements``; return (path, problem strings)."""
    text = text if text is not None else SAMPLE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        kind.validate(load_data(path))
    assert caught.value.file == str(path)
    return path, [str(p) for p in caught.value.problems], caught.value.problems


def _line(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return number
    raise AssertionError(text)


def test_sample_validates_to_typed_data(kind):
    data = kind.validate(load_data(SAMPLE))
    assert data["year"] == 2025
    assert data["period"] == {"from": dt.date(2025, 1, 1), "to": dt.date(2025, 12, 31)}
    assert data["document"]["date"] == dt.date(2026, 1, 9)
    assert data["document"]["title"].endswith("năm 2025")  # a default naming another field
    assert data["document"]["signer"] == {
        "name": "Trần Thế Kính",
        "title": "VIỆN TRƯỞNG",
        "authority": None,
    }
    assert data["counts"]["signed_docs"] == 3316
    assert data["counts"]["dti_score"] is None  # every indicator is present
    assert data["agreements"][0]["period"] == {"from": 2025, "to": 2030}
    assert data["agreements"][0]["status"] == "dang_thuc_hien"
    assert data["tasks"][0]["deadline"] == dt.date(2026, 12, 31)


def test_json_sample_validates_to_the_same_data(kind):
    from_yaml = kind.validate(load_data(SAMPLE))
    from_json = kind.validate(load_data(SAMPLE.with_suffix(".json")))
    assert from_json == from_yaml


def test_the_issue_example_message(kind, tmp_path):
    path, problems, _ = _problems(kind, tmp_path, [("signed_docs: 3316", "signed_docs: ba nghìn")])
    line = _line(path, "signed_docs: ba nghìn")
    assert problems == [
        f'{path}:{line}: counts.signed_docs: must be a whole number ≥ 0, got "ba nghìn"'
    ]


def test_every_problem_is_listed_at_once_in_file_order(kind, tmp_path):
    path, problems, found = _problems(
        kind,
        tmp_path,
        [
            ("  name: Viện kiểm sát", "  nmae: Viện kiểm sát"),
            ("date: 2026-01-09", "date: 31/02/2026"),
            ("issued_docs: 3429", "issued_docs: 3.429"),
            ("signed_docs: 3316", "signed_docs: 3500"),
            ("paperless_meetings: 46", "paperless_meetings: -4"),
            ("mind_map_civil: 147", "mind_map_civil: 140"),
            ("  digitised_case_files: 312", "  digitised_case_fils: 312"),
            ("- kind: quy_che_phoi_hop", "- kind: hiep_dinh"),
            ("deadline: 2026-06-30", "deadline: 2027-06-30"),
        ],
    )
    expected = [
        (_line(path, "nmae:"), "unit.nmae", 'unknown field; did you mean "name"?'),
        (_line(path, "nmae:") - 1, "unit.name", "is required (Tên đơn vị)"),
        (_line(path, "31/02/2026"), "document.date", "must be a date such as 2026-01-09"),
        (
            _line(path, "issued_docs: 3.429"),
            "counts.issued_docs",
            "(write 3429, without a thousands",
        ),
        (
            _line(path, "meetings: -4"),
            "counts.paperless_meetings",
            "must be a whole number ≥ 0, got -4",
        ),
        (
            _line(path, "mind_map_reports: 394"),
            "counts.mind_map_reports",
            "(247 + 140 = 387, but the total is 394)",
        ),
        (
            _line(path, "digitised_case_fils"),
            "counts.digitised_case_fils",
            'unknown indicator; did you mean "digitised_case_files"?',
        ),
        (_line(path, "hiep_dinh"), "agreements[0].kind", "must be one of: quy_che_phoi_hop"),
        (_line(path, "2027-06-30"), "tasks[1].deadline", "(2027-06-30 is not in 2026)"),
    ]
    got = {(p.location, p.field): p.message for p in found}
    for line, field, words in expected:
        assert words in got.pop((f"line {line}", field)), field
    assert got == {}, got
    lines = [int(p.location.split()[1]) for p in found]
    assert lines == sorted(lines)


def test_signed_greater_than_issued(kind, tmp_path):
    """The kind's own message, its figures as the reader of the run's language reads them."""
    path, problems, _ = _problems(kind, tmp_path, [("signed_docs: 3316", "signed_docs: 3500")])
    assert problems[0].endswith(
        "(3500 > Văn bản phát hành trên hệ thống quản lý văn bản và điều hành (3429))"
    )
    with speaking(VIETNAMESE):
        path, problems, _ = _problems(kind, tmp_path, [("signed_docs: 3316", "signed_docs: 3500")])
    assert problems == [
        f"{path}:{_line(path, 'signed_docs: 3500')}: counts.signed_docs: số văn bản được ký số "
        "không được nhiều hơn số văn bản phát hành trên hệ thống "
        "(3.500 > Văn bản phát hành trên hệ thống quản lý văn bản và điều hành (3.429))"
    ]


def test_period_order_and_missing_required_sections(kind, tmp_path):
    text = "year: 2025\nperiod:\n  from: 2025-12-31\n  to: 01/01/2025\ncounts: {}\n"
    path, problems, _ = _problems(kind, tmp_path, [], name="short.yaml", text=text)
    assert problems == [
        f"{path}:1: unit: is required (Đơn vị báo cáo)",
        f"{path}:1: document: is required (Thông tin văn bản)",
        f"{path}:3: period.from: ngày bắt đầu kỳ báo cáo phải trước ngày kết thúc "
        "(2025-12-31 is later than Đến ngày (2025-01-01))",
    ]
    with speaking(VIETNAMESE):
        path, problems, _ = _problems(kind, tmp_path, [], name="short.yaml", text=text)
    assert problems == [
        f"{path}:1: unit: bắt buộc phải nhập (Đơn vị báo cáo)",
        f"{path}:1: document: bắt buộc phải nhập (Thông tin văn bản)",
        f"{path}:3: period.from: ngày bắt đầu kỳ báo cáo phải trước ngày kết thúc "
        "(31/12/2025 muộn hơn Đến ngày (01/01/2025))",
    ]


def test_wrong_types_everywhere(kind, tmp_path):
    path, problems, found = _problems(
        kind,
        tmp_path,
        [
            ("year: 2025", "year: năm nay"),
            ("    period: 2025-2030", "    period: 2030-2025"),
            ("  level: tinh", "  level: huyen"),
            ("  - platform: facebook", "  - platform: Facebok"),
            ("    items: 64", "    items: nhiều"),
            ("  code: thanh-hoa", "  code: Thanh Hóa"),
        ],
    )
    by_field = {p.field: p for p in found}
    assert set(by_field) == {
        "year",
        "agreements[0].period",
        "unit.level",
        "social[0].platform",
        "press[0].items",
        "unit.code",
    }
    assert by_field["year"].message == 'must be a year such as 2025, got "năm nay"'
    assert "span of years such as 2026-2030" in by_field["agreements[0].period"].message
    assert "khu_vuc (VKSND khu vực)" in by_field["unit.level"].message
    assert by_field["social[0].platform"].message.endswith('did you mean "facebook"?')
    assert by_field["press[0].items"].location == f"line {_line(path, 'items: nhiều')}"
    assert "chỉ gồm chữ thường" in by_field["unit.code"].message


def test_enum_accepts_its_vietnamese_label(kind, tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "- kind: quy_che_phoi_hop", "- kind: Thỏa thuận hợp tác"
    )
    path = tmp_path / "labels.yaml"
    path.write_text(text, encoding="utf-8")
    assert kind.validate(load_data(path))["agreements"][0]["kind"] == "thoa_thuan_hop_tac"


@pytest.mark.parametrize(
    "typed",
    ["Thoả thuận hợp tác", "  thỏa   THUẬN hợp tác ", "Tho\u0309a thua\u0323\u0302n hợp tác"],
    ids=["older accent placement", "case and spaces", "decomposed letters"],
)
def test_enum_label_is_compared_as_a_reader_reads_it(kind, tmp_path, typed):
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "- kind: quy_che_phoi_hop", f'- kind: "{typed}"'
    )
    path = tmp_path / "labels.yaml"
    path.write_text(text, encoding="utf-8")
    assert kind.validate(load_data(path))["agreements"][0]["kind"] == "thoa_thuan_hop_tac"


def test_agreement_needs_a_partner(kind, tmp_path):
    old = "    partners:\n      - Báo và Phát thanh, truyền hình Thanh Hóa\n"
    path, problems, _ = _problems(kind, tmp_path, [(old, "    partners: []\n")])
    assert problems == [
        f"{path}:{_line(path, 'partners: []')}: agreements[0].partners: "
        "is required (Cơ quan, đơn vị cùng ký)"
    ]


def test_partial_validation_of_a_previous_year_file(kind, tmp_path):
    path = tmp_path / "2024.yaml"
    path.write_text("year: 2024\ncounts:\n  issued_docs: 3208\n  signed_docs: 2951\n")
    data = kind.validate(load_data(path), partial=True)
    assert data["counts"]["issued_docs"] == 3208
    with pytest.raises(ValidationError):
        kind.validate(load_data(path))


def test_validation_error_pickles_with_its_problems(kind, tmp_path):
    import pickle

    _, problems, found = _problems(kind, tmp_path, [("signed_docs: 3316", "signed_docs: x")])
    error = ValidationError(found, file="f.yaml")
    assert [str(p) for p in pickle.loads(pickle.dumps(error)).problems] == problems


def test_json_input_problems_have_lines(kind, tmp_path):
    text = SAMPLE.with_suffix(".json").read_text(encoding="utf-8")
    path, problems, _ = _problems(
        kind,
        tmp_path,
        [('"signed_docs": 3316', '"signed_docs": "ba nghìn"'), ('"year": 2025', '"yeer": 2025')],
        name="unit.json",
        text=text,
    )
    assert problems == [
        f"{path}:1: year: is required (Năm báo cáo)",  # a missing field: its parent's line
        f'{path}:2: yeer: unknown field; did you mean "year"?',
        f"{path}:{_line(path, 'ba nghìn')}: counts.signed_docs: must be a whole number ≥ 0, "
        'got "ba nghìn"',
    ]


def test_data_that_is_not_a_block_of_fields(kind, tmp_path):
    path, problems, _ = _problems(kind, tmp_path, [], name="list.yaml", text="- 1\n- 2\n")
    assert problems == [f"{path}:1: must be a block of fields (name: value), got a list"]


def test_single_text_for_a_list_and_numbers_as_text(kind, tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace(
        "    partners:\n      - Báo và Phát thanh, truyền hình Thanh Hóa\n",
        "    partners: Báo và Phát thanh, truyền hình Thanh Hóa\n",
    ).replace("issued_docs: 3429", 'issued_docs: "3429"')
    path = tmp_path / "lenient.yaml"
    path.write_text(text, encoding="utf-8")
    data = kind.validate(load_data(path))
    assert data["agreements"][0]["partners"] == ["Báo và Phát thanh, truyền hình Thanh Hóa"]
    assert data["counts"]["issued_docs"] == 3429


def test_values_as_a_spreadsheet_reader_gives_them(kind):
    """The Excel form reader hands over floats, datetimes and Vietnamese labels."""
    from reportkit.data.loader import Document

    data = {
        "year": 2025.0,
        "unit": {
            "name": "Viện kiểm sát nhân dân tỉnh Thanh Hóa",
            "parent": "Viện kiểm sát nhân dân tối cao",
            "level": "VKSND tỉnh, thành phố",
        },
        "document": {
            "number": "05/BC-VKS",
            "date": dt.datetime(2026, 1, 9),
            "place": "Thanh Hóa",
            "signer": {"name": "Trần Thế Kính", "title": "VIỆN TRƯỞNG"},
        },
        "counts": {"issued_docs": 3429.0, "signed_docs": "3316", "dti_score": "71,5"},
    }
    where = {("counts",): "'Chỉ tiêu'!C4", ("counts", "signed_docs"): "'Chỉ tiêu'!C6"}
    typed = kind.validate(Document(data, "form.xlsx", where))
    assert (typed["year"], typed["unit"]["level"]) == (2025, "tinh")
    assert typed["document"]["date"] == dt.date(2026, 1, 9)
    assert typed["counts"]["issued_docs"] == 3429
    assert typed["counts"]["dti_score"] == 71.5
    data["counts"]["signed_docs"] = "ba nghìn"
    with pytest.raises(ValidationError) as caught:
        kind.validate(Document(data, "form.xlsx", where))
    assert [str(p) for p in caught.value.problems] == [
        "form.xlsx:'Chỉ tiêu'!C6: must be a whole number ≥ 0, got \"ba nghìn\""
    ]


def test_a_field_in_the_wrong_block_says_where_it_belongs(kind, tmp_path):
    path, problems, _ = _problems(
        kind, tmp_path, [("year: 2025\n", "year: 2025\nportal_news: 5\n")]
    )
    assert problems == [
        f"{path}:{_line(path, 'portal_news: 5')}: portal_news: unknown field here; "
        "it belongs under counts (counts.portal_news)"
    ]


def test_document_number_without_the_so_prefix(kind, tmp_path):
    path, problems, _ = _problems(
        kind, tmp_path, [("number: 05/BC-VKS", "number: 'Số: 05/BC-VKS'")]
    )
    assert problems == [
        f"{path}:{_line(path, 'Số: 05/BC-VKS')}: document.number: ghi số và ký hiệu, không ghi "
        '"Số:" (mẫu tự thêm), ví dụ 05/BC-VKS, got "Số: 05/BC-VKS"'
    ]
