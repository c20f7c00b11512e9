"""Vietnamese in one serif face: the fonts' own character maps, LibreOffice's substitute for
Times New Roman, and the letters the chart picture draws, compared glyph by glyph."""

from __future__ import annotations

import io
import os
import subprocess
import unicodedata

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from reportkit import charts
from reportkit.charts import bar_chart, font_file
from reportkit.fonts import (
    SERIF_FAMILIES,
    VIETNAMESE,
    fontconfig_charset,
    fontconfig_file,
    missing_letters,
    serif_faces,
    vietnamese_serif,
)

KNOWN = "Tỷ lệ văn bản được ký số: Đắk Lắk, Quảng Ngãi, Thừa Thiên Huế, ể ố ợ ữ ỹ"


def _fc(*args: str, config=None) -> str:
    env = {**os.environ, **({"FONTCONFIG_FILE": str(config)} if config else {})}
    return subprocess.run(args, capture_output=True, text=True, check=True, env=env).stdout.strip()


def test_the_alphabet_is_every_vietnamese_letter_precomposed():
    assert len(VIETNAMESE) == 2 * (26 + 1 + 6 + 12 * 5)  # + đ, ă â ê ô ơ ư, toned vowels
    assert all(unicodedata.is_normalized("NFC", c) and len(c) == 1 for c in VIETNAMESE)
    for word in ("Đắk", "Quảng", "Ngãi", "Huế", "được", "kỹ", "ể", "ố", "ợ"):
        assert set(word) <= set(VIETNAMESE), word
    assert fontconfig_charset("abcz") == "61-63 7a"


def test_this_machine_has_a_vietnamese_complete_times_twin():
    """What .ci/setup installs and checks: a family of SERIF_FAMILIES, all four styles, every
    letter in the font file's own character map (read here by fontTools, not fontconfig)."""
    family = vietnamese_serif()
    assert family in SERIF_FAMILIES
    covering, lacking = serif_faces()
    faces = [face for face in covering if face.family == family]
    assert {face.style for face in faces} >= {"Regular", "Bold", "Italic", "Bold Italic"}
    for face in faces:
        assert missing_letters(face.file, VIETNAMESE) == "", face
    for face in lacking:
        assert missing_letters(face.file, VIETNAMESE) != "", face


@pytest.mark.parametrize("style", ["", ":bold", ":italic", ":bold:italic"])
@pytest.mark.parametrize("asked", ["Times New Roman", "Liberation Serif"])
def test_libreoffice_fontconfig_gives_a_complete_face_for_the_documents_font(
    tmp_path, asked, style
):
    """Under the configuration LibreOffice is started with, the documents' face resolves to a
    file with every Vietnamese letter, and a same-named face lacking letters is hidden."""
    config = fontconfig_file(tmp_path)
    assert config is not None
    chosen = _fc("fc-match", "-f", "%{family[0]}\t%{file}", asked + style, config=config)
    family, path = chosen.split("\t")
    assert family in SERIF_FAMILIES
    assert missing_letters(path, VIETNAMESE) == "", chosen
    listed = _fc("fc-list", "-f", "%{file}\n", ":family=Liberation Serif", config=config)
    for face in serif_faces()[1]:
        assert face.file not in listed.splitlines()


def test_chart_text_is_in_the_documents_family_with_every_letter():
    for bold in (False, True):
        path = font_file(KNOWN, bold)
        assert path is not None
        assert missing_letters(path, KNOWN) == ""
        family = ImageFont.truetype(path, 20).getname()[0]
        assert family == vietnamese_serif(), path


def test_chart_falls_back_to_a_face_with_the_letters_the_family_lacks():
    """A check mark is in DejaVu, not in Times New Roman's twins: the label still draws."""
    path = font_file("Đạt ✓", False)
    assert path is not None and missing_letters(path, "Đạt ✓") == ""
    assert ImageFont.truetype(path, 20).getname()[0] not in SERIF_FAMILIES


def _ink(picture: Image.Image) -> Image.Image:
    """The dark pixels of a picture, cropped to them: what the eye reads as the text."""
    mask = picture.convert("L").point(lambda level: 255 if level < 128 else 0)
    return mask.crop(mask.getbbox())


def _drawn_with(path: str, text: str) -> Image.Image:
    font = ImageFont.truetype(path, charts._SIZE)
    canvas = Image.new("L", (4000, 400), 255)
    ImageDraw.Draw(canvas).text((50, 50), text, 0, font)
    return _ink(canvas)


def _differing(a: Image.Image, b: Image.Image) -> float:
    """The share of pixels that differ, as 1.0 when the sizes differ."""
    if a.size != b.size:
        return 1.0
    histogram = ImageChops.difference(a, b).histogram()
    return 1 - histogram[0] / (a.width * a.height)


def test_chart_label_shows_the_fonts_own_glyphs_not_boxes():
    """The label in the PNG, pixel for pixel, is the text set in the document's face; set
    with a box for each Vietnamese letter (what a font lacking them draws) it is not."""
    label = "Tỷ lệ ể ố ợ được"
    png = bar_chart([{"label": label, "rate": 0.5}], width_mm=300)
    picture = Image.open(io.BytesIO(png)).convert("L")
    label_area = picture.crop((0, 0, round(picture.width * 0.42), picture.height))
    drawn = _ink(label_area)

    covering, _ = serif_faces()
    (regular,) = [
        f.file for f in covering if f.family == vietnamese_serif() and f.style == "Regular"
    ]
    assert _differing(drawn, _drawn_with(regular, label)) < 0.01
    boxes = "".join("\ue000" if c not in "Tlđưc " else c for c in label)
    assert _differing(drawn, _drawn_with(regular, boxes)) > 0.05


def test_libreoffice_fontconfig_builds_on_the_users_own(tmp_path, monkeypatch):
    own = tmp_path / "mine.conf"
    monkeypatch.setenv("FONTCONFIG_FILE", str(own))
    config = fontconfig_file(tmp_path)
    assert config is not None
    assert f'<include ignore_missing="yes">{own}</include>' in config.read_text("utf-8")
