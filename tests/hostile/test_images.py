"""The ``image`` filter takes a path from an untrusted template or data file: it may read
only regular files of a bounded size inside the template's folder."""

from __future__ import annotations

import os

import docx
import pytest
from word_helpers import png

from reportkit.errors import TemplateError
from reportkit.word import WordTemplate

from .conftest import assert_refused


@pytest.fixture
def image_template(workspace):
    document = docx.Document()
    document.add_paragraph("Logo: {{ logo|image('10mm') }}")
    document.save(workspace.path("tpl/logo.docx"))
    return workspace.path("tpl/logo.docx")


@pytest.fixture(autouse=True)
def template_folder(workspace):
    workspace.path("tpl").mkdir()


def render_with(workspace, logo: str):
    workspace.write("data.yaml", f"logo: '{logo}'\n")
    return workspace.run("template", "render", "tpl/logo.docx", "data.yaml", "-o", "out/x.docx")


def test_an_image_beside_the_template_is_embedded(workspace, image_template):
    workspace.write("tpl/logo.png", png())
    run = render_with(workspace, "logo.png")
    assert run.returncode == 0, str(run)
    assert len(docx.Document(workspace.out / "x.docx").inline_shapes) == 1


@pytest.mark.parametrize("logo", ["/dev/zero", "/etc/hostname", "../secret.png", "/no/such.png"])
def test_a_path_outside_the_template_folder_is_refused_without_saying_if_it_exists(
    workspace, image_template, logo
):
    workspace.write("secret.png", png())
    run = render_with(workspace, logo)
    assert_refused(run, "logo.docx", "outside the template's folder", "paragraph 1")
    assert "not found" not in run.stderr
    assert not workspace.out.exists()


def test_a_link_out_of_the_template_folder_is_refused(workspace, image_template):
    workspace.write("secret.png", png())
    os.symlink(workspace.path("secret.png"), workspace.path("tpl/link.png"))
    assert_refused(render_with(workspace, "link.png"), "outside the template's folder")


def test_a_fifo_or_folder_in_the_template_folder_does_not_block(workspace, image_template):
    os.mkfifo(workspace.path("tpl/pipe.png"))
    assert_refused(render_with(workspace, "pipe.png"), "not a regular file")
    workspace.path("tpl/dir.png").mkdir()
    assert_refused(render_with(workspace, "dir.png"), "logo.docx")


def test_an_image_over_the_size_limit_is_refused(workspace, image_template):
    with open(workspace.path("tpl/huge.png"), "wb") as fh:
        fh.write(png())
        fh.truncate(33 << 20)  # sparse: no disk used
    assert_refused(render_with(workspace, "huge.png"), "over 32 MB")


def test_the_caller_may_allow_another_folder_and_bytes_are_always_fine(tmp_path):
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "a.png").write_bytes(png())
    document = docx.Document()
    document.add_paragraph("{{ logo|image('10mm') }}")
    document.save(tmp_path / "tpl" / "t.docx")
    logo = str(tmp_path / "logos" / "a.png")
    with pytest.raises(TemplateError, match="outside the template's folder"):
        WordTemplate(tmp_path / "tpl" / "t.docx").render({"logo": logo})
    allowed = WordTemplate(tmp_path / "tpl" / "t.docx", image_folders=[tmp_path / "logos"])
    assert allowed.render({"logo": logo}).startswith(b"PK")
    assert WordTemplate(tmp_path / "tpl" / "t.docx").render({"logo": png()}).startswith(b"PK")
