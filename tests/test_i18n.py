"""The command line speaks Vietnamese by default and English on request, through one catalog."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from reportkit.cli import main
from reportkit.i18n import ENGLISH, VIETNAMESE, language_from_locale

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from translations import MO, compiled, extracted, read_catalog, untranslated  # noqa: E402

SAMPLE = ROOT / "samples" / "thanh-hoa-2025.yaml"
# Calls whose text a person reads: the text must come from the catalog, never a literal.
_SPOKEN_CALLS = {
    "echo",
    "secho",
    "UsageError",
    "BadParameter",
    "ReportkitError",
    "InputError",
    "TemplateError",
    "OutputError",
    "Problem",
    "Unreadable",
}
_CATALOG_CALLS = {"_", "N_", "ngettext"}
# The web service's pages and the documents (forms, the summary of returns) are Vietnamese
# content, like the templates; everything else speaks through the catalog.
_CONTENT_MODULES = {"serve"}
_SPEAKING_MODULES = sorted(
    path
    for path in (ROOT / "reportkit").rglob("*.py")
    if path.relative_to(ROOT / "reportkit").parts[0] not in _CONTENT_MODULES
)


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    yield path
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name)


def _english_words() -> set[str]:
    """Words of the English message ids that no Vietnamese text uses: seeing one in
    Vietnamese output means a message escaped the catalog."""
    catalog = read_catalog()
    english, vietnamese = set(), set()
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in ids:
            english |= set(re.findall(r"\b[a-z]{4,}\b", re.sub(r"\{\w+[^}]*\}", "", text)))
        for text in strings:
            vietnamese |= set(re.findall(r"\b[a-z]{4,}\b", text or ""))
    commands = {name for path in _commands(main) for name in path}
    return english - vietnamese - commands


ENGLISH_WORDS = _english_words()
# The names of values in the help (FILE, DATA, [OPTIONS]), said in words of the catalog
VALUE_NAMES = re.compile(
    "|".join(
        rf"(?<![\w/.]){re.escape(message.id)}(?![\w])"
        for message in read_catalog()
        if isinstance(message.id, str) and re.fullmatch(r"[A-Z\[][A-Z_ =\[\].]+", message.id)
    )
)


def english_in(output: str) -> set[str]:
    words = set(re.findall(r"(?<![-./\w])[A-Za-z]{4,}(?![./\w])", output))
    return {word for word in words if word.lower() in ENGLISH_WORDS and not word.isupper()}


def run(*args, env: dict[str, str] | None = None):
    locale = {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    return CliRunner().invoke(main, [str(a) for a in args], env={**locale, **(env or {})})


def test_the_catalog_has_a_vietnamese_text_for_every_message_in_the_code():
    assert untranslated(read_catalog(), extracted()) == []
    assert "Write the report and annex for one unit from DATA (.yaml, .json or a filled form)." in {
        message.id for message in extracted()
    }


def test_the_shipped_mo_is_the_compiled_catalog():
    assert MO.read_bytes() == compiled(read_catalog()), "run: python tools/translations.py"


@pytest.mark.parametrize(
    "module", _SPEAKING_MODULES, ids=lambda path: str(path.relative_to(ROOT / "reportkit"))
)
def test_no_text_for_a_person_is_written_outside_the_catalog(module):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    escaped = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", None))
        texts = list(node.args[:1]) if name in _SPOKEN_CALLS else []
        texts += [kw.value for kw in node.keywords if kw.arg == "help"]
        escaped += [f"{module.name}:{text.lineno}" for text in texts if _has_words(text)]
        if name == "problem" or name == "fail":  # a reader's own "self.fail(path, message)"
            escaped += [
                f"{module.name}:{text.lineno}" for text in node.args[1:2] if _has_words(text)
            ]
    assert escaped == []


def _has_words(node: ast.expr) -> bool:
    """A literal with letters in it; ``f"    {place}"`` only lays out what it is given."""
    parts = node.values if isinstance(node, ast.JoinedStr) else [node]
    return any(
        isinstance(part, ast.Constant)
        and isinstance(part.value, str)
        and re.search(r"[^\W\d_]", part.value)
        for part in parts
    )


@pytest.mark.parametrize("path", list(_commands(main)), ids=" ".join)
def test_every_help_is_vietnamese_by_default_and_english_on_request(path):
    vietnamese = run(*path, "--help")
    assert vietnamese.exit_code == 0, vietnamese.output
    assert "Cách dùng:" in vietnamese.output
    assert english_in(vietnamese.output) == set()
    assert VALUE_NAMES.findall(vietnamese.output) == []
    english = run("--lang", "en", *path, "--help")
    assert english.exit_code == 0, english.output
    assert "Usage:" in english.output and "Cách dùng" not in english.output
    assert "Show this message and exit." in english.output
    again = run(*path, "--help")  # nothing kept from the English run (click caches --help)
    assert english_in(again.output) == set() and "Hiện hướng dẫn này" in again.output


def test_an_english_locale_means_english_and_anything_else_vietnamese():
    assert language_from_locale({"LANG": "en_US.UTF-8"}) == ENGLISH
    assert language_from_locale({"LANG": "en_US.UTF-8", "LC_ALL": "vi_VN.UTF-8"}) == VIETNAMESE
    assert language_from_locale({"LANG": "C.UTF-8"}) == VIETNAMESE
    assert language_from_locale({}) == VIETNAMESE
    assert "Usage:" in run("--help", env={"LANG": "en_GB.UTF-8"}).output
    assert "Cách dùng:" in run("--lang", "vi", "--help", env={"LC_ALL": "en_US.UTF-8"}).output


def test_click_usage_errors_are_vietnamese(tmp_path):
    result = run("form", "-o", tmp_path)
    assert result.exit_code == 2
    assert "Lỗi: Thiếu tùy chọn '--year'." in result.output
    assert english_in(result.output) == set()
    unknown = run("nope")
    assert unknown.exit_code == 2 and "Không có lệnh 'nope'." in unknown.output


def test_render_and_check_speak_vietnamese(tmp_path):
    rendered = run("render", SAMPLE, "-o", tmp_path)
    assert rendered.exit_code == 0, rendered.output
    assert rendered.output.startswith("đã ghi ")
    checked = run("check", SAMPLE)
    assert "không có lỗi" in checked.output
    for result in (rendered, checked):
        assert english_in(result.output) == set()
    english = run("--lang", "en", "check", SAMPLE)
    assert "no problems found" in english.output


def test_a_data_mistake_is_told_in_vietnamese(tmp_path):
    bad = tmp_path / "bad.yaml"
    text = SAMPLE.read_text(encoding="utf-8").replace("issued_docs: 3429", "issued_docs: -5")
    bad.write_text(text, "utf-8")
    result = run("render", bad, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "counts.issued_docs: phải là số nguyên không âm; đã nhập: -5" in result.output
    assert result.output.endswith("1 lỗi trong " + str(bad) + "; chưa ghi tệp nào.\n")
    assert english_in(result.output) == set()
    english = run("--lang", "en", "render", bad, "-o", tmp_path / "out")
    assert "must be a whole number ≥ 0, got -5" in english.output
    assert not (tmp_path / "out").exists()


def _bad_inputs(folder: Path) -> dict[str, list[str]]:
    """Commands that each meet one kind of mistake an operator or a kind's author makes."""
    sample = SAMPLE.read_text(encoding="utf-8")
    files = {
        "syntax.yaml": "unit:\n  name: VKSND: khu vực 1\n",
        "tabs.yaml": "unit:\n\tname: x\n",
        "twice.yaml": sample.replace("year: 2025", "year: 2025\nyear: 2025", 1),
        "broken.json": '{"unit": {"name": VKSND}}',
        "typo.yaml": sample.replace("issued_docs:", "isued_docs:", 1),
        "more.yaml": sample.replace("signed_docs: 3316", "signed_docs: 4000", 1),
        "notes.txt": "year: 2025\n",
        "binary.yaml": sample.replace("year: 2025", "year: !!binary aGVsbG8=", 1),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "empty").mkdir()
    out = str(folder / "out")
    commands = {name: ["render", str(folder / name), "-o", out] for name in files}
    commands.update(
        {
            "no kind": ["render", str(SAMPLE), "--kind", "nokind", "-o", out],
            "empty batch": ["batch", str(folder / "empty"), "-o", out],
            "batch into itself": ["batch", str(ROOT / "samples"), "-o", str(ROOT / "samples")],
        }
    )
    return commands


def test_every_mistake_is_told_in_vietnamese_and_in_english_on_request(tmp_path):
    for case, args in _bad_inputs(tmp_path).items():
        vietnamese = run(*args)
        assert vietnamese.exit_code == 2, (case, vietnamese.output)
        assert "lỗi: " in vietnamese.output, (case, vietnamese.output)
        assert english_in(vietnamese.output) == set(), (case, vietnamese.output)
        english = run("--lang", "en", *args)
        assert english.exit_code == 2, (case, english.output)
        assert "error: " in english.output and "lỗi: " not in english.output, case
        assert english_in(english.output), (case, english.output)
    assert not (tmp_path / "out").exists()


def test_a_yaml_mistake_says_what_to_do_at_its_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("unit:\n  name: VKSND: khu vực 1\n", encoding="utf-8")
    result = run("render", bad, "-o", tmp_path / "out")
    assert f"lỗi: {bad}: dòng 2: đây không phải YAML hợp lệ: không được có dấu" in result.output
    english = run("--lang", "en", "render", bad, "-o", tmp_path / "out")
    assert f'error: {bad}: line 2: this is not valid YAML: a ":" is not allowed' in english.output


def test_a_kind_authors_mistakes_are_vietnamese_with_the_schema_words_as_written(tmp_path):
    (tmp_path / "kind.yaml").write_text(
        "version: 1\nfields:\n  year: {type: yeer}\nindicators:\n  - {code: a, lable: A}\n",
        encoding="utf-8",
    )
    result = run("render", SAMPLE, "--kind", tmp_path, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "fields.year.type: kiểu (type) phải là một trong string, text," in result.output
    assert "indicators.0: không có khóa lable (các khóa hợp lệ: code, label," in result.output
    english = run("--lang", "en", "render", SAMPLE, "--kind", tmp_path, "-o", tmp_path / "out")
    assert "indicators.0: unknown key lable (known: code, label," in english.output


def test_the_kind_documentation_is_vietnamese():
    result = run("schema", "show")
    assert "CÁC TRƯỜNG (* = bắt buộc)" in result.output and "QUY TẮC KIỂM TRA" in result.output
    assert "| trường | kiểu |" in run("schema", "show", "--format", "markdown").output
    assert "FIELDS (* = required)" in run("--lang", "en", "schema", "show").output


def test_a_form_is_told_about_in_vietnamese_whatever_the_language_of_the_run(tmp_path):
    """Its problems go back to the unit that filled it, as comments in the form."""
    made = run("form", "--year", "2025", "-o", tmp_path)
    assert made.exit_code == 0, made.output
    [form] = tmp_path.glob("*.xlsx")
    for language in ("vi", "en"):
        result = run("--lang", language, "check", form)
        assert "bắt buộc phải nhập" in result.output, result.output


def test_the_batchs_worker_processes_speak_the_language_of_the_run(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "kv1.yaml").write_text("unit:\n  name: VKSND: khu vực 1\n", encoding="utf-8")
    (folder / "kv2.yaml").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("batch", folder, "-o", tmp_path / "out", "-j", "2")
    assert result.exit_code == 1, result.output
    assert "dòng 2: đây không phải YAML hợp lệ" in result.output
    assert english_in(result.output) == set()
    english = run("--lang", "en", "batch", folder, "-o", tmp_path / "out-en", "-j", "2")
    assert "line 2: this is not valid YAML" in english.output


def test_a_place_is_said_in_the_readers_words_and_its_quoted_text_kept():
    from reportkit.errors import spoken_place
    from reportkit.i18n import speaking

    place = "word/header2.xml, table 1, row 3, cell 2 (“row 5, word/document.xml”)"
    with speaking(VIETNAMESE):
        assert spoken_place(place) == (
            "phần đầu trang (word/header2.xml), bảng 1, hàng 3, ô 2 (“row 5, word/document.xml”)"
        )
        assert spoken_place("word/document.xml, paragraph 12") == "thân văn bản, đoạn 12"
        assert spoken_place("'Chỉ tiêu (line 3)'!C7") == "'Chỉ tiêu (line 3)'!C7"
    with speaking(ENGLISH):
        assert spoken_place(place) == place
