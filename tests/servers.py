"""Real processes for tests that cross process boundaries: `authgate serve`, a private
Redis that a test may stop, and a database proxy that a test may cut."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.tcp_proxy import TcpProxy

AUTHGATE = str(Path(sys.executable).parent / "authgate")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTHGATE_")}
    env.update(
        AUTHGATE_DATA_DIR=str(data_dir),
        AUTHGATE_BCRYPT_ROUNDS="4",
        AUTHGATE_COOKIE_SECURE="false",
        **extra,
    )
    return env


@contextmanager
def serve(
    env: dict[str, str], log_path: Path, workers: int = 2, port: int | None = None
) -> Iterator[str]:
    """`authgate serve` on a free port (or `port`); yields its base URL, stops the whole
    group."""
    port = port or free_port()
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [AUTHGATE, "serve", "--port", str(port), "--workers", str(workers)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(base, proc)
            yield base
        finally:
            stop(proc)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the whole group; SIGKILL if a busy machine keeps it past 30 s (what
    is under test is never the shutdown)."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def wait_healthy(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90  # workers import the app on a busy machine
    while time.monotonic() < deadline:
        assert proc.poll() is None, "authgate serve exited"
        try:
            if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError("authgate serve did not become healthy")


class PrivateRedis:
    """A redis-server of this test's own, on a fixed port so it can come back."""

    def __init__(self, workdir: Path) -> None:
        self.port, self._workdir = free_port(), workdir
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        args = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self._proc = subprocess.Popen([binary, *args, "--dir", str(self._workdir)])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait(timeout=10)
            self._proc = None


class ThreadedProxy:
    """tests.tcp_proxy.TcpProxy on an event loop of its own, for synchronous tests."""

    def __init__(self, host: str, port: int) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._proxy = TcpProxy(host, port)

    @property
    def port(self) -> int:
        return self._proxy.port

    def start(self) -> None:
        asyncio.run_coroutine_threadsafe(self._proxy.start(), self._loop).result(10)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._proxy.stop(), self._loop).result(10)

    def close(self) -> None:
        self.stop()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
