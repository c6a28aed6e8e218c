"""HEAD answers as GET would, without the body (RFC 9110, 9.3.2): monitors and
proxies probe with it. The body itself is dropped by the server (uvicorn), which
tests/integration/test_cli.py checks on a served process."""

from __future__ import annotations

import httpx

from tests.api.conftest import signed_in


async def test_head_of_a_get_route_has_its_status_and_headers(client: httpx.AsyncClient) -> None:
    get, head = await client.get("/api/health"), await client.head("/api/health")
    assert head.status_code == get.status_code == 200
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["content-length"] == get.headers["content-length"]


async def test_head_authenticates_as_get_does(client: httpx.AsyncClient) -> None:
    anonymous = await client.head("/api/auth/current-user")
    assert anonymous.status_code == 401 and "www-authenticate" in anonymous.headers
    await signed_in(client)
    assert (await client.head("/api/auth/current-user")).status_code == 200


async def test_head_of_a_post_route_is_405_with_allow(client: httpx.AsyncClient) -> None:
    head = await client.head("/api/auth/login")
    assert head.status_code == 405 and head.headers["allow"] == "POST"
