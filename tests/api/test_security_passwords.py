"""Passwords through HTTP: normalisation, length, bcrypt's limits, blocklist, rehash."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from authgate.bootstrap import build_container
from tests.api.conftest import MakeClient, envelope, signup, unique_email
from tests.conftest import make_settings

ASCII = "a quiet meadow at dawn"
FULL_WIDTH = "ａ\u3000ｑｕｉｅｔ\u3000ｍｅａｄｏｗ\u3000ａｔ\u3000ｄａｗｎ"  # NFKC: the ASCII one


async def try_login(client: httpx.AsyncClient, email: str, password: str) -> int:
    resp = await client.post("/api/auth/login", json={"email": email, "password": password})
    return resp.status_code


async def test_a_full_width_password_is_the_same_as_its_ascii_form(
    client: httpx.AsyncClient,
) -> None:
    first, second = unique_email(), unique_email()
    await signup(client, first, ASCII)
    await signup(client, second, FULL_WIDTH)
    assert await try_login(client, first, FULL_WIDTH) == 200
    assert await try_login(client, second, ASCII) == 200


async def test_128_emoji_are_accepted_and_129_refused(client: httpx.AsyncClient) -> None:
    email = unique_email()
    await signup(client, email, "\U0001f511" * 128)  # 512 bytes
    assert await try_login(client, email, "\U0001f511" * 128) == 200
    assert await try_login(client, email, "\U0001f511" * 127) == 401
    resp = await client.post(
        "/api/auth/signup",
        json={"name": "A", "email": unique_email(), "password": "\U0001f511" * 129},
    )
    body = envelope(resp, 422, "validation_error")
    assert body["details"][0]["field"] == "password" and "\U0001f511" not in resp.text


async def test_a_7_character_password_is_refused(client: httpx.AsyncClient) -> None:
    resp = await client.post(
        "/api/auth/signup", json={"name": "A", "email": unique_email(), "password": "7 chars"}
    )
    assert envelope(resp, 422, "validation_error")["details"][0]["field"] == "password"


@pytest.mark.parametrize(
    "prefix", ["x" * 72, "é" * 36, "\U0001f511" * 18], ids=["ascii", "2b", "4b"]
)
async def test_passwords_differing_only_after_byte_72_are_different(
    client: httpx.AsyncClient, prefix: str
) -> None:
    assert len(prefix.encode()) == 72
    email = unique_email()
    await signup(client, email, prefix + " river")
    assert await try_login(client, email, prefix + " river") == 200
    assert await try_login(client, email, prefix + " ocean") == 401
    assert await try_login(client, email, prefix) == 401


async def test_a_nul_byte_does_not_cut_the_password_short(client: httpx.AsyncClient) -> None:
    email = unique_email()
    await signup(client, email, "a quiet\x00meadow at dawn")
    assert await try_login(client, email, "a quiet\x00meadow at dawn") == 200
    assert await try_login(client, email, "a quiet") == 401
    assert await try_login(client, email, "a quiet\x00another day") == 401


@pytest.mark.parametrize("password", ["password1234", "iloveyou12", "Qwertyuiop"])
async def test_common_passwords_are_refused_at_signup(
    client: httpx.AsyncClient, password: str
) -> None:
    resp = await client.post(
        "/api/auth/signup", json={"name": "A", "email": unique_email(), "password": password}
    )
    body = envelope(resp, 422, "password_too_weak")
    assert body["details"] == [{"field": "password", "message": body["message"]}]
    assert password not in resp.text


async def test_the_emails_local_part_is_refused_at_signup(client: httpx.AsyncClient) -> None:
    email = unique_email("ada.lovelace")
    local_part = email.split("@")[0]
    resp = await client.post(
        "/api/auth/signup", json={"name": "A", "email": email, "password": local_part.upper()}
    )
    envelope(resp, 422, "password_too_weak")


async def test_login_rehashes_when_the_configured_cost_changes(
    make_client: MakeClient, tmp_path: Path, database_url: str
) -> None:
    email = unique_email()
    await signup(await make_client(bcrypt_rounds=4), email, ASCII)
    assert (await stored_hash(tmp_path, database_url, email)).startswith("$2b$04$")
    stronger = await make_client(bcrypt_rounds=5)
    assert await try_login(stronger, email, "not it at all") == 401
    assert (await stored_hash(tmp_path, database_url, email)).startswith("$2b$04$")
    assert await try_login(stronger, email, ASCII) == 200
    assert (await stored_hash(tmp_path, database_url, email)).startswith("$2b$05$")
    assert await try_login(stronger, email, ASCII) == 200


async def stored_hash(tmp_path: Path, database_url: str, email: str) -> str:
    container = build_container(make_settings(tmp_path, database_url))
    try:
        async with container.uow() as uow:
            user = await uow.users.get_by_email(email)
            assert user is not None
            return user.password_hash
    finally:
        await container.close()
