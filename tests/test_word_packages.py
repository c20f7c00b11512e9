"""The package around a Word template: content types resolved as OPC says, template
files (.dotx, .dotm) rendering to documents, and damaged or hostile packages refused in
one line."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from click.testing import CliRunner
from word_helpers import part_xml, reopen, save

from reportkit.cli import main
from reportkit.errors import InputError
from reportkit.word import WordTemplate

_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOTM = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
_DOCM = "application/vnd.ms-word.document.macroEnabled.main+xml"


def template(tmp_path, name="t.docx", **changes: bytes | None):
    """A one-paragraph template, with parts replaced (or removed when None)."""
    doc = docx.Document()
    doc.add_paragraph("Năm {{ year }}")
    data = save(doc, tmp_path / "base.docx").read_bytes()
    path = tmp_path / name
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            new = changes.get(info.filename, src.read(info))
            if new is not None:
                out.writestr(info.filename, new)
    return path


def content_types(tmp_path) -> str:
    return part_xml(save(docx.Document(), tmp_path / "ct.docx").read_bytes(), "[Content_Types].xml")


def test_main_part_typed_by_default_extension_renders(tmp_path):
    types = content_types(tmp_path)
    types = re.sub(r'<Override PartName="/word/document.xml"[^>]*/>', "", types)
    types = re.sub(r'(<Default Extension="xml" ContentType=")[^"]*"', rf'\1{_MAIN}"', types)
    path = template(tmp_path, **{"[Content_Types].xml": types.encode()})
    out = reopen(WordTemplate(path).render({"year": 2025}))
    assert out.paragraphs[0].text == "Năm 2025"


def test_a_dotx_renders_to_a_document(tmp_path):
    types = content_types(tmp_path).replace(_MAIN, _DOTX)
    path = template(tmp_path, "t.dotx", **{"[Content_Types].xml": types.encode()})
    with pytest.raises(ValueError, match="not a Word file"):
        docx.Document(path)  # python-docx takes documents only: the template is one
    data = WordTemplate(path).render({"year": 2025})
    assert _DOTX not in part_xml(data, "[Content_Types].xml")
    assert reopen(data).paragraphs[0].text == "Năm 2025"


def test_a_dotm_renders_to_a_macro_enabled_document_named_docm(tmp_path):
    types = content_types(tmp_path).replace(_MAIN, _DOTM)
    path = template(tmp_path, "t.dotm", **{"[Content_Types].xml": types.encode()})
    template_ = WordTemplate(path)
    assert _DOCM in part_xml(template_.render({"year": 2025}), "[Content_Types].xml")
    with pytest.raises(InputError, match=r"name it \.docm"):
        template_.render_to(tmp_path / "out.docx", {"year": 2025})
    assert not (tmp_path / "out.docx").exists()
    written = template_.render_to(tmp_path / "out.docm", {"year": 2025})
    assert _DOCM in part_xml(written.read_bytes(), "[Content_Types].xml")


@pytest.mark.parametrize(
    ("changes", "english", "vietnamese"),
    [
        (
            {"word/document.xml": None},
            "not a Word document (it has no word/document.xml)",
            "không phải văn bản Word (không có word/document.xml)",
        ),
        (
            {"[Content_Types].xml": b"<Types><Default"},
            "the file is damaged: [Content_Types].xml is not well-formed XML",
            "tệp bị hỏng: [Content_Types].xml không phải XML hợp lệ",
        ),
        (
            {"[Content_Types].xml": b"<x/>"},
            "the file is damaged: [Content_Types].xml has no <Types>",
            "tệp bị hỏng: [Content_Types].xml không có <Types>",
        ),
    ],
)
def test_a_damaged_package_is_one_line_exit_2_in_the_reader_s_language(
    tmp_path, changes, english, vietnamese
):
    path = template(tmp_path, **changes)
    with pytest.raises(InputError, match=re.escape(english)):
        WordTemplate(path)
    data = tmp_path / "d.yaml"
    data.write_text("year: 2025\n")
    command = ["template", "render", str(path), str(data), "-o", str(tmp_path / "o.docx")]
    for language, expected in (("vi", vietnamese), ("en", english)):
        outcome = CliRunner().invoke(main, ["--lang", language, *command])
        assert outcome.exit_code == 2
        assert "Traceback" not in outcome.output
        assert outcome.output.startswith(("lỗi: " if language == "vi" else "error: ") + str(path))
        assert expected in outcome.output
    assert not (tmp_path / "o.docx").exists()


def test_a_part_with_a_doctype_is_refused(tmp_path):
    xml = part_xml(save(docx.Document(), tmp_path / "x.docx").read_bytes())
    head, _, body = xml.partition("?>")
    body = body.replace("<w:body>", "<w:body><w:p><w:r><w:t>&xxe;{{ year }}</w:t></w:r></w:p>", 1)
    hostile = f'{head}?><!DOCTYPE d [<!ENTITY xxe "x">]>{body}'
    path = template(tmp_path, **{"word/document.xml": hostile.encode()})
    with pytest.raises(InputError, match="word/document.xml declares a DOCTYPE") as caught:
        WordTemplate(path)
    assert caught.value.file == str(path)


def test_an_xlsx_part_with_a_doctype_is_refused_too(tmp_path):
    import openpyxl

    from reportkit.excel import ExcelTemplate

    book = openpyxl.Workbook()
    book.active["A1"] = "{{ year }}"
    book.save(tmp_path / "base.xlsx")
    path = tmp_path / "t.xlsx"
    with zipfile.ZipFile(tmp_path / "base.xlsx") as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, _, body = data.decode().partition("?>")
                data = f'{head}?><!DOCTYPE x [<!ENTITY e "e">]>{body}'.encode()
            out.writestr(info.filename, data)
    with pytest.raises(InputError, match="xl/worksheets/sheet1.xml declares a DOCTYPE"):
        ExcelTemplate(path)
