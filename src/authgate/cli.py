"""The command line: `authgate serve | migrate | create-user | purge`."""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta
from typing import Annotated

import typer
import uvicorn

from authgate.application.auth.signup import Signup
from authgate.application.purge import Purge, Purged
from authgate.bootstrap import build_container
from authgate.config import Settings
from authgate.domain.errors import DomainError
from authgate.domain.values import password_length_problem
from authgate.infrastructure.data_dir import ensure_private_dir
from authgate.infrastructure.db.migrate import upgrade_in_child, upgrade_sync
from authgate.logging_setup import log_config

# Locals in tracebacks could show a password: never print them.
app = typer.Typer(
    help="authgate: user authentication service",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


def _prepare(settings: Settings, *, migrate_in_child: bool = False) -> None:
    """Data directory, signing key and schema: done once, before any worker starts."""
    ensure_private_dir(settings.data_dir)
    settings.signing_secret()
    if migrate_in_child:
        upgrade_in_child(settings.effective_database_url)
    else:
        upgrade_sync(settings.effective_database_url)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes")] = 1,
) -> None:
    """Apply pending migrations, then serve the API and the web app on one port."""
    _prepare(Settings(), migrate_in_child=True)
    uvicorn.run(
        "authgate.presentation.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=False,  # X-Forwarded-For is judged by AUTHGATE_TRUSTED_PROXIES only
        server_header=False,
        log_config=log_config(),
        timeout_worker_healthcheck=60,  # a busy machine may take seconds to import a worker
        timeout_graceful_shutdown=10,  # open connections never keep a stopping worker alive
    )


@app.command()
def migrate() -> None:
    """Apply pending migrations and exit."""
    _prepare(Settings())
    typer.echo("Migrations applied.")


@app.command("create-user")
def create_user(
    email: Annotated[str, typer.Option(help="Email address")],
    name: Annotated[str, typer.Option(help="Display name")],
    admin: Annotated[bool, typer.Option("--admin", help="Make the user an administrator")] = False,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input")
    ] = False,
) -> None:
    """Create a user; asks for the password (or reads it with --password-stdin)."""
    settings = Settings()
    _prepare(settings)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_length_problem(password)
    if problem:
        typer.echo(problem, err=True)
        raise typer.Exit(2)
    try:
        user = asyncio.run(_create(settings, Signup(name, email, password, is_admin=admin)))
    except DomainError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Created user {user}")


async def _create(settings: Settings, command: Signup) -> str:
    container = build_container(settings)
    try:
        user = await container.auth.signup(command)
        return f"{user.email} ({user.id})"
    finally:
        await container.close()


@app.command()
def purge(
    older_than_days: Annotated[
        int, typer.Option(min=1, help="Keep what ended or expired fewer days ago than this")
    ] = 30,
) -> None:
    """Delete sessions, one-time links and revocation records of long ago (run it daily)."""
    settings = Settings()
    _prepare(settings)
    purged = asyncio.run(_purge(settings, Purge(keep=timedelta(days=older_than_days))))
    typer.echo(
        f"Deleted {purged.sessions} sessions (with their refresh tokens), "
        f"{purged.one_time_tokens} one-time links and {purged.revocations} revocation records."
    )


async def _purge(settings: Settings, command: Purge) -> Purged:
    container = build_container(settings)
    try:
        return await container.purge(command)
    finally:
        await container.close()


if __name__ == "__main__":
    app()
