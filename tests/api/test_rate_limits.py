"""Rate limits over HTTP with the default budgets (in-process storage)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.api.conftest import PASSWORD, MakeClient, envelope, login, signup, unique_email

WRONG = "not the right password"
EVENTS = "/api/users/me/security-events"


@pytest.fixture
async def limited(make_client: MakeClient) -> httpx.AsyncClient:
    """Rate limits on; X-Forwarded-For trusted from the test transport's 127.0.0.1."""
    return await make_client(rate_limits=True, trusted_proxies="127.0.0.1")


def from_ip(ip: str) -> dict[str, str]:
    return {"X-Forwarded-For": ip}


async def attempt(
    client: httpx.AsyncClient, email: str, password: str = WRONG, ip: str = "198.51.100.1"
) -> httpx.Response:
    return await client.post(
        "/api/auth/login", json={"email": email, "password": password}, headers=from_ip(ip)
    )


def assert_rate_limited(resp: httpx.Response, longest: int = 60) -> int:
    envelope(resp, 429, "rate_limited")
    retry_after = int(resp.headers["retry-after"])
    assert 1 <= retry_after <= longest
    return retry_after


async def test_failed_sign_ins_lock_the_account(limited: httpx.AsyncClient) -> None:
    email = unique_email()
    await signup(limited, email)
    for _ in range(5):
        envelope(await attempt(limited, email), 401, "invalid_credentials")
    resp = await attempt(limited, email, PASSWORD)  # even the right password now waits
    assert_rate_limited(resp)
    assert not resp.headers.get_list("set-cookie")


async def test_guesses_sent_at_once_get_no_more_tries_than_one_after_another(
    limited: httpx.AsyncClient,
) -> None:
    email = unique_email()
    await signup(limited, email)
    await login(limited, email)  # to read the events; a success spends nothing
    guesses = [attempt(limited, email, ip=f"198.51.100.{n + 10}") for n in range(18)]
    statuses = sorted(r.status_code for r in await asyncio.gather(*guesses))
    assert statuses == [401] * 5 + [429] * 13
    # The budget is spent: within the window even the right password waits.
    assert_rate_limited(await attempt(limited, email, PASSWORD, ip="198.51.100.99"))
    events = [e["event"] for e in envelope(await limited.get(EVENTS), 200)["data"]]
    assert events.count("login_failed") == 5
    assert events.count("login_throttled") == 1, "one lockout, one event"


async def test_an_unknown_email_gets_the_very_same_429(limited: httpx.AsyncClient) -> None:
    known, unknown = unique_email("known"), unique_email("unknown")
    await signup(limited, known)
    answers = []
    for email in (known, unknown):
        for _ in range(5):
            envelope(await attempt(limited, email), 401, "invalid_credentials")
        answers.append(await attempt(limited, email))
    for resp in answers:
        assert_rate_limited(resp)
    assert answers[0].content == answers[1].content
    assert set(answers[0].headers) == set(answers[1].headers)


async def test_successful_sign_ins_never_lock_the_person_out(limited: httpx.AsyncClient) -> None:
    email = unique_email()
    await signup(limited, email)
    for _ in range(12):
        envelope(await attempt(limited, email, PASSWORD), 200)


async def test_a_success_gives_its_place_back(limited: httpx.AsyncClient) -> None:
    email = unique_email()
    await signup(limited, email)
    for _ in range(4):
        envelope(await attempt(limited, email), 401)
    for _ in range(3):
        envelope(await attempt(limited, email, PASSWORD), 200)
    envelope(await attempt(limited, email), 401)  # the fifth failure still fits
    assert_rate_limited(await attempt(limited, email))


async def test_the_account_limit_holds_whatever_the_address(limited: httpx.AsyncClient) -> None:
    email = unique_email()
    for n in range(5):
        envelope(await attempt(limited, email, ip=f"198.51.100.{n + 10}"), 401)
    assert_rate_limited(await attempt(limited, email.upper(), ip="203.0.113.99"))


async def test_one_address_is_limited_across_accounts(limited: httpx.AsyncClient) -> None:
    for _ in range(20):
        envelope(await attempt(limited, unique_email()), 401, "invalid_credentials")
    assert_rate_limited(await attempt(limited, unique_email()))
    envelope(await attempt(limited, unique_email(), ip="198.51.100.2"), 401)


async def test_the_password_grant_shares_the_sign_in_budget(limited: httpx.AsyncClient) -> None:
    email = unique_email()
    for _ in range(3):
        envelope(await attempt(limited, email), 401)
    form = {"grant_type": "password", "username": email, "password": WRONG}
    for _ in range(2):
        resp = await limited.post("/api/auth/token", data=form, headers=from_ip("198.51.100.1"))
        assert resp.json()["error"] == "invalid_grant"
    resp = await limited.post("/api/auth/token", data=form, headers=from_ip("198.51.100.1"))
    assert_rate_limited(resp)


async def test_signup_is_limited_per_address(limited: httpx.AsyncClient) -> None:
    def body() -> dict[str, str]:
        return {"name": "Ada", "email": unique_email(), "password": PASSWORD}

    for _ in range(5):
        envelope(
            await limited.post("/api/auth/signup", json=body(), headers=from_ip("1.2.3.4")), 201
        )
    resp = await limited.post("/api/auth/signup", json=body(), headers=from_ip("1.2.3.4"))
    assert_rate_limited(resp)
    envelope(await limited.post("/api/auth/signup", json=body(), headers=from_ip("1.2.3.5")), 201)


async def test_refresh_and_the_refresh_grant_share_a_per_address_budget(
    limited: httpx.AsyncClient,
) -> None:
    headers = from_ip("198.51.100.7")
    for _ in range(59):
        resp = await limited.post("/api/auth/refresh", json={"refresh_token": "x"}, headers=headers)
        envelope(resp, 401, "invalid_refresh_token")
    grant = {"grant_type": "refresh_token", "refresh_token": "x"}
    assert (await limited.post("/api/auth/token", data=grant, headers=headers)).status_code == 400
    assert_rate_limited(await limited.post("/api/auth/token", data=grant, headers=headers))
    resp = await limited.post("/api/auth/refresh", json={"refresh_token": "x"}, headers=headers)
    assert_rate_limited(resp)


async def test_the_lockout_shows_in_the_persons_security_events(
    limited: httpx.AsyncClient, make_client: MakeClient
) -> None:
    email = unique_email()
    await signup(limited, email)
    await login(limited, email)
    for _ in range(5):
        await attempt(limited, email, ip="203.0.113.66")
    events = envelope(await limited.get("/api/users/me/security-events"), 200)["data"]
    throttled = [e for e in events if e["event"] == "login_throttled"]
    assert len(throttled) == 1 and throttled[0]["ip"] == "203.0.113.66"


async def test_rate_limits_false_turns_every_limit_off(make_client: MakeClient) -> None:
    client = await make_client(rate_limits=False)
    email = unique_email()
    await signup(client, email)
    for _ in range(25):
        envelope(await attempt(client, email), 401, "invalid_credentials")
    await login(client, email)


async def test_an_unreachable_shared_store_is_503_not_a_crash(make_client: MakeClient) -> None:
    client = await make_client(rate_limits=True, redis_url="redis://127.0.0.1:1/0")
    for path, body in (
        ("/api/auth/login", {"email": unique_email(), "password": WRONG}),
        ("/api/auth/refresh", {"refresh_token": "x"}),
    ):
        resp = await client.post(path, json=body)
        envelope(resp, 503, "service_unavailable")
        assert int(resp.headers["retry-after"]) > 0


async def test_forgot_password_is_limited_per_address(limited: httpx.AsyncClient) -> None:
    headers = from_ip("198.51.100.9")
    answers = [
        await limited.post(
            "/api/auth/password/forgot", json={"email": unique_email()}, headers=headers
        )
        for _ in range(6)
    ]
    assert [r.status_code for r in answers] == [202] * 5 + [429]
    assert_rate_limited(answers[-1])
    other = await limited.post(
        "/api/auth/password/forgot", json={"email": unique_email()}, headers=from_ip("198.51.100.8")
    )
    envelope(other, 202)


async def test_forgot_password_is_limited_per_email_known_or_not(
    limited: httpx.AsyncClient,
) -> None:
    known = unique_email("known")
    await signup(limited, known)
    answers = {}
    for email in (known, unique_email("unknown")):
        for n in range(5):  # every request from its own address
            resp = await limited.post(
                "/api/auth/password/forgot", json={"email": email}, headers=from_ip(f"192.0.2.{n}")
            )
            envelope(resp, 202)
        answers[email] = await limited.post(
            "/api/auth/password/forgot", json={"email": email}, headers=from_ip("192.0.2.99")
        )
    first, second = answers.values()
    assert_rate_limited(first, longest=3600)
    assert first.content == second.content


async def test_verification_resend_is_limited_and_recorded_for_the_person(
    limited: httpx.AsyncClient,
) -> None:
    email = unique_email()
    await signup(limited, email)
    await login(limited, email)
    statuses = [(await limited.post("/api/auth/email/verify/resend")).status_code for _ in range(4)]
    assert statuses == [202, 202, 202, 429]
    events = envelope(await limited.get("/api/users/me/security-events"), 200)["data"]
    assert [e["event"] for e in events].count("rate_limited") == 1
    limited.cookies.clear()
    envelope(await limited.post("/api/auth/email/verify/resend"), 401, "not_authenticated")


async def test_wrong_current_passwords_count_as_failed_sign_ins(
    limited: httpx.AsyncClient,
) -> None:
    email = unique_email()
    await signup(limited, email)
    await login(limited, email)
    change = {"current_password": WRONG, "new_password": "an entirely new phrase"}
    for _ in range(5):
        resp = await limited.post("/api/users/me/password", json=change)
        envelope(resp, 400, "invalid_current_password")
    resp = await limited.request("DELETE", "/api/users/me", json={"password": PASSWORD})
    assert_rate_limited(resp)
    assert_rate_limited(await attempt(limited, email, PASSWORD))


async def test_wrong_current_passwords_sent_at_once_are_limited_too(
    limited: httpx.AsyncClient,
) -> None:
    email = unique_email()
    await signup(limited, email)
    await login(limited, email)
    change = {"current_password": WRONG, "new_password": "an entirely new phrase"}
    guesses = [limited.post("/api/users/me/password", json=change) for _ in range(18)]
    statuses = sorted(r.status_code for r in await asyncio.gather(*guesses))
    assert statuses == [400] * 5 + [429] * 13
    events = [e["event"] for e in envelope(await limited.get(EVENTS), 200)["data"]]
    assert events.count("login_throttled") == 1


@pytest.mark.parametrize(
    ("path", "body", "error"),
    [
        (
            "/api/auth/password/reset",
            {"token": "x", "new_password": "a fresh new phrase"},
            "invalid_reset_token",
        ),
        ("/api/auth/email/verify", {"token": "x"}, "invalid_verification_token"),
    ],
)
async def test_token_redemption_is_limited_per_address(
    limited: httpx.AsyncClient, path: str, body: dict[str, str], error: str
) -> None:
    for _ in range(10):
        envelope(await limited.post(path, json=body, headers=from_ip("198.51.100.20")), 400, error)
    assert_rate_limited(await limited.post(path, json=body, headers=from_ip("198.51.100.20")))
    envelope(await limited.post(path, json=body, headers=from_ip("198.51.100.21")), 400, error)
