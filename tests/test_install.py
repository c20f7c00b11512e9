"""A non-editable install still finds the shipped templates, runs from anywhere and serves."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SERVE = ROOT / "reportkit" / "serve"

_PROBE = """
import sys
from pathlib import Path
import reportkit
from reportkit.serve.app import create_app
from reportkit.serve.config import load_config
from reportkit.serve.links import issue_links
from reportkit.serve.store import Store
config = load_config(year=2025, units_file=Path(sys.argv[1]), data_dir=Path(sys.argv[2]))
link = issue_links(config, Store(config.data_dir), "http://127.0.0.1")[1]
client = create_app(config).test_client()
page = client.get(link.url.removeprefix("http://127.0.0.1"))
css = client.get("/static/style.css")
script = client.get("/static/tien-do.js")
print(reportkit.__file__)
print(page.status_code, css.status_code, script.status_code)
print(link.name in page.get_data(as_text=True), css.data == Path(sys.argv[3]).read_bytes())
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """The wheel built from this tree and the folder it is installed into (no deps)."""
    folder = tmp_path_factory.mktemp("install")
    wheels = folder / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("reportkit-*.whl")
    site = folder / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return wheel, site


def test_wheel_ships_the_templates_and_finds_them_when_installed(installed, tmp_path):
    wheel, site = installed
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {
        "reportkit/templates/" + path.relative_to(ROOT / "templates").as_posix()
        for path in (ROOT / "templates").rglob("*")
        if path.is_file() and not path.name.startswith((".", "~$"))
    }
    assert "reportkit/templates/cds/kind.yaml" in shipped
    assert shipped <= set(names)

    code = (
        "import reportkit, json; from reportkit.data.kinds import load_kind; "
        "k = load_kind('cds'); "
        "print(json.dumps([reportkit.__file__, str(k.folder)]))"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    module_file, kind_folder = __import__("json").loads(out.stdout)
    assert module_file.startswith(str(site))
    assert kind_folder == str(site / "reportkit" / "templates" / "cds")


def test_an_installed_wheel_serves_its_pages_and_assets(installed, tmp_path):
    wheel, site = installed
    shipped = {
        "reportkit/serve/" + p.relative_to(SERVE).as_posix()
        for folder in ("templates", "static")
        for p in (SERVE / folder).iterdir()
    }
    assert "reportkit/serve/templates/unit.html" in shipped
    assert shipped <= set(zipfile.ZipFile(wheel).namelist())
    units = ROOT / "samples" / "units-thanh-hoa.yaml"
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            _PROBE,
            str(units),
            str(tmp_path / "data"),
            str(SERVE / "static" / "style.css"),
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert out[0].startswith(str(site))
    assert out[1:] == ["200 200 200", "True True"]


def test_an_installed_wheel_speaks_vietnamese_from_its_shipped_catalog(installed, tmp_path):
    wheel, site = installed
    assert "reportkit/locale/vi/LC_MESSAGES/reportkit.mo" in zipfile.ZipFile(wheel).namelist()
    env = {
        **os.environ,
        "PYTHONPATH": str(site),
        "LANG": "C.UTF-8",
        "LC_ALL": "",
        "LC_MESSAGES": "",
    }
    helped = subprocess.run(
        [sys.executable, "-m", "reportkit", "render", "--help"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert helped.stdout.startswith("Cách dùng:"), helped.stdout
    assert "Lập báo cáo và phụ lục của một đơn vị" in helped.stdout
