"""A non-editable install of reportkit serves its pages and assets from the package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

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


def test_an_installed_wheel_serves_its_pages_and_assets(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("reportkit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        "reportkit/serve/" + p.relative_to(SERVE).as_posix()
        for folder in ("templates", "static")
        for p in (SERVE / folder).iterdir()
    }
    assert "reportkit/serve/templates/unit.html" in shipped
    assert shipped <= names
    site = tmp_path / "site"
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
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            _PROBE,
            str(ROOT / "samples" / "units-thanh-hoa.yaml"),
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
