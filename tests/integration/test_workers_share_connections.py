"""`serve --workers 2` on Linux: each worker listens on a socket of its own
(SO_REUSEPORT), so the kernel spreads connections over the workers; a port already in
use is refused as with one socket; a worker that dies is replaced on its own socket."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from uvicorn.config import STARTUP_FAILURE

from tests.servers import AUTHGATE, free_port, serve, serve_env

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="SO_REUSEPORT balances on Linux")

CONNECTIONS = 32
# With the kernel's hash, fewer than 4 of 32 on one worker happens once in ~400,000 runs.
FAIR_SHARE = 4


ESTABLISHED, LISTEN = "01", "0A"  # TCP states as /proc/net/tcp writes them


def sockets_on(port: int, state: str) -> set[str]:
    """Inodes of the TCP sockets whose local port is `port`, in `state`."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == state:
                inodes.add(fields[9])
    return inodes


def holders(inodes: set[str]) -> Counter[int]:
    """How many of these sockets each process holds."""
    held = Counter[int]()
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            links = [os.readlink(fd) for fd in fd_dir.iterdir()]
        except OSError:  # a process that ended, or one not ours
            continue
        pid = int(fd_dir.parent.name)
        held[pid] += sum(link[8:-1] in inodes for link in links if link.startswith("socket:["))
    return +held  # only the processes that hold some


def listeners(port: int) -> Counter[int]:
    return holders(sockets_on(port, LISTEN))


def connections_by_process(port: int) -> Counter[int]:
    return holders(sockets_on(port, ESTABLISHED))


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[int]:
    port = free_port()
    env = serve_env(tmp_path, AUTHGATE_RATE_LIMITS="false")
    with serve(env, tmp_path / "serve.log", workers=2, port=port):
        # Healthy means one worker is up; the other may still be importing the app.
        eventually(lambda: len(listeners(port)) == 2)
        yield port


def eventually(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.2)


def open_connections(port: int, count: int = CONNECTIONS) -> list[socket.socket]:
    """Keep-alive connections, each answered once: accepted by whichever worker has it."""
    opened = []
    for _ in range(count):
        conn = socket.create_connection(("127.0.0.1", port), timeout=10)
        conn.sendall(b"GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert conn.recv(4096).startswith(b"HTTP/1.1 200"), "no answer on a connection"
        opened.append(conn)
    return opened


def shares(port: int) -> list[int]:
    conns = open_connections(port)
    try:
        return sorted(connections_by_process(port).values())
    finally:
        for conn in conns:
            conn.close()


def test_each_worker_listens_on_a_socket_of_its_own(two_workers: int) -> None:
    assert list(listeners(two_workers).values()) == [1, 1]


def test_the_kernel_spreads_connections_over_both_workers(two_workers: int) -> None:
    held = shares(two_workers)
    assert sum(held) == CONNECTIONS and len(held) == 2, held
    assert min(held) >= FAIR_SHARE, held


def test_a_worker_that_dies_is_replaced_on_a_socket_of_its_own(two_workers: int) -> None:
    (one,) = open_connections(two_workers, count=1)
    (victim,) = connections_by_process(two_workers)
    one.close()
    os.kill(victim, signal.SIGKILL)
    eventually(lambda: victim not in listeners(two_workers))
    eventually(lambda: len(listeners(two_workers)) == 2)  # the parent starts a new worker
    assert list(listeners(two_workers).values()) == [1, 1]
    held = shares(two_workers)
    assert len(held) == 2 and min(held) >= FAIR_SHARE, held


@pytest.mark.parametrize("reuse_port", [False, True], ids=["plain", "SO_REUSEPORT"])
def test_a_port_in_use_is_refused(tmp_path: Path, reuse_port: bool) -> None:
    """Also when the server there set SO_REUSEPORT, which would let us share its port."""
    with socket.socket() as taken:
        if reuse_port:
            taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        returncode, output = serve_briefly(tmp_path, taken.getsockname()[1])
    assert returncode == STARTUP_FAILURE, output
    assert "already in use" in output


def serve_briefly(tmp_path: Path, port: int) -> tuple[int, str]:
    """`serve --workers 2` that should exit at once: its exit code and output."""
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [AUTHGATE, "serve", "--port", str(port), "--workers", "2"],
            env=serve_env(tmp_path),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            return proc.wait(timeout=60), log.read_text()
        finally:
            if proc.poll() is None:  # it served: stop it and its workers
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
