"""Zip bombs: a template or filled form whose parts unpack to far more than it weighs."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from test_forms_support import make_filled

from .conftest import assert_refused

MiB = 1 << 20


def with_part(source: Path, target: Path, name: str, size: int, replace: bool = False) -> Path:
    """A copy of the package ``source`` with part ``name`` holding ``size`` bytes of spaces,
    written in chunks so that the test itself stays small."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if not (replace and info.filename == name):
                new.writestr(info, old.read(info))
        with new.open(name, "w", force_zip64=True) as part:
            chunk = b" " * MiB
            for _ in range(size // MiB):
                part.write(chunk)
    return target


@pytest.fixture
def template(workspace) -> Path:
    document = docx.Document()
    document.add_paragraph("Năm {{ year }}")
    path = workspace.path("plain.docx")
    document.save(path)
    workspace.write("data.yaml", "year: 2025\n")
    return path


@pytest.mark.parametrize(
    "name, size, words",
    [
        ("word/document.xml", 100 * MiB, "word/document.xml unpacks to 100 MB"),
        ("word/media/image1.png", 70 * MiB, "unpacks to 70 MB"),
        ("word/bomb.xml", 8 * MiB, "times its packed size"),
    ],
)
def test_a_template_zip_bomb_is_refused_before_unpacking(workspace, template, name, size, words):
    with_part(template, workspace.path("bomb.docx"), name, size, replace=True)
    run = workspace.run("template", "render", "bomb.docx", "data.yaml", "-o", "out/x.docx")
    assert_refused(run, "bomb.docx", words, "zip bomb")
    assert not workspace.out.exists()


def test_a_filled_form_zip_bomb_is_refused_in_vietnamese(workspace):
    filled = make_filled(workspace.path("src"))
    with_part(filled, workspace.path("form.xlsx"), "xl/worksheets/sheet1.xml", 100 * MiB, True)
    for command in (["check", "form.xlsx"], ["render", "form.xlsx", "-o", "out"]):
        run = workspace.run(*command)
        assert_refused(run, "form.xlsx", "bom zip")
    assert not workspace.out.exists()


def test_a_package_of_too_many_parts_is_refused(workspace, template):
    with zipfile.ZipFile(template) as old, zipfile.ZipFile(workspace.path("many.docx"), "w") as new:
        for info in old.infolist():
            new.writestr(info, old.read(info))
        for number in range(10_001):
            new.writestr(f"bulk/item{number}.xml", b"")
    run = workspace.run("template", "vars", "many.docx")
    assert_refused(run, "many.docx", "parts (at most 10.000)")
