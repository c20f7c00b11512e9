"""Vietnamese formatting filters: every case of issue #4, edge cases, and use from a template."""

from __future__ import annotations

import pickle
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from jinja2.exceptions import UndefinedError

from reportkit.errors import TemplateError
from reportkit.formatting import (
    capitalize_vi,
    change,
    date_short,
    date_vi,
    letter,
    lower_vi,
    month_year,
    number,
    percent,
    points,
    ratio,
    roman,
    upper_vi,
    words,
    words_capitalized,
)
from reportkit.formatting.text import same_text_key
from reportkit.i18n import speaking
from reportkit.jinja_env import make_environment


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (3316, 0, "3.316"),
        (3429, 0, "3.429"),
        (0, 0, "0"),
        (999, 0, "999"),
        (1_234_567, 0, "1.234.567"),
        (1234.5, 1, "1.234,5"),
        (Decimal("1234.56"), 2, "1.234,56"),
        (2.5, 0, "3"),  # half up, not banker's "2"
        (0.125, 2, "0,13"),
        (-3316, 0, "-3.316"),
        (-0.4, 0, "-0,4"),  # never "-0", nor "0" for what is not zero
        ("3316", 0, "3.316"),
        (3316.0, 0, "3.316"),
        (8.5, 2, "8,5"),  # the decimals it has, never rounded to "9"
        (85.5, 2, "85,5"),
        (86.0, 2, "86"),  # a whole number never grows ",0"
        (85.125, 2, "85,13"),
        (1234.5, 2, "1.234,5"),
    ],
)
def test_number(value, digits, expected):
    assert number(value, digits) == expected


@pytest.mark.parametrize(
    ("fraction", "digits", "expected"),
    [
        (0.96704, 1, "96,7%"),
        (3316 / 3429, 1, "96,7%"),
        (1, 1, "100%"),
        (1.0, 1, "100%"),
        (0.5, 1, "50%"),
        (0.125, 1, "12,5%"),
        (0.0, 1, "0%"),
        (0.12345, 2, "12,35%"),  # half up at the second decimal
        (0.00125, 2, "0,13%"),
        (0.1205, 2, "12,05%"),
        (0.1250, 2, "12,5%"),
        (0.9999, 1, "99,99%"),  # not all: never "100%"
        (3428 / 3429, 1, "99,97%"),
        (0.0004, 1, "0,04%"),  # not none: never "0%"
        (0.99999999, 1, "99,999999%"),
        (0.96704, 0, "97%"),
        (12.5, 1, "1.250%"),
        (-0.03, 1, "-3%"),
        (-0.0001, 1, "-0,01%"),
    ],
)
def test_percent(fraction, digits, expected):
    assert percent(fraction, digits) == expected


def test_ratio():
    assert ratio(3316, 3429) == "3.316/3.429"
    assert ratio(5, 5) == "5/5"
    assert ratio(None, 5) == ""


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [
        (0.125, "tăng 12,5%"),
        (-0.03, "giảm 3%"),
        (0, "không thay đổi"),
        (0.0004, "tăng 0,04%"),  # a change, however small, is not "không thay đổi"
        (0.9999, "tăng 99,99%"),  # not doubled
        (-0.9999, "giảm 99,99%"),  # not down to nothing
        (-1, "giảm 100%"),
        (1.5, "tăng 150%"),
    ],
)
def test_change(fraction, expected):
    assert change(fraction) == expected


def test_number_defaults_to_the_decimals_the_figure_has():
    assert number(8.5) == "8,5"
    assert number(3316) == "3.316"
    assert number(85.125) == "85,13"


def test_a_figure_that_is_not_zero_never_prints_as_zero():
    assert number(0.001) == "0,001"
    assert number(-0.004) == "-0,004"
    assert number(0.004, 0) == "0,004"
    assert number(0) == number(0.0) == "0"


@pytest.mark.parametrize(
    ("diff", "expected"),
    [
        (0.021, "tăng 2,1 điểm phần trăm"),
        (-0.005, "giảm 0,5 điểm phần trăm"),
        (0, "không thay đổi"),
        (0.967 - 0.946, "tăng 2,1 điểm phần trăm"),
        (0.0002, "tăng 0,02 điểm phần trăm"),
    ],
)
def test_points(diff, expected):
    assert points(diff) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 1, 9), "ngày 09 tháng 01 năm 2026"),
        ("2026-01-09", "ngày 09 tháng 01 năm 2026"),
        (datetime(2026, 1, 9, 14, 30), "ngày 09 tháng 01 năm 2026"),
        ("2026-01-09T14:30:00", "ngày 09 tháng 01 năm 2026"),
        (date(2020, 3, 5), "ngày 05 tháng 3 năm 2020"),
        (date(2025, 2, 28), "ngày 28 tháng 02 năm 2025"),
        (date(2025, 12, 31), "ngày 31 tháng 12 năm 2025"),
        (date(2025, 10, 10), "ngày 10 tháng 10 năm 2025"),
    ],
)
def test_date_vi(value, expected):
    assert date_vi(value) == expected


def test_date_short_and_month_year():
    assert date_short(date(2026, 1, 9)) == "09/01/2026"
    assert date_short("2025-12-31") == "31/12/2025"
    assert month_year(date(2026, 1, 9)) == "tháng 01/2026"
    assert month_year("2020-03-05") == "tháng 3/2020"


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "không"),
        (1, "một"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi bốn"),
        (25, "hai mươi lăm"),
        (55, "năm mươi lăm"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (111, "một trăm mười một"),
        (115, "một trăm mười lăm"),
        (121, "một trăm hai mươi mốt"),
        (1000, "một nghìn"),
        (1005, "một nghìn không trăm linh năm"),
        (1010, "một nghìn không trăm mười"),
        (2025, "hai nghìn không trăm hai mươi lăm"),
        (3316, "ba nghìn ba trăm mười sáu"),
        (3429, "ba nghìn bốn trăm hai mươi chín"),
        (10_000, "mười nghìn"),
        (21_000, "hai mươi mốt nghìn"),
        (100_000, "một trăm nghìn"),
        (1_000_000, "một triệu"),
        (1_000_005, "một triệu không trăm linh năm"),
        (1_005_000, "một triệu không trăm linh năm nghìn"),
        (1_000_000_000, "một tỷ"),
        (2_000_000_025, "hai tỷ không trăm hai mươi lăm"),
        (1_000_000_000_000, "một nghìn tỷ"),
        (
            999_999_999_999,
            "chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu "
            "chín trăm chín mươi chín nghìn chín trăm chín mươi chín",
        ),
        (-21, "âm hai mươi mốt"),
        (-1005, "âm một nghìn không trăm linh năm"),
        (2025.0, "hai nghìn không trăm hai mươi lăm"),
        ("15", "mười lăm"),
    ],
)
def test_words(n, expected):
    assert words(n) == expected


def test_words_capitalized():
    assert words_capitalized(3316) == "Ba nghìn ba trăm mười sáu"
    assert words_capitalized(-1) == "Âm một"


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "I"), (2, "II"), (4, "IV"), (5, "V"), (9, "IX"), (14, "XIV"), (40, "XL"), (2025, "MMXXV")],
)
def test_roman(n, expected):
    assert roman(n) == expected


def test_letter_follows_the_vietnamese_alphabet():
    assert [letter(n) for n in range(1, 24)] == list("abcdđeghiklmnopqrstuvxy")
    assert letter(5) == "đ" and letter(7) == "g" and letter(10) == "k" and letter(23) == "y"


@pytest.mark.parametrize(
    ("function", "text", "expected"),
    [
        (upper_vi, "Thanh Hóa", "THANH HÓA"),
        (upper_vi, "chuyển đổi số", "CHUYỂN ĐỔI SỐ"),
        (upper_vi, "đổi", "ĐỔI"),
        (upper_vi, "Tho\u0301a", "THÓA"),  # decomposed in, composed out
        (lower_vi, "VIỆN KIỂM SÁT", "viện kiểm sát"),
        (lower_vi, "ĐỔI", "đổi"),
        (capitalize_vi, "đổi mới", "Đổi mới"),
        (capitalize_vi, "ứng dụng VNeID", "Ứng dụng VNeID"),
        (capitalize_vi, "“tăng” cường", "“Tăng” cường"),
        (capitalize_vi, "", ""),
    ],
)
def test_case(function, text, expected):
    result = function(text)
    assert result == expected
    assert len(result) == len(expected)  # one code point per letter: composed


@pytest.mark.parametrize(
    "function",
    [number, percent, change, points, date_vi, date_short, month_year, words]
    + [words_capitalized, roman, letter, upper_vi, lower_vi, capitalize_vi],
)
def test_none_is_empty(function):
    assert function(None) == ""


@pytest.mark.parametrize(
    ("function", "value", "error", "message"),
    [
        (words, "abc", ValueError, "words: 'abc' is not a number"),
        (words, 2.5, ValueError, "words: 2.5 is not a whole number"),
        (words, [1], TypeError, "words: expected a number, got a list [1]"),
        (number, True, TypeError, "number: expected a number, got a yes/no value True"),
        (percent, float("nan"), ValueError, "percent: nan is not a finite number"),
        (percent, float("inf"), ValueError, "not a finite number"),
        (date_vi, "2026-13-01", ValueError, "date_vi: '2026-13-01' is not a date"),
        (date_vi, 20260109, TypeError, "date_vi: expected a date, got a number 20260109"),
        (roman, 0, ValueError, "roman: 0 cannot be written in Roman numerals"),
        (roman, 4000, ValueError, "1 to 3999"),
        (letter, 0, ValueError, "letter: item 0 has no letter"),
        (letter, 24, ValueError, "letter: item 24 has no letter"),
        (upper_vi, 3, TypeError, "upper_vi: expected text, got a number 3"),
    ],
)
def test_nonsense_is_a_clear_error(function, value, error, message):
    with pytest.raises(error, match=re.escape(message)) as raised:
        function(value)
    assert isinstance(raised.value, TemplateError)  # the author reads words, not a class name
    assert str(raised.value) == raised.value.message


@pytest.mark.parametrize(
    ("function", "value", "message"),
    [
        (words, "abc", "words: 'abc' không phải là số"),
        (words, [1], "words: cần số, nhưng nhận được một danh sách [1]"),
        (date_vi, "2026-13-01", "date_vi: '2026-13-01' không phải là ngày"),
        (upper_vi, 3, "upper_vi: cần văn bản, nhưng nhận được số 3"),
        (roman, 0, "roman: không viết được 0 bằng số La Mã (chỉ từ 1 đến 3.999)"),
    ],
)
def test_a_filter_mistake_is_said_in_the_reader_s_language(function, value, message):
    with speaking("vi"), pytest.raises(TemplateError) as raised:
        function(value)
    assert raised.value.message.startswith(message)


def test_bad_digits_is_a_clear_error():
    for digits in (-1, 11, 1.5, "2"):
        with pytest.raises(ValueError, match="digits must be a whole number from 0 to 10"):
            number(1, digits)


def test_filters_in_a_template():
    env = make_environment()
    source = (
        "{{ unit | upper_vi }}\n"
        "{{ done | number }}/{{ total | number }} = {{ (done / total) | percent }}\n"
        "{{ done | ratio(total) }}; {{ done | words_capitalized }} văn bản\n"
        "{{ growth | change }}, {{ diff | points }}\n"
        "{{ signed | date_vi }} ({{ signed | date_short }}, {{ signed | month_year }})\n"
        "{% for s in sections %}{{ loop.index | roman }}. {{ s }} "
        "{{ loop.index | letter }}) {% endfor %}\n"
        "[{{ missing_rate | percent }}]"
    )
    text = env.from_string(source).render(
        unit="Viện kiểm sát nhân dân tỉnh Thanh Hóa",
        done=3316,
        total=3429,
        growth=0.125,
        diff=0.021,
        signed=date(2026, 1, 9),
        sections=["Kết quả", "Hạn chế"],
        missing_rate=None,
    )
    assert text.splitlines() == [
        "VIỆN KIỂM SÁT NHÂN DÂN TỈNH THANH HÓA",
        "3.316/3.429 = 96,7%",
        "3.316/3.429; Ba nghìn ba trăm mười sáu văn bản",
        "tăng 12,5%, tăng 2,1 điểm phần trăm",
        "ngày 09 tháng 01 năm 2026 (09/01/2026, tháng 01/2026)",
        "I. Kết quả a) II. Hạn chế b) ",
        "[]",
    ]


def test_undefined_value_is_left_to_the_environment():
    template = "[{{ nothing | number }}][{{ nothing | words }}]"
    assert make_environment(strict=False).from_string(template).render() == "[][]"
    with pytest.raises(UndefinedError, match="nothing"):
        make_environment(strict=True).from_string(template).render()


def test_template_error_names_the_filter():
    env = make_environment()
    with pytest.raises(ValueError, match="words: 'abc' is not a number"):
        env.from_string("{{ x | words }}").render(x="abc")


def test_same_text_key_ignores_what_a_reader_does_not_see():
    assert same_text_key("Thoả thuận") == same_text_key("thỏa  thuận ")
    assert same_text_key("Quy chế phối hợp") == same_text_key("Quy che\u0302\u0301 phối hợp")
    assert same_text_key("thuỷ") == same_text_key("THỦY")
    assert same_text_key("thoa thuận") != same_text_key("thỏa thuận")  # a tone is a letter
    assert same_text_key("Thơ") != same_text_key("Tho")


def test_a_filter_mistake_crosses_into_a_batch_worker_and_back():
    with pytest.raises(TemplateError) as raised:
        number("mười")
    raised.value.at(file="t.docx", location="paragraph 2")
    back = pickle.loads(pickle.dumps(raised.value))
    assert type(back) is type(raised.value) and isinstance(back, ValueError)
    assert str(back) == "t.docx: paragraph 2: number: 'mười' is not a number"
