"""A non-editable install still finds the shipped templates and runs from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_the_templates_and_finds_them_when_installed(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("reportkit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {
        "reportkit/templates/" + path.relative_to(ROOT / "templates").as_posix()
        for path in (ROOT / "templates").rglob("*")
        if path.is_file() and not path.name.startswith((".", "~$"))
    }
    assert "reportkit/templates/cds/kind.yaml" in shipped
    assert shipped <= set(names)

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
