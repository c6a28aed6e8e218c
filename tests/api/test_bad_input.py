"""Bad input gets a 4xx envelope: never a 500, never the submitted secret echoed."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.api.conftest import envelope, unique_email

SECRET = "Sup3r-Secret-Canary-Value"


async def test_unknown_api_path_is_a_404_envelope(client: httpx.AsyncClient) -> None:
    envelope(await client.get("/api/no/such/thing"), 404, "not_found")


async def test_wrong_method_is_a_405_envelope(client: httpx.AsyncClient) -> None:
    envelope(await client.get("/api/auth/login"), 405, "method_not_allowed")
    envelope(await client.put("/api/auth/sessions"), 405)


async def test_body_over_64_kib_is_413(client: httpx.AsyncClient) -> None:
    body = b'{"email": "a@example.com", "password": "' + b"x" * 70_000 + b'"}'
    resp = await client.post(
        "/api/auth/login", content=body, headers={"content-type": "application/json"}
    )
    envelope(resp, 413, "payload_too_large")


async def test_streamed_body_over_64_kib_is_413(client: httpx.AsyncClient) -> None:
    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(20):
            yield b"x" * 8192

    resp = await client.post(
        "/api/auth/signup", content=chunks(), headers={"content-type": "application/json"}
    )
    envelope(resp, 413, "payload_too_large")


@pytest.mark.parametrize(
    "raw",
    [
        b'{"email": "a@example.com", "password": ',
        b"[]",
        b'"just a string"',
        b"null",
    ],
)
async def test_malformed_bodies_are_422_with_details(client: httpx.AsyncClient, raw: bytes) -> None:
    resp = await client.post(
        "/api/auth/login", content=raw, headers={"content-type": "application/json"}
    )
    body = envelope(resp, 422, "validation_error")
    assert body["details"] and all({"field", "message"} <= set(d) for d in body["details"])


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "A", "email": "not-an-email", "password": SECRET}, "email"),
        ({"name": "", "email": "x@example.com", "password": SECRET}, "name"),
        ({"name": "A", "email": "x@example.com", "password": "short"}, "password"),
        ({"name": "A", "email": "x@example.com", "password": 12345678}, "password"),
        ({"name": ["A"], "email": "x@example.com", "password": SECRET}, "name"),
        ({"name": "A", "email": "x@example.com", "password": SECRET, "role": "admin"}, "role"),
        ({"name": "A" * 5000, "email": "x@example.com", "password": SECRET}, "name"),
        ({"name": "A", "email": "x@example.com", "password": "p" * 129}, "password"),
        ({"email": "x@example.com", "password": SECRET}, "name"),
    ],
)
async def test_signup_validation_names_the_field_and_echoes_nothing(
    client: httpx.AsyncClient, payload: dict[str, object], field: str
) -> None:
    resp = await client.post("/api/auth/signup", json=payload)
    body = envelope(resp, 422, "validation_error")
    assert field in {d["field"] for d in body["details"]}
    assert SECRET not in resp.text and "p" * 129 not in resp.text


async def test_common_password_is_password_too_weak(client: httpx.AsyncClient) -> None:
    resp = await client.post(
        "/api/auth/signup",
        json={"name": "A", "email": unique_email(), "password": "password1234"},
    )
    body = envelope(resp, 422, "password_too_weak")
    assert body["details"] == [{"field": "password", "message": body["message"]}]
    assert "password1234" not in resp.text


async def test_absurdly_long_strings_are_refused_not_crashed(client: httpx.AsyncClient) -> None:
    resp = await client.post("/api/auth/refresh", json={"refresh_token": "r" * 10_000})
    envelope(resp, 422, "validation_error")
    resp = await client.post(
        "/api/auth/login", json={"email": "e" * 10_000, "password": "p" * 5000}
    )
    envelope(resp, 422, "validation_error")


async def test_invalid_utf8_is_a_400_envelope(client: httpx.AsyncClient) -> None:
    resp = await client.post(
        "/api/auth/login", content=b"\xff\xfe\xfa", headers={"content-type": "application/json"}
    )
    body = envelope(resp, 400, "bad_request")
    assert "\\x" not in body["message"]


async def test_session_id_that_is_not_a_uuid_is_422(client: httpx.AsyncClient) -> None:
    resp = await client.delete("/api/auth/sessions/not-a-uuid")
    assert resp.status_code in (401, 422)
    envelope(resp, resp.status_code)


CONTROL_CHARACTERS = ["\x00", "\r\n", "\n", "\t", "\x1b", "\x7f", "\x85", "\u2028", "\ud800"]


@pytest.mark.parametrize("char", CONTROL_CHARACTERS)
async def test_control_characters_in_text_fields_are_422_on_every_database(
    client: httpx.AsyncClient, char: str
) -> None:
    email = unique_email()
    cases = [
        ("/api/auth/signup", {"name": f"Ada{char}Lovelace", "email": email, "password": SECRET}),
        ("/api/auth/signup", {"name": "Ada", "email": f"a{char}{email}", "password": SECRET}),
        ("/api/auth/login", {"email": f"{email}{char}", "password": SECRET}),
        ("/api/auth/refresh", {"refresh_token": f"abc{char}def"}),
        ("/api/auth/password/forgot", {"email": f"{char}{email}"}),
        ("/api/auth/email/verify", {"token": f"abc{char}"}),
        ("/api/auth/password/reset", {"token": f"abc{char}", "new_password": SECRET}),
    ]
    for path, payload in cases:
        body = envelope(await post_escaped(client, path, payload), 422, "validation_error")
        assert body["details"], path


async def post_escaped(client: httpx.AsyncClient, path: str, payload: object) -> httpx.Response:
    """JSON with every non-ASCII character escaped, so a lone surrogate can be sent."""
    content = json.dumps(payload, ensure_ascii=True)
    return await client.post(path, content=content, headers={"content-type": "application/json"})


async def test_a_name_cannot_forge_log_lines(client: httpx.AsyncClient) -> None:
    forged = "Ada\n2026-12-03 07:00:00 INFO authgate.mail password reset for admin"
    payload = {"name": forged, "email": unique_email(), "password": SECRET}
    envelope(await client.post("/api/auth/signup", json=payload), 422, "validation_error")


async def test_a_nul_byte_in_the_token_endpoint_is_invalid_request(
    client: httpx.AsyncClient,
) -> None:
    for form in (
        {"grant_type": "password", "username": "a\x00@example.com", "password": SECRET},
        {"grant_type": "refresh_token", "refresh_token": "abc\x00"},
    ):
        resp = await client.post("/api/auth/token", data=form)
        assert resp.status_code == 400 and resp.json()["error"] == "invalid_request", resp.text


async def test_a_lone_surrogate_in_a_password_is_422_not_500(client: httpx.AsyncClient) -> None:
    payload = {"email": unique_email(), "password": "abc\ud800defgh"}
    resp = await post_escaped(client, "/api/auth/login", payload)
    envelope(resp, 422, "validation_error")
