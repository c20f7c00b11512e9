"""Shared test fixtures."""

from __future__ import annotations

import pytest

from reportkit.errors import ReportkitError
from reportkit.pdf import find_soffice

try:
    SOFFICE = find_soffice()
except ReportkitError:
    SOFFICE = None


def pytest_collection_modifyitems(config, items):
    """Fail, not skip, LibreOffice tests when LibreOffice is missing on CI."""
    import os

    if SOFFICE or not os.environ.get("CI"):
        if not SOFFICE:
            skip = pytest.mark.skip(reason="LibreOffice (soffice) is not installed")
            for item in items:
                if "libreoffice" in item.keywords:
                    item.add_marker(skip)
        return
    raise pytest.UsageError("CI=true but LibreOffice is not installed: run .ci/setup")
