"""The hostile-input suite: run the real command line as a user would, under limits.

Every test here hands reportkit something faulty or malicious and checks the promise of
docs/untrusted-input.md: a user mistake is one located line and exit code 2 (1 for a
batch with failed units), never a traceback; memory stays bounded (the command runs in a
subprocess under ``RLIMIT_AS``) and time too (a timeout kills its whole process group);
nothing is written outside ``-o``; no input changes.

``workspace`` gives a folder to build inputs in; ``workspace.run(...)`` runs the CLI
there and checks the last two promises itself, so a test only states what it expects of
the output.
"""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

MEMORY_LIMIT = 1 << 30  # bytes of address space for the command under test
TIMEOUT = 120  # seconds; a hostile input must not make a command hang


@dataclass(frozen=True)
class CliRun:
    """What one run of ``reportkit`` left: its exit code and its two streams."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("error:")]

    def __str__(self) -> str:
        return (
            f"reportkit {' '.join(self.args)} -> exit {self.returncode}\n"
            f"--- stdout\n{self.stdout}--- stderr\n{self.stderr}"
        )


def run_cli(
    *args: str | os.PathLike,
    cwd: str | os.PathLike | None = None,
    timeout: float = TIMEOUT,
    memory: int = MEMORY_LIMIT,
    env: dict[str, str] | None = None,
) -> CliRun:
    """Run ``python -m reportkit ARGS`` in its own process group under a memory limit.

    On timeout the whole group (batch workers included) is killed and the test fails.
    """
    return finish_cli(start_cli(*args, cwd=cwd, memory=memory, env=env), timeout)


def start_cli(
    *args: str | os.PathLike,
    cwd: str | os.PathLike | None = None,
    memory: int = MEMORY_LIMIT,
    env: dict[str, str] | None = None,
    file_size: int | None = None,
) -> subprocess.Popen:
    """Start ``python -m reportkit ARGS`` as ``run_cli`` does, without waiting for it (a
    test that kills it, or one of its workers, midway); ``file_size`` limits every file it
    writes, as a full disk would."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        if file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return subprocess.Popen(
        [sys.executable, "-m", "reportkit", *(str(arg) for arg in args)],
        cwd=cwd,
        env={**os.environ, "LC_ALL": "en_US.UTF-8", **(env or {})},  # English message ids
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        preexec_fn=limit,
        start_new_session=True,
    )


def finish_cli(process: subprocess.Popen, timeout: float = TIMEOUT) -> CliRun:
    """Wait for a command from ``start_cli``; on a hang kill its whole group and fail."""
    argv = tuple(process.args[3:])
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        pytest.fail(f"reportkit {' '.join(argv)} still ran after {timeout} s:\n{stderr[-2000:]}")
    finally:
        _kill_group(process.pid)
    return CliRun(argv, process.returncode, stdout, stderr)


def _kill_group(pgid: int) -> None:
    """Leave no process of the run behind (a worker that outlived its parent)."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def tree_hashes(folder: Path) -> dict[str, str]:
    """{path relative to ``folder``: sha256} of every file in it; a link by its target."""
    hashes = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            hashes[name] = "link -> " + os.readlink(path)
        elif path.is_file():
            hashes[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def assert_refused(run: CliRun, *mentions: str, code: int = 2, lines: int | None = 1) -> None:
    """Exit ``code``, no traceback, ``lines`` error lines (None: any) naming each mention."""
    assert run.returncode == code, str(run)
    assert "Traceback" not in run.stderr, str(run)
    errors = run.error_lines
    if lines is not None:
        assert len(errors) == lines, str(run)
    assert errors, str(run)
    for mention in mentions:
        assert any(mention in line for line in errors), f"{mention!r} not in:\n{run}"


def assert_bounded_text(run: CliRun, limit: int = 2000) -> None:
    """No line a person reads quotes an input at length."""
    longest = max((len(line) for line in (run.stdout + run.stderr).splitlines()), default=0)
    assert longest <= limit, f"a line of {longest} characters:\n{str(run)[:3000]}"


class Workspace:
    """A folder of inputs and an ``out`` folder; runs check that only ``out`` changes."""

    def __init__(self, root: Path):
        self.root = root
        self.out = root / "out"

    def path(self, name: str) -> Path:
        return self.root / name

    def write(self, name: str, content: str | bytes) -> Path:
        """An input file, made with its folders."""
        path = self.path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def run(self, *args: str | os.PathLike, writes: tuple[str, ...] = (), **options) -> CliRun:
        """Run the CLI in the workspace; fail if an input changed or a file appeared
        outside ``out`` (other than the relative paths in ``writes``)."""
        before = tree_hashes(self.root)
        run = run_cli(*args, cwd=self.root, **options)
        after = tree_hashes(self.root)
        changed = [name for name, digest in before.items() if after.get(name) != digest]
        assert not changed, f"inputs changed or removed: {changed}\n{run}"
        added = [
            name
            for name in after.keys() - before.keys()
            if not (self.root / name).is_relative_to(self.out) and name not in writes
        ]
        assert not added, f"files written outside -o: {sorted(added)}\n{run}"
        return run


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)
