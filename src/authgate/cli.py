"""The command line: `authgate serve | migrate | create-user | set-role | purge | keys`.

argparse from the standard library: with `--workers 1` the `authgate serve` process is
the server itself, so whatever the command line imports stays in the server's memory
(typer, with its own copy of click, was 1.5 MB and 30 modules of it; bench/README.md)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Callable, Sequence
from datetime import timedelta
from getpass import getpass
from importlib import metadata
from typing import Any
from urllib.parse import urlsplit

import uvicorn
from pydantic import ValidationError
from uvicorn.config import STARTUP_FAILURE

from authgate import reuse_port
from authgate.application.admin.users import SetRole
from authgate.application.auth.signup import Signup
from authgate.application.purge import Purge, Purged
from authgate.bootstrap import build_container
from authgate.config import Settings, SettingsError
from authgate.domain.errors import DomainError
from authgate.domain.models import User
from authgate.infrastructure.data_dir import ensure_private_dir
from authgate.infrastructure.db.migrate import upgrade_in_child, upgrade_sync
from authgate.logging_setup import log_config
from authgate.presentation.schemas import SignupRequest

APP = "authgate.presentation.app:create_app"
# Exit codes: 0 done, 1 refused (the user exists, input ended), 2 wrong usage, input or
# settings, 3 could not start (the data directory, the database or the port; as uvicorn).
USAGE = 2
# More workers than this only compete for the cores; a typo of 100000 would start them all.
MAX_WORKERS = 4 * (os.cpu_count() or 1)
MAX_DAYS = 36500  # a century; far more would reach back past year 1, which dates cannot


class Refused(Exception):
    """Why a command cannot start, said in one line on stderr instead of a traceback."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process's exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return USAGE
    try:
        return _run(parser, args)
    except Refused as refused:
        print(f"authgate: {refused}", file=sys.stderr)
        return refused.exit_code


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command == "serve":
        return serve(args.host, args.port, args.workers)
    if args.command == "migrate":
        return migrate()
    if args.command == "create-user":
        return create_user(args.email, args.name, args.admin, args.password_stdin)
    if args.command == "set-role":
        return set_role(args.email, args.role)
    if args.command == "keys":
        if args.action is None:
            parser.error("keys needs an action: list or rotate")
        return keys(args.action, getattr(args, "now", False))
    return purge(args.older_than_days)


app = main  # the name pyproject.toml's console script `authgate` calls


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="authgate", description="authgate: user authentication service", allow_abbrev=False
    )
    # The one place of the version is pyproject.toml; this reads the installed metadata.
    version = f"%(prog)s {metadata.version('authgate')}"
    parser.add_argument("--version", action="version", version=version)
    commands = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=help,
            description=help,
            allow_abbrev=False,
        )

    serve = command(
        "serve", "Apply pending migrations, then serve the API and the web app on one port."
    )
    serve.add_argument(
        "--host", default="127.0.0.1", metavar="ADDRESS", help="Address to listen on (127.0.0.1)"
    )
    serve.add_argument("--port", type=_port, default=8000, help="Port to listen on (8000)")
    serve.add_argument(
        "--workers",
        type=_workers,
        default=1,
        metavar="N",
        help=f"Worker processes (1; at most {MAX_WORKERS}, four per core)",
    )

    command("migrate", "Apply pending migrations and exit.")

    create = command(
        "create-user", "Create a user; asks for the password (or reads it with --password-stdin)."
    )
    create.add_argument("--email", required=True, help="Email address")
    create.add_argument("--name", required=True, help="Display name")
    create.add_argument("--admin", action="store_true", help="Make the user an administrator")
    create.add_argument(
        "--password-stdin", action="store_true", help="Read the password from standard input"
    )

    old = command(
        "purge",
        "Delete sessions, one-time links and revocation records of long ago (run it daily).",
    )
    old.add_argument(
        "--older-than-days",
        type=_days,
        default=30,
        metavar="DAYS",
        help="Keep what ended or expired fewer days ago than this (30)",
    )

    role = command("set-role", "Change a person's role (ends nothing; the last admin stays).")
    role.add_argument("email", help="The person's email address")
    role.add_argument("role", choices=("user", "admin"), help="user or admin")

    signing = command("keys", "The access-token signing keys: list them, or add a new one.")
    actions = signing.add_subparsers(dest="action", title="actions", metavar="ACTION")
    actions.add_parser(
        "list",
        help="Each key's kid, algorithm, creation and state (next, current, previous, retired).",
    )
    rotate = actions.add_parser(
        "rotate", help="Add a key: published at once, signing in 10 minutes (--now: at once)."
    )
    rotate.add_argument("--now", action="store_true", help="Sign with the new key at once")
    return parser


def _whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: an integer from `low` to `high`, else a usage error saying so."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not from {low} to {high}")
        return value

    return parse


_port = _whole_number(0, 65535)  # 0: any free port; uvloop would wrap 99999 to 34463
_workers = _whole_number(1, MAX_WORKERS)
_days = _whole_number(1, MAX_DAYS)


def _ready(*, migrate_in_child: bool = False) -> Settings:
    """Settings, data directory, signing key and schema: done once, before any worker
    starts. What stops it is raised as `Refused`, with no setting's value in it."""
    settings = _settings()
    try:
        ensure_private_dir(settings.data_dir)
        settings.signing_secret()
    except SettingsError as exc:
        raise Refused(str(exc), USAGE) from exc
    except OSError as exc:
        problem = exc.strerror or type(exc).__name__
        raise Refused(
            f"the data directory {settings.data_dir}: {problem}", STARTUP_FAILURE
        ) from exc
    url = settings.effective_database_url
    try:
        (upgrade_in_child if migrate_in_child else upgrade_sync)(url)
    except Exception as exc:  # whatever the driver raises: one line, the URL's secrets hidden
        raise Refused(f"the database: {_one_line(exc, hiding=url)}", STARTUP_FAILURE) from exc
    return settings


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        problems = []
        for field, message in _problems(exc):
            variable = f"AUTHGATE_{field.upper()}"
            named = not field or message.startswith(variable)  # some messages name it already
            problems.append(message if named else f"{variable}: {message}")
        raise Refused("invalid settings: " + "; ".join(problems), USAGE) from exc


def _problems(exc: ValidationError) -> list[tuple[str, str]]:
    """(field, message) of each error, never the input that failed."""
    return [
        ("_".join(map(str, e["loc"])), e["msg"].removeprefix("Value error, "))
        for e in exc.errors(include_input=False, include_url=False)
    ]


def _one_line(exc: Exception, hiding: str) -> str:
    lines = str(exc).splitlines()
    text = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    for secret in (hiding, _password_of(hiding)):
        if secret:
            text = text.replace(secret, "***")
    return text


def _password_of(url: str) -> str | None:
    try:
        return urlsplit(url).password
    except ValueError:  # not a URL at all: the whole string is hidden anyway
        return None


def serve(host: str, port: int, workers: int) -> int:
    _ready(migrate_in_child=True)
    options: dict[str, Any] = {
        "factory": True,
        "host": host,
        "port": port,
        "workers": workers,
        "proxy_headers": False,  # X-Forwarded-For is judged by AUTHGATE_TRUSTED_PROXIES only
        "server_header": False,
        "ws": "none",  # no WebSocket routes: uvicorn would import the websockets package
        "log_config": log_config(),
        "timeout_worker_healthcheck": 60,  # a busy machine may take seconds to import a worker
        "timeout_graceful_shutdown": 10,  # open connections never keep a stopping worker alive
    }
    if workers > 1 and reuse_port.supported(port):
        reuse_port.run_workers(uvicorn.Config(APP, **options))
    else:
        uvicorn.run(APP, **options)
    return 0


def migrate() -> int:
    _ready()
    print("Migrations applied.")
    return 0


def create_user(email: str, name: str, admin: bool, password_stdin: bool) -> int:
    settings = _ready()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        try:
            password = _ask_password()
        except (EOFError, KeyboardInterrupt):
            print("\nAborted.", file=sys.stderr)
            return 1
    try:  # the rules of the API's sign-up, so no account exists here that it would refuse
        valid = SignupRequest(name=name, email=email, password=password)
    except ValidationError as exc:
        for field, message in _problems(exc):
            print(f"{field}: {message}", file=sys.stderr)
        return USAGE
    signup = Signup(valid.name, valid.email, valid.password, is_admin=admin)
    try:
        user = asyncio.run(_create(settings, signup))
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print(f"Created user {user}")
    return 0


def _ask_password() -> str:
    """Twice, without echo, until both are the same and not empty."""
    while True:
        password = getpass("Password: ")
        if not password:
            continue
        if getpass("Repeat for confirmation: ") == password:
            return password
        print("Error: The two entered values do not match.", file=sys.stderr)


async def _create(settings: Settings, command: Signup) -> str:
    container = build_container(settings)
    try:
        user = await container.auth.signup(command)
        return f"{user.email} ({user.id})"
    finally:
        await container.close()


def set_role(email: str, role: str) -> int:
    settings = _ready()
    try:
        user = asyncio.run(_set_role(settings, SetRole(email, role)))
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print(f"{user.email} is now {user.role}.")
    return 0


async def _set_role(settings: Settings, command: SetRole) -> User:
    container = build_container(settings)
    try:
        return await container.admin.set_role(command)
    finally:
        await container.close()


def keys(action: str, now: bool) -> int:
    settings = _ready()
    print(asyncio.run(_keys(settings, action, now)))
    return 0


async def _keys(settings: Settings, action: str, now: bool) -> str:
    container = build_container(settings)
    try:
        await container.keys.ready()
        if action == "rotate":
            key = await container.keys.rotate(now=now)
            when = "now" if now else f"from {key.signs_from.isoformat(timespec='seconds')}"
            return f"Added key {key.kid} ({key.algorithm}): published now, signing {when}."
        rows = [
            f"{k.kid}  {k.algorithm:<6} {k.created_at.isoformat(timespec='seconds')}  {state}"
            for k, state in await container.keys.listed()
        ]
        if settings.jwt_algorithm == "HS256":
            rows.append("Tokens are signed with HS256 (the master secret): nothing is published.")
        return "\n".join(rows) or "No keys."
    finally:
        await container.close()


def purge(older_than_days: int) -> int:
    settings = _ready()
    purged = asyncio.run(_purge(settings, Purge(keep=timedelta(days=older_than_days))))
    print(
        f"Deleted {purged.sessions} sessions (with their refresh tokens), "
        f"{purged.one_time_tokens} one-time links and {purged.revocations} revocation records."
    )
    return 0


async def _purge(settings: Settings, command: Purge) -> Purged:
    container = build_container(settings)
    try:
        return await container.purge(command)
    finally:
        await container.close()


if __name__ == "__main__":
    sys.exit(main())
