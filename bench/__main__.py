"""`make bench`: throughput, latency and memory of a real `authgate serve`.

Starts the server on a free port with a temporary SQLite data directory (or
AUTHGATE_DATABASE_URL when set), rate limits off, and drives it over loopback.
It prints figures; it asserts nothing.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "16"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "2000"))
LOGINS = int(os.environ.get("BENCH_LOGINS", "40"))
PASSWORD = "benchmark passphrase"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mib(pid: int) -> float:
    """Resident memory of the server and its children."""
    total = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            status = (proc / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if proc.name == str(pid) or fields.get("PPid", "").strip() == str(pid):
            total += int(fields.get("VmRSS", "0 kB").split()[0])
    return total / 1024


async def measure(name: str, n: int, call: Callable[[int], Awaitable[httpx.Response]]) -> None:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    queue = iter(range(n))

    async def worker() -> None:
        for i in queue:
            start = time.perf_counter()
            resp = await call(i)
            latencies.append(time.perf_counter() - start)
            statuses[resp.status_code] = statuses.get(resp.status_code, 0) + 1

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    elapsed = time.perf_counter() - began
    q = statistics.quantiles(latencies, n=100)
    print(
        f"{name:<22} {n / elapsed:8.0f} req/s   p50 {q[49] * 1000:6.1f} ms   "
        f"p95 {q[94] * 1000:6.1f} ms   statuses {statuses}"
    )


async def run(base: str, pid: int) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        print(f"server RSS at start: {rss_mib(pid):.1f} MiB (concurrency {CONCURRENCY})")
        await measure("GET /api/health", REQUESTS, lambda i: c.get("/api/health"))
        emails = [f"bench-{i}-{time.time_ns()}@example.com" for i in range(LOGINS)]
        await measure(
            "POST signup (bcrypt)",
            LOGINS,
            lambda i: c.post(
                "/api/auth/signup", json={"name": "B", "email": emails[i], "password": PASSWORD}
            ),
        )
        await measure(
            "POST login (bcrypt)",
            LOGINS,
            lambda i: c.post("/api/auth/login", json={"email": emails[i], "password": PASSWORD}),
        )
        token = (
            await c.post(
                "/api/auth/token",
                data={"grant_type": "password", "username": emails[0], "password": PASSWORD},
            )
        ).json()
        auth = {"Authorization": f"Bearer {token['access_token']}"}
        await measure(
            "GET current-user", REQUESTS, lambda i: c.get("/api/auth/current-user", headers=auth)
        )
        refresh = [token["refresh_token"]]

        async def rotate(_: int) -> httpx.Response:
            resp = await c.post(
                "/api/auth/token",
                data={"grant_type": "refresh_token", "refresh_token": refresh[0]},
            )
            if resp.status_code == 200:
                refresh[0] = resp.json()["refresh_token"]
            return resp

        saved = CONCURRENCY
        globals()["CONCURRENCY"] = 1  # one chain of rotations: each needs the last token
        await measure("refresh (rotation)", REQUESTS // 4, rotate)
        globals()["CONCURRENCY"] = saved
        print(f"server RSS at end:   {rss_mib(pid):.1f} MiB")


def wait_healthy(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"{base}/api/health").status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("authgate serve did not start")


def main() -> None:
    port = free_port()
    data_dir = tempfile.mkdtemp(prefix="authgate-bench-")
    env = {**os.environ, "AUTHGATE_DATA_DIR": data_dir, "AUTHGATE_RATE_LIMITS": "false"}
    env.setdefault("AUTHGATE_COOKIE_SECURE", "false")
    authgate = str(Path(sys.executable).parent / "authgate")
    proc = subprocess.Popen(
        [authgate, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc)
        print(
            f"authgate on {base}, database: {env.get('AUTHGATE_DATABASE_URL', 'SQLite')}, "
            f"bcrypt rounds: {env.get('AUTHGATE_BCRYPT_ROUNDS', '12')}"
        )
        asyncio.run(run(base, proc.pid))
    finally:
        proc.terminate()
        proc.wait(timeout=20)


if __name__ == "__main__":
    main()
