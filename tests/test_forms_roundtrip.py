"""A form filled with a sample's data reads back as exactly that data, also via LibreOffice."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import pytest
import yaml
from test_forms_support import SAMPLE, UNITS, fill, make_filled, sample_data

from reportkit.data.kinds import load_kind
from reportkit.data.loader import load_data
from reportkit.errors import ValidationError
from reportkit.forms import load_units, read_form, write_form
from reportkit.pdf import convert


@pytest.fixture(scope="module")
def filled_form(tmp_path_factory) -> Path:
    return make_filled(tmp_path_factory.mktemp("filled"))


def expected() -> dict:
    return load_kind("cds").validate(load_data(SAMPLE))


def test_filled_form_reads_back_as_the_yaml_sample(filled_form):
    document = read_form(filled_form)
    assert load_kind("cds").validate(document) == expected()
    assert document.locate(("counts", "signed_docs")) == "'Chỉ tiêu'!C7"
    assert document.locate(("tasks", 2, "target")) == "'Nhiệm vụ năm tiếp theo'!F7"
    assert document.locate(("narrative", "highlights", 1)) == "'Nội dung đánh giá'!B12"


def test_reading_never_modifies_the_form(filled_form):
    before = hashlib.sha256(filled_form.read_bytes()).hexdigest(), filled_form.stat().st_mtime_ns
    read_form(filled_form)
    after = hashlib.sha256(filled_form.read_bytes()).hexdigest(), filled_form.stat().st_mtime_ns
    assert before == after


def test_unit_form_with_last_years_figures_reads_back_as_the_sample(tmp_path):
    data = sample_data()
    last_year = tmp_path / "thanh-hoa-2024.yaml"
    last_year.write_text(
        yaml.safe_dump({"year": 2024, "counts": data["previous"]["counts"]}, allow_unicode=True),
        encoding="utf-8",
    )
    unit = next(u for u in load_units(UNITS) if u["code"] == "thanh-hoa")
    form = write_form(tmp_path / "form.xlsx", year=2025, unit=unit, previous=last_year)
    filled = fill(form, data, tmp_path / "filled.xlsx")  # only open cells are typed into
    assert load_kind("cds").validate(read_form(filled)) == expected()


@pytest.mark.libreoffice
def test_form_resaved_by_libreoffice_calc_reads_back_the_same(filled_form, tmp_path):
    [resaved] = convert([filled_form], "xlsx", tmp_path / "calc")
    assert load_kind("cds").validate(read_form(resaved)) == expected()


@pytest.mark.libreoffice
def test_form_saved_as_ods_and_back_reads_back_the_same(filled_form, tmp_path):
    [ods] = convert([filled_form], "ods", tmp_path / "ods")
    [back] = convert([ods], "xlsx", tmp_path / "back")
    assert load_kind("cds").validate(read_form(back)) == expected()


@pytest.fixture(scope="module")
def picked_form(tmp_path_factory):
    """A form whose unit is picked from the Thanh Hóa units list, filled with the sample."""
    folder = tmp_path_factory.mktemp("pick")
    form = write_form(folder / "form.xlsx", year=2025, pick_from=load_units(UNITS))
    return fill(form, sample_data(), folder / "filled.xlsx")  # types the unit's name only


def test_unit_picked_from_a_drop_down_reads_back_as_the_sample(picked_form):
    info = openpyxl.load_workbook(picked_form)["Thông tin đơn vị"]
    assert info["A10"].value == "Tên đơn vị (*)" and not info["B10"].protection.locked
    [dv] = [dv for dv in info.data_validations.dataValidation if "B10" in dv.sqref]
    assert dv.type == "list" and dv.formula1.startswith("'Danh mục'!")
    assert info["B15"].protection.locked and info["B15"].value.startswith("=IFERROR(INDEX(")
    document = read_form(picked_form)
    assert document.data["unit"]["code"] == "thanh-hoa"
    assert load_kind("cds").validate(document) == expected()


def test_a_unit_not_in_the_drop_down_is_reported(picked_form, tmp_path):
    book = openpyxl.load_workbook(picked_form)
    book["Thông tin đơn vị"]["B10"].value = "VKSND tỉnh Nghệ An"
    book.save(tmp_path / "other.xlsx")
    with pytest.raises(ValidationError) as caught:
        read_form(tmp_path / "other.xlsx")
    [problem] = caught.value.problems  # not also "bắt buộc" on the locked cells it fills
    assert problem.location == "'Thông tin đơn vị'!B10"
    assert "phải chọn một giá trị trong danh sách thả xuống" in problem.message


def test_the_pipeline_takes_a_filled_form_where_it_takes_yaml(filled_form):
    from reportkit.report import kind_of, read_input

    form, sample = read_input(filled_form), read_input(SAMPLE)
    kind = kind_of(form, None)
    assert kind.context(form) == kind_of(sample, None).context(sample)
