"""Templates are untrusted: a tag cannot reach Python's internals or the file system."""

from __future__ import annotations

import docx
import openpyxl
import pytest

from .conftest import assert_refused

ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ self._TemplateReference__context }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
]


@pytest.mark.parametrize("tag", ESCAPES)
def test_a_word_template_cannot_escape_the_sandbox(workspace, tag):
    document = docx.Document()
    document.add_paragraph(f"Năm {tag}")
    document.save(workspace.path("escape.docx"))
    workspace.write("data.yaml", "year: 2025\n")
    run = workspace.run("template", "render", "escape.docx", "data.yaml", "-o", "out/x.docx")
    assert_refused(run, "escape.docx")
    assert not workspace.out.exists()


@pytest.mark.parametrize("tag", ESCAPES)
def test_an_excel_template_cannot_escape_the_sandbox(workspace, tag):
    book = openpyxl.Workbook()
    book.active["B2"] = f"Năm {tag}"
    book.save(workspace.path("escape.xlsx"))
    workspace.write("data.yaml", "year: 2025\n")
    run = workspace.run("template", "render", "escape.xlsx", "data.yaml", "-o", "out/x.xlsx")
    assert_refused(run, "escape.xlsx")
    assert not workspace.out.exists()


@pytest.mark.parametrize(
    "tag, words",
    [
        ("{{ 'x' * 2000000000 }}", "more than 1.000.000 items"),
        ("{{ 2000000000 * [0] }}", "more than 1.000.000 items"),
        ("{{ 9 ** 99999999 }}", "a power above 1.000"),
    ],
)
def test_a_template_cannot_take_all_memory_or_time_by_arithmetic(workspace, tag, words):
    document = docx.Document()
    document.add_paragraph(f"Năm {tag}")
    document.save(workspace.path("greedy.docx"))
    workspace.write("data.yaml", "year: 2025\n")
    run = workspace.run(
        "template", "render", "greedy.docx", "data.yaml", "-o", "out/x.docx", timeout=60
    )
    assert_refused(run, "greedy.docx", "paragraph 1", words)
