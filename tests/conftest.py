"""Shared test fixtures."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from reportkit.errors import ReportkitError
from reportkit.pdf import find_soffice

try:
    SOFFICE = find_soffice()
except ReportkitError:
    SOFFICE = None


def pytest_configure(config):
    """Compiled template code goes to a folder of this run, never the user's own cache."""
    folder = tempfile.mkdtemp(prefix="reportkit-test-cache-")
    os.environ["REPORTKIT_CACHE_DIR"] = folder
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


def pytest_collection_modifyitems(config, items):
    """Fail, not skip, LibreOffice tests when LibreOffice is missing on CI."""
    if SOFFICE or not os.environ.get("CI"):
        if not SOFFICE:
            skip = pytest.mark.skip(reason="LibreOffice (soffice) is not installed")
            for item in items:
                if "libreoffice" in item.keywords:
                    item.add_marker(skip)
        return
    raise pytest.UsageError("CI=true but LibreOffice is not installed: run .ci/setup")
