"""What a run measures and for how long: command-line options and BENCH_* variables."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass(frozen=True)
class Config:
    seconds: int  # length of one wrk run
    flood_seconds: int  # length of the login flood (and of the probe during it)
    repeats: int  # runs per figure; the figure is their median
    connections: int  # wrk connections for the throughput figures
    refresh_connections: int
    flood_connections: int
    probe_connections: int
    probe_delay_ms: int  # pause between a probe connection's requests: a modest rate
    memory_requests: int  # requests between the two RSS readings
    memory_max_seconds: int  # stop sending them after this long (the count is reported)
    cold_starts: int
    postgres: str | None  # user@host:port of a PostgreSQL server, None to skip it
    output_dir: Path
    readme: bool  # write the table into bench/README.md
    profile: bool  # also record py-spy flame graphs of the SQLite worker
    smoke: bool


def parse(argv: list[str] | None = None) -> Config:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--smoke", action="store_true", help="1-second runs, 1 repeat (checks the harness works)"
    )
    parser.add_argument("--output-dir", type=Path, default=RESULTS, help="where results go")
    parser.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL figures")
    parser.add_argument("--no-readme", action="store_true", help="leave bench/README.md as is")
    parser.add_argument(
        "--profile", action="store_true", help="py-spy flame graphs of current-user and refresh"
    )
    args = parser.parse_args(argv)
    smoke = args.smoke or os.environ.get("BENCH_SMOKE") == "1"
    postgres = os.environ.get("BENCH_POSTGRES", "postgres@127.0.0.1:5432")
    return Config(
        seconds=1 if smoke else _env_int("BENCH_SECONDS", 4),
        # Logins finish in pairs, one hash time (~0.25 s) apart, the first only after
        # one hash time: in 4 s, a pair more or less moves logins/s by 6 %; in 12 s, 2 %.
        flood_seconds=1 if smoke else _env_int("BENCH_FLOOD_SECONDS", 12),
        repeats=1 if smoke else _env_int("BENCH_REPEATS", 3),
        connections=_env_int("BENCH_CONNECTIONS", 32),
        # Smoke runs check the harness, not the service: fewer sessions to sign in,
        # and a shorter queue of logins to drain after the flood.
        refresh_connections=4 if smoke else _env_int("BENCH_REFRESH_CONNECTIONS", 16),
        flood_connections=8 if smoke else _env_int("BENCH_FLOOD_CONNECTIONS", 48),
        probe_connections=_env_int("BENCH_PROBE_CONNECTIONS", 4),
        probe_delay_ms=_env_int("BENCH_PROBE_DELAY_MS", 10),
        memory_requests=2_000 if smoke else _env_int("BENCH_MEMORY_REQUESTS", 100_000),
        memory_max_seconds=_env_int("BENCH_MEMORY_MAX_SECONDS", 90),
        cold_starts=1 if smoke else _env_int("BENCH_REPEATS", 3),
        postgres=None if args.no_postgres or postgres == "off" else postgres,
        output_dir=args.output_dir,
        readme=not args.no_readme,
        profile=args.profile,
        smoke=smoke,
    )
