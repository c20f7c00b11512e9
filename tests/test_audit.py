"""The figure audit: every number of a report and its annex traced back to the data.

Run over the samples (unit and consolidated documents), over a few hundred generated units
(zeros, missing indicators, decimal scores, rates near 0 and 1, with and without last
year), and over documents holding a false figure, which it must find.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportkit.audit import audit, audit_context
from reportkit.batch import run_batch
from reportkit.cli import main
from reportkit.data.kinds import load_kind
from reportkit.data.loader import Document
from reportkit.report import build_report, render_context, write_documents

ROOT = Path(__file__).parent.parent
SAMPLES = ROOT / "samples"
KHU_VUC = SAMPLES / "thanh-hoa-khu-vuc"
PREVIOUS = SAMPLES / "thanh-hoa-khu-vuc-2024"

UNIT_SAMPLES = [
    (SAMPLES / "thanh-hoa-2025.yaml", None),
    (SAMPLES / "thanh-hoa-2025.json", None),
    (SAMPLES / "lai-chau-2025.yaml", None),
    *[
        (path, PREVIOUS / path.name if (PREVIOUS / path.name).exists() else None)
        for path in sorted(KHU_VUC.glob("khu-vuc-*.yaml"))
    ],
]


def _untraced(result) -> list[str]:
    return [f"{f.place}: {f.printed.text}" for f in result.untraced]


@pytest.mark.parametrize(("data", "previous"), UNIT_SAMPLES, ids=lambda p: getattr(p, "name", ""))
def test_every_number_of_a_sample_report_and_annex_is_traced(tmp_path, data, previous):
    report = build_report(data, previous_path=previous)
    for path in write_documents(report, tmp_path):
        result = audit(path, data, previous=previous)
        assert result.numbers and result.ok, _untraced(result)


def test_every_number_of_the_consolidated_documents_is_traced(tmp_path):
    assert run_batch(KHU_VUC, tmp_path, jobs=1, previous_dir=PREVIOUS).ok
    for path in sorted(tmp_path.glob("*tong-hop*")):
        result = audit(path, KHU_VUC, previous=PREVIOUS)
        assert len(result.numbers) > 100 and result.ok, _untraced(result)


# ---------------------------------------------------------------------------------------------
# Generated units

KIND = load_kind("cds")
PLAIN = [
    "paperless_meetings",
    "online_conferences",
    "digitised_case_files",
    "staff_trained",
    "portal_news",
    "legal_sessions",
    "legal_attendees",
    "press_briefings",
]
maybe = st.one_of(st.none(), st.just(0), st.integers(0, 50), st.integers(0, 200_000))


@st.composite
def part_of(draw, whole: int | None) -> int | None:
    """A count not above ``whole``: none, all, all but a few (rates near 1) or a few."""
    if whole is None:
        return draw(st.one_of(st.none(), st.integers(0, 100)))
    return draw(
        st.one_of(
            st.none(),
            st.just(whole),
            st.integers(max(0, whole - 3), whole),
            st.integers(0, min(whole, 3)),
            st.integers(0, whole),
        )
    )


@st.composite
def counts(draw) -> dict:
    issued = draw(maybe)
    admin = draw(maybe)
    values = {
        "issued_docs": issued,
        "signed_docs": draw(part_of(issued)),
        "admin_docs": admin,
        "admin_docs_online": draw(part_of(admin)),
        **{code: draw(maybe) for code in PLAIN},
    }
    criminal, civil = draw(maybe), draw(maybe)
    if criminal is not None and civil is not None and draw(st.booleans()):
        values |= {
            "mind_map_reports": criminal + civil,
            "mind_map_criminal": criminal,
            "mind_map_civil": civil,
        }
    score = draw(st.one_of(st.none(), st.decimals(0, 100, places=draw(st.integers(0, 3)))))
    values["dti_score"] = None if score is None else float(score)
    return {code: value for code, value in values.items() if value is not None}


@st.composite
def unit_data(draw) -> tuple[dict, dict | None]:
    data = {
        "year": 2025,
        "unit": {
            "name": "Viện kiểm sát nhân dân khu vực 3 - Thanh Hóa",
            "short_name": "VKSND khu vực 3 - Thanh Hóa",
            "parent": "Viện kiểm sát nhân dân tỉnh Thanh Hóa",
            "level": "khu_vuc",
            "province": "Thanh Hóa",
            "code": "thanh-hoa-kv3",
        },
        "document": {
            "number": "05/BC-VKS",
            "date": "2026-01-09",
            "place": "Thanh Hóa",
            "signer": {"name": "Lê Văn A", "title": "VIỆN TRƯỞNG"},
        },
        "counts": draw(counts()),
    }
    press = draw(st.lists(st.integers(0, 40), max_size=3))
    if press:
        data["press"] = [{"outlet": f"Báo số {i + 1}", "items": n} for i, n in enumerate(press)]
    previous = None
    if draw(st.booleans()):
        previous = {"year": 2024, "unit": dict(data["unit"]), "counts": draw(counts())}
    return data, previous


@settings(
    max_examples=200,
    database=None,  # no .hypothesis folder left in the work tree
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(unit_data())
def test_every_number_of_a_generated_unit_is_traced(generated):
    data, previous = generated
    context = KIND.context(
        Document(data, "generated.yaml"),
        Document(previous, "previous.yaml") if previous else None,
    )
    report = render_context(KIND, context)
    with tempfile.TemporaryDirectory() as folder:
        for path in write_documents(report, folder):
            result = audit_context(path, context)
            assert result.ok, _untraced(result)


# ---------------------------------------------------------------------------------------------
# False figures are found


def _document_saying(folder: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = folder / "claims.docx"
    document.save(path)
    return path


def _data(folder: Path, counts: str) -> Path:
    """A unit's file with these counts and no tasks (whose targets are figures too)."""
    data = yaml.safe_load((KHU_VUC / "khu-vuc-03.yaml").read_text(encoding="utf-8"))
    data["counts"] = yaml.safe_load(counts)["counts"]
    del data["tasks"]
    path = folder / "unit.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("counts", "claim", "false"),
    [
        # one document of 3.429 not signed is not "100%"
        ("counts:\n  issued_docs: 3429\n  signed_docs: 3428", "đạt tỷ lệ 100%.", "100%"),
        ("counts:\n  issued_docs: 3429\n  signed_docs: 3428", "đạt tỷ lệ 99,97%.", None),
        # a score of 85,5 is not "86"
        ("counts:\n  dti_score: 85.5", "đạt 86 điểm.", "86"),
        ("counts:\n  dti_score: 85.5", "đạt 85,5 điểm.", None),
        # 4 of 10.000 is not "0%"
        ("counts:\n  issued_docs: 10000\n  signed_docs: 4", "đạt tỷ lệ 0%.", "0%"),
        ("counts:\n  issued_docs: 10000\n  signed_docs: 4", "đạt tỷ lệ 0,04%.", None),
        ("counts:\n  issued_docs: 3429\n  signed_docs: 3316", "đạt tỷ lệ 97%.", "97%"),
        (
            "counts:\n  issued_docs: 3429\n  signed_docs: 3316",
            "đã phát hành 3.430 văn bản",
            "3.430",
        ),
    ],
)
def test_a_false_figure_is_found_with_its_place(tmp_path, counts, claim, false):
    document = _document_saying(tmp_path, "Năm 2025, đơn vị " + claim)
    result = audit(document, _data(tmp_path, counts))
    assert [f.printed.text for f in result.untraced] == ([false] if false else [])
    assert all(f.place.startswith("paragraph 1 (") for f in result.untraced)


def test_audit_command(tmp_path):
    data = _data(tmp_path, "counts:\n  issued_docs: 3429\n  signed_docs: 3428")
    runner = CliRunner()
    false = _document_saying(tmp_path, "Năm 2025, đơn vị đạt tỷ lệ 100%.")
    outcome = runner.invoke(main, ["audit", str(false), str(data)])
    assert outcome.exit_code == 1
    assert "đoạn 1 (“Năm 2025, đơn vị đạt tỷ lệ 100%.…”): “100%” không phải số liệu nào" in (
        outcome.output
    )
    assert f"{false}: 1/2 con số đối chiếu được với {data}" in outcome.output
    true = _document_saying(tmp_path, "Năm 2025, đơn vị đạt tỷ lệ 99,97%.")
    outcome = runner.invoke(main, ["audit", str(true), str(data)])
    assert (outcome.exit_code, outcome.output.strip()) == (
        0,
        f"{true}: 2/2 con số đối chiếu được với {data}",
    )
    wrong = runner.invoke(main, ["audit", str(data), str(data)])
    assert wrong.exit_code == 2 and "Traceback" not in wrong.output
    assert "lệnh kiểm tra số liệu đọc báo cáo Word (.docx) hoặc phụ lục Excel (.xlsx)" in (
        wrong.output
    )
