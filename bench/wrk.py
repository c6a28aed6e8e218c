"""Running wrk: install it when missing, run a scenario script, parse its report."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.processes import pinned

SCRIPTS = Path(__file__).parent / "wrk"
MARKER = "BENCH_JSON "


@dataclass(frozen=True)
class Run:
    """What one wrk run reports: counts, and latencies in milliseconds."""

    requests: int
    seconds: float
    status_errors: int  # responses with a status of 400 or more
    socket_errors: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def ok_rps(self) -> float:
        """Successful responses per second (a refused login does not count)."""
        return (self.requests - self.status_errors) / self.seconds


def ensure_wrk() -> str:
    """wrk's path; installs Debian's package when running as root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("wrk is missing: install it with `sudo apt-get install -y wrk`, then rerun.")
    print("wrk is missing: installing Debian's package")
    install = ["apt-get", "install", "-y", "-q", "wrk"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run(install, env=env, check=False).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, check=True)
        subprocess.run(install, env=env, check=True)
    return shutil.which("wrk") or sys.exit("wrk did not install")


class Wrk:
    """One wrk process running a scenario script (with report.lua appended)."""

    def __init__(
        self,
        script: str,
        url: str,
        *,
        connections: int,
        seconds: int,
        threads: int = 1,
        cpus: list[int] | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        source = (SCRIPTS / script).read_text() + "\n" + (SCRIPTS / "report.lua").read_text()
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(source)
        self.script = handle.name
        argv = [
            ensure_wrk(),
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",  # slow answers are latencies to measure, not errors
            "-s",
            self.script,
            url,
        ]
        self.proc = subprocess.Popen(
            pinned(argv, cpus),
            env={**os.environ, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def result(self) -> Run:
        output, _ = self.proc.communicate()
        os.unlink(self.script)
        lines = [line for line in output.splitlines() if line.startswith(MARKER)]
        if self.proc.returncode != 0 or not lines:
            raise RuntimeError(f"wrk failed:\n{output}")
        raw = json.loads(lines[-1][len(MARKER) :])
        return Run(
            requests=raw["requests"],
            seconds=raw["duration_us"] / 1e6,
            status_errors=raw["status_errors"],
            socket_errors=raw["socket_errors"],
            p50_ms=raw["p50_us"] / 1000,
            p90_ms=raw["p90_us"] / 1000,
            p99_ms=raw["p99_us"] / 1000,
            max_ms=raw["max_us"] / 1000,
        )


def wrk(script: str, url: str, **options: Any) -> Run:
    """Run wrk to the end and return its report."""
    return Wrk(script, url, **options).result()
