"""Every shipped sample validates, and the batch samples are consistent with each other."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportkit.data.kinds import load_kind
from reportkit.data.loader import load_data

SAMPLES = Path(__file__).parent.parent / "samples"
UNITS = sorted((SAMPLES / "thanh-hoa-khu-vuc").glob("khu-vuc-*.yaml"))  # not province.yaml
PREVIOUS = SAMPLES / "thanh-hoa-khu-vuc-2024"


@pytest.fixture(scope="module")
def kind():
    return load_kind("cds")


REPORTS = ["thanh-hoa-2025.yaml", "thanh-hoa-2025.json", "lai-chau-2025.yaml"]


@pytest.mark.parametrize("name", REPORTS)
def test_top_level_samples_validate(kind, name):
    context = kind.context(load_data(SAMPLES / name))
    assert context["year"] == 2025
    assert context["unit"]["code"] in kind.output_name(context, "report")


def test_lai_chau_has_its_three_agreements(kind):
    context = kind.context(load_data(SAMPLES / "lai-chau-2025.yaml"))
    agreements = context["agreements"]
    assert [a["kind_label"] for a in agreements] == [
        "Quy chế phối hợp",
        "Chương trình phối hợp",
        "Thỏa thuận hợp tác",
    ]
    assert {a["period_text"] for a in agreements} == {"2026–2030"}
    assert [len(a["partners"]) for a in agreements] == [1, 1, 1]
    assert "TikTok" in agreements[0]["channels"]
    assert context["previous"]["counts"]["issued_docs"] is None  # no previous year given


def test_ten_khu_vuc_units_of_one_province(kind):
    assert len(UNITS) == 10
    contexts = [kind.context(load_data(path)) for path in UNITS]
    assert [c["unit"]["short_name"] for c in contexts] == [
        f"VKSND khu vực {n} - Thanh Hóa" for n in range(1, 11)
    ]
    assert {c["unit"]["level"] for c in contexts} == {"khu_vuc"}
    names = {kind.output_name(c, "report") for c in contexts}
    assert len(names) == 10  # one file each, no clash in a batch
    issued = sum(c["counts"]["issued_docs"] for c in contexts)
    assert issued < 3429  # the units are part of the province's two levels


@pytest.mark.parametrize("path", sorted(PREVIOUS.glob("*.yaml")), ids=lambda p: p.name)
def test_previous_year_files_pair_with_a_unit(kind, path):
    unit = SAMPLES / "thanh-hoa-khu-vuc" / path.name
    context = kind.context(load_data(unit), load_data(path))
    assert context["previous"]["year"] == 2024
    assert context["previous"]["unit"]["code"] == context["unit"]["code"]
    assert context["changes"]["issued_docs"] is not None
