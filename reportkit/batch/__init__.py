"""Many units in one run: every unit's documents, the consolidated report, a manifest.

``run_batch(input_dir, out_dir, jobs=..., pdf=..., previous_dir=...)`` is the entry point;
see docs/batch.md.
"""

from __future__ import annotations

from .run import BatchResult, run_batch

__all__ = ["BatchResult", "run_batch"]
