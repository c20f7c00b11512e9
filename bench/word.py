"""Benchmark: documents per second for a realistic 4-page report, reportkit vs docxtpl.

Builds its own template with python-docx (header table, ~25 fields, a 15-item paragraph
loop, a 10-row table loop, header and footer fields; some tags split across runs the way
Word splits them), renders it N times on one core with each engine, and reports docs/s,
the ratio, and peak memory at two counts to show that memory stays flat.

    python bench/word.py [--count 400] [--docxtpl-count 40]
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

FILLER = (
    "Năm 2025, Viện kiểm sát nhân dân hai cấp đã quản lý và khai thác hiệu quả các phần mềm "
    "nghiệp vụ của ngành, đặc biệt là hệ thống quản lý văn bản và điều hành, bảo đảm văn bản "
    "hành chính được tạo dự thảo, trình duyệt, ký số và phát hành trên hệ thống; công tác "
    "tuyên truyền được đẩy mạnh trên Trang thông tin điện tử và các phương tiện truyền thông."
)

FIELDS = [
    ("so_van_ban", "Số văn bản phát hành"),
    ("so_ky_so", "Số văn bản được ký số"),
    ("ty_le_ky_so", "Tỷ lệ văn bản ký số"),
    ("so_phan_mem", "Số phần mềm nghiệp vụ sử dụng"),
    ("so_may_tinh", "Số máy tính được trang bị"),
    ("so_cuoc_hop", "Số cuộc họp không giấy"),
    ("so_so_do", "Số báo cáo án bằng sơ đồ tư duy"),
    ("so_vu_hinh_su", "Trong đó, vụ án hình sự"),
    ("so_vu_dan_su", "Trong đó, vụ án dân sự"),
    ("so_tin_bai", "Số tin, bài trên Trang thông tin điện tử"),
    ("so_tin_tinh", "Số tin, bài trên báo chí địa phương"),
    ("so_tin_trung_uong", "Số tin, bài trên báo chí Trung ương"),
    ("so_hoi_nghi", "Số hội nghị trực tuyến"),
    ("so_lop_tap_huan", "Số lớp tập huấn chuyển đổi số"),
    ("so_nguoi_tap_huan", "Số lượt người được tập huấn"),
    ("chi_phi", "Kinh phí thực hiện (triệu đồng)"),
    ("ty_le_truc_tuyen", "Tỷ lệ hồ sơ xử lý trực tuyến"),
    ("so_thu_dien_tu", "Số hộp thư điện tử công vụ"),
]


def build_template(path: Path) -> None:
    import docx
    from docx.shared import Pt

    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    head = doc.add_table(rows=2, cols=2)
    head.cell(0, 0).text = "{{ co_quan_cap_tren }}"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    head.cell(1, 0).text = "{{ don_vi }}\nSố: {{ so_hieu }}/BC-VKS"
    head.cell(1, 1).text = "Độc lập - Tự do - Hạnh phúc\n{{ dia_danh }}, ngày {{ ngay }}"
    title = doc.add_paragraph()
    title.add_run("BÁO CÁO TỔNG KẾT CÔNG TÁC CHUYỂN ĐỔI SỐ NĂM {{ na").bold = True
    title.add_run("m }}").bold = True
    doc.add_paragraph("Kính gửi: {{ kinh_gui }}")
    for i, (name, label) in enumerate(FIELDS):
        p = doc.add_paragraph()
        p.add_run(f"{i + 1}. {label}: ")
        p.add_run("{{ " + name[:3])
        p.add_run(name[3:] + " }}").italic = i % 2 == 0
        p.add_run(".")
    doc.add_paragraph("I. NHỮNG KẾT QUẢ NỔI BẬT")
    doc.add_paragraph("{%p for item in ket_qua %}")
    doc.add_paragraph("- {{ loop.index }}. {{ item.noi_dung }} ({{ item.ket_qua }})")
    doc.add_paragraph("{%p endfor %}")
    for _ in range(4):
        doc.add_paragraph(FILLER)
    doc.add_paragraph("II. SỐ LIỆU CÁC ĐƠN VỊ")
    table = doc.add_table(rows=4, cols=4)
    for j, text in enumerate(["STT", "Đơn vị", "Văn bản", "Tỷ lệ ký số"]):
        table.cell(0, j).text = text
    table.cell(1, 0).text = "{%tr for dv in don_vi_con %}"
    for j, text in enumerate(
        ["{{ loop.index }}", "{{ dv.ten }}", "{{ dv.van_ban }}", "{{ dv.ty_le }}"]
    ):
        table.cell(2, j).text = text
    table.cell(3, 0).text = "{%tr endfor %}"
    for _ in range(3):
        doc.add_paragraph(FILLER)
    doc.add_paragraph("Nơi nhận: {{ noi_nhan }}")
    doc.add_paragraph("{{ chuc_vu }}")
    doc.add_paragraph("{{ nguoi_ky }}")
    section = doc.sections[0]
    section.header.paragraphs[0].text = "{{ don_vi }} - Báo cáo năm {{ nam }}"
    section.footer.paragraphs[0].text = "Số {{ so_hieu }}/BC-VKS - {{ ngay }}"
    doc.save(path)


def context(n: int) -> dict:
    ctx = {
        "co_quan_cap_tren": "VIỆN KSND TỐI CAO",
        "don_vi": f"VIỆN KSND TỈNH SỐ {n}",
        "so_hieu": str(100 + n),
        "dia_danh": "Thanh Hóa",
        "ngay": "09 tháng 01 năm 2026",
        "nam": 2025,
        "kinh_gui": "Viện kiểm sát nhân dân tối cao",
        "noi_nhan": "Như trên; Lưu: VT",
        "chuc_vu": "VIỆN TRƯỞNG",
        "nguoi_ky": "Trần Thế Kính",
        "ket_qua": [
            {"noi_dung": f"Kết quả nổi bật thứ {i} của đơn vị & đối tác <VNPT>", "ket_qua": "đạt"}
            for i in range(15)
        ],
        "don_vi_con": [
            {"ten": f"VKSND khu vực {i}", "van_ban": 300 + i, "ty_le": f"{90 + i / 10:.1f}%"}
            for i in range(10)
        ],
    }
    for i, (name, _) in enumerate(FIELDS):
        ctx[name] = f"{n * 7 + i:,}".replace(",", ".")
    return ctx


def render_reportkit(path: Path):
    from reportkit.word import WordTemplate

    template = WordTemplate(path)
    return template.render


def render_docxtpl(path: Path):
    from docxtpl import DocxTemplate

    def render(ctx: dict) -> bytes:
        tpl = DocxTemplate(path)  # a docxtpl template is used up by one render
        tpl.render(ctx)
        out = io.BytesIO()
        tpl.save(out)
        return out.getvalue()

    return render


def rate(render, count: int) -> float:
    contexts = [context(i) for i in range(count)]
    render(contexts[0])
    start = time.perf_counter()
    for ctx in contexts:
        render(ctx)
    return count / (time.perf_counter() - start)


def peak_memory(render, count: int) -> float:
    """Peak traced memory (MiB) while rendering ``count`` documents one after another."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    for i in range(count):
        render(context(i))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=400, help="reportkit documents")
    parser.add_argument("--docxtpl-count", type=int, default=40, help="docxtpl documents")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bao-cao.docx"
        build_template(path)
        ours = render_reportkit(path)
        theirs = render_docxtpl(path)
        pages_hint = len(ours(context(0)))
        ours_rate = rate(ours, args.count)
        theirs_rate = rate(theirs, args.docxtpl_count)
        low, high = max(args.count // 8, 10), max(args.count // 2, 40)
        mem_low = peak_memory(ours, low)
        mem_high = peak_memory(ours, high)
    print(f"template: {path.name}, output {pages_hint / 1024:.0f} KiB per document")
    print(f"reportkit: {ours_rate:8.1f} documents/s ({args.count} documents, one core)")
    print(f"docxtpl:   {theirs_rate:8.1f} documents/s ({args.docxtpl_count} documents)")
    print(f"ratio:     {ours_rate / theirs_rate:8.1f}x")
    print(
        f"peak traced memory, reportkit: {mem_low:.2f} MiB after {low} documents, "
        f"{mem_high:.2f} MiB after {high} documents"
    )
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS: {maxrss:.0f} MiB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
