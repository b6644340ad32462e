"""Benchmarks: the Curtois & Qu instances (outside work) and synthetic departments."""

from __future__ import annotations

import os
from pathlib import Path

#: The Curtois data: ``$ROSTER_CURTOIS_DIR``, else ``shared/bench/curtois`` beside the checkout.
CURTOIS_DIR = Path(
    os.environ.get("ROSTER_CURTOIS_DIR")
    or Path(__file__).resolve().parents[2].parent / "shared" / "bench" / "curtois"
)
