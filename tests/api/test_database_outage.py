"""When PostgreSQL goes away: 503 with Retry-After, never a 500; recovery without restart."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import make_url

from authgate.bootstrap import build_container
from authgate.presentation.app import create_app
from tests.api.conftest import BASE_URL, PASSWORD, envelope, signup, unique_email
from tests.conftest import make_settings, pg_admin
from tests.tcp_proxy import TcpProxy


@pytest.fixture
async def proxy(pg_database_url: str) -> AsyncIterator[TcpProxy]:
    url = make_url(pg_database_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    yield proxy
    await proxy.stop()


async def test_database_outage_is_503_and_recovers_by_itself(
    tmp_path: Path, pg_database_url: str, proxy: TcpProxy
) -> None:
    url = make_url(pg_database_url).set(host="127.0.0.1", port=proxy.port)
    settings = make_settings(tmp_path, url.render_as_string(hide_password=False))
    container = build_container(settings)
    transport = httpx.ASGITransport(app=create_app(container=container), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        email = unique_email()
        await signup(client, email)
        envelope(
            await client.post("/api/auth/login", json={"email": email, "password": PASSWORD}), 200
        )
        envelope(await client.get("/api/auth/current-user"), 200)

        await proxy.stop()
        # Signed-in requests need no database, until the revocation view is a second
        # out of date: then they are refused rather than trusted.
        envelope(await client.get("/api/auth/current-user"), 200)
        await asyncio.sleep(1.3)
        envelope(await client.get("/api/auth/current-user"), 503, "service_unavailable")
        down = await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
        envelope(down, 503, "service_unavailable")
        assert int(down.headers["retry-after"]) > 0
        envelope(await client.post("/api/auth/refresh"), 503, "service_unavailable")
        envelope(await client.get("/api/ready"), 503, "not_ready")
        envelope(await client.get("/api/health"), 200)

        await proxy.start()
        up = await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
        envelope(up, 200)
        envelope(await client.post("/api/auth/refresh"), 200)
        await asyncio.sleep(0.5)  # the next poll of the revocations table
        envelope(await client.get("/api/auth/current-user"), 200)
        envelope(await client.get("/api/ready"), 200)
    await container.close()


async def test_connections_the_database_ends_are_renewed_before_requests_meet_them(
    tmp_path: Path, pg_database_url: str
) -> None:
    """PostgreSQL ends every connection (a restart, a failover, an idle timeout): the
    revocation poll meets a dead one first and the pool renews them all, so no request
    fails although connections are not pinged before use."""
    container = build_container(make_settings(tmp_path, pg_database_url))
    await container.start()  # as the app's lifespan does: the revocation poll runs
    transport = httpx.ASGITransport(app=create_app(container=container), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        email = unique_email()
        await signup(client, email)
        login = {"email": email, "password": PASSWORD}
        for _ in range(5):  # several pooled connections in use
            envelope(await client.post("/api/auth/login", json=login), 200)

        ours = make_url(pg_database_url).database  # the test's own, made by the fixture
        end_all = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
        pg_admin(pg_database_url, f"{end_all}'{ours}' AND pid <> pg_backend_pid()")
        await asyncio.sleep(0.6)  # two polls of the revocations table

        for _ in range(5):
            envelope(await client.post("/api/auth/login", json=login), 200)
            envelope(await client.post("/api/auth/refresh"), 200)
            envelope(await client.get("/api/auth/current-user"), 200)
    await container.close()
