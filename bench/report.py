"""The outputs: results/latest.json, the Markdown table (terminal and README),
and the latency chart."""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.scenarios import Results

README = Path(__file__).parent / "README.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"

# (figure, what it is, comparison, target); issue 10 point 6. None: context only.
TARGETS: list[tuple[str, str, str | None, float]] = [
    ("current_user_ratio_sqlite", "current-user ÷ bare, SQLite", ">=", 0.75),
    ("current_user_ratio_postgres", "current-user ÷ bare, PostgreSQL", ">=", 0.75),
    ("health_ratio", "/api/health ÷ bare", ">=", 0.85),
    ("flood_p99_ms", "current-user p99 during a 48-connection login flood (ms)", "<=", 25),
    ("alone_p99_ms", "current-user p99 alone, same probe (ms)", None, 0),
    ("flood_logins_ratio", "logins/s during the flood ÷ hash ceiling", ">=", 0.9),
    ("refresh_rps_postgres", "refresh rotations/s, 16 connections, PostgreSQL", ">=", 1000),
    ("refresh_ratio_postgres", "the same ÷ bare req/s (for comparing machines)", None, 0),
    ("refresh_p99_ms_sqlite", "refresh p99, 16 connections, SQLite (ms)", "<", 100),
    ("workers_ratio", "`--workers 2` ÷ `--workers 1`, current-user, SQLite", ">=", 1.6),
    ("idle_rss_mb", "idle RSS of one worker (MB)", "<=", 80),
    ("stack_idle_rss_mb", "the same, authgate's libraries behind one route (MB)", None, 0),
    ("bare_idle_rss_mb", "the same, the bare app (MB)", None, 0),
    ("rss_growth_pct", "RSS growth over 100,000 current-user requests (%)", "<", 10),
    ("cold_start_s", "cold start to a healthy /api/health (s)", "<=", 1.5),
]
FIGURES = [name for name, *_ in TARGETS]


def machine() -> dict[str, Any]:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], capture_output=True, text=True).stdout.strip()

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git("rev-parse", "--short", "HEAD"),
        # Uncommitted changes to tracked files were part of what ran.
        "uncommitted_changes": bool(git("status", "--porcelain", "--untracked-files=no")),
    }


def verdict(value: float | None, op: str | None, target: float) -> str:
    if value is None:
        return "skipped"
    if op is None:
        return ""
    ok = {">=": value >= target, "<=": value <= target, "<": value < target}[op]
    return "pass" if ok else "**fail**"


def fmt(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def table(results: Results, info: dict[str, Any]) -> str:
    lines = ["| figure | target | this run | |", "|---|---:|---:|---|"]
    for name, label, op, target in TARGETS:
        value = results.figures.get(name)
        goal = f"{op.replace('>=', '≥').replace('<=', '≤')} {target:g}" if op else ""
        lines.append(f"| {label} | {goal} | {fmt(value)} | {verdict(value, op, target)} |")
    d = results.details
    lines += [
        "",
        f"Bare endpoint: {fmt(d.get('bare_rps_sqlite'))} req/s; current-user "
        f"{fmt(d.get('current_user_rps_sqlite'))} req/s (SQLite). Hash ceiling "
        f"{fmt(d.get('hash_ceiling'))} logins/s (bcrypt-12 verify: "
        f"{fmt(d.get('bcrypt_verify_cpu_s'))} CPU s); "
        f"{fmt(d.get('logins_per_s'))} logins/s during the flood.",
        f"Machine: {info['cpu']}, {info['cores']} cores, Linux {info['kernel']}, "
        f"Python {info['python']}, {info['date']}, commit {info['commit']}"
        f"{' with uncommitted changes' if info['uncommitted_changes'] else ''}; {d['pinning']}.",
    ]
    lines += [f"Note: {note}" for note in results.notes]
    return "\n".join(lines)


def chart(results: Results, settings: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    names = ["p50", "p90", "p99"]
    alone = [results.details["probe_alone_ms"][p] for p in names]
    flood = [results.details["probe_flood_ms"][p] for p in names]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    x = range(len(names))
    ax.bar([i - 0.2 for i in x], alone, width=0.4, label="alone")
    ax.bar([i + 0.2 for i in x], flood, width=0.4, label="during the login flood")
    for bars in ax.containers:
        ax.bar_label(bars, fmt="%.1f")
    ax.set_xticks(list(x), names)
    ax.set_ylabel("latency (ms)")
    ax.set_xlabel(
        f"probe: {settings['probe_connections']} connections, "
        f"{settings['probe_delay_ms']} ms apart; "
        f"flood: {settings['flood_connections']} connections on POST /api/auth/login",
        fontsize="small",
    )
    ax.set_title("GET /api/auth/current-user latency, one worker")
    ax.axhline(25, color="grey", linestyle="--", linewidth=1, label="p99 target under flood")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def write(results: Results, settings: dict[str, Any], out: Path, readme: bool) -> str:
    """Write latest.json and latency.png into `out` (and the README table); return it."""
    out.mkdir(parents=True, exist_ok=True)
    info = machine()
    document = {
        "machine": info,
        "settings": settings,
        "figures": {name: results.figures.get(name) for name in FIGURES},
        "targets": {name: {"op": op, "value": t} for name, _, op, t in TARGETS if op},
        "details": results.details,
        "runs": results.runs,
        "notes": results.notes,
    }
    (out / "latest.json").write_text(json.dumps(document, indent=2) + "\n")
    chart(results, settings, out / "latency.png")
    text = table(results, info)
    if readme:
        body = README.read_text()
        block = f"{START}\n{text}\n{END}"
        README.write_text(re.sub(f"{START}.*?{END}", lambda _: block, body, flags=re.S))
    return text
