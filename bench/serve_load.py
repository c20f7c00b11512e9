"""Load: N units hand in their forms at the same moment to ``reportkit serve`` on 127.0.0.1.

Starts the real command (waitress) on a free loopback port with a generated list of N
units, makes each unit's form as the service hands it out and fills it with one of the ten
khu vực samples, then every unit at once opens its page and uploads (one thread per unit,
each request bounded by --timeout). Reports whether every upload was answered and kept (a
version in the database and the unit's file in the data folder, checksums equal), the time
of an upload alone (the first, and one once the service is warm), and the spread of times
under load, with the load average.

    python bench/serve_load.py [--units 50] [--threads 8] [--timeout 120]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import urllib3

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from test_forms_support import fill  # noqa: E402  (the test filler)

from reportkit.data.loader import load_data  # noqa: E402
from reportkit.forms import write_form  # noqa: E402
from reportkit.serve.config import load_config  # noqa: E402
from reportkit.serve.links import issue_links  # noqa: E402
from reportkit.serve.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "thanh-hoa-khu-vuc"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_units(path: Path, count: int) -> None:
    lines = ["units:"]
    for n in range(1, count + 1):
        lines += [
            f"  - code: don-vi-{n:03d}",
            f"    name: Viện kiểm sát nhân dân khu vực {n} - Tỉnh Thử",
            f"    short_name: VKSND khu vực {n}",
            "    parent: Viện kiểm sát nhân dân tỉnh Thử",
            "    level: khu_vuc",
            "    province: Tỉnh Thử",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def filled_forms(config, folder: Path) -> dict[str, Path]:
    samples = sorted(SAMPLES.glob("khu-vuc-*.yaml"))
    forms = {}
    for n, (code, unit) in enumerate(config.units.items()):
        blank = write_form(folder / f"{code}-trong.xlsx", year=2025, unit=unit)
        forms[code] = fill(
            blank, load_data(samples[n % len(samples)]).data, folder / f"{code}.xlsx"
        )
    return forms


def hand_in(
    http: urllib3.PoolManager, url: str, form: Path, timeout: float
) -> tuple[float, int, bool]:
    """Open the page, upload, read the result page: (seconds, status, result shown)."""
    start = time.perf_counter()
    page = http.request("GET", url, timeout=timeout)
    cookie = page.headers.get("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.data.decode()).group(1)
    answer = http.request(
        "POST",
        url + "nop",
        fields={"csrf_token": token, "tep": (form.name, form.read_bytes())},
        headers={"Cookie": cookie},
        timeout=timeout,
        redirect=False,
    )
    result = http.request("GET", url, headers={"Cookie": cookie}, timeout=timeout)
    shown = "Biểu mẫu hợp lệ." in result.data.decode()
    return time.perf_counter() - start, answer.status, shown


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--threads", type=int, default=8, help="the server's threads")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per request")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="reportkit-serve-load-") as tmp:
        folder = Path(tmp)
        units = folder / "units.yaml"
        write_units(units, args.units)
        config = load_config(year=2025, units_file=units, data_dir=folder / "data")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        issued = issue_links(config, Store(config.data_dir), base)
        links = {link.code: link.url for link in issued if link.code}
        forms = filled_forms(config, folder)
        command = [
            sys.executable,
            "-m",
            "reportkit",
            "serve",
            "--year",
            "2025",
            "--units",
            str(units),
            "--data",
            str(config.data_dir),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--threads",
            str(args.threads),
        ]
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        http = urllib3.PoolManager(maxsize=args.units, retries=False)
        try:
            for _ in range(200):  # up to 20 s for the server to listen
                try:
                    http.request("GET", base + "/", timeout=1)
                    break
                except urllib3.exceptions.HTTPError:
                    time.sleep(0.1)
            first, second, *others = list(config.units)
            for label, code in (("first upload, service cold", first), ("next upload", second)):
                alone, status, shown = hand_in(http, links[code], forms[code], args.timeout)
                print(
                    f"{label}, alone (page, upload and check, result page): {alone:.2f} s "
                    f"(status {status}, result shown: {shown})"
                )
            load_before = os.getloadavg()[0]
            start = time.perf_counter()
            with ThreadPoolExecutor(max_workers=len(others)) as pool:
                results = list(
                    pool.map(
                        lambda code: hand_in(http, links[code], forms[code], args.timeout), others
                    )
                )
            wall = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(30)
        times = sorted(r[0] for r in results)
        answered = sum(1 for r in results if r[1] == 303)
        shown = sum(1 for r in results if r[2])
        store = Store(config.data_dir)
        kept = 0
        for code in config.units:
            versions = store.versions(code)
            on_disk = config.data_dir / config.input_name(code)
            if (
                len(versions) == 1
                and on_disk.is_file()
                and hashlib.sha256(on_disk.read_bytes()).hexdigest()
                == versions[0].sha256
                == hashlib.sha256(forms[code].read_bytes()).hexdigest()
            ):
                kept += 1
        print(
            f"{len(others)} units at once on {args.threads} server threads: wall {wall:.1f} s; "
            f"per unit min {times[0]:.2f} s, median {statistics.median(times):.2f} s, "
            f"p95 {times[int(0.95 * (len(times) - 1))]:.2f} s, max {times[-1]:.2f} s"
        )
        print(
            f"answered {answered}/{len(others)}, result shown {shown}/{len(others)}, "
            f"kept with the right checksum {kept}/{len(config.units)}"
        )
        print(
            f"load average before the burst {load_before:.2f}, after {os.getloadavg()[0]:.2f} "
            f"({os.cpu_count()} cores)"
        )
        return 0 if answered == len(others) and kept == len(config.units) else 1


if __name__ == "__main__":
    sys.exit(main())
