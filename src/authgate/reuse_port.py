"""`serve --workers N` on Linux: a listening socket per worker, so the kernel spreads
connections over the workers evenly.

uvicorn's workers share the parent's one socket and its one accept queue. The worker
that wakes first accepts every connection waiting there, so a burst of keep-alive
connections (a proxy's pool, a load test) can all land on one worker while the others
idle: `make bench` saw two workers serve no more than one, one round in four
(bench/README.md). With SO_REUSEPORT each worker listens on a socket of its own,
bound to the same address, and the kernel hashes each new connection to one of them.
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import socket
import sys
from typing import cast

from uvicorn import Config
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors import Multiprocess

logger = logging.getLogger("uvicorn.error")


def supported(port: int) -> bool:
    """Linux balances a SO_REUSEPORT group; elsewhere the sockets' behaviour differs.
    Port 0 would give each worker a port of its own."""
    return sys.platform == "linux" and hasattr(socket, "SO_REUSEPORT") and port != 0


def run_workers(config: Config) -> None:
    """uvicorn's supervisor (health checks, restarts), each worker on its own socket."""
    try:
        held = _hold_port(config.host, config.port)
    except OSError as error:
        logger.error(error)
        sys.exit(STARTUP_FAILURE)  # as uvicorn does when its own bind fails
    with held:
        logger.info("Listening on http://%s:%d, one socket per worker", config.host, config.port)
        # Each worker unpickles this as a socket it binds itself (the type is what
        # Multiprocess hands to the worker's Server.run).
        sockets = cast(list[socket.socket], [WorkerSocket(config.host, config.port)])
        Multiprocess(config, sockets=sockets).run()


class WorkerSocket:
    """Sent to each worker in place of a socket; becomes that worker's own socket."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port

    def __reduce__(self) -> tuple[object, tuple[str, int]]:
        return _bound_in_worker, (self.host, self.port)


def _bound_in_worker(host: str, port: int) -> socket.socket:
    try:
        return _bind(host, port)
    except OSError as error:
        logger.error("A worker could not bind %s:%d: %s", host, port, error)
        sys.exit(STARTUP_FAILURE)  # the supervisor stops instead of restarting it


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def _hold_port(host: str, port: int) -> socket.socket:
    """Fails as a single socket would when the port is taken; the socket it returns
    holds the port (bound, not listening: it gets no connections) while workers come
    and go."""
    if _answers(host, port):  # another SO_REUSEPORT server there would share our port
        raise OSError(errno.EADDRINUSE, f"{host}:{port} is already in use")
    return _bind(host, port)


def _answers(host: str, port: int) -> bool:
    try:
        socket.create_connection((_reachable(host), port), timeout=1).close()
    except OSError:
        return False
    return True


def _reachable(host: str) -> str:
    """The address to reach a server bound to `host`: loopback for a wildcard."""
    try:
        wildcard = ipaddress.ip_address(host).is_unspecified
    except ValueError:  # a name, such as localhost
        return host
    return ("::1" if ":" in host else "127.0.0.1") if wildcard else host
