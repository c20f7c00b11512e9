"""The first sheet of a form: what it is for, by when, what the colours mean, whom to ask."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from . import styles
from .layout import NUMBERS_RULE, FormPlan

_CHARACTERS_PER_LINE = 110  # in column B, 100 wide, 12 pt
_HOW_TO = [
    "Chỉ ghi vào các ô màu vàng; các ô khác đã được khóa. Ô có dấu (*) là bắt buộc.",
    f"Số liệu: {NUMBERS_RULE[0].lower()}{NUMBERS_RULE[1:]}",
    "Ngày: ghi dạng ngày/tháng/năm, ví dụ 09/01/2026.",
    "Ô có danh sách chọn: bấm vào ô, chọn một giá trị trong danh sách thả xuống.",
    "Ô ghi nhiều mục (cơ quan cùng ký, nội dung phối hợp, kênh thông tin...): mỗi mục một "
    "dòng (Alt+Enter để xuống dòng trong ô) hoặc ngăn cách bằng dấu chấm phẩy (;).",
    "Trang “Nội dung đánh giá”: mỗi ô một đoạn văn, ghi trọn trong ô; "
    "dấu chấm phẩy trong đoạn văn được giữ nguyên.",
    "Bảng: mỗi dòng một mục, ghi từ dòng đầu; để trống các dòng không dùng.",
    "Không đổi tên, không xóa trang tính; không chèn, xóa hay di chuyển hàng, cột; "
    "không ghi công thức vào ô nhập liệu.",
    "Có thể dùng Microsoft Excel hoặc LibreOffice Calc; lưu lại dưới dạng .xlsx.",
]


def write_guide(
    sheet: Worksheet,
    kind,
    plan: FormPlan,
    identity,
    *,
    deadline: str | None,
    contact: str | None,
) -> None:
    """Fill the guide sheet (the sheet a person sees first)."""
    unit = next(
        (str(v) for p, v in identity.fixed.items() if p[-1] == "name" and len(p) == 2), None
    )
    rows: list[tuple[str, str, str | None]] = [
        ("title", f"BIỂU MẪU NHẬP SỐ LIỆU NĂM {plan.year}", None),
        ("note", kind.title, None),
        ("pair", "Đơn vị", unit or "Đơn vị chọn hoặc ghi tên ở trang “Thông tin đơn vị”"),
        ("pair", "Năm báo cáo", str(plan.year)),
        ("blank", "", None),
        ("head", "Mục đích", None),
        ("text", _purpose(kind), None),
        ("head", "Thời hạn gửi", None),
        ("text", deadline or "Theo văn bản đề nghị báo cáo của đơn vị tổng hợp.", None),
        ("head", "Ý nghĩa các màu", None),
        ("swatch", "Ô nhập liệu: ghi số liệu, thông tin vào đây.", styles.INPUT_COLOUR),
        ("swatch", "Đã điền sẵn, đã khóa: không sửa.", styles.FIXED_COLOUR),
        ("swatch", "Tiêu đề cột.", styles.HEADING_COLOUR),
        ("head", "Cách ghi", None),
        *(("text", f"• {line}", None) for line in _HOW_TO),
        ("head", "Các trang của biểu mẫu", None),
        *(("pair", sheet_plan.title, sheet_plan.note) for sheet_plan in plan.sheets),
        ("head", "Cần hỏi thêm, liên hệ", None),
        ("text", contact or "Bộ phận tổng hợp (Văn phòng) của đơn vị cấp trên.", None),
    ]
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 100
    for number, (style, first, second) in enumerate(rows, start=1):
        _write_row(sheet, number, style, first, second)
    from .writer import set_up_printing

    set_up_printing(sheet, 2, len(rows))
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _purpose(kind) -> str:
    return (
        f"Thu thập số liệu, thông tin của đơn vị để lập {kind.title[0].lower()}{kind.title[1:]}"
        " và phụ lục số liệu. Biểu mẫu được đọc tự động, vì vậy cần giữ nguyên cấu trúc."
    )


def _write_row(sheet: Worksheet, row: int, style: str, first: str, second: str | None) -> None:
    from .writer import put

    left = sheet.cell(row, 1)
    left.alignment = styles.WRAP
    if style in ("title", "note"):  # across the page, so nothing is cut or overlaps
        put(left, first).font = styles.TITLE if style == "title" else styles.NOTE
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    elif style == "head":
        put(left, first).font = styles.BOLD
    elif style == "pair":
        put(left, first).font = styles.BOLD
        put(sheet.cell(row, 2), second).font = styles.PLAIN
        sheet.cell(row, 2).alignment = styles.WRAP
    elif style == "swatch":
        left.fill = styles.fill(second or "")
        left.border = styles.BORDER
        put(sheet.cell(row, 2), first).font = styles.PLAIN
    elif style == "text":
        cell = put(sheet.cell(row, 2), first)
        cell.font = styles.PLAIN
        cell.alignment = styles.WRAP
    text = second if style == "pair" else first
    lines = 1 + len(text or "") // _CHARACTERS_PER_LINE
    if lines > 1:
        sheet.row_dimensions[row].height = 16 * lines
