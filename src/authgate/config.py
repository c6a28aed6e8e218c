"""Settings, read from AUTHGATE_* environment variables."""

from __future__ import annotations

import ipaddress
import os
import secrets
import time
from datetime import timedelta
from email.utils import getaddresses
from functools import cached_property
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from authgate.application.policy import SessionPolicy
from authgate.infrastructure.data_dir import (
    DATABASE_FILE,
    SECRET_FILE,
    ensure_private_dir,
    warn_if_readable,
)
from authgate.infrastructure.mail.smtp_settings import parse_smtp_url
from authgate.infrastructure.oidc_settings import parse_providers

MIN_SECRET_LENGTH = 32


class SettingsError(ValueError):
    """A setting that parses but cannot be used (a secret key too short, an empty key
    file): the command line reports it in one line."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AUTHGATE_", extra="ignore")

    data_dir: Path = Path(".authgate")
    database_url: str | None = None
    redis_url: str | None = None
    secret_key: SecretStr | None = None
    access_token_ttl_seconds: int = 900
    refresh_token_ttl_seconds: int = 604800
    refresh_reuse_grace_seconds: int = 10
    session_max_age_seconds: int = 2592000
    jwt_leeway_seconds: int = 0
    jwt_algorithm: Literal["ES256", "EdDSA", "HS256"] = "ES256"
    jwt_audience: str = "authgate"
    app_name: str = Field(default="authgate", min_length=1, max_length=64)
    webauthn_rp_id: str | None = None
    oidc_providers: str | None = None  # a JSON list; see infrastructure/oidc.py
    trusted_proxies: str = ""
    mail_from: str = "authgate@localhost"
    bcrypt_rounds: int = 12
    cookie_secure: bool = True
    allowed_origins: str = ""
    rate_limits: bool = True
    public_url: str = "http://127.0.0.1:8000"
    smtp_url: str | None = None
    docs_enabled: bool | None = None
    opentelemetry: bool = False
    web_dir: Path | None = None

    @field_validator("public_url")
    @classmethod
    def _a_web_url(cls, value: str) -> str:
        if not _is_web_url(value, path_allowed=True):
            raise ValueError("must be an http or https URL such as https://auth.example.com")
        return value

    @field_validator("allowed_origins")
    @classmethod
    def _origins(cls, value: str) -> str:
        if not all(_is_web_url(item.rstrip("/"), path_allowed=False) for item in _items(value)):
            raise ValueError("each entry must be an origin such as https://app.example.com")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        for item in _items(value):
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(
                    "each entry must be an IP address or network such as 10.0.0.0/8"
                ) from None
        return value

    @field_validator("smtp_url")
    @classmethod
    def _smtp(cls, value: str | None) -> str | None:
        if value is not None:
            parse_smtp_url(value)  # its ValueError says what is wrong, never the password
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis(cls, value: str | None) -> str | None:
        if value is not None and urlsplit(value).scheme not in ("redis", "rediss", "unix"):
            raise ValueError("must be a redis://, rediss:// or unix:// URL")
        return value

    @field_validator("oidc_providers")
    @classmethod
    def _providers(cls, value: str | None) -> str | None:
        parse_providers(value)  # its ValueError says what is wrong
        return value

    @field_validator("mail_from")
    @classmethod
    def _sender(cls, value: str) -> str:
        if not _is_sender(value):
            raise ValueError("must be an address such as Example <no-reply@example.com>")
        return value

    @field_validator("webauthn_rp_id")
    @classmethod
    def _rp_id_lowercase(cls, value: str | None) -> str | None:
        return value.strip().lower() if value else None

    @model_validator(mode="after")
    def _rp_id_covers_public_url(self) -> Settings:
        """Browsers refuse a passkey ceremony whose RP ID is neither the page's host nor
        a domain it belongs to (WebAuthn, "RP ID"): refuse such a setting at start."""
        host = urlsplit(self.public_url).hostname or ""
        rp_id = self.webauthn_rp_id
        if rp_id and not (host == rp_id or (_is_domain(host) and host.endswith("." + rp_id))):
            raise ValueError(
                f"AUTHGATE_WEBAUTHN_RP_ID must be the host of AUTHGATE_PUBLIC_URL ({host}) "
                "or a domain it belongs to"
            )
        return self

    @property
    def token_issuer(self) -> str:
        """`iss` of access tokens: the public URL, which other services can verify."""
        return self.public_url.rstrip("/")

    @property
    def public_origin(self) -> str:
        """Scheme, host and port of the public URL: what browsers send as Origin."""
        return origin_of(self.public_url)

    @property
    def effective_webauthn_rp_id(self) -> str:
        return self.webauthn_rp_id or urlsplit(self.public_url).hostname or "localhost"

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{self.data_dir.resolve() / DATABASE_FILE}"

    @property
    def docs_on(self) -> bool:
        """AUTHGATE_DOCS_ENABLED when set; else on for a plain-http (local) public URL only."""
        if self.docs_enabled is not None:
            return self.docs_enabled
        return urlsplit(self.public_url).scheme != "https"

    @property
    def policy(self) -> SessionPolicy:
        return SessionPolicy(
            access_ttl=timedelta(seconds=self.access_token_ttl_seconds),
            refresh_ttl=timedelta(seconds=self.refresh_token_ttl_seconds),
            reuse_grace=timedelta(seconds=self.refresh_reuse_grace_seconds),
            session_max_age=timedelta(seconds=self.session_max_age_seconds),
        )

    @cached_property
    def trusted_proxy_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return tuple(ipaddress.ip_network(p, strict=False) for p in _items(self.trusted_proxies))

    @cached_property
    def allowed_origin_set(self) -> frozenset[str]:
        items = [o.rstrip("/") for o in _items(self.allowed_origins)]
        return frozenset(items or [origin_of(self.public_url)])

    def signing_secret(self) -> str:
        """The configured secret, else the one generated on first start in the data dir."""
        if self.secret_key is not None:
            value = self.secret_key.get_secret_value()
            if len(value) < MIN_SECRET_LENGTH:
                raise SettingsError(
                    f"AUTHGATE_SECRET_KEY must have at least {MIN_SECRET_LENGTH} characters"
                )
            return value
        return load_or_create_secret(self.data_dir)


def _items(text: str) -> list[str]:
    """The entries of a comma-separated setting."""
    return [item.strip() for item in text.split(",") if item.strip()]


def _is_web_url(text: str, path_allowed: bool) -> bool:
    try:
        parts = urlsplit(text)
        port_ok = parts.port is None or parts.port > 0  # reading it checks it is a number
    except ValueError:
        return False
    path_ok = path_allowed or parts.path in ("", "/")
    simple = not (parts.query or parts.fragment or parts.username or parts.password)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and port_ok
        and path_ok
        and simple
    )


def _is_sender(text: str) -> bool:
    """`name <local@domain>` or `local@domain`, on one line (a mail header)."""
    if "\r" in text or "\n" in text:
        return False
    found = getaddresses([text])
    if len(found) != 1:  # "a@example.com, b@example.com": a list, not a sender
        return False
    _, address = found[0]
    local, at, domain = address.rpartition("@")
    return bool(local and at and domain) and " " not in address


def _is_domain(host: str) -> bool:
    """A name, not an IP address: only names have parent domains to share passkeys."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return True
    return False


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def load_or_create_secret(data_dir: Path) -> str:
    ensure_private_dir(data_dir)
    path = data_dir / SECRET_FILE
    try:  # O_EXCL: of several workers starting at once, exactly one writes the key
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        warn_if_readable(path)
        return _read_secret(path)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(64))
    return _read_secret(path)


def _read_secret(path: Path) -> str:
    for _ in range(50):
        value = path.read_text().strip()
        if value:
            return value
        time.sleep(0.01)  # another process is still writing it
    raise SettingsError(f"the secret key file {path} is empty")
