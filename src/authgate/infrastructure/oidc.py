"""OpenID Connect providers through Authlib: discovery, the authorization code flow
with PKCE (S256), state and nonce, the code exchange and the ID token's verification
(signature from the provider's JWKS, iss, aud, exp, iat, nonce, azp).

Discovery documents and JWKS are cached for the life of the process; a token that
names an unknown `kid` makes Authlib fetch the JWKS again (the provider rotated its
keys), at most once a minute here.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from authlib.integrations.starlette_client import StarletteOAuth2App  # type: ignore[import-untyped]

from authgate.domain.errors import OIDC_PROVIDER_ERROR, OIDC_TOKEN_INVALID, OidcFailure
from authgate.domain.identities import ProviderClaims
from authgate.domain.ports import AuthorizationRequest
from authgate.infrastructure.oidc_settings import ProviderSettings

logger = logging.getLogger("authgate.oidc")

JWKS_REFETCH_SECONDS = 60
HTTP_TIMEOUT_SECONDS = 10


class _App(StarletteOAuth2App):  # type: ignore[misc]
    """Authlib's app, used without its session storage (flows are kept in the
    database, bound to the browser), with the JWKS refetch rate-limited."""

    _forced_at = float("-inf")

    async def fetch_jwk_set(self, force: bool = False) -> Any:
        if force and time.monotonic() - self._forced_at < JWKS_REFETCH_SECONDS:
            force = False  # an unknown kid again so soon: do not let tokens drive fetches
        if force:
            self._forced_at = time.monotonic()
        return await super().fetch_jwk_set(force)


class AuthlibOidcProvider:
    def __init__(self, settings: ProviderSettings, leeway_seconds: int = 0) -> None:
        self.name, self.display_name = settings.name, settings.display_name
        self.issuer = settings.issuer
        self._leeway = leeway_seconds
        self._app = _App(
            framework=None,
            name=settings.name,
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            server_metadata_url=f"{settings.issuer.rstrip('/')}/.well-known/openid-configuration",
            client_kwargs={
                "scope": settings.scopes,
                "code_challenge_method": "S256",
                "timeout": HTTP_TIMEOUT_SECONDS,
            },
        )

    async def authorization_request(self, redirect_uri: str) -> AuthorizationRequest:
        try:
            await self._checked_metadata()
            request = await self._app.create_authorization_url(redirect_uri)
        except OidcFailure:
            raise
        except Exception as exc:  # unreachable, or not a provider at all
            logger.warning("provider %s unavailable: %s", self.name, type(exc).__name__)
            raise OidcFailure(OIDC_PROVIDER_ERROR) from None
        return AuthorizationRequest(
            request["url"], request["state"], request["nonce"], request["code_verifier"]
        )

    async def claims(
        self, code: str, redirect_uri: str, code_verifier: str, nonce: str
    ) -> ProviderClaims:
        try:
            token = await self._app.fetch_access_token(
                redirect_uri=redirect_uri, code=code, code_verifier=code_verifier
            )
            info = await self._app.parse_id_token(token, nonce, leeway=self._leeway)
        except Exception as exc:  # a refused exchange, or a token that does not verify
            logger.warning("provider %s: token refused: %s", self.name, type(exc).__name__)
            raise OidcFailure(OIDC_TOKEN_INVALID) from None
        if info is None or not info.get("sub"):
            raise OidcFailure(OIDC_TOKEN_INVALID)
        return ProviderClaims(
            issuer=self.issuer,
            subject=str(info["sub"]),
            email=_text(info.get("email")),
            email_verified=info.get("email_verified") in (True, "true"),
            name=_text(info.get("name")),
        )

    async def _checked_metadata(self) -> None:
        """OpenID Connect Discovery 4.3: the document's issuer is the one configured."""
        metadata = await self._app.load_server_metadata()
        if metadata.get("issuer") != self.issuer:
            logger.warning("provider %s: discovery names another issuer", self.name)
            raise OidcFailure(OIDC_PROVIDER_ERROR)


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
