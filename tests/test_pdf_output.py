"""The PDFs a procuracy prints, signs and archives, read back with poppler as a reader would.

For the samples' reports and annexes, the province's consolidated report and an entry form:
one serif family (plus symbol fonts) and no letter taken from another face, the document's
Vietnamese sentences in the PDF's text exactly, and for ``--pdf-a`` a PDF/A-2b with every
font embedded and the unit, title and date in its properties.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import docx
import openpyxl
import pytest

from reportkit.batch import run_batch
from reportkit.fonts import missing_letters, serif_faces, vietnamese_serif
from reportkit.forms import load_units, write_form
from reportkit.pdf import convert
from reportkit.report import build_report, write_documents

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
KHU_VUC = SAMPLES / "thanh-hoa-khu-vuc"
SYMBOL_FONTS = ("OpenSymbol", "Symbol")
VIETNAMESE_LETTER = re.compile(r"[^\x00-\x7f]")

pytestmark = pytest.mark.libreoffice


def _fonts(pdf: Path) -> list[tuple[str, bool]]:
    """Each font of ``pdf`` as pdffonts lists it: (name without subset tag, embedded)."""
    listed = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    fonts = []
    for line in listed:
        name = line.split()[0].split("+", 1)[-1]
        embedded = re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", line)
        fonts.append((name, embedded.group(1) == "yes"))
    return fonts


def _text(pdf: Path) -> str:
    """The PDF's text in the order it is drawn (a cell's lines together), NFC, every run of
    white space one space, lines joined as they were before LibreOffice broke them; a page's
    own number, which may cut a paragraph, left out."""
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = []
    for number, page in enumerate(text.split("\f"), start=1):
        kept = page.strip("\n").split("\n")
        for end in (0, -1):
            if kept and kept[end].strip() == str(number):
                del kept[end]
        lines += kept
    # a line broken after a dash inside a word ("số 01-" / "CTr/BTGTU") goes on without a space
    text = re.sub(r"(?<=\S[-–])\n", "", "\n".join(lines))
    return " ".join(unicodedata.normalize("NFC", text).split())


def _one_serif_family(pdf: Path) -> str:
    """The one family all of the PDF's text is set in; fails naming any other face."""
    families = {name.split("-")[0] for name, _ in _fonts(pdf) if not name.startswith(SYMBOL_FONTS)}
    assert len(families) == 1, f"{pdf.name}: {sorted(families)}"
    (family,) = families
    assert family.startswith(vietnamese_serif().replace(" ", "")), family
    return family


def _sentences_of_docx(path: Path) -> list[str]:
    """The Vietnamese paragraphs of a Word document's body, as a reader sees them."""
    paragraphs = [" ".join(p.text.split()) for p in docx.Document(path).paragraphs]
    return [p for p in paragraphs if len(p) > 12 and VIETNAMESE_LETTER.search(p)]


def _sentences_of_xlsx(path: Path) -> list[str]:
    """The Vietnamese texts of a workbook's cells."""
    book = openpyxl.load_workbook(path)
    texts = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and VIETNAMESE_LETTER.search(cell.value):
                    texts.append(" ".join(cell.value.split()))
    return [t for t in texts if len(t) > 12 and not t.startswith("=")]


def _sentences_of_source(pdf: Path) -> list[str]:
    """The sentences of the .docx or .xlsx the PDF was converted from."""
    report = pdf.with_suffix(".docx")
    return (
        _sentences_of_docx(report)
        if report.exists()
        else _sentences_of_xlsx(pdf.with_suffix(".xlsx"))
    )


def _assert_reads_as_written(pdf: Path, sentences: list[str]) -> None:
    """The sentences are in the PDF's text, and the face it is set in has a glyph for every
    character of it: none was drawn as a missing glyph (.notdef) or taken from elsewhere."""
    text = _text(pdf)
    assert "\ufffd" not in text, f"{pdf.name}: a character with no Unicode meaning"
    faces = [f for f in serif_faces()[0] if f.family == vietnamese_serif()]
    assert faces and all(missing_letters(f.file, text) == "" for f in faces), pdf.name
    missing = [s for s in sentences if unicodedata.normalize("NFC", s) not in text]
    assert sentences and not missing, f"{pdf.name}: not in the PDF's text: {missing[:3]}"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    """Every one-unit sample of both kinds rendered, and its documents made PDFs in one
    LibreOffice start (as `reportkit render --pdf` makes one unit's)."""
    out = tmp_path_factory.mktemp("rendered")
    samples = [(SAMPLES / "thanh-hoa-2025.yaml", None), (SAMPLES / "lai-chau-2025.yaml", None)]
    samples += [(path, "phoihop") for path in sorted((SAMPLES / "phoihop").glob("*.yaml"))]
    documents = []
    for sample, kind in samples:
        documents += write_documents(build_report(sample, kind=kind), out)
    convert(documents)
    return out


@pytest.fixture(scope="module")
def archived(tmp_path_factory):
    """Two khu vực units and the consolidated report, as `reportkit batch --pdf-a` does,
    with what the progress callbacks heard and saw on disk when they heard it."""
    work = tmp_path_factory.mktemp("archived")
    inputs, out = work / "in", work / "out"
    inputs.mkdir()
    for name in ("khu-vuc-01.yaml", "khu-vuc-02.yaml", "province.yaml"):
        shutil.copy(KHU_VUC / name, inputs / name)
    heard: list[tuple] = []

    def on_result(result, done, total):
        pdfs = [out / f"{Path(name).stem}.pdf" for name, _ in result.outputs]
        heard.append(("unit", result.status, done, total, all(p.is_file() for p in pdfs)))

    def on_step(stage, done, total):
        heard.append((stage, done, total, len(list(out.glob("*.pdf")))))

    result = run_batch(inputs, out, jobs=2, archive=True, on_result=on_result, on_step=on_step)
    return result, out, heard


def test_rendered_reports_and_annexes_are_one_serif_and_read_as_written(rendered):
    pdfs = sorted(rendered.glob("*.pdf"))
    assert len(pdfs) == 14
    for pdf in pdfs:
        _one_serif_family(pdf)
        _assert_reads_as_written(pdf, _sentences_of_source(pdf))


def test_consolidated_report_and_annex_are_one_serif_and_read_as_written(archived):
    _, out, _ = archived
    for stem in ("bao-cao-tong-hop-cds-2025-thanh-hoa", "phu-luc-tong-hop-cds-2025-thanh-hoa"):
        pdf = out / f"{stem}.pdf"
        _one_serif_family(pdf)
        _assert_reads_as_written(pdf, _sentences_of_source(pdf))


@pytest.fixture(scope="module")
def form_pdf(tmp_path_factory) -> tuple[Path, Path]:
    """An entry form for khu vực 1 and its PDF."""
    unit = load_units(SAMPLES / "units-thanh-hoa.yaml")[1]
    form = write_form(tmp_path_factory.mktemp("form") / "bieu-mau.xlsx", year=2025, unit=unit)
    [pdf] = convert([form])
    return form, pdf


def test_an_entry_form_prints_in_one_serif_and_reads_as_written(form_pdf):
    """Every text of the form prints whole, its guide's title with the year included."""
    form, pdf = form_pdf
    _one_serif_family(pdf)
    sentences = _sentences_of_xlsx(form)
    assert "BIỂU MẪU NHẬP SỐ LIỆU NĂM 2025" in sentences
    _assert_reads_as_written(pdf, sentences)


def test_pdf_a_is_identified_and_embeds_every_font(archived):
    result, out, _ = archived
    assert result.ok
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 6
    for pdf in pdfs:
        data = pdf.read_bytes()
        xmp = data[data.index(b"<x:xmpmeta") : data.index(b"</x:xmpmeta>")].decode("utf-8")
        assert re.search(r"<pdfaid:part>2</pdfaid:part>", xmp), pdf.name
        assert re.search(r"<pdfaid:conformance>B</pdfaid:conformance>", xmp), pdf.name
        fonts = _fonts(pdf)
        assert fonts and all(embedded for _, embedded in fonts), (pdf.name, fonts)
        _one_serif_family(pdf)


def _properties(pdf: Path) -> dict[str, str]:
    info = subprocess.run(
        ["pdfinfo", "-isodates", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in info.splitlines())
    )


def test_pdf_properties_name_the_unit_the_year_and_the_date(archived):
    _, out, _ = archived
    unit = _properties(out / "bao-cao-cds-2025-thanh-hoa-kv1.pdf")
    assert unit["Author"] == "Viện kiểm sát nhân dân khu vực 1 - Thanh Hóa"
    assert unit["Title"].endswith(" năm 2025") and unit["Title"].startswith("Báo cáo")
    assert "03/BC-VKS-KV1" in unit["Subject"]
    assert unit["CreationDate"].startswith("2026-01-0")
    annex = _properties(out / "phu-luc-cds-2025-thanh-hoa-kv2.pdf")
    assert annex["Author"] == "Viện kiểm sát nhân dân khu vực 2 - Thanh Hóa"
    assert annex["Title"].startswith("Phụ lục") and annex["Title"].endswith(" năm 2025")
    province = _properties(out / "bao-cao-tong-hop-cds-2025-thanh-hoa.pdf")
    assert province["Author"] == "Viện kiểm sát nhân dân tỉnh Thanh Hóa"


def test_batch_progress_follows_the_conversion_and_a_unit_is_written_with_its_pdfs(archived):
    _, _, heard = archived
    pdf_steps = [h for h in heard if h[0] == "PDFs"]
    assert [h[1] for h in pdf_steps] == list(range(1, 7))
    assert all(h[2] == 6 and h[3] >= h[1] for h in pdf_steps), pdf_steps
    units = [h for h in heard if h[0] == "unit"]
    assert [(h[1], h[2], h[3]) for h in units] == [("written", 1, 2), ("written", 2, 2)]
    assert all(h[4] for h in units), "a unit was said written before its PDFs existed"
    rendered = [h for h in heard if h[0] == "rendered"]
    assert rendered[-1][1:3] == (2, 2)
    assert heard.index(rendered[-1]) < heard.index(pdf_steps[0])
