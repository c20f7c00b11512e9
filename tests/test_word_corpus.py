"""Real Word files made by others (tests/files/word-corpus, see its README) come through a
render with every part kept: byte for byte with no tag, and with one tag typed into the
body, only the value and the documented changes differ."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import docx
import pytest

from reportkit.word import WordTemplate

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "tests" / "files" / "word-corpus").glob("*.docx"))
sys.path.insert(0, str(ROOT / "tools"))
from corpus_word import probe, tag_free  # noqa: E402  (tools/ is not a package)


def test_the_corpus_is_there():
    assert len(CORPUS) == 14


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_a_tag_free_render_keeps_every_part_byte_for_byte(path):
    assert tag_free(path) == ("identical", "")
    rendered = docx.Document(io.BytesIO(WordTemplate(path).render({})))
    assert [p.text for p in rendered.paragraphs] == [p.text for p in docx.Document(path).paragraphs]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_a_tag_typed_into_the_body_changes_only_its_text(path, tmp_path):
    outcome, detail = probe(path, tmp_path)
    assert outcome in ("documented", "skipped"), detail
