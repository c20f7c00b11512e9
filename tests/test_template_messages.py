"""Jinja's and Python's errors in a template, told to its author in words of their language."""

from __future__ import annotations

import pytest
from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError
from test_i18n import english_in

from reportkit.errors import TemplateError
from reportkit.i18n import speaking
from reportkit.jinja_env import make_environment
from reportkit.template_messages import (
    UndefinedName,
    render_message,
    render_problem,
    syntax_message,
)


def _syntax_error(source: str) -> TemplateSyntaxError:
    with pytest.raises(TemplateSyntaxError) as raised:
        make_environment().from_string(source)
    return raised.value


@pytest.mark.parametrize(
    ("source", "english", "vietnamese"),
    [
        ("{{ a + }}", "the end of the tag }} cannot be here", "dấu đóng thẻ }} không được đặt"),
        (
            "{% if a %}x",
            "the block 'if' is never closed: add {% endif %}",
            "khối 'if' không được đóng: hãy thêm {% endif %}",
        ),
        (
            "{% for x in y %}{% endif %}",
            "unknown tag 'endif' inside the block 'for' (expected: 'endfor', 'else')",
            "thẻ 'endif' không xác định trong khối 'for' (cần: 'endfor', 'else')",
        ),
        (
            "{% for x in y %}{% if x %}{% endfor %}",
            "the tag 'endfor' is in the wrong place",
            "thẻ 'endfor' đặt sai chỗ",
        ),
        ("{% foo %}", "unknown tag 'foo'", "thẻ 'foo' không xác định"),
        ("{{ a. }}", "a name or a number is missing after the dot", "thiếu tên hoặc số sau"),
        ("{{ a !b }}", "the character '!' cannot be here", "ký tự '!' không được đặt ở đây"),
        ("{{ 'abc }}", "the character \"'\" cannot be here", "ký tự \"'\" không được đặt"),
        ("{{ a | }}", "a name was expected here, not the end", "ở đây cần một tên, không phải"),
        ("{{ a b }}", "the end of the tag }} was expected here, not 'b'", "ở đây cần dấu đóng"),
        ("{{ a", "the template ends where the end of the tag }}", "mẫu kết thúc ở chỗ cần có"),
        ("{% %}", "a tag name is missing after {%", "thiếu tên thẻ sau {%"),
        ("{% set 1 = 2 %}", "'const' cannot be set with set", "không thể gán 'const' bằng set"),
        ("{{ f(a=1, 2) }}", "a call written wrongly", "lời gọi viết sai"),
    ],
)
def test_jinja_s_syntax_errors_are_said_in_words(source, english, vietnamese):
    error = _syntax_error(source)
    assert syntax_message(error.message).startswith("template syntax error: " + english)
    with speaking("vi"):
        said = syntax_message(error.message)
    assert said.startswith("lỗi cú pháp mẫu: ") and vietnamese in said
    assert english_in(said) == set(), said


def test_an_unknown_filter_is_not_a_syntax_error():
    error = _syntax_error("{{ a | nope }}")
    assert syntax_message(error.message) == "unknown filter 'nope'"
    with speaking("vi"):
        assert syntax_message(error.message) == "bộ lọc 'nope' không xác định"


def test_a_message_jinja_may_add_later_keeps_its_text_after_the_prefix():
    assert syntax_message("Something new.") == "template syntax error: Something new."
    with speaking("vi"):
        assert syntax_message("Something new.") == "lỗi cú pháp mẫu: Something new."


def _render_error(source: str, **context) -> Exception:
    with pytest.raises(Exception) as raised:
        make_environment().from_string(source).render(context)
    return raised.value


@pytest.mark.parametrize(
    ("source", "context", "english", "vietnamese"),
    [
        ("{{ a / 0 }}", {"a": 1}, "a division by zero", "phép chia cho số không"),
        (
            "{{ 'a' + 1 }}",
            {},
            "a value of the wrong kind: can only concatenate str",
            "giá trị sai kiểu: can only concatenate str",
        ),
        ("{{ x() }}", {"x": 1}, "a value of the wrong kind: 'int' object", "giá trị sai kiểu: "),
        (
            "{{ 'x' * 2000000000 }}",
            {},
            "not allowed in a template: a repetition of more than 1.000.000 items",
            "mẫu không được phép làm điều này: không được lặp lại quá 1.000.000 phần tử",
        ),
    ],
)
def test_python_s_errors_have_a_prefix_in_words_not_a_class_name(
    source, context, english, vietnamese
):
    assert render_message(_render_error(source, **context)).startswith(english)
    with speaking("vi"):
        said = render_message(_render_error(source, **context))
    assert said.startswith(vietnamese)
    assert "Error" not in said


def test_a_missing_value_is_named_by_its_whole_path_with_the_nearest_name():
    env = make_environment()
    source = "Năm {{ counts.signed_dosc }}"
    context = {"counts": {"signed_docs": 3}}
    error = _render_error(source, **context)
    problem = render_problem(error, env, source, 1, context, file="t.docx", location="here")
    assert isinstance(problem, UndefinedName) and isinstance(problem, TemplateError)
    assert str(problem) == (
        "t.docx: here: undefined variable: counts.signed_dosc (did you mean `counts.signed_docs`?)"
    )
    with speaking("vi"):
        said = render_problem(error, env, source, 1, context, file="t.docx", location="here")
    assert said.message == (
        "biến chưa được định nghĩa: counts.signed_dosc (có phải `counts.signed_docs`?)"
    )


def test_jinja_s_undefined_and_sandbox_texts_are_said_in_words():
    lenient = make_environment(strict=False)
    with pytest.raises(UndefinedError) as missing:
        lenient.from_string("{{ x.y() }}").render(x=None)
    assert render_message(missing.value) == "None has no field y"
    with speaking("vi"):
        assert render_message(missing.value) == "None không có trường y"
    with pytest.raises(SecurityError) as refused:
        lenient.from_string("{{ 2 ** 5000 }}").render()
    assert render_message(refused.value) == (
        "not allowed in a template: a power above 1.000 is not allowed"
    )
