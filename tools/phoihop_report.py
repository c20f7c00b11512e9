"""The report template of the "phoihop" kind (templates/phoihop/report.docx), with python-docx.

A review of one coordination programme, regulation or cooperation agreement, as a procuracy's
office files it: every year ("kết quả thực hiện … năm 2026"), at mid-term ("sơ kết") and at
the end of its period ("tổng kết … giai đoạn 2022–2025"). The same template serves one unit
and the consolidated review of several units (``consolidated`` is then true and every duty
names the unit that carried it out).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx_layout import (
    ReportWriter,
    cant_split,
    item,
    loop_marker_rows,
    new_report,
    point,
    repeat_header,
    save_report,
    section,
    signature_block,
    table_borders,
    table_layout,
    thin_paragraph,
    title_block,
)

BUILT = dt.datetime(2026, 1, 1)  # a fixed date in the file's properties: reproducible bytes

# Paragraph tags hold no "}" or "%" (docxtpl cannot read them), hence dict() and ~.
PRELUDE = [
    'set ns = namespace(section=0, item=0, point=0, table=0, chart=0, archive="Lưu: VT.")',
    'set full_name = programme.kind_label ~ " " ~ programme.title.rstrip(". ")',
    'set span = "giai đoạn " ~ programme.period_text',
    "set final = review.type == 'tong_ket'",
    'set review_word = dict(tong_ket="tổng kết", so_ket="sơ kết", '
    'hang_nam="kết quả thực hiện")[review.type]',
    "set one_year = review.years.from == review.years.to",
    'set years_phrase = ("năm " if one_year else "giai đoạn ") ~ review.years_text',
    "set default_title = dict(tong_ket=\"Tổng kết thực hiện \" ~ full_name ~ \" \" ~ span, "
    'so_ket="Sơ kết thực hiện " ~ full_name ~ " " ~ span ~ " (" ~ years_phrase ~ ")", '
    'hang_nam="Kết quả thực hiện " ~ full_name ~ " năm " ~ year)[review.type]',
    "set subject = unit.short_name",
    "set merged = consolidated is defined and consolidated",
    'set next_phrase = "giai đoạn tiếp theo" if final else "năm " ~ next_year',
    "set figures = series.figures",
    "set evaluation = [narrative.overview, narrative.difficulties, narrative.causes, "
    "narrative.lessons] | select | list | length",
]


def build_report(path: Path) -> None:
    document, w = new_report(PRELUDE)
    title_block(
        w,
        "Thực hiện {{ full_name }}{% if programme.number %} số {{ programme.number }}{% endif %}"
        "{% if programme.signed_on %} ký kết {{ programme.signed_on | date_vi }}{% endif %}, "
        "{{ span }} (sau đây gọi tắt là {{ programme.kind_label }}), {{ unit.name }} báo cáo "
        "{{ review_word }} {{ years_phrase }}{% if merged %} (tổng hợp kết quả của các "
        "đơn vị: {{ units | map(attribute='name') | join(', ') }}){% endif %} như sau:",
        title="{{ document.title or default_title }}",
    )
    _overview(w)
    _results(w)
    _evaluation(w)
    _direction(w)
    closing = w.p(
        "Trên đây là báo cáo {{ review_word }} {{ full_name }} {{ years_phrase }} của "
        "{{ unit.name }}./."
    )
    closing.paragraph_format.keep_with_next = True  # never a signature alone on a page
    signature_block(document)
    save_report(
        document,
        path,
        "Báo cáo kết quả thực hiện văn bản phối hợp",
        "Mẫu báo cáo của reportkit (loại phoihop)",
        built=BUILT,
    )


def _overview(w: ReportWriter) -> None:
    section(w, "KHÁI QUÁT VỀ {{ programme.kind_label | upper_vi }}")
    with w.when("programme.basis"):
        w.p("Căn cứ:")
        with w.each("b in programme.basis"):
            w.p("- {{ b.rstrip('.;') }}{{ '.' if loop.last else ';' }}")
    with w.when("parties"):
        w.p(
            "{{ programme.kind_label }} được ký kết giữa các cơ quan, tổ chức sau"
            "{% if programme.signed_on %} ({{ programme.signed_on | date_vi }}){% endif %}:"
        )
        with w.each("party in parties"):
            w.p(
                "- {{ party.name }}{% if party.signer %} (đồng chí {{ party.signer }} ký)"
                "{% endif %}{% if party.role %}: {{ party.role.rstrip('.;') }}{% endif %}"
                "{{ '.' if loop.last else ';' }}"
            )
    w.p("Thời gian thực hiện: {{ span }}.")
    with w.when("programme.purpose"):
        w.p("Mục đích: {{ programme.purpose[:1] | lower_vi }}{{ programme.purpose[1:] }}")
    w.p("{{ programme.kind_label }} gồm các nội dung phối hợp sau:")
    with w.each("area in areas"):
        w.p("- {{ area.title.rstrip('.;') }}{{ '.' if loop.last else ';' }}")


def _results(w: ReportWriter) -> None:
    section(w, "KẾT QUẢ THỰC HIỆN")
    w.p(
        "{% set done = [] %}"
        "{% for t in tallies.duties.status if t.count %}"
        "{% do done.append((t.count | number) ~ ' nhiệm vụ ' ~ (t.label | lower_vi)) %}"
        "{% endfor %}"
        "{{ years_phrase[:1] | upper_vi }}{{ years_phrase[1:] }}, {{ subject }} đã triển khai "
        "{{ totals.duties | number }} nhiệm vụ theo {{ programme.kind_label }}, trong đó "
        "{{ done | join(', ') }}."
    )
    with w.each("group in duties_by_area"):
        item(w, "{{ group.label }}")
        with w.each('d in group["items"]'):
            point(w, "{{ d.duty.rstrip('.;') }}")
            with w.when("merged or d.year"):
                w.p(
                    "{% if merged %}Đơn vị thực hiện: {{ d.unit.short_name }}"
                    "{% if d.year %}, năm {{ d.year }}{% endif %}.{% else %}"
                    "Năm {{ d.year }}.{% endif %}"
                )
            with w.each("a in d.activities"):
                w.p("- {{ a.rstrip('.;') }}{{ '.' if loop.last else ';' }}")
            with w.when("d.documents"):
                w.p("Văn bản đã ban hành: {{ d.documents | join('; ') }}.")
            w.p(
                "Tình trạng: {{ d.status_label | lower_vi }}"
                "{% if d.reason %} (lý do: {{ d.reason[:1] | lower_vi }}"
                "{{ d.reason[1:].rstrip('.') }}){% endif %}."
            )
    with w.when("figures.reported"):
        item(w, "Số liệu kết quả thực hiện {{ years_phrase }}")
        w.p(
            "{{ years_phrase[:1] | upper_vi }}{{ years_phrase[1:] }}, kết quả thực hiện "
            "{{ programme.kind_label }} của {{ subject }} được thể hiện qua các số liệu sau"
            " (Bảng {{ ns.table + 1 }}):"
        )
        with w.each("f in figures.reported"):
            w.p(
                "- {{ f.label }}: {% if f.total %}{{ f.total | number }} {{ f.unit_label }}"
                "{% else %}chưa có {{ f.unit_label }} nào{% endif %}"
                "{% if f.years_with_figures < figures.years | length %} (số liệu của "
                "{{ f.years_with_figures | number }}/{{ figures.years | length | number }} năm)"
                "{% endif %}{% for gap in f.partial %}{{ ' (' if loop.first else '; ' }}năm "
                "{{ gap.year }}: số liệu của {{ gap.with | number }}/{{ gap.of | number }} "
                "{{ 'đơn vị' if merged else 'dòng' }}{{ ')' if loop.last }}{% endfor %}"
                "{% if f.change is not none %}; năm {{ f.last_year }} so với năm "
                "{{ f.first_year }}: {{ f.change | change }}{% endif %}"
                "{{ '.' if loop.last else ';' }}"
            )
        _figures_table(w)


def _figures_table(w: ReportWriter) -> None:
    """Figures by year: a column per year (a column loop), the total and the change."""
    w.p(
        "{% set ns.table = ns.table + 1 %}Bảng {{ ns.table }}. Số liệu kết quả thực hiện "
        "{{ years_phrase }}",
        "RK Caption",
    )
    heading = [
        # widths in mm, 165 in all (the text width); the year columns share the table's width
        # with the others in these proportions however many years there are
        ("STT", 12, "RK Table Heading"),
        ("Chỉ tiêu", 54, "RK Table Heading"),
        ("Đơn vị tính", 20, "RK Table Heading"),
        ("{%tc for y in figures.years %}", 4, "RK Table Heading"),
        ("Năm {{ y }}", 20, "RK Table Heading"),
        ("{%tc endfor %}", 4, "RK Table Heading"),
        # one year alone has no total over the years and nothing to compare with
        ("{%tc if figures.years | length > 1 %}", 2, "RK Table Heading"),
        ("Tổng cộng", 22, "RK Table Heading"),
        ("Năm {{ figures.last_year }} so với năm {{ figures.first_year }}", 29, "RK Table Heading"),
        ("{%tc endif %}", 2, "RK Table Heading"),
    ]
    body = [
        "{{ loop.index }}",
        "{{ f.label }}",
        "{{ f.unit_label }}",
        "{%tc for v in f.per_year %}",
        "{{ v | number if v is not none else '-' }}",
        "{%tc endfor %}",
        "{%tc if figures.years | length > 1 %}",
        "{{ f.total | number }}",
        "{{ f.change | change }}",
        "{%tc endif %}",
    ]
    body_styles = ["RK Table Number", "RK Table Text", *["RK Table Number"] * (len(body) - 2)]
    table = w.container.add_table(rows=4, cols=len(heading))
    table.style = w.document.styles["Table Grid"]
    table_borders(table, "single")
    table_layout(table, [width for _, width, _ in heading], margin_mm=1.5)
    head, opening, row, closing = table.rows
    for cell, (text, _, style) in zip(head.cells, heading, strict=True):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = style
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for cell, text, style in zip(row.cells, body, body_styles, strict=True):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = style
    loop_marker_rows(opening, closing, "f in figures.reported")
    repeat_header(head)
    cant_split(row)
    thin_paragraph(w.p(style="RK Table Text"), 6)


def _evaluation(w: ReportWriter) -> None:
    with w.when("evaluation"):
        section(w, "ĐÁNH GIÁ CHUNG")
        for key, title in (
            ("overview", "Kết quả đạt được"),
            ("difficulties", "Khó khăn, hạn chế"),
            ("causes", "Nguyên nhân"),
            ("lessons", "Bài học kinh nghiệm"),
        ):
            with w.when(f"narrative.{key}"):
                with w.when("evaluation > 1"):  # a lone "1." heading is no list
                    item(w, title)
                w.paragraphs(f"narrative.{key}")


def _direction(w: ReportWriter) -> None:
    with w.when("tasks"):
        section(w, "PHƯƠNG HƯỚNG, NHIỆM VỤ {{ next_phrase | upper_vi }}")
        w.p("{{ subject }} tập trung thực hiện các nhiệm vụ sau:")
        with w.each("t in tasks"):
            w.p(
                "{% set bits = [] %}"
                "{% if t.owner %}{% do bits.append('đơn vị chủ trì: ' ~ t.owner) %}{% endif %}"
                "{% if t.deadline %}{% do bits.append('thời hạn: ' ~ (t.deadline | date_short))"
                " %}{% endif %}"
                "{{ loop.index }}. {{ t.task.rstrip('. ') }}"
                "{% if bits %} ({{ bits | join('; ') }}){% endif %}."
            )
    with w.when("narrative.proposals"):
        section(w, "ĐỀ XUẤT, KIẾN NGHỊ")
        w.paragraphs("narrative.proposals")
