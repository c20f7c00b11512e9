"""Derived figures from the Thanh Hóa 2025 sample: rates, totals, changes, labels."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reportkit.data.kinds import load_kind
from reportkit.data.loader import load_data
from reportkit.errors import ValidationError

SAMPLE = Path(__file__).parent.parent / "samples" / "thanh-hoa-2025.yaml"


@pytest.fixture(scope="module")
def kind():
    return load_kind("cds")


@pytest.fixture(scope="module")
def context(kind):
    return kind.context(load_data(SAMPLE))


def test_the_article_figures(context):
    assert context["counts"]["signed_docs"] == 3316
    assert context["counts"]["issued_docs"] == 3429
    assert round(context["rates"]["signed_docs"], 3) == 0.967  # 96,7% in the article
    assert context["rates"]["admin_docs_online"] == 1.0  # 100% on the system
    counts = context["counts"]
    assert counts["mind_map_reports"] == counts["mind_map_criminal"] + counts["mind_map_civil"]


def test_year_period_document_and_kind(context):
    assert (context["year"], context["next_year"]) == (2025, 2026)
    assert context["period"]["from"] == dt.date(2025, 1, 1)
    assert context["document"]["date"] == dt.date(2026, 1, 9)
    assert context["unit"]["level_label"] == "VKSND tỉnh, thành phố"
    assert context["kind"] == {
        "name": "cds",
        "title": "Báo cáo tổng kết công tác chuyển đổi số và công tác tuyên truyền",
        "version": 1,
    }


def test_changes_against_the_previous_year(context):
    assert context["previous"]["year"] == 2024
    assert context["previous"]["counts"]["portal_news"] == 432
    assert context["changes"]["portal_news"] == pytest.approx(0.125)  # "tăng 12,5%"
    assert context["differences"]["portal_news"] == 54
    assert context["changes"]["paperless_meetings"] is None  # 0 the year before
    assert context["changes"]["press_briefings"] == 0
    assert context["changes"]["dti_score"] is None  # no score either year
    signed = next(r for r in context["rate_list"] if r["code"] == "signed_docs")
    assert signed["label"] == "Tỷ lệ văn bản được ký số"
    assert (signed["numerator"], signed["denominator"]) == (3316, 3429)
    assert signed["previous_rate"] == pytest.approx(2951 / 3208)
    assert signed["points"] == pytest.approx(3316 / 3429 - 2951 / 3208)


def test_totals_fill_counts_left_out(context):
    assert context["totals"]["press_items"] == 64 + 38 + 12 + 9
    assert context["counts"]["press_items"] == 123  # taken from the press table
    assert context["totals"]["social_posts"] == 312 + 145 + 18
    assert context["totals"]["software"] == 3
    assert context["changes"]["press_items"] == pytest.approx((123 - 98) / 98)


def test_indicator_rows_in_schema_order(kind, context):
    rows = context["indicators"]
    assert [r["code"] for r in rows] == [i.code for i in kind.schema.indicators]
    signed = rows[1]
    assert signed == {
        "code": "signed_docs",
        "label": "Văn bản được ký số trước khi ban hành",
        "unit_label": "văn bản",
        "group": "cds",
        "group_label": "Công tác chuyển đổi số",
        "digits": 0,
        "value": 3316,
        "previous": 2951,
        "difference": 365,
        "change": pytest.approx(365 / 2951),
        "rate": pytest.approx(3316 / 3429),
    }
    groups = context["indicator_groups"]
    assert [g["code"] for g in groups] == ["cds", "tuyen_truyen"]
    assert sum(len(g["indicators"]) for g in groups) == len(rows)


def test_labels_for_tables(context):
    agreement = context["agreements"][0]
    assert agreement["kind_label"] == "Quy chế phối hợp"
    assert agreement["period_text"] == "2025–2030"
    assert agreement["status_label"] == "Đang thực hiện"
    assert context["social"][0]["platform_label"] == "Facebook"
    assert [g["area"] for g in context["tasks_by_area"]] == ["cds", "tuyen_truyen"]
    assert context["tasks_by_area"][1]["label"] == "Công tác tuyên truyền"
    assert all(t["area_label"] for t in context["tasks"])


def test_output_names(kind, context):
    assert kind.output_name(context, "report") == "bao-cao-cds-2025-thanh-hoa.docx"
    assert kind.output_name(context, "annex") == "phu-luc-cds-2025-thanh-hoa.xlsx"


def test_previous_year_from_its_own_file(kind, tmp_path):
    previous = tmp_path / "2024.yaml"
    previous.write_text("year: 2024\ncounts:\n  portal_news: 400\n", encoding="utf-8")
    context = kind.context(load_data(SAMPLE), load_data(previous))
    assert context["previous"]["counts"]["portal_news"] == 400
    assert context["previous"]["counts"]["issued_docs"] is None
    assert context["changes"]["portal_news"] == pytest.approx(86 / 400)
    assert context["changes"]["issued_docs"] is None


def test_previous_year_file_for_the_wrong_year(kind, tmp_path):
    previous = tmp_path / "2023.yaml"
    previous.write_text("# năm trước\nyear: 2023\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        kind.context(load_data(SAMPLE), load_data(previous))
    assert [str(p) for p in caught.value.problems] == [
        f"{previous}:2: year: the previous year's file must be for 2024, got 2023 "
        "(2023.yaml (last year) and thanh-hoa-2025.yaml (this year))"
    ]


def test_derive_runs_again_on_summed_counts(kind, context):
    """A consolidated report sums the units' counts and derives the rates of the sums."""
    data = kind.validate(load_data(SAMPLE))
    summed = dict(data, counts={k: (v or 0) * 2 for k, v in data["counts"].items()})
    summed["counts"]["issued_docs"] += 1000
    again = kind.derive(summed)
    assert again["rates"]["signed_docs"] == pytest.approx(6632 / 7858)
