"""Hostile data files: alias bombs, huge and illegal values, each refused in one located line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import assert_bounded_text, assert_refused

SAMPLE = Path(__file__).parents[2] / "samples" / "thanh-hoa-2025.yaml"


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """``levels`` blocks, each a list of ``width`` aliases of the one before."""
    names = [f"l{level}" for level in range(levels)]
    lines = [f"{names[0]}: &{names[0]} [" + ", ".join(["x"] * width) + "]"]
    for before, name in zip(names, names[1:], strict=False):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{before}"] * width) + "]")
    return "\n".join(lines) + "\n"


def sample_with(old: str, new: str) -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> str:
    return f"{text[: text.index(needle)].count(chr(10)) + 1}"


@pytest.mark.parametrize("command", ["check", "render"])
def test_an_alias_bomb_is_refused_at_its_block_in_bounded_memory(workspace, command):
    text = alias_bomb()
    workspace.write("bomb.yaml", text)
    args = ["-o", "out"] if command == "render" else []
    run = workspace.run(command, "bomb.yaml", *args, timeout=60)
    assert_refused(run, "bomb.yaml", "aliases")
    assert "line 6" in run.stderr  # l5 stands for 9**6 values, each of its aliases for 9**5
    assert not workspace.out.exists()


def test_an_alias_that_contains_itself_is_refused(workspace):
    workspace.write("loop.yaml", "a: &a\n  b: *a\n")
    assert_refused(workspace.run("check", "loop.yaml"), "loop.yaml: line 1", "alias")


def test_aliases_of_a_reasonable_size_still_load(workspace):
    text = sample_with("  province: Thanh Hóa\n", "  province: &province Thanh Hóa\n")
    text = text.replace("  place: Thanh Hóa\n", "  place: *province\n", 1)
    workspace.write("ok.yaml", text)
    run = workspace.run("check", "ok.yaml")
    assert run.returncode == 0, str(run)


BAD_VALUES = [
    ("date: 2026-01-09", "date: 2026-02-30", "2026-02-30", "not a date"),
    ("issued_docs: 3429", "issued_docs: " + "9" * 5000, "issued_docs", "too long a number"),
    ("issued_docs: 3429", "issued_docs: 1" + "0" * 400, "issued_docs", "below 1.000.000"),
    ("issued_docs: 3429", 'issued_docs: "' + "9" * 5000 + '"', "issued_docs", "below 1.000"),
    ("issued_docs: 3429", "issued_docs: 1e300", "issued_docs", "whole number"),
    ("  short_name: VKSND", "  short_name: !!binary aGVsbG8=\n  x: VKSND", "short_name", "binary"),
    ("  name: Viện", "  name: " + "x" * 1_000_000 + " Viện", "name", "32.767"),
]


@pytest.mark.parametrize("old, new, where, message", BAD_VALUES, ids=lambda v: str(v)[:20])
def test_an_impossible_value_is_one_line_at_its_place(workspace, old, new, where, message):
    text = sample_with(old, new)
    workspace.write("unit.yaml", text)
    run = workspace.run("render", "unit.yaml", "-o", "out")
    assert_refused(run, "unit.yaml", message)
    assert f"unit.yaml:{line_of(text, where)}" in run.stderr.replace(": line ", ":")
    assert "b'hello'" not in run.stderr
    assert_bounded_text(run, 400)
    assert not workspace.out.exists()


def test_json_with_a_lone_surrogate_or_a_huge_number_is_refused(workspace):
    workspace.write("surrogate.json", '{"year": 2025,\n "unit": {"name": "VKS \\ud800"}}')
    assert_refused(workspace.run("check", "surrogate.json"), "surrogate.json: line 2", "surrogate")
    workspace.write("digits.json", '{"year": 2025, "counts": {"issued_docs": ' + "9" * 5000 + "}}")
    run = workspace.run("check", "digits.json")
    assert_refused(run, "digits.json: line 1", "too long")
    assert_bounded_text(run, 300)


def test_deeply_nested_data_is_refused(workspace):
    workspace.write("deep.json", "[" * 100_000 + "]" * 100_000)
    assert_refused(workspace.run("check", "deep.json"), "deep.json", "nested too deeply")
    workspace.write("deep.yaml", "[" * 100_000 + "]" * 100_000)
    assert_refused(workspace.run("check", "deep.yaml"), "deep.yaml")


def test_a_huge_data_file_is_refused_before_it_is_read(workspace):
    data = {"year": 2025, "pad": ["x" * 1000] * 20_000}
    workspace.write("huge.json", json.dumps(data))
    assert_refused(workspace.run("check", "huge.json"), "huge.json", "at most 16 MB")


@pytest.mark.parametrize("name", ["many.json", "many.yaml"])
def test_a_file_of_millions_of_values_is_refused_in_bounded_memory(workspace, name):
    workspace.write(name, "[" + ",".join(["0"] * 3_000_000) + "]")
    run = workspace.run("check", name, memory=512 << 20, timeout=60)
    assert_refused(run, f"{name}: line 1", "more than 200.000 values")


def test_an_alias_bomb_in_a_batch_costs_only_its_own_unit(workspace):
    folder = workspace.path("in")
    source = SAMPLE.parent / "thanh-hoa-khu-vuc"
    folder.mkdir()
    for name in ("province.yaml", "khu-vuc-01.yaml", "khu-vuc-02.yaml"):
        (folder / name).write_bytes((source / name).read_bytes())
    (folder / "bomb.yaml").write_text(alias_bomb(), encoding="utf-8")
    run = workspace.run("batch", "in", "-o", "out", "-j", "2", timeout=300)
    assert_refused(run, "bomb.yaml", "aliases", code=1, lines=None)
    assert len(list(workspace.out.glob("bao-cao-cds-2025-thanh-hoa-kv*.docx"))) == 2
