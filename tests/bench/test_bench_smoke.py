"""`make bench` works: a one-second smoke run of the harness on SQLite.

It checks that every figure was measured and the files were written; it never
asserts a speed (a benchmark is not a test)."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bench.report import FIGURES

REPO = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_FIGURES = {"current_user_ratio_postgres", "refresh_rps_postgres", "refresh_ratio_postgres"}


@pytest.mark.timeout(240)
def test_smoke_run_writes_every_figure_and_the_chart(tmp_path: Path) -> None:
    if shutil.which("wrk") is None and os.geteuid() != 0 and not IN_CI:
        pytest.skip("wrk is missing and only root may install it: apt-get install -y wrk")
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--no-postgres", "--no-readme",
         "--output-dir", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=230,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]

    results = json.loads((tmp_path / "latest.json").read_text())
    assert set(results["figures"]) == set(FIGURES)
    for name, value in results["figures"].items():
        if name in POSTGRES_FIGURES:
            assert value is None
        else:
            assert isinstance(value, int | float) and math.isfinite(value), (name, value)
    assert {"cpu", "cores", "kernel", "python", "date"} <= set(results["machine"])
    assert (tmp_path / "latency.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "| figure | target |" in run.stdout
