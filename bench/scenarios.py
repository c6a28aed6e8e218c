"""The measurements: each group starts its servers, signs in, and runs wrk.

Figures go into `Results.figures` (the ones with targets) and `Results.details`
(what they were computed from). Every figure is the median of `repeats` runs;
a ratio is taken per run against the bare app measured in the same round.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bcrypt
import httpx

from bench import processes
from bench.config import Config
from bench.postgres import fresh_database
from bench.processes import Server
from bench.wrk import Run, Wrk, wrk

PASSWORD = "bench horse battery 7281"
CURRENT_USER = "/api/auth/current-user"
PY_SPY = str(Path(sys.executable).parent / "py-spy")
DISTURBED = 0.15  # cores used by other work during a run; a quiet machine measures ~0


@dataclass
class Results:
    figures: dict[str, float | None] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    runs: dict[str, list[float]] = field(default_factory=dict)  # every run behind a median

    def record(self, name: str, values: list[float], figure: bool = True) -> float:
        """Keep each run's value, and their median as a figure (or a detail)."""
        self.runs[name] = values
        value = median(values)
        (self.figures if figure else self.details)[name] = value
        return value


def show(what: str, run: Run) -> None:
    print(f"  {what:<32} {run.rps:8,.0f} req/s  p50 {run.p50_ms:7.1f} ms  p99 {run.p99_ms:7.1f} ms")


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def sign_in(server: Server, email: str, sessions: int = 1) -> list[dict[str, Any]]:
    """Sign a person up and start `sessions` sessions with the password grant."""
    with httpx.Client(base_url=server.base, timeout=120) as client:
        body = {"name": "Bench", "email": email, "password": PASSWORD}
        signup = client.post("/api/auth/signup", json=body)
        if signup.status_code not in (201, 409):
            raise RuntimeError(f"signup answered {signup.status_code}: {signup.text}")
        form = {"grant_type": "password", "username": email, "password": PASSWORD}
        grants = []
        for _ in range(sessions):
            grant = client.post("/api/auth/token", data=form)
            if grant.status_code != 200:
                raise RuntimeError(f"token grant answered {grant.status_code}: {grant.text}")
            grants.append(grant.json())
        bearer = {"Authorization": f"Bearer {grants[0]['access_token']}"}
        if (check := client.get(CURRENT_USER, headers=bearer)).status_code != 200:
            raise RuntimeError(f"current-user answered {check.status_code}: {check.text}")
    return grants


def hash_ceiling() -> tuple[float, float]:
    """(CPU seconds of one bcrypt-12 verify, logins/s all cores could verify)."""
    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(12))
    costs = []
    for _ in range(3):
        began = time.process_time()
        bcrypt.checkpw(PASSWORD.encode(), hashed)
        costs.append(time.process_time() - began)
    cost = median(costs)
    return cost, (os.cpu_count() or 1) / cost


class Bench:
    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self.results = Results()
        self.server_cores, self.wrk_cores, pinning = processes.core_plan()
        self.results.details["pinning"] = pinning
        self.tmp = Path(tempfile.mkdtemp(prefix="authgate-bench-"))

    def data_dir(self, name: str) -> Path:
        path = self.tmp / name
        path.mkdir()
        return path

    def run(self, server: Server, script: str, path: str, pinned: bool = True, **opts: Any) -> Run:
        """One wrk run against `server`, then wait for the server to go idle."""
        opts.setdefault("connections", self.cfg.connections)
        opts.setdefault("seconds", self.cfg.seconds)
        result = wrk(script, server.base + path, cpus=self.wrk_cores if pinned else None, **opts)
        if not server.wait_idle():
            self.results.notes.append(f"{server.name} stayed busy for 30 s after a run")
        show(f"{server.name} {path}", result)
        if result.socket_errors or result.status_errors:
            self.results.notes.append(
                f"{server.name} {script} {path}: {result.status_errors} error statuses, "
                f"{result.socket_errors} socket errors in {result.requests} requests"
            )
        return result

    def quiet_run(self, server: Server, script: str, path: str, **opts: Any) -> Run:
        """A throughput run for a ratio, repeated (up to 3 tries; 1 in smoke mode) when
        other work on the machine took more than DISTURBED cores during it: on a
        shared machine one disturbed run would otherwise decide a median of three."""
        tries = 1 if self.cfg.smoke else 3
        for attempt in range(1, tries + 1):
            before, began = processes.others_cpu(server), time.monotonic()
            result = self.run(server, script, path, **opts)
            others = (processes.others_cpu(server) - before) / (time.monotonic() - began)
            if others < DISTURBED:
                return result
            print(f"  (other work used {others:.2f} cores during that run: try {attempt}/{tries})")
            time.sleep(2)
        self.results.notes.append(f"{server.name} {path}: other work disturbed {tries} tries")
        return result

    def warm_up(self, server: Server, script: str, path: str, **opts: Any) -> None:
        """A one-second run whose figures are dropped (skipped in smoke mode)."""
        if not self.cfg.smoke:
            self.run(server, script, path, **{**opts, "seconds": 1})

    def bearer_env(self, server: Server, email: str) -> dict[str, str]:
        return {"BENCH_BEARER": sign_in(server, email)[0]["access_token"]}

    def sqlite_and_postgres(self) -> None:
        """One worker pinned to one core, wrk on the other, beside the bare app."""
        reference = processes.bare(self.data_dir("bare"))
        reference.start_retrying(self.server_cores)
        try:
            self.results.figures["bare_idle_rss_mb"] = processes.rss_mb(reference.worker_pid())
            self.stack_rss()
            sqlite_dir = self.data_dir("sqlite")
            self.database("sqlite", reference, processes.authgate("sqlite", sqlite_dir))
            self.cold_start(sqlite_dir)
            if self.cfg.postgres is None:
                self.results.notes.append("PostgreSQL figures skipped (--no-postgres)")
                return
            with fresh_database(self.cfg.postgres) as url:
                if url is None:
                    self.results.notes.append(f"PostgreSQL not reachable at {self.cfg.postgres}")
                    return
                server = processes.authgate("postgres", self.data_dir("postgres"), url)
                self.database("postgres", reference, server)
        finally:
            reference.stop()

    def stack_rss(self) -> None:
        """Idle RSS of authgate's libraries alone: the floor under idle_rss_mb."""
        stack = processes.stack(self.data_dir("stack"))
        stack.start_retrying(self.server_cores)
        try:
            self.results.figures["stack_idle_rss_mb"] = processes.rss_mb(stack.worker_pid())
        finally:
            stack.stop()

    def database(self, db: str, reference: Server, server: Server) -> None:
        server.start_retrying(self.server_cores)
        try:
            if db == "sqlite":
                self.results.figures["idle_rss_mb"] = processes.rss_mb(server.worker_pid())
            env = self.bearer_env(server, f"bench-{db}@example.com")
            self.warm_up(reference, "get.lua", "/")
            self.warm_up(server, "current_user.lua", CURRENT_USER, env=env)
            bare, user, health = [], [], []
            for _ in range(self.cfg.repeats):
                bare.append(self.quiet_run(reference, "get.lua", "/").rps)
                user.append(self.quiet_run(server, "current_user.lua", CURRENT_USER, env=env).rps)
                if db == "sqlite":
                    health.append(self.quiet_run(server, "get.lua", "/api/health").rps)
            ratios = [u / b for u, b in zip(user, bare, strict=True)]
            self.results.record(f"current_user_ratio_{db}", ratios)
            self.results.record(f"bare_rps_{db}", bare, figure=False)
            self.results.record(f"current_user_rps_{db}", user, figure=False)
            if health:
                self.results.record(
                    "health_ratio", [h / b for h, b in zip(health, bare, strict=True)]
                )
                self.results.record("health_rps", health, figure=False)
            refresh = self.refresh(db, server)
            if db == "sqlite" and self.cfg.profile:
                self.profile(server, {"env": env}, refresh)
            if db == "sqlite":
                self.memory_growth(server, env)
        finally:
            server.stop()

    def refresh(self, db: str, server: Server) -> dict[str, Any]:
        """Rotation on N connections, each holding its own session's token line;
        returns the wrk options that continue those lines."""
        n = self.cfg.refresh_connections
        grants = sign_in(server, f"bench-refresh-{db}@example.com", sessions=n)
        tokens = self.tmp / f"refresh-{db}.txt"
        tokens.write_text("".join(g["refresh_token"] + "\n" for g in grants))
        opts = {"connections": n, "threads": n, "env": {"BENCH_TOKENS": str(tokens)}}
        # Back to back: a token cut off at the end of one run is replayed by the
        # next within the reuse grace window (10 s), which answers it normally.
        runs = [
            self.run(server, "refresh.lua", "/api/auth/refresh", **opts)
            for _ in range(self.cfg.repeats)
        ]
        # The targets: rotations/s on PostgreSQL, p99 on SQLite; the others are context.
        self.results.record(f"refresh_rps_{db}", [r.ok_rps for r in runs], db == "postgres")
        # The target is absolute, so a machine's speed decides it: this ratio compares runs
        # of different machines (the bare app as measured in this database's rounds).
        bare = self.results.details[f"bare_rps_{db}"]
        ratios = [r.ok_rps / bare for r in runs]
        self.results.record(f"refresh_ratio_{db}", ratios, db == "postgres")
        self.results.record(f"refresh_p99_ms_{db}", [r.p99_ms for r in runs], db == "sqlite")
        return opts

    def profile(self, server: Server, user: dict[str, Any], refresh: dict[str, Any]) -> None:
        """py-spy flame graphs (SVG) of the worker during a current-user and a refresh run."""
        worker = str(server.worker_pid())
        for name, script, path, opts in (
            ("current-user", "current_user.lua", CURRENT_USER, user),
            ("refresh", "refresh.lua", "/api/auth/refresh", refresh),
        ):
            svg = self.cfg.output_dir / f"profile-{name}.svg"
            svg.parent.mkdir(parents=True, exist_ok=True)
            spy = subprocess.Popen(
                [PY_SPY, "record", "--pid", worker, "--duration", str(self.cfg.seconds),
                 "--nonblocking", "--output", str(svg)],  # nonblocking: never pauses the worker
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
            self.run(server, script, path, **opts)
            spy.wait()
            print(f"  profile of {name}: {svg}")

    def memory_growth(self, server: Server, env: dict[str, str]) -> None:
        """RSS of the worker before and after many current-user requests."""
        worker = server.worker_pid()
        before = processes.rss_mb(worker)
        sent, began = 0, time.monotonic()
        while sent < self.cfg.memory_requests:
            if time.monotonic() - began > self.cfg.memory_max_seconds:
                self.results.notes.append(
                    f"RSS growth measured over {sent:,} requests: the "
                    f"{self.cfg.memory_max_seconds} s limit (BENCH_MEMORY_MAX_SECONDS) came first"
                )
                break
            sent += self.run(server, "current_user.lua", CURRENT_USER, env=env).requests
        after = processes.rss_mb(worker)
        self.results.details.update(rss_before_mb=before, rss_after_mb=after, rss_requests=sent)
        self.results.figures["rss_growth_pct"] = 100 * (after - before) / before

    def cold_start(self, data_dir: Path) -> None:
        """Seconds from exec to a 200 from /api/health, on an already migrated data dir."""
        times = []
        for _ in range(self.cfg.cold_starts):
            server = processes.authgate("cold", data_dir)
            times.append(server.start(self.server_cores))
            server.stop()
            print(f"  cold start to healthy: {times[-1]:.2f} s")
        self.results.record("cold_start_s", times)

    def unpinned(self) -> None:
        """Figures that need both cores: two workers, and the login flood (the hash
        pool is meant to use every core), so neither server nor wrk is pinned."""
        one = processes.authgate("workers1", self.data_dir("workers1"))
        two = processes.authgate("workers2", self.data_dir("workers2"), workers=2)
        one.start_retrying(None)
        try:
            two.start_retrying(None)
            try:
                self.workers(one, two)
            finally:
                two.stop()
            self.flood(one)
        finally:
            one.stop()

    def workers(self, one: Server, two: Server) -> None:
        env1 = self.bearer_env(one, "bench-w1@example.com")
        env2 = self.bearer_env(two, "bench-w2@example.com")
        self.warm_up(one, "current_user.lua", CURRENT_USER, pinned=False, env=env1)
        self.warm_up(two, "current_user.lua", CURRENT_USER, pinned=False, env=env2)
        ratios = []
        for _ in range(self.cfg.repeats):
            rps1 = self.quiet_run(one, "current_user.lua", CURRENT_USER, pinned=False, env=env1).rps
            rps2 = self.quiet_run(two, "current_user.lua", CURRENT_USER, pinned=False, env=env2).rps
            ratios.append(rps2 / rps1)
        self.results.record("workers_ratio", ratios)

    def flood(self, server: Server) -> None:
        """current-user latency from a modest probe, alone and during a login flood."""
        cfg = self.cfg
        probe_env = {**self.bearer_env(server, "bench-probe@example.com")}
        probe_env["BENCH_DELAY_MS"] = str(cfg.probe_delay_ms)
        sign_in(server, "bench-flood@example.com")
        flood_env = {"BENCH_EMAIL": "bench-flood@example.com", "BENCH_PASSWORD": PASSWORD}
        probe = {
            "connections": cfg.probe_connections,
            "seconds": cfg.flood_seconds,
            "env": probe_env,
        }
        url = server.base + CURRENT_USER
        alone: list[Run] = []
        during: list[Run] = []
        logins: list[float] = []
        refused: list[float] = []
        for _ in range(cfg.repeats):
            alone.append(self.run(server, "current_user.lua", CURRENT_USER, pinned=False, **probe))
            storm = Wrk(
                "login.lua",
                server.base + "/api/auth/login",
                connections=cfg.flood_connections,
                seconds=cfg.flood_seconds,
                env=flood_env,
            )
            during.append(Wrk("current_user.lua", url, **probe).result())
            stormed = storm.result()
            logins.append(stormed.ok_rps)
            refused.append(stormed.status_errors / stormed.seconds)  # e.g. 503 when queue is full
            server.wait_idle()  # the logins still queued when wrk stopped
            show("probe during the flood", during[-1])
            label = "logins during the flood"
            print(f"  {label:<32} {logins[-1]:8,.1f} /s  refused {refused[-1]:,.1f} /s")
        cost, ceiling = hash_ceiling()
        results = self.results
        results.details.update(bcrypt_verify_cpu_s=cost, hash_ceiling=ceiling)
        results.record("logins_per_s", logins, figure=False)
        results.record("logins_refused_per_s", refused, figure=False)
        results.record("flood_logins_ratio", [n / ceiling for n in logins])
        for name, runs in (("alone", alone), ("flood", during)):  # the chart's percentiles
            results.details[f"probe_{name}_ms"] = {
                p: median([getattr(r, f"{p}_ms") for r in runs]) for p in ("p50", "p90", "p99")
            }
        results.record("flood_p99_ms", [r.p99_ms for r in during])
        results.record("alone_p99_ms", [r.p99_ms for r in alone])
