"""AUTHGATE_OIDC_PROVIDERS read and checked, apart from Authlib: the settings check it at
start (a mistake stops the command line in one line), and Authlib loads only when a
provider is configured."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
DEFAULT_SCOPES = "openid email profile"


@dataclass(frozen=True)
class ProviderSettings:
    name: str
    display_name: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: str = DEFAULT_SCOPES


def parse_providers(raw: str | None) -> list[ProviderSettings]:
    """AUTHGATE_OIDC_PROVIDERS: a JSON list; ValueError says what is wrong with it."""
    if not raw or not raw.strip():
        return []
    entries = json.loads(raw)
    if not isinstance(entries, list):
        raise ValueError("AUTHGATE_OIDC_PROVIDERS must be a JSON list")
    providers = [_provider(entry) for entry in entries]
    names = [p.name for p in providers]
    if len(names) != len(set(names)):
        raise ValueError("AUTHGATE_OIDC_PROVIDERS names must be unique")
    return providers


def _provider(entry: Any) -> ProviderSettings:
    fields = ("name", "display_name", "issuer", "client_id", "client_secret")
    if not isinstance(entry, dict) or not all(isinstance(entry.get(f), str) for f in fields):
        raise ValueError(f"each provider needs string fields {', '.join(fields)}")
    if not NAME.fullmatch(entry["name"]):
        raise ValueError(f"provider name {entry['name']!r}: use a-z, 0-9, - and _")
    scopes = entry.get("scopes", DEFAULT_SCOPES)
    if "openid" not in str(scopes).split():
        raise ValueError(f"provider {entry['name']!r}: scopes must include openid")
    name, display_name, issuer, client_id, client_secret = (entry[f] for f in fields)
    return ProviderSettings(name, display_name, issuer, client_id, client_secret, str(scopes))
