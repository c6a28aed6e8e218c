"""The command line, run as a user would: migrate, create-user, serve (with workers)."""

from __future__ import annotations

import os
import socket
import sqlite3
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.servers import AUTHGATE, serve, serve_env


def run_cli(
    args: list[str], env: dict[str, str], stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [AUTHGATE, *args], env=env, input=stdin, capture_output=True, text=True, timeout=60
    )


def cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTHGATE_")}
    env.update(AUTHGATE_DATA_DIR=str(data_dir), AUTHGATE_BCRYPT_ROUNDS="4", **extra)
    return env


def test_migrate_is_idempotent_and_keeps_the_key_private(tmp_path: Path) -> None:
    env = cli_env(tmp_path)
    assert run_cli(["migrate"], env).returncode == 0
    key = tmp_path / "secret_key"
    first = key.read_text()
    assert run_cli(["migrate"], env).returncode == 0
    assert key.read_text() == first and len(first) >= 64
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert (tmp_path / "authgate.db").exists()


def test_create_user_reads_the_password_from_stdin(tmp_path: Path) -> None:
    env = cli_env(tmp_path)
    done = run_cli(
        [
            "create-user",
            "--email",
            "Root@Example.com",
            "--name",
            "Root",
            "--admin",
            "--password-stdin",
        ],
        env,
        stdin="a long admin passphrase\n",
    )
    assert done.returncode == 0, done.stderr
    assert "root@example.com" in done.stdout and "passphrase" not in done.stdout
    again = run_cli(
        ["create-user", "--email", "root@example.com", "--name", "R", "--password-stdin"],
        env,
        stdin="a long admin passphrase\n",
    )
    assert again.returncode == 1 and "already exists" in again.stderr


def test_purge_reports_what_it_deleted(tmp_path: Path) -> None:
    env = cli_env(tmp_path)
    done = run_cli(["purge", "--older-than-days", "7"], env)
    assert done.returncode == 0, done.stderr
    expected = "Deleted 0 sessions (with their refresh tokens), 0 one-time links and 0 revocation"
    assert expected in done.stdout
    assert run_cli(["purge", "--older-than-days", "0"], env).returncode == 2


def test_create_user_refuses_a_short_password(tmp_path: Path) -> None:
    done = run_cli(
        ["create-user", "--email", "a@example.com", "--name", "A", "--password-stdin"],
        cli_env(tmp_path),
        stdin="short\n",
    )
    assert done.returncode == 2 and "at least 8" in done.stderr


@pytest.fixture
def served(tmp_path: Path, database_url: str) -> Iterator[str]:
    env = serve_env(tmp_path, AUTHGATE_DATABASE_URL=database_url)
    with serve(env, tmp_path / "serve.log") as base:
        yield base


def test_logout_revokes_the_access_token_on_every_worker(served: str) -> None:
    email, password = f"w-{time.time_ns()}@example.com", "two workers, one truth"
    with httpx.Client(base_url=served) as c:
        c.post("/api/auth/signup", json={"name": "W", "email": email, "password": password})
        assert c.post("/api/auth/login", json={"email": email, "password": password}).is_success
        access = c.cookies["access-token"]
        assert c.post("/api/auth/logout").status_code == 200
    time.sleep(1.0)
    for _ in range(10):  # fresh connections, spread over both workers
        with httpx.Client(base_url=served) as probe:
            resp = probe.get(
                "/api/auth/current-user", headers={"Authorization": f"Bearer {access}"}
            )
            assert resp.status_code == 401 and resp.json()["error"] == "invalid_token"


def test_a_websocket_upgrade_is_answered_as_plain_http(tmp_path: Path) -> None:
    """No route accepts WebSockets, so the server has no WebSocket handshake at all."""
    upgrade = {
        "Connection": "Upgrade",
        "Upgrade": "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
    }
    with serve(serve_env(tmp_path), tmp_path / "serve.log", workers=1) as base:
        health = httpx.get(f"{base}/api/health", headers=upgrade)
        unknown = httpx.get(f"{base}/api/no-such-route", headers=upgrade)
    assert health.status_code == 200 and health.json()["data"] is None
    assert unknown.status_code == 404 and unknown.json()["error"] == "not_found"


def test_head_is_answered_with_gets_headers_and_no_body(tmp_path: Path) -> None:
    with serve(serve_env(tmp_path), tmp_path / "serve.log", workers=1) as base:
        get = httpx.get(f"{base}/api/health")
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            conn.sendall(b"HEAD /api/health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            raw = b"".join(iter(lambda: conn.recv(65536), b""))
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 ") and body == b""
    assert f"content-length: {len(get.content)}".encode() in head.lower()


SECRET = "hunter2-not-to-be-shown"


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        ("AUTHGATE_ACCESS_TOKEN_TTL_SECONDS", "fifteen", "valid integer"),
        ("AUTHGATE_OPENTELEMETRY", "maybe", "valid boolean"),
        ("AUTHGATE_JWT_ALGORITHM", "RS1", "'ES256', 'EdDSA' or 'HS256'"),
        ("AUTHGATE_SECRET_KEY", SECRET, "at least 32 characters"),
        # Read lazily, these failed later: every request that asked for the client's
        # address answered 500, or links and origins were quietly wrong.
        ("AUTHGATE_TRUSTED_PROXIES", "10.0.0.0/8, gateway", "IP address or network"),
        ("AUTHGATE_PUBLIC_URL", "auth-server", "an http or https URL"),
        ("AUTHGATE_ALLOWED_ORIGINS", "https://app.example/login", "an origin"),
        ("AUTHGATE_OIDC_PROVIDERS", '[{"name": "corp"}]', "string fields"),
        ("AUTHGATE_SMTP_URL", "mail.example.com", "must look like smtp://host:port"),
        ("AUTHGATE_REDIS_URL", "localhost:6379", "a redis://, rediss:// or unix:// URL"),
        ("AUTHGATE_MAIL_FROM", "mailer", "must be an address"),
        ("AUTHGATE_WEBAUTHN_RP_ID", "example.org", "host of AUTHGATE_PUBLIC_URL (127.0.0.1)"),
    ],
)
def test_a_bad_setting_is_named_in_one_line(
    tmp_path: Path, variable: str, value: str, problem: str
) -> None:
    for command in (["migrate"], ["serve", "--port", "0"]):
        done = run_cli(command, cli_env(tmp_path, **{variable: value}))
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("authgate: ") and done.stderr.count("\n") == 1
        assert variable in done.stderr and problem in done.stderr
        assert value not in done.stderr and "Traceback" not in done.stderr


def test_an_unusable_data_directory_is_named_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "a-file").touch()
    done = run_cli(["migrate"], cli_env(tmp_path / "a-file" / "data"))
    assert done.returncode == 3
    assert done.stderr == f"authgate: the data directory {tmp_path}/a-file/data: Not a directory\n"


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://authgate:{SECRET}@127.0.0.1:1/authgate",  # nothing listens there
        f"postgresql://authgate:{SECRET}@127.0.0.1:port/authgate",  # no port number
        f"no-such-driver://authgate:{SECRET}@127.0.0.1/authgate",
    ],
)
def test_an_unreachable_database_is_reported_without_its_password(tmp_path: Path, url: str) -> None:
    for command in (["migrate"], ["serve", "--port", "0"]):
        done = run_cli(command, cli_env(tmp_path, AUTHGATE_DATABASE_URL=url))
        assert done.returncode == 3, done.stderr
        assert done.stderr.startswith("authgate: the database: ")
        assert done.stderr.count("\n") == 1 and SECRET not in done.stderr


def test_a_failed_migration_in_the_child_is_one_line(tmp_path: Path) -> None:
    env = cli_env(tmp_path)
    assert run_cli(["migrate"], env).returncode == 0
    with sqlite3.connect(tmp_path / "authgate.db") as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    done = run_cli(["serve", "--port", "0"], env)  # serve migrates in a child process
    assert done.returncode == 3
    assert done.stderr.startswith("authgate: the database: MigrationFailed: ")
    assert "9999" in done.stderr and done.stderr.count("\n") == 1


def test_create_user_applies_the_sign_up_rules_of_the_api(tmp_path: Path) -> None:
    env = cli_env(tmp_path)
    args = ["create-user", "--email", "not-an-email", "--name", " ", "--password-stdin"]
    done = run_cli(args, env, stdin="a long enough passphrase\n")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "name: Name must not be empty",
        "email: Enter a valid email address",
    ]
    with sqlite3.connect(tmp_path / "authgate.db") as db:
        assert db.execute("SELECT count(*) FROM users").fetchone() == (0,)
    args = ["create-user", "--email", " Ada@Example.COM ", "--name", " Ada ", "--password-stdin"]
    done = run_cli(args, env, stdin="a long enough passphrase\n")
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "authgate.db") as db:
        assert db.execute("SELECT email, name FROM users").fetchall() == [
            ("ada@example.com", "Ada")
        ]
