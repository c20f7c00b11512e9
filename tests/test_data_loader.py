"""The YAML and JSON loaders: the data as parsed, and the line of every value."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from reportkit.data.loader import Document, load_data
from reportkit.data.yamllines import parse_yaml
from reportkit.errors import InputError
from reportkit.i18n import VIETNAMESE, speaking

SAMPLE = Path(__file__).parent.parent / "samples" / "thanh-hoa-2025.yaml"


def _line_of(path: Path, text: str) -> str:
    """The 'line N' of the first line of ``path`` containing ``text``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return f"line {number}"
    raise AssertionError(f"{text!r} not in {path}")


def test_yaml_sample_values_and_lines():
    document = load_data(SAMPLE)
    assert document.file == str(SAMPLE)
    assert document.data["counts"]["signed_docs"] == 3316
    assert document.locate(("counts", "signed_docs")) == _line_of(SAMPLE, "signed_docs: 3316")
    assert document.locate(("tasks", 1, "deadline")) == _line_of(SAMPLE, "deadline: 2026-06-30")
    assert document.locate(("agreements", 0)) == _line_of(SAMPLE, "- kind: quy_che_phoi_hop")


def test_locate_falls_back_to_the_nearest_parent():
    document = load_data(SAMPLE)
    assert document.locate(("counts", "no_such_count")) == _line_of(SAMPLE, "counts:")
    assert document.locate(()) == "line 11"  # the first line with data, after the comment


def test_json_has_line_numbers_too(tmp_path):
    data = {"year": 2025, "counts": {"issued_docs": 3429, "signed_docs": 3316}, "tasks": []}
    data["tasks"].append({"area": "cds", "task": "Rà soát tiêu chí DTI"})
    path = tmp_path / "unit.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    document = load_data(path)
    assert document.data == data
    assert document.locate(("counts", "signed_docs")) == _line_of(path, '"signed_docs"')
    assert document.locate(("tasks", 0, "task")) == _line_of(path, '"task"')
    tasks_line = int(_line_of(path, '"tasks"').split()[1])
    assert document.locate(("tasks", 0)) == f"line {tasks_line + 1}"


def test_json_sample_matches_the_yaml_sample():
    json_sample = SAMPLE.parent / "thanh-hoa-2025.json"
    yaml_document, json_document = load_data(SAMPLE), load_data(json_sample)
    assert json.loads(json_sample.read_text(encoding="utf-8"))["year"] == 2025
    assert json_document.locate(("counts", "signed_docs")) == _line_of(json_sample, '"signed_docs"')
    assert json_document.data["counts"] == yaml_document.data["counts"]
    assert json_document.data["document"]["date"] == "2026-01-09"  # JSON has no dates


@pytest.mark.parametrize(
    ("name", "text", "location", "words"),
    [
        ("bad.yaml", "year: 2025\nunit:\n  name: [VKSND\ncounts: 1\n", "line 4", "not valid YAML"),
        ("bad.yaml", "year: 2025\ncounts:\n  a: 1\n   b: 2\n", "line 4", "not valid YAML"),
        ("dup.yaml", "year: 2025\nunit: {}\nyear: 2024\n", "line 3", 'key "year" is given twice'),
        ("bad.json", '{\n  "year": 2025,\n  "counts": {"a": 1,}\n}\n', "line 3", "not valid JSON"),
        ("bad.json", '{\n  "year": 2025\n  "unit": {}\n}\n', "line 3", "expected ',' or '}'"),
        ("dup.json", '{"year": 1,\n "year": 2}', "line 2", 'key "year" is given twice'),
        ("bad.json", '{"year": 1}\n}', "line 2", "extra text"),
    ],
)
def test_syntax_errors_name_file_and_line(tmp_path, name, text, location, words):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_data(path)
    assert caught.value.file == str(path)
    assert caught.value.location == location
    assert words in caught.value.message
    assert str(caught.value).startswith(f"{path}: {location}: ")


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("missing.yaml", None, "file not found"),
        ("data.txt", "year: 2025", ".yaml, .yml or .json"),
        ("data.xlsx", "", ".yaml, .yml or .json"),
        ("latin1.yaml", "t\xean: 1".encode("latin-1"), "not UTF-8"),
    ],
)
def test_unreadable_files_are_input_errors(tmp_path, name, content, words):
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(InputError, match=words) as caught:
        load_data(path)
    assert caught.value.file == str(path)


def test_empty_file_is_no_data(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert load_data(path).data is None


def test_document_can_be_built_by_other_readers():
    document = Document(
        {"counts": {"issued_docs": 3429}}, "form.xlsx", {("counts",): "'Chỉ tiêu'!C5"}
    )
    assert document.locate(("counts", "issued_docs")) == "'Chỉ tiêu'!C5"
    assert document.locate(("unit",)) is None


# PyYAML's own words; a message that still holds them was not said for a person
_PARSER_WORDS = re.compile(r"\b(while|expected|found|scanning|parsing|could|token|stream)\b")


@pytest.mark.parametrize("seed", range(4))
def test_a_yaml_file_broken_anywhere_is_told_in_vietnamese_with_what_to_do(seed):
    """Stray signs typed anywhere into the sample (as slips of a hand or an editor make)."""
    rng = random.Random(seed)
    text = SAMPLE.read_text(encoding="utf-8")
    signs = list(":-[]{}'\"\t&*!|>%@`#,? \n")
    told = 0
    with speaking(VIETNAMESE):
        for _ in range(300):
            typed = list(text)
            for _ in range(rng.randint(1, 3)):
                typed.insert(rng.randrange(len(typed)), rng.choice(signs))
            try:
                parse_yaml("".join(typed))
            except InputError as error:
                told += 1
                assert not _PARSER_WORDS.search(error.message), error.message
                assert error.location and error.location.startswith("line "), error.message
    assert told > 50
