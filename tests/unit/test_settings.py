"""Settings that parse but could not work are refused when they are read."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from authgate.config import Settings


def settings(**values: str) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("public_url", "rp_id", "effective"),
    [
        ("https://auth.example.com", "", "auth.example.com"),
        ("https://auth.example.com", "auth.example.com", "auth.example.com"),
        ("https://auth.example.com", "Example.COM", "example.com"),
        ("http://localhost:8000", "localhost", "localhost"),
        ("http://127.0.0.1:8000", "127.0.0.1", "127.0.0.1"),
    ],
)
def test_the_passkey_rp_id_is_the_public_host_or_a_domain_above_it(
    public_url: str, rp_id: str, effective: str
) -> None:
    chosen = settings(public_url=public_url, webauthn_rp_id=rp_id)
    assert chosen.effective_webauthn_rp_id == effective


@pytest.mark.parametrize(
    ("public_url", "rp_id"),
    [
        ("https://auth.example.com", "other.example"),
        ("https://auth.example.com", "ample.com"),  # a suffix, but not a parent domain
        ("https://auth.example.com", "auth.example.com.evil"),
        ("http://127.0.0.1:8000", "0.0.1"),  # addresses have no parent domains
        ("http://127.0.0.1:8000", "localhost"),
    ],
)
def test_an_rp_id_no_browser_would_accept_is_refused(public_url: str, rp_id: str) -> None:
    with pytest.raises(ValidationError, match="AUTHGATE_WEBAUTHN_RP_ID must be the host"):
        settings(public_url=public_url, webauthn_rp_id=rp_id)


@pytest.mark.parametrize(
    "sender",
    [
        "authgate@localhost",
        "no-reply@example.com",
        "Example <no-reply@example.com>",
        '"Example, Inc." <no-reply@example.com>',
    ],
)
def test_a_sender_address_is_accepted(sender: str) -> None:
    assert settings(mail_from=sender).mail_from == sender


@pytest.mark.parametrize(
    "sender",
    [
        "no-reply",
        "@example.com",
        "no-reply@",
        "a@example.com\r\nBcc: b@example.com",
        "a@example.com, b@example.com",
        "",
    ],
)
def test_a_sender_that_is_not_an_address_is_refused(sender: str) -> None:
    with pytest.raises(ValidationError, match="must be an address"):
        settings(mail_from=sender)
