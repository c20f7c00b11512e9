"""``reportkit schema show`` through click's runner."""

from __future__ import annotations

from click.testing import CliRunner

from reportkit.cli import main


def test_schema_show_text():
    result = CliRunner().invoke(main, ["schema", "show"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Báo cáo tổng kết công tác chuyển đổi số và công tác tuyên truyền"
    assert lines[1] == "loại báo cáo cds, phiên bản định nghĩa 1"
    kind_line = next(line for line in lines if line.startswith("*   kind "))
    assert kind_line.split() == ["*", "kind", "enum", "Loại", "văn", "bản"]
    assert any("thoa_thuan_hop_tac (Thỏa thuận hợp tác)" in line for line in lines)
    assert any(line.split()[:2] == ["signed_docs", "Văn"] for line in lines)
    assert "tỷ lệ: Tỷ lệ văn bản được ký số = signed_docs / issued_docs" in result.output


def test_schema_show_markdown():
    result = CliRunner().invoke(main, ["schema", "show", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "| `agreements[].partners` | list of string | có | Cơ quan, đơn vị cùng ký |" in (
        result.output
    )
    assert "| `signed_docs` | Văn bản được ký số trước khi ban hành | văn bản |" in result.output


def test_schema_show_unknown_kind_is_a_clear_error():
    result = CliRunner().invoke(main, ["schema", "show", "--kind", "quarterly"])
    assert result.exit_code == 2
    assert 'lỗi: không có loại báo cáo "quarterly" (các loại có sẵn: cds, phoihop)' in (
        result.output
    )
    assert "Traceback" not in result.output
