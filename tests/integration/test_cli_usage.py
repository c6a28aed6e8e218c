"""The command line's own rules: help, usage errors (exit 2), the password prompt, and what
`authgate serve` carries into the server it becomes."""

from __future__ import annotations

import contextlib
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.integration.test_cli import cli_env, run_cli
from tests.servers import AUTHGATE


def test_help_lists_every_command(tmp_path: Path) -> None:
    done = run_cli(["--help"], cli_env(tmp_path))
    assert done.returncode == 0
    for command in ("serve", "migrate", "create-user", "purge"):
        assert command in done.stdout


def test_no_command_shows_help_and_is_a_usage_error(tmp_path: Path) -> None:
    done = run_cli([], cli_env(tmp_path))
    assert done.returncode == 2 and "create-user" in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["bogus"],
        ["migrate", "extra"],
        ["serve", "--workers", "0"],
        ["serve", "--workers", "100000"],  # a typo must not start a process per worker
        ["serve", "--port", "eighty"],
        ["serve", "--port", "99999"],  # uvloop would listen on 99999 - 65536
        ["serve", "--port", "-1"],
        ["purge", "--older-than-days", "99999999999"],  # before year 1
        ["purge", "--older"],  # no abbreviations: a typo is not another option
        ["create-user", "--email", "a@example.com"],  # --name is required
    ],
)
def test_usage_errors_exit_2_before_touching_anything(tmp_path: Path, args: list[str]) -> None:
    data_dir = tmp_path / "data"
    done = run_cli(args, cli_env(data_dir))
    assert done.returncode == 2 and "usage: authgate" in done.stderr.lower()
    assert not data_dir.exists()


def test_the_command_line_loads_no_cli_library() -> None:
    """With --workers 1 the serve process is the server: what it imports stays in memory."""
    code = "import sys, authgate.cli; print(sorted({m.split('.')[0] for m in sys.modules}))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "'typer'" not in loaded and "'rich'" not in loaded


def test_a_started_app_has_not_loaded_what_it_may_never_use(tmp_path: Path) -> None:
    """py_webauthn (with pyOpenSSL and pyasn1), Authlib, redis-py and the SMTP client
    load when first used or configured, not in every worker at start."""
    code = (
        "import sys; from authgate.presentation.app import create_app; create_app(); "
        "print(sorted({m.split('.')[0] for m in sys.modules}))"
    )
    env = {**cli_env(tmp_path / "data"), "AUTHGATE_RATE_LIMITS": "false"}
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout
    for library in ("webauthn", "OpenSSL", "pyasn1", "authlib", "redis", "aiosmtplib"):
        assert f"'{library}'" not in loaded, library
    assert "'fastapi'" in loaded  # the check itself sees what is loaded


class Terminal:
    """`authgate` on a pseudo-terminal, as a person would type at it."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: becomes authgate, with the pty as its terminal
            try:
                os.execve(AUTHGATE, [AUTHGATE, *args], env)  # noqa: S606 (a fixed path)
            finally:
                os._exit(127)
        self.seen, self.matched = b"", 0

    def _read(self) -> None:
        if select.select([self.fd], [], [], 0.1)[0]:
            with contextlib.suppress(OSError):  # the child has closed the terminal
                self.seen += os.read(self.fd, 1024)

    def expect(self, text: str) -> None:
        """Wait for `text` after what the last expect matched (typing ahead of a prompt
        would be lost: getpass flushes pending input)."""
        deadline = time.monotonic() + 30
        while (at := self.seen.find(text.encode(), self.matched)) < 0:
            assert time.monotonic() < deadline, f"no {text!r} in {self.seen[self.matched :]!r}"
            self._read()
        self.matched = at + len(text)

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def exit_code(self) -> int:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            self._read()
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self._read()
                return os.waitstatus_to_exitcode(status)
        raise AssertionError("authgate did not exit")


def test_the_password_is_asked_twice_without_echo(tmp_path: Path) -> None:
    term = Terminal(["create-user", "--email", "tty@example.com", "--name", "T"], cli_env(tmp_path))
    term.expect("Password: ")
    term.type("first passphrase\n")
    term.expect("Repeat for confirmation: ")
    term.type("another passphrase\n")
    term.expect("The two entered values do not match.")
    term.expect("Password: ")
    term.type("first passphrase\n")
    term.expect("Repeat for confirmation: ")
    term.type("first passphrase\n")
    assert term.exit_code() == 0
    assert b"Created user tty@example.com" in term.seen
    assert b"passphrase" not in term.seen


def test_end_of_input_at_the_prompt_aborts(tmp_path: Path) -> None:
    term = Terminal(["create-user", "--email", "eof@example.com", "--name", "E"], cli_env(tmp_path))
    term.expect("Password: ")
    term.type("\x04")  # Ctrl-D
    assert term.exit_code() == 1
    assert b"Aborted." in term.seen
