"""Build the consolidated templates of the "cds" kind: province-report.docx and province-annex.xlsx.

``reportkit batch`` renders them from the consolidated context (docs/batch.md): the units'
counts summed, the rates recomputed from the sums, ``units`` / ``units_ranked`` with each
unit's figures and ranks, every unit's agreements and tasks tagged with ``unit``, and the
``invalid_units`` and ``missing_units``. The layout is the unit report's (Decree 30/2020/NĐ-CP,
Mẫu 1.4): this script builds them with the shared helpers of tools/docx_layout.py
and tools/xlsx_layout.py.

    python tools/make_province_templates.py            # writes into templates/cds/
    python tools/make_province_templates.py --out DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import openpyxl  # noqa: E402
from cds_report import BUILT  # noqa: E402
from docx_layout import (  # noqa: E402
    CHANGE_TAGS,
    PERIOD_UNSAID,
    ReportWriter,
    data_table,
    item,
    narrative_section,
    new_report,
    part,
    save_report,
    section,
    signature_block,
    title_block,
)
from make_cds_templates import build_templates  # noqa: E402
from xlsx_layout import (  # noqa: E402
    CHANGE,
    COUNT,
    DATE,
    INDICATOR_HEADINGS,
    POINTS,
    RATE,
    height,
    indicator_row,
    label,
    loop_table,
    marker,
    new_workbook,
    print_setup,
    put,
    rate_table,
    save_workbook,
    titles,
    total_row,
    widths,
)

# As in the unit report: the numbering and the change helpers; then the best and the last unit.
PRELUDE = [
    *CHANGE_TAGS,
    "set top = ranking.top if ranking else none",
    "set bottom = ranking.bottom if ranking else none",
]


def build_report(path: Path) -> None:
    document, w = new_report(PRELUDE)
    title_block(
        w,
        "Trên cơ sở báo cáo của các đơn vị, {{ unit.name }} tổng hợp kết quả công tác chuyển "
        "đổi số và công tác tuyên truyền năm {{ year }} (số liệu từ ngày "
        "{{ period.from | date_short }} đến ngày {{ period.to | date_short }}), phương hướng, "
        "nhiệm vụ năm {{ next_year }} như sau:",
    )
    part(
        w,
        "Phần thứ nhất",
        "KẾT QUẢ CÔNG TÁC CHUYỂN ĐỔI SỐ VÀ CÔNG TÁC TUYÊN TRUYỀN NĂM {{ year }}",
    )
    _reporting(w)
    leadership, highlights = "narrative.leadership", "narrative.highlights"
    narrative_section(w, leadership, "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", leadership)
    narrative_section(w, highlights, "KẾT QUẢ NỔI BẬT", highlights)
    _totals(w)
    _units(w)
    _agreements(w)
    limitations, causes = "narrative.limitations", "narrative.causes"
    narrative_section(w, f"{limitations} or {causes}", "HẠN CHẾ, NGUYÊN NHÂN", limitations, causes)
    _tasks(w)
    w.p(
        "Trên đây là báo cáo tổng hợp kết quả công tác chuyển đổi số và công tác tuyên truyền "
        "năm {{ year }}, phương hướng, nhiệm vụ năm {{ next_year }} của các đơn vị thuộc "
        "{{ unit.name }}./."
    )
    signature_block(document)
    save_report(
        document,
        path,
        "Báo cáo tổng hợp công tác chuyển đổi số và công tác tuyên truyền",
        "Mẫu báo cáo tổng hợp của reportkit (loại cds)",
        built=BUILT,
    )


def _reporting(w: ReportWriter) -> None:
    """Who reported, whose figures are in the totals, who must send or correct a report."""
    section(w, "TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ")
    w.p(
        "Có {{ unit_count.reported }}/{{ unit_count.expected }} đơn vị gửi báo cáo; số liệu của "
        "{{ unit_count.valid }} đơn vị được đưa vào tổng hợp"
        "{{ ':' if invalid_units or missing_units else '.' }}"
    )
    with w.when("invalid_units"):
        w.p(
            "- Báo cáo có sai sót về số liệu, chưa đưa vào tổng hợp, đề nghị đơn vị kiểm tra, "
            "gửi lại: {% for u in invalid_units %}{{ u.name or u.file }} ({{ u.error_count }} "
            "lỗi){{ ', ' if not loop.last }}{% endfor %}{{ ';' if missing_units else '.' }}"
        )
    with w.when("missing_units"):
        w.p(
            "- Chưa gửi báo cáo: {% for u in missing_units %}{{ u.short_name }}"
            "{{ ', ' if not loop.last }}{% endfor %}."
        )


def _totals(w: ReportWriter) -> None:
    """Every indicator of the province, group by group, with its rate and change."""
    section(w, "KẾT QUẢ CHUNG CỦA CÁC ĐƠN VỊ")
    w.p(
        "Tổng hợp số liệu của {{ unit_count.valid }} đơn vị; các tỷ lệ được tính trên tổng số "
        "liệu của các đơn vị, không lấy bình quân tỷ lệ của từng đơn vị."
    )
    with w.when("previous_coverage.units and previous_coverage.units < previous_coverage.of"):
        w.p(
            "Chỉ {{ previous_coverage.units }}/{{ previous_coverage.of }} đơn vị có số liệu năm "
            "{{ previous.year }}, nên số liệu chung chưa so sánh được với năm {{ previous.year }}; "
            "mức tăng, giảm của từng đơn vị được nêu tại Phụ lục."
        )
    with w.each(
        "group in indicator_groups if group.indicators | rejectattr('value', 'none') | list"
    ):
        item(w, "{{ group.label }}")
        with w.each("row in group.indicators if row.value is not none"):
            # a total some units did not report says so beside it, as its rate does
            w.p(
                "- {{ row.label }}: {{ row.value | number(row.digits) }} {{ row.unit_label }}"
                "{% if row.coverage.units is not none and row.coverage.units < row.coverage.of %}"
                " ({{ row.coverage.units }}/{{ row.coverage.of }} đơn vị có số liệu){% endif %}"
                "{{ chg[row.code] }}{% if row.rate is not none %}, đạt tỷ lệ "
                "{{ row.rate | percent }}{% if row.rate_coverage.units < row.rate_coverage.of %}"
                " (tính trên {{ row.rate_coverage.units }}/{{ row.rate_coverage.of }} đơn vị có "
                "đủ số liệu){% endif %}{{ pts[row.code] }}{% endif %}"
                "{{ '.' if loop.last else ';' }}"
            )


def _units(w: ReportWriter) -> None:
    """The units side by side, best rate first."""
    with w.when("units_ranked"):
        section(w, "KẾT QUẢ CỦA TỪNG ĐƠN VỊ")
        with w.when("top"):
            w.p(
                "Xếp theo {{ rank_by.label | lower_vi }}: cao nhất là {{ top.unit.short_name }} "
                "({{ top.rates[rank_by.code] | percent }}){% if bottom %}, thấp nhất là "
                "{{ bottom.unit.short_name }} ({{ bottom.rates[rank_by.code] | percent }})"
                "{% endif %}{% if ranking.unrated %}; {{ ranking.unrated | length }} đơn vị chưa "
                "có tỷ lệ này ({{ ranking.unrated | map(attribute='unit.short_name') "
                "| join(', ') }}){% endif %}."
            )
        data_table(
            w,
            "Kết quả chủ yếu của các đơn vị năm {{ year }}",
            [
                ("Xếp hạng", 14, "{{ u.rank[rank_by.code] or '' }}", "RK Table Number"),
                ("Đơn vị", 41, "{{ u.unit.short_name }}", "RK Table Text"),
                ("Văn bản phát hành", 20, "{{ u.counts.issued_docs | number }}", "RK Table Number"),
                ("Văn bản ký số", 20, "{{ u.counts.signed_docs | number }}", "RK Table Number"),
                ("Tỷ lệ ký số", 17, "{{ u.rates.signed_docs | percent }}", "RK Table Number"),
                (
                    "Tỷ lệ văn bản hành chính xử lý trên hệ thống",
                    25,
                    "{{ u.rates.admin_docs_online | percent }}",
                    "RK Table Number",
                ),
                (
                    "Tin, bài trên trang thông tin điện tử",
                    28,
                    "{{ u.counts.portal_news | number }}",
                    "RK Table Number",
                ),
            ],
            "u in units_ranked",
        )
        with w.when("previous_coverage.units"):
            w.p("So với năm {{ previous.year }}:")
            with w.each("u in units if u.changes.issued_docs is not none"):
                w.p(
                    "- {{ u.unit.short_name }}: văn bản phát hành "
                    "{{ u.changes.issued_docs | change }}"
                    "{% if u.points.signed_docs is not none %}, tỷ lệ văn bản được ký số "
                    "{{ u.points.signed_docs | points }}{% endif %}"
                    "{{ '.' if loop.last else ';' }}"
                )


def _agreements(w: ReportWriter) -> None:
    section(w, "CÔNG TÁC PHỐI HỢP")
    with w.when("agreements"):
        w.p(
            "Các đơn vị đã ký kết, triển khai thực hiện {{ agreements | length }} văn bản phối "
            "hợp với các cơ quan, đơn vị:"
        )
        with w.each("a in agreements"):
            w.p(
                "- {{ a.unit.short_name }}: {% if a.title %}{{ a.title.rstrip('. ') }}"
                "{% else %}{{ a.kind_label }} với {{ a.partners | join(', ') }}{% endif %}"
                "{% if a.signed_on %}, ký {{ a.signed_on | date_vi }}{% endif %}"
                "{% if " + PERIOD_UNSAID + " %}, giai đoạn {{ a.period_text }}{% endif %}"
                "{% if a.status_label %} ({{ a.status_label | lower_vi }}){% endif %}"
                "{{ '.' if loop.last else ';' }}"
            )
    with w.when("not agreements"):
        w.p("Trong năm {{ year }}, các đơn vị chưa ký kết văn bản phối hợp mới.")


def _tasks(w: ReportWriter) -> None:
    part(w, "Phần thứ hai", "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {{ next_year }}")
    w.tag("set ns.section = 0")
    with w.each("group in tasks_by_area"):
        section(w, "{{ group.label | upper_vi }}")
        # one paragraph per task text, naming every unit that set itself that task
        with w.each('same in group["items"] | groupby("task")'):
            w.p(
                "{% set names = same.list | map(attribute='unit.short_name') | unique | list %}"
                "{{ loop.index }}. {{ same.grouper.rstrip('. ') }} ("
                "{% if names | length > 1 and names | length == unit_count.valid %}"
                "tất cả {{ names | length }} đơn vị{% else %}{{ names | join(', ') }}{% endif %})."
            )
    with w.when("narrative.proposals"):
        section(w, "ĐỀ XUẤT, KIẾN NGHỊ")
        w.paragraphs("narrative.proposals")


def build_annex(path: Path) -> None:
    workbook = new_workbook()
    _totals_sheet(workbook.active)
    _units_sheet(workbook.create_sheet("Đơn vị"))
    _agreements_sheet(workbook.create_sheet("Văn bản phối hợp"))
    _tasks_sheet(workbook.create_sheet("Nhiệm vụ"))
    _problems_sheet(workbook.create_sheet("Đơn vị chưa tổng hợp"))
    save_workbook(
        workbook,
        path,
        "Phụ lục số liệu tổng hợp công tác chuyển đổi số và công tác tuyên truyền",
        built=BUILT,
    )


# Said beside Section A when no unit had last year's figures: the columns are empty on purpose.
NO_PREVIOUS_NOTE = (
    "{{ '' if previous_coverage.units else '(Chưa có số liệu năm ' ~ previous.year ~ "
    "' của các đơn vị: cột năm ' ~ previous.year ~ ' và các cột tăng, giảm để trống.)' }}"
)


def _totals_sheet(sheet) -> None:
    """The province's totals by indicator in both years, then the recomputed rates."""
    sheet.title = "Tổng hợp"
    widths(sheet, {"A": 6, "B": 46, "C": 14, "D": 13, "E": 13, "F": 13, "G": 12, "H": 12})
    row = titles(sheet, "H", "SỐ LIỆU TỔNG HỢP CỦA CÁC ĐƠN VỊ NĂM {{ year }}")
    label(sheet, row, "A. CÁC CHỈ TIÊU")
    put(sheet, f"C{row}", NO_PREVIOUS_NOTE, italic=True, box=False, wrap=False)
    r = loop_table(sheet, row + 1, INDICATOR_HEADINGS, "row in indicators")
    indicator_row(sheet, r, "{{ row.difference }}", "{{ row.change }}")
    _coverage(sheet, r, "Số đơn vị có số liệu", "row.coverage")
    marker(sheet, r + 1, "endfor")
    r = rate_table(
        sheet, r + 3, "B. CÁC TỶ LỆ (TÍNH TRÊN TỔNG SỐ LIỆU)", lambda r: "{{ rate.rate }}"
    )
    _coverage(sheet, r, "Số đơn vị có đủ số liệu", "rate.coverage")
    print_setup(sheet, f"A1:H{r + 1}", landscape=False, title_rows=None)


def _coverage(sheet, row: int, heading: str, coverage: str) -> None:
    """Column H of a totals table: how many of the valid units the figure covers ("9/10")."""
    put(sheet, f"H{row - 2}", heading, bold=True, align="center")
    put(
        sheet,
        f"H{row}",
        f"{{% if {coverage}.units is not none %}}{{{{ {coverage}.units }}}}/"
        f"{{{{ {coverage}.of }}}}{{% endif %}}",
        align="center",
    )


# (heading, width, value, number format) of the units sheet, after STT and Đơn vị
UNIT_COLUMNS = [
    ("Văn bản phát hành", 12, "{{ u.counts.issued_docs }}", COUNT),
    ("Văn bản ký số", 12, "{{ u.counts.signed_docs }}", COUNT),
    ("Tỷ lệ ký số", 10, "{{ u.rates.signed_docs }}", RATE),
    ("Xếp hạng tỷ lệ ký số", 10, "{{ u.rank.signed_docs }}", "0"),
    ("Văn bản hành chính", 12, "{{ u.counts.admin_docs }}", COUNT),
    ("Văn bản hành chính xử lý trên hệ thống", 14, "{{ u.counts.admin_docs_online }}", COUNT),
    ("Tỷ lệ xử lý trên hệ thống", 11, "{{ u.rates.admin_docs_online }}", RATE),
    ("Xếp hạng tỷ lệ xử lý trên hệ thống", 11, "{{ u.rank.admin_docs_online }}", "0"),
    ("Cuộc họp không giấy", 10, "{{ u.counts.paperless_meetings }}", COUNT),
    ("Hội nghị trực tuyến", 10, "{{ u.counts.online_conferences }}", COUNT),
    ("Báo cáo án bằng sơ đồ tư duy", 11, "{{ u.counts.mind_map_reports }}", COUNT),
    ("Hồ sơ được số hóa", 10, "{{ u.counts.digitised_case_files }}", COUNT),
    ("Lượt tập huấn", 10, "{{ u.counts.staff_trained }}", COUNT),
    ("Tin, bài trang thông tin điện tử", 12, "{{ u.counts.portal_news }}", COUNT),
    ("Tin, bài báo chí", 10, "{{ u.counts.press_items }}", COUNT),
    ("Tin, bài mạng xã hội", 10, "{{ u.counts.social_posts }}", COUNT),
    ("Buổi tuyên truyền pháp luật", 11, "{{ u.counts.legal_sessions }}", COUNT),
    ("Lượt người tham dự", 11, "{{ u.counts.legal_attendees }}", COUNT),
    ("Văn bản phát hành so với năm trước", 12, "{{ u.changes.issued_docs }}", CHANGE),
    (
        "Tỷ lệ ký số tăng, giảm (điểm %)",
        12,
        "{{ u.points.signed_docs * 100 if u.points.signed_docs is not none else none }}",
        POINTS,
    ),
]


def _units_sheet(sheet) -> None:
    """One row per unit with its main figures, rates and ranks; the province's total last."""
    letters = [openpyxl.utils.get_column_letter(i) for i in range(1, len(UNIT_COLUMNS) + 3)]
    last = letters[-1]
    widths(
        sheet,
        {"A": 6, "B": 30}
        | {c: w for c, (_, w, _, _) in zip(letters[2:], UNIT_COLUMNS, strict=True)},
    )
    heading = titles(sheet, last, "KẾT QUẢ CHỦ YẾU CỦA CÁC ĐƠN VỊ NĂM {{ year }}")
    r = loop_table(
        sheet, heading, ["STT", "Đơn vị", *(c[0] for c in UNIT_COLUMNS)], "u in units", 78
    )
    put(sheet, f"A{r}", "{{ loop.index }}", align="center")
    put(sheet, f"B{r}", "{{ u.unit.short_name }}")
    for letter, (_, _, value, number) in zip(letters[2:], UNIT_COLUMNS, strict=True):
        put(sheet, f"{letter}{r}", value, align="right", number=number)
    height(sheet, r, 2)
    marker(sheet, r + 1, "endfor")
    # the province's own figure; a rank or a rate's points have none
    figures = {}
    for letter, (_, _, value, number) in zip(letters[2:], UNIT_COLUMNS, strict=True):
        single = value.count("u.") == 1 and "u.rank." not in value
        figures[letter] = (value.replace("u.", "") if single else None, "right", number)
    total = r + 2
    total_row(sheet, total, "Tổng cộng", letters[2:], figures)
    sheet.freeze_panes = f"C{heading + 1}"
    print_setup(sheet, f"A1:{last}{total}", landscape=True, title_rows=f"{heading}:{heading}")


def _agreements_sheet(sheet) -> None:
    widths(sheet, {"A": 6, "B": 26, "C": 16, "D": 36, "E": 26, "F": 12, "G": 12, "H": 14})
    heading = titles(sheet, "H", "VĂN BẢN PHỐI HỢP ĐÃ KÝ KẾT CỦA CÁC ĐƠN VỊ")
    r = loop_table(
        sheet,
        heading,
        [
            "STT",
            "Đơn vị",
            "Loại văn bản",
            "Tên văn bản",
            "Cơ quan, đơn vị cùng ký",
            "Ngày ký",
            "Giai đoạn thực hiện",
            "Tình trạng",
        ],
        "a in agreements",
    )
    put(sheet, f"A{r}", "{{ loop.index }}", align="center")
    put(sheet, f"B{r}", "{{ a.unit.short_name }}")
    put(sheet, f"C{r}", "{{ a.kind_label }}")
    put(sheet, f"D{r}", "{{ a.title or '' }}")
    put(sheet, f"E{r}", "{{ a.partners | join(', ') }}")
    put(sheet, f"F{r}", "{{ a.signed_on }}", align="center", number=DATE)
    put(sheet, f"G{r}", "{{ a.period_text or '' }}", align="center")
    put(sheet, f"H{r}", "{{ a.status_label or '' }}", align="center")
    height(sheet, r, 4)
    marker(sheet, r + 1, "endfor")
    print_setup(sheet, f"A1:H{r + 1}", landscape=True, title_rows=f"{heading}:{heading}")


def _tasks_sheet(sheet) -> None:
    widths(sheet, {"A": 6, "B": 26, "C": 18, "D": 60, "E": 26, "F": 12, "G": 16})
    heading = titles(sheet, "G", "NHIỆM VỤ NĂM {{ next_year }} CỦA CÁC ĐƠN VỊ")
    r = loop_table(
        sheet,
        heading,
        [
            "STT",
            "Đơn vị",
            "Lĩnh vực",
            "Nhiệm vụ",
            "Đơn vị, người thực hiện",
            "Thời hạn",
            "Chỉ tiêu",
        ],
        "t in tasks",
    )
    put(sheet, f"A{r}", "{{ loop.index }}", align="center")
    put(sheet, f"B{r}", "{{ t.unit.short_name }}")
    put(sheet, f"C{r}", "{{ t.area_label }}")
    put(sheet, f"D{r}", "{{ t.task }}")
    put(sheet, f"E{r}", "{{ t.owner or '' }}")
    put(sheet, f"F{r}", "{{ t.deadline }}", align="center", number=DATE)
    put(
        sheet,
        f"G{r}",
        "{% if t.target is not none %}{{ t.target | number }}"
        "{{ '' if (t.target_unit or '').startswith('%') else ' ' }}{{ t.target_unit or '' }}"
        "{% endif %}",
        align="center",
    )
    height(sheet, r, 4)
    marker(sheet, r + 1, "endfor")
    print_setup(sheet, f"A1:G{r + 1}", landscape=True, title_rows=f"{heading}:{heading}")


def _problems_sheet(sheet) -> None:
    """Units whose figures are not in the totals, named in plain words; the sheet is left
    out when every unit is in. What is wrong with a unit's data goes back to the unit
    (the manifest, ``--annotate-invalid``), never into an official document."""
    put(sheet, "A1", "{%sheet for left_out in [invalid_units + missing_units] if left_out %}")
    widths(sheet, {"A": 6, "B": 48, "C": 48})
    heading = titles(sheet, "C", "ĐƠN VỊ CHƯA ĐƯỢC TỔNG HỢP SỐ LIỆU", row=2)
    r = loop_table(sheet, heading, ["STT", "Đơn vị", "Lý do"], "u in invalid_units")
    put(sheet, f"A{r}", "{{ loop.index }}", align="center")
    put(sheet, f"B{r}", "{{ u.name or u.file }}")
    put(sheet, f"C{r}", "Số liệu chưa hợp lệ, chưa tổng hợp")
    height(sheet, r, 2)
    marker(sheet, r + 1, "endfor")
    marker(sheet, r + 2, "for u in missing_units")
    m = r + 3
    put(sheet, f"A{m}", "{{ invalid_units | length + loop.index }}", align="center")
    put(sheet, f"B{m}", "{{ u.short_name }}")
    put(sheet, f"C{m}", "Chưa gửi báo cáo")
    height(sheet, m, 2)
    marker(sheet, m + 1, "endfor")
    print_setup(sheet, f"A1:C{m + 1}", landscape=False, title_rows=f"{heading}:{heading}")


def main(argv: list[str] | None = None) -> None:
    builds = {"province-report.docx": build_report, "province-annex.xlsx": build_annex}
    build_templates(__doc__, builds, argv)


if __name__ == "__main__":
    main()
