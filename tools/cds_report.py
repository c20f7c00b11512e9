"""The report template of the "cds" kind (templates/cds/report.docx), built with python-docx.

The wording follows a real year-end review (VKSND tỉnh Thanh Hóa, 2025): each sentence is
built from the figures and left out when its figure is missing; a change against the
previous year is said when there is one. Tags use the Word engine's (docxtpl's) syntax.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx_layout import (
    CHANGE_TAGS,
    PERIOD_UNSAID,
    ReportWriter,
    data_table,
    item,
    narrative_section,
    new_report,
    part,
    point,
    save_report,
    section,
    signature_block,
    title_block,
)

BUILT = dt.datetime(2026, 1, 1)  # a fixed date in the file's properties: reproducible bytes

# The sentence subject, then the numbering and the change helpers the rest of the template reads.
PRELUDE = [
    'set subject = "VKSND hai cấp" if unit.level == "tinh" else unit.short_name',
    *CHANGE_TAGS,
]


def build_report(path: Path) -> None:
    document, w = new_report(PRELUDE)
    title_block(
        w,
        "Thực hiện chương trình, kế hoạch công tác năm {{ year }}, {{ unit.name }} báo cáo "
        "kết quả công tác chuyển đổi số và công tác tuyên truyền năm {{ year }} (số liệu từ "
        "ngày {{ period.from | date_short }} đến ngày {{ period.to | date_short }}), phương "
        "hướng, nhiệm vụ năm {{ next_year }} như sau:",
    )
    _part_one(w)
    _part_two(w)
    closing = w.p(
        "Trên đây là báo cáo {{ document.title[:1] | lower_vi }}{{ document.title[1:] }}"
        "{% if tasks or narrative.proposals %} và phương hướng, nhiệm vụ năm {{ next_year }}"
        "{% endif %} của {{ unit.name }}./."
    )
    closing.paragraph_format.keep_with_next = True  # never a signature alone on a page
    signature_block(document)
    save_report(
        document,
        path,
        "Báo cáo tổng kết công tác chuyển đổi số và công tác tuyên truyền",
        "Mẫu báo cáo của reportkit (loại cds)",
        built=BUILT,
    )


def _part_one(w: ReportWriter) -> None:
    part(
        w,
        "Phần thứ nhất",
        "KẾT QUẢ CÔNG TÁC CHUYỂN ĐỔI SỐ VÀ CÔNG TÁC TUYÊN TRUYỀN NĂM {{ year }}",
    )
    with w.when("narrative.highlights"):
        w.p(
            "Năm {{ year }}, công tác chuyển đổi số và công tác tuyên truyền của {{ subject }} "
            "đạt được những kết quả nổi bật sau:"
        )
        w.paragraphs("narrative.highlights")
    with w.when("narrative.leadership"):
        section(w, "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO")
        w.paragraphs("narrative.leadership")
    with w.when(f"{_group_rows('cds')} | list or software"):
        _digital_results(w)
    with w.when(f"{_group_rows('tuyen_truyen')} | list or press or social"):
        _communication_results(w)
    _agreements(w)
    with w.when("narrative.limitations and narrative.causes"):
        section(w, "HẠN CHẾ, NGUYÊN NHÂN")
        item(w, "Hạn chế")
        w.paragraphs("narrative.limitations")
        item(w, "Nguyên nhân")
        w.paragraphs("narrative.causes")
    # one of the two alone: its own heading, never a "1." without a "2."
    limitations, causes = "narrative.limitations", "narrative.causes"
    narrative_section(w, f"{limitations} and not {causes}", "HẠN CHẾ", limitations)
    narrative_section(w, f"{causes} and not {limitations}", "NGUYÊN NHÂN CỦA HẠN CHẾ", causes)
    narrative_section(w, "narrative.lessons", "BÀI HỌC KINH NGHIỆM", "narrative.lessons")


def _digital_results(w: ReportWriter) -> None:
    section(w, "KẾT QUẢ CÔNG TÁC CHUYỂN ĐỔI SỐ")
    office = ("issued_docs", "admin_docs", "paperless_meetings", "online_conferences")
    with w.when(_any_count(office)):
        item(w, "Ứng dụng công nghệ thông tin trong quản lý, chỉ đạo, điều hành")
        with w.when("counts.issued_docs is not none"):
            w.p(
                "Năm {{ year }}, {{ subject }} {% if counts.issued_docs %}đã phát hành "
                "{{ counts.issued_docs | number }} văn bản{% else %}chưa phát hành văn bản nào"
                "{% endif %} trên hệ thống quản lý văn bản và điều hành{{ chg.issued_docs }}"
                "{% if rates.signed_docs %}, trong đó đã ký số "
                "{{ counts.signed_docs | ratio(counts.issued_docs) }} văn bản trước khi ban "
                "hành, đạt tỷ lệ {{ rates.signed_docs | percent }}{{ pts.signed_docs }}"
                "{% elif rates.signed_docs is not none %}, trong đó chưa có văn bản nào được ký "
                "số trước khi ban hành{{ pts.signed_docs }}{% endif %}."
            )
        with w.when("rates.admin_docs_online is not none"):
            w.p(
                "Số văn bản hành chính được tạo dự thảo, trình duyệt, ký số, phát hành hoàn toàn "
                "trên hệ thống là {{ counts.admin_docs_online | ratio(counts.admin_docs) }} văn "
                "bản, đạt tỷ lệ {{ rates.admin_docs_online | percent }}{{ pts.admin_docs_online }}."
            )
        meetings = ("paperless_meetings", "online_conferences")
        with w.when(_any_count(meetings)):
            # each figure with its own change; a zero is said in words, after those held
            w.p(
                "{% set held = [] %}{% set not_held = [] %}"
                "{% for code, noun in [('paperless_meetings', 'cuộc họp không giấy'), "
                "('online_conferences', 'hội nghị trực tuyến')] %}"
                "{% if counts[code] %}{% do held.append((counts[code] | number) ~ ' ' ~ noun "
                "~ chg[code]) %}{% elif counts[code] == 0 %}{% do not_held.append(noun ~ ' nào' "
                "~ chg[code]) %}{% endif %}{% endfor %}"
                "Trong năm, {% if held %}đã tổ chức {{ held | join(' và ') }}{% endif %}"
                "{% if held and not_held %}; {% endif %}"
                "{% if not_held %}chưa tổ chức {{ not_held | join(', ') }}{% endif %}."
            )
        with w.when('rate_list | rejectattr("rate", "none") | list'):
            w.p(
                '{{ rate_list | bar_chart(label="label", value="rate") | image(width="150mm") }}',
                "RK Figure",
            )
            w.p(
                "{% set ns.chart = ns.chart + 1 %}Biểu đồ {{ ns.chart }}. Một số tỷ lệ chủ yếu "
                "về chuyển đổi số năm {{ year }}",
                "RK Figure Caption",
            )

    with w.when("software"):
        item(w, "Triển khai phần mềm, ứng dụng")
        w.p(
            "{{ subject }} đang sử dụng {{ software | length }} phần mềm, ứng dụng phục vụ công "
            "tác quản lý và hoạt động nghiệp vụ (Bảng {{ ns.table + 1 }})."
            "{% set fresh = software | selectattr('year', 'equalto', year) | list %}"
            "{% if fresh %} Trong năm {{ year }}, đã đưa vào sử dụng {{ fresh | length }} phần "
            "mềm, ứng dụng mới:{% endif %}"
        )
        with w.each("s in software if s.year == year"):
            w.p(
                "- {% if s.partner %}Phối hợp với {{ s.partner }} xây dựng, triển khai tập huấn "
                "và đưa{% else %}Đưa{% endif %} vào sử dụng phần mềm “{{ s.name }}”"
                "{% if s.scope %} tại {{ s.scope }}{% endif %}{{ '.' if loop.last else ';' }}"
            )
        data_table(
            w,
            "Phần mềm, ứng dụng đang sử dụng",
            [
                ("STT", 12, "{{ loop.index }}", "RK Table Number"),
                ("Tên phần mềm, ứng dụng", 36, "{{ s.name }}", "RK Table Text"),
                ("Mục đích sử dụng", 50, "{{ s.purpose or '' }}", "RK Table Text"),
                ("Đơn vị phối hợp triển khai", 26, "{{ s.partner or '' }}", "RK Table Text"),
                ("Năm đưa vào sử dụng", 18, "{{ s.year or '' }}", "RK Table Number"),
                ("Phạm vi sử dụng", 23, "{{ s.scope or '' }}", "RK Table Text"),
            ],
            "s in software",
        )

    work = ("mind_map_reports", "digitised_case_files", "staff_trained", "dti_score")
    with w.when(_any_count(work)):
        item(w, "Ứng dụng công nghệ thông tin trong hoạt động nghiệp vụ")
        with w.when("counts.mind_map_reports is not none"):
            point(w, "Báo cáo án bằng sơ đồ tư duy")
            w.p(
                "Đẩy mạnh xây dựng sơ đồ tư duy báo cáo án trong các giai đoạn giải quyết vụ án, "
                "vụ việc; {% if counts.mind_map_reports %}{{ subject }} đã xây dựng báo cáo án "
                "bằng sơ đồ tư duy đối với {{ counts.mind_map_reports | number }} vụ"
                "{{ chg.mind_map_reports }}{% set parts = [] %}"
                "{% for code, noun in [('mind_map_criminal', 'vụ án hình sự'), "
                "('mind_map_civil', 'vụ án dân sự')] %}"
                "{% if counts[code] %}{% do parts.append((counts[code] | number) ~ ' ' ~ noun) %}"
                "{% elif counts[code] == 0 %}{% do parts.append('không có ' ~ noun) %}{% endif %}"
                "{% endfor %}{% if parts %}, trong đó {{ parts | join(', ') }}{% endif %}"
                "{% else %}{{ subject }} chưa có vụ án, vụ việc nào được báo cáo bằng sơ đồ tư "
                "duy{{ chg.mind_map_reports }}{% endif %}."
            )
        with w.when("counts.digitised_case_files is not none"):
            point(w, "Số hóa hồ sơ vụ án")
            w.p(
                "{% if counts.digitised_case_files %}Đã số hóa "
                "{{ counts.digitised_case_files | number }} hồ sơ vụ án"
                "{{ chg.digitised_case_files }}, phục vụ việc nghiên cứu, trích xuất tài liệu và "
                "báo cáo án trên môi trường số.{% else %}Chưa số hóa hồ sơ vụ án nào"
                "{{ chg.digitised_case_files }}.{% endif %}"
            )
        with w.when("counts.staff_trained is not none"):
            point(w, "Tập huấn kỹ năng số")
            w.p(
                "{% if counts.staff_trained %}Tổ chức, cử {{ counts.staff_trained | number }} "
                "lượt công chức, kiểm sát viên tham gia{% else %}Chưa có lượt công chức, kiểm "
                "sát viên nào tham gia{% endif %} tập huấn về công nghệ thông tin, chuyển đổi số"
                "{{ chg.staff_trained }}."
            )
        with w.when("counts.dti_score is not none"):
            point(w, "Bộ chỉ số DTI")
            w.p(
                "Điểm Bộ chỉ số đánh giá chuyển đổi số (DTI) ngành Kiểm sát nhân dân năm "
                "{{ year }} của đơn vị {{ 'đạt' if counts.dti_score else 'là' }} "
                "{{ counts.dti_score | number(digits.dti_score) }} điểm"
                "{% if previous.counts.dti_score is not none %} (năm {{ previous.year }}: "
                "{{ previous.counts.dti_score | number(digits.dti_score) }} điểm)"
                "{% endif %}."
            )
    _indicator_table(w, "cds", "Một số chỉ tiêu về chuyển đổi số năm {{ year }}")


def _communication_results(w: ReportWriter) -> None:
    section(w, "KẾT QUẢ CÔNG TÁC TUYÊN TRUYỀN")
    with w.when("counts.portal_news is not none"):
        item(w, "Trang thông tin điện tử")
        # a khu vực procuracy has no portal of its own: its news goes on the province's
        w.p(
            "{% if not counts.portal_news %}{{ 'Chưa có tin, bài nào về hoạt động của đơn vị "
            "được đăng trên Trang thông tin điện tử' if unit.level == 'khu_vuc' else "
            "'Trang thông tin điện tử của ' ~ unit.short_name ~ ' chưa đăng tải tin, bài nào' }}"
            "{{ chg.portal_news }}.{% elif unit.level == 'khu_vuc' %}Có "
            "{{ counts.portal_news | number }} tin, bài về "
            "hoạt động của đơn vị được đăng trên Trang thông tin điện tử{{ chg.portal_news }}."
            "{% else %}Trang thông tin điện tử của {{ unit.short_name }} đã đăng tải "
            "{{ counts.portal_news | number }} tin, bài{{ chg.portal_news }}, thường xuyên cập "
            "nhật các hoạt động nổi bật của ngành và cung cấp nội dung nghiệp vụ.{% endif %}"
        )
    with w.when("counts.press_items is not none or press"):
        item(w, "Phối hợp với các cơ quan báo chí")
        w.p(
            "{% if counts.press_items == 0 %}Năm {{ year }}, chưa có tin, bài nào"
            "{{ chg.press_items }} về hoạt động của {{ subject }} được đăng tải trên các cơ quan "
            "báo chí{% elif counts.press_items is not none %}Năm {{ year }}, có "
            "{{ counts.press_items | number }} tin, bài{{ chg.press_items }} về hoạt động của "
            "{{ subject }} được đăng tải trên các cơ quan báo chí{% else %}Tin, bài về hoạt động "
            "của {{ subject }} được đăng tải trên các cơ quan báo chí{% endif %}"
            "{{ ':' if press else '.' }}"
        )
        with w.each("row in press"):
            w.p(
                "- {{ row.outlet }}: {% if row['items'] %}{{ row['items'] | number }} tin, bài"
                "{% else %}chưa có tin, bài nào{% endif %}"
                "{{ '.' if loop.last else ';' }}"
            )
    with w.when("counts.social_posts is not none or social"):
        item(w, "Tuyên truyền trên mạng xã hội")
        w.p(
            "{% if counts.social_posts == 0 %}{{ subject }} chưa đăng tải tin, bài, video nào"
            "{% else %}{{ subject }} đã đăng tải "
            "{% if counts.social_posts is not none %}{{ counts.social_posts | number }} {% endif %}"
            "tin, bài, video{% endif %} trên mạng xã hội{{ chg.social_posts }}"
            "{{ ':' if social else '.' }}"
        )
        with w.each("row in social"):
            w.p(
                "- {{ row.platform_label }}{% if row.account %} ({{ row.account }}){% endif %}: "
                "{% if row.posts %}{{ row.posts | number }} tin, bài, video{% else %}chưa đăng "
                "tin, bài, video nào{% endif %}{% if row.followers is not none %}, "
                "{{ row.followers | number }} người theo dõi{% endif %}"
                "{{ '.' if loop.last else ';' }}"
            )
    legal = ("legal_sessions", "legal_attendees", "press_briefings")
    with w.when(_any_count(legal)):
        item(w, "Tuyên truyền, phổ biến, giáo dục pháp luật và cung cấp thông tin cho báo chí")
        with w.when("counts.legal_sessions is not none"):
            w.p(
                "{% if counts.legal_sessions %}Tổ chức {{ counts.legal_sessions | number }} buổi "
                "tuyên truyền, phổ biến, giáo dục pháp luật{{ chg.legal_sessions }}"
                "{% if counts.legal_attendees %} với {{ counts.legal_attendees | number }} lượt "
                "người tham dự{{ chg.legal_attendees }}{% endif %}{% else %}Chưa tổ chức buổi "
                "tuyên truyền, phổ biến, giáo dục pháp luật nào{{ chg.legal_sessions }}"
                "{% endif %}."
            )
        with w.when("counts.legal_sessions is none and counts.legal_attendees"):
            w.p(
                "Có {{ counts.legal_attendees | number }} lượt người tham dự các buổi tuyên "
                "truyền, phổ biến, giáo dục pháp luật{{ chg.legal_attendees }}."
            )
        with w.when("counts.press_briefings is not none"):
            w.p(
                "{% if counts.press_briefings %}Tổ chức {{ counts.press_briefings | number }} "
                "cuộc họp báo, cung cấp thông tin cho báo chí{{ chg.press_briefings }}"
                "{% else %}Trong năm, chưa tổ chức cuộc họp báo nào{{ chg.press_briefings }}"
                "{% endif %}."
            )
    _indicator_table(w, "tuyen_truyen", "Một số chỉ tiêu về công tác tuyên truyền năm {{ year }}")


def _agreements(w: ReportWriter) -> None:
    with w.when("agreements"):
        section(w, "CÔNG TÁC PHỐI HỢP")
        w.p(
            "{{ unit.short_name }} đã ký kết, triển khai thực hiện {{ agreements | length }} văn "
            "bản phối hợp với các cơ quan, đơn vị:"
        )
        with w.each("a in agreements"):
            item(w, "{{ a.kind_label }} với {{ a.partners | join(', ') }}")
            w.p(
                "{% if a.title %}{{ a.title.rstrip('. ') }}{% else %}{{ a.kind_label }} với "
                "{{ a.partners | join(', ') }}{% endif %}"
                "{% if a.signed_on %} được ký kết {{ a.signed_on | date_vi }}{% endif %}"
                "{% if " + PERIOD_UNSAID + " %}, thực hiện trong giai đoạn {{ a.period_text }}"
                "{% endif %}"
                "{% if a.status_label %}; tình trạng: {{ a.status_label | lower_vi }}{% endif %}."
            )
            with w.when("a.areas"):
                w.p("Nội dung phối hợp:")
                with w.each("area in a.areas"):
                    w.p("- {{ area.rstrip('.;') }}{{ '.' if loop.last else ';' }}")
            with w.when("a.channels"):
                w.p("Kênh thông tin: {{ a.channels | join(', ') }}.")


def _part_two(w: ReportWriter) -> None:
    w.tag("if tasks or narrative.proposals")
    part(w, "Phần thứ hai", "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {{ next_year }}")
    w.tag("set ns.section = 0")
    with w.when("tasks"):
        w.p(
            "Năm {{ next_year }}, {{ subject }} tập trung thực hiện tốt các nhiệm vụ trọng tâm sau:"
        )
        with w.each("group in tasks_by_area"):
            section(w, "{{ group.label | upper_vi }}")
            with w.each('t in group["items"]'):
                w.p(
                    "{% set bits = [] %}"
                    "{% if t.owner %}{% do bits.append('đơn vị thực hiện: ' ~ t.owner) %}"
                    "{% endif %}"
                    "{% if t.deadline %}{% do bits.append('thời hạn hoàn thành: ' ~ "
                    "(t.deadline | date_short)) %}{% endif %}"
                    "{% if t.target is not none %}{% do bits.append(('chỉ tiêu: ' ~ "
                    "(t.target | number) ~ ('' if (t.target_unit or '').startswith('%') "
                    "else ' ') ~ (t.target_unit or '')) | trim) %}{% endif %}"
                    "{{ loop.index }}. {{ t.task.rstrip('. ') }}"
                    "{% if bits %} ({{ bits | join('; ') }}){% endif %}."
                )
    with w.when("narrative.proposals"):
        section(w, "ĐỀ XUẤT, KIẾN NGHỊ")
        w.paragraphs("narrative.proposals")
    w.tag("endif")


def _any_count(codes) -> str:
    return " or ".join(f"counts.{code} is not none" for code in codes)


def _group_rows(group: str) -> str:
    """The indicators of ``group`` that have a value this year."""
    return f'indicators | selectattr("group", "equalto", "{group}") | rejectattr("value", "none")'


def _indicator_table(w: ReportWriter, group: str, caption: str) -> None:
    rows = _group_rows(group)
    with w.when(f"{rows} | list"):
        data_table(
            w,
            caption,
            [
                ("STT", 12, "{{ loop.index }}", "RK Table Number"),
                ("Chỉ tiêu", 65, "{{ row.label }}", "RK Table Text"),
                ("Đơn vị tính", 22, "{{ row.unit_label }}", "RK Table Number"),
                (
                    "Năm {{ previous.year }}",
                    20,
                    "{{ row.previous | number(row.digits) }}",
                    "RK Table Number",
                ),
                ("Năm {{ year }}", 20, "{{ row.value | number(row.digits) }}", "RK Table Number"),
                (
                    "So với năm {{ previous.year }}",
                    26,
                    "{{ row.change | change }}",
                    "RK Table Number",
                ),
            ],
            f"row in {rows}",
        )
