"""One address, one account: NFKC, case and IDNA spellings of an email all meet."""

from __future__ import annotations

import uuid

import httpx

from tests.api.conftest import PASSWORD, envelope, login, signup


async def test_an_internationalised_domain_is_stored_in_its_ascii_form(
    client: httpx.AsyncClient,
) -> None:
    local = f"ada{uuid.uuid4().hex[:8]}"
    user = await signup(client, f"{local}@Bücher.Example")
    assert user["email"] == f"{local}@xn--bcher-kva.example"
    await login(client, f"{local}@xn--bcher-kva.example")
    await login(client, f"{local}@BÜCHER.example")


async def test_look_alike_spellings_are_one_account(client: httpx.AsyncClient) -> None:
    local = f"ada{uuid.uuid4().hex[:8]}"
    await signup(client, f"{local}@example.com")
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in local)  # ａｄａ...: NFKC folds it
    resp = await client.post(
        "/api/auth/signup",
        json={"name": "Eve", "email": f"{fullwidth}@example.com", "password": PASSWORD},
    )
    envelope(resp, 409, "email_taken")
    await login(client, f"{fullwidth}@ＥＸＡＭＰＬＥ.com")
