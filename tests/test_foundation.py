"""The pieces both engines share: errors, atomic writes, the zip writer, the CLI shell."""

from __future__ import annotations

import io
import pickle
import subprocess
import sys
import zipfile

import pytest

from reportkit.atomic import write_bytes_atomic
from reportkit.errors import Problem, TemplateError, ValidationError
from reportkit.package import Entry, Package, build_zip


def test_errors_pickle_with_their_place():
    error = pickle.loads(pickle.dumps(TemplateError("bad tag", file="a.docx", location="p 3")))
    assert isinstance(error, TemplateError)
    assert str(error) == "a.docx: p 3: bad tag"
    problems = [Problem("must be ≥ 0", file="x.yaml", location="line 4", field="counts.a")]
    again = pickle.loads(pickle.dumps(ValidationError(problems, file="x.yaml")))
    assert again.problems == problems
    assert str(again) == "x.yaml:4: counts.a: must be ≥ 0"


def test_zip_writer_output_is_a_valid_deterministic_zip():
    entries = [
        Entry.from_bytes("[Content_Types].xml", b"<Types/>"),
        Entry.from_bytes("word/tài liệu.xml", "Thanh Hóa".encode()),
    ]
    data = build_zip(entries)
    assert data == build_zip(entries)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        assert zf.read("word/tài liệu.xml").decode() == "Thanh Hóa"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "old binary Office file"),
        (b"plain text", "not a zip package"),
        (b"PK\x03\x04broken", "damaged"),
    ],
)
def test_package_refuses_what_is_not_ooxml(tmp_path, content, message):
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(Exception) as caught:
        Package(path)
    assert message in str(caught.value) and str(path) in str(caught.value)


def test_atomic_write_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "out.docx"
    with pytest.raises(TypeError):
        write_bytes_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_help_does_not_import_heavy_libraries():
    code = (
        "import sys; from click.testing import CliRunner; from reportkit.cli import main; "
        "r = CliRunner().invoke(main, ['--help']); assert r.exit_code == 0, r.output; "
        "heavy = [m for m in ('docx', 'openpyxl', 'lxml') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
