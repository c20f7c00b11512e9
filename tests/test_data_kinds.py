"""Finding report kinds, and reading their kind.yaml with every mistake at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportkit.data.kinds import load_kind, shipped_kinds, slugify
from reportkit.data.loader import load_data
from reportkit.errors import InputError, ValidationError

SHIPPED = Path(__file__).parent.parent / "templates" / "cds"


def test_shipped_kind_by_name():
    kind = load_kind()
    assert "cds" in shipped_kinds()
    assert (kind.name, kind.version) == ("cds", 1)
    assert kind.title.startswith("Báo cáo tổng kết công tác chuyển đổi số")
    assert kind.folder == SHIPPED.resolve()
    assert kind.templates["report"] == SHIPPED.resolve() / "report.docx"
    assert kind.templates["annex"].name == "annex.xlsx"


def test_every_field_and_closed_list_has_a_vietnamese_label_and_help():
    kind = load_kind("cds")
    for path, spec in kind.schema.walk():
        assert spec.label and spec.label != spec.name, path
        assert spec.help, f"{path} has no help text for the entry form"
        for code, label in spec.values.items():
            assert label and label != code, (path, code)
    for indicator in kind.schema.indicators:
        assert indicator.label and indicator.unit_label and indicator.help, indicator.code


def test_user_kind_by_folder_or_file(tmp_path):
    folder = tmp_path / "my-kind"
    shutil.copytree(SHIPPED, folder, ignore=shutil.ignore_patterns("*.docx", "*.xlsx"))
    assert load_kind(folder).folder == folder.resolve()
    assert load_kind(folder / "kind.yaml").name == "cds"
    assert not (folder / "report.docx").exists()  # templates need not exist to load a kind


def test_unknown_kind_and_empty_folder(tmp_path):
    with pytest.raises(InputError, match=r'no report kind "quarterly" \(shipped kinds: .*cds'):
        load_kind("quarterly")
    with pytest.raises(InputError, match="no kind.yaml in this folder"):
        load_kind(tmp_path)


def test_mistakes_in_a_kind_yaml_are_listed_with_their_lines(tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "kind.yaml").write_text(
        "name: broken\n"
        "version: 1\n"
        "groups: {a: Nhóm A}\n"
        "fields:\n"
        "  year: {type: yaer}\n"
        "  level: {type: enum}\n"
        "  rows: {type: table, columns: {x: integer}, group_by: x}\n"
        "indicators:\n"
        "  - {code: a, label: A, group: b}\n"
        "  - {code: c, label: C, group: a, denominator: zz}\n"
        "rules:\n"
        "  - lte: counts.a\n"
        "  - between: [a, b]\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as caught:
        load_kind(folder)
    got = [(p.location, p.field) for p in caught.value.problems]
    assert got == [
        ("line 5", "fields.year.type"),
        ("line 6", "fields.level"),
        ("line 7", "fields.rows.group_by"),
        ("line 9", "indicators.0.group"),
        ("line 10", "indicators.1.denominator"),
        ("line 12", "rules.0.lte"),
        ("line 13", "rules.1"),
    ]
    assert "type must be one of" in caught.value.problems[0].message


def test_kind_needs_a_version(tmp_path):
    (tmp_path / "kind.yaml").write_text("name: x\nfields: {}\nindicators: []\n", encoding="utf-8")
    with pytest.raises(InputError, match="schema version"):
        load_kind(tmp_path)


def test_output_name_falls_back_and_slugs():
    kind = load_kind()
    context = {"year": 2025, "unit": {"code": None, "name": "VKSND khu vực 1 - Thanh Hóa"}}
    assert kind.output_name(context, "report") == "bao-cao-cds-2025-vksnd-khu-vuc-1-thanh-hoa.docx"
    assert slugify("Đắk Lắk / Đồng Tháp") == "dak-lak-dong-thap"
    with pytest.raises(InputError, match='has no template "poster"'):
        kind.output_name(context, "poster")


def test_the_kind_file_itself_loads_with_lines():
    document = load_data(SHIPPED / "kind.yaml")
    assert document.locate(("fields", "counts")).startswith("line ")
