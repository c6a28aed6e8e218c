"""The servers under test: start, pin, wait for health, find the worker, stop."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
AUTHGATE = str(Path(sys.executable).parent / "authgate")
TICKS = os.sysconf("SC_CLK_TCK")


def core_plan() -> tuple[list[int] | None, list[int] | None, str]:
    """(server cores, wrk cores, note): one core each when taskset and 2 cores exist."""
    cores = sorted(os.sched_getaffinity(0))
    if shutil.which("taskset") and len(cores) >= 2:
        return [cores[0]], [cores[1]], f"server on core {cores[0]}, wrk on core {cores[1]}"
    return None, None, "not pinned (needs taskset from util-linux and 2 cores)"


def pinned(argv: list[str], cpus: list[int] | None) -> list[str]:
    """argv run under `taskset` on the given cores, or as it is."""
    if not cpus:
        return argv
    return ["taskset", "-c", ",".join(map(str, cpus)), *argv]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A server process on a free loopback port, in its own process group."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], health: str) -> None:
        self.name, self.argv, self.env, self.health = name, argv, env, health
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = Path(env.get("AUTHGATE_DATA_DIR", "/tmp")) / f"{name}-{self.port}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, cpus: list[int] | None, timeout: float = 60) -> float:
        """Start and wait for a 200 from the health path; returns the seconds that took."""
        argv = [*self.argv, "--port", str(self.port)]
        began = time.perf_counter()
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                pinned(argv, cpus), env=self.env, cwd=REPO, stdout=log, stderr=log,
                start_new_session=True,  # its own group: stop() ends the workers too
            )  # fmt: skip
        deadline = began + timeout
        while time.perf_counter() < deadline and self.proc.poll() is None:
            try:
                if httpx.get(self.base + self.health, timeout=5).status_code == 200:
                    return time.perf_counter() - began
            except httpx.HTTPError:
                pass
            time.sleep(0.01)
        self.stop()
        tail = self.log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{self.name} did not become healthy; its log ends:\n{tail}")

    def start_retrying(self, cpus: list[int] | None, attempts: int = 3) -> None:
        """The service may be mid-change while this runs: retry a failed start."""
        for attempt in range(1, attempts + 1):
            try:
                self.start(cpus)
                return
            except RuntimeError as exc:
                if attempt == attempts:
                    raise
                print(f"  {exc}\n  retrying in 10 s ({attempt}/{attempts})")
                time.sleep(10)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def pids(self) -> list[int]:
        """The server process and all its descendants."""
        assert self.proc is not None
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:  # field 4 of /proc/PID/stat is the parent; the name may hold spaces
                    parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(parent, []).append(int(entry.name))
        found, todo = [], [self.proc.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    def wait_idle(self, timeout: float = 30) -> bool:
        """Wait until the server uses under a tenth of a core (a flood's queue has
        drained); False if it never did within the timeout."""
        deadline = time.monotonic() + timeout
        before = cpu_seconds(self.pids())
        while time.monotonic() < deadline:
            time.sleep(0.25)
            now = cpu_seconds(self.pids())
            if now - before < 0.025:
                return True
            before = now
        return False

    def worker_pid(self) -> int:
        """The process that answers requests: the one holding the server's end of a
        connection we open (with one worker, uvicorn may serve in-process or spawn)."""
        with socket.create_connection(("127.0.0.1", self.port)) as conn:
            conn.sendall(b"GET " + self.health.encode() + b" HTTP/1.1\r\nHost: bench\r\n\r\n")
            conn.recv(65536)
            inode = tcp_inode(self.port, conn.getsockname()[1])
            for pid in self.pids():
                try:
                    fds = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
                except OSError:
                    continue
                if f"socket:[{inode}]" in fds:
                    return pid
        raise RuntimeError(f"no process of {self.name} holds the connection")


def tcp_inode(local_port: int, remote_port: int) -> str:
    """The inode of the loopback TCP socket local_port <-> remote_port (/proc/net/tcp)."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        ports = (int(fields[1].split(":")[1], 16), int(fields[2].split(":")[1], 16))
        if ports == (local_port, remote_port):
            return fields[9]
    raise RuntimeError(f"no socket {local_port} <-> {remote_port}")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes (fields 14 and 15 of /proc/PID/stat)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def others_cpu(server: Server) -> float:
    """CPU seconds used so far by everything except `server` and our finished wrk
    runs: the machine's busy time (/proc/stat, time taken by the hypervisor
    included) minus ours. Its growth during a run is load from other work."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    machine = (user + nice + system + irq + softirq + steal) / TICKS
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # reaped: finished wrk runs
    return machine - cpu_seconds(server.pids()) - children.ru_utime - children.ru_stime


def rss_mb(pid: int) -> float:
    """Resident memory of one process: VmRSS of /proc/PID/status, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def authgate_env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    """The environment of `authgate serve` under test: no AUTHGATE_* from outside."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTHGATE_")}
    env.update(
        AUTHGATE_DATA_DIR=str(data_dir),
        AUTHGATE_RATE_LIMITS="false",
        AUTHGATE_ACCESS_TOKEN_TTL_SECONDS="86400",  # outlives any run
    )
    if database_url:
        env["AUTHGATE_DATABASE_URL"] = database_url
    return env


def authgate(name: str, data_dir: Path, db_url: str | None = None, workers: int = 1) -> Server:
    """`authgate serve` from this environment (the real CLI)."""
    argv = [AUTHGATE, "serve", "--workers", str(workers)]
    return Server(name, argv, authgate_env(data_dir, db_url), "/api/health")


def bare(data_dir: Path) -> Server:
    argv = [sys.executable, "-m", "bench.bare_app"]
    return Server("bare", argv, authgate_env(data_dir), "/")


def stack(data_dir: Path) -> Server:
    """authgate's libraries behind one route (bench/stack_app.py): context for RSS."""
    argv = [sys.executable, "-m", "bench.stack_app"]
    return Server("stack", argv, authgate_env(data_dir), "/")
