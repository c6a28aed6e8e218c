"""Starting a trip to an OpenID Connect provider."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from authgate.application.account.reauthentication import RECENT_SIGN_IN
from authgate.application.opaque_tokens import new_token, token_hash
from authgate.domain.errors import OidcFailure, ProviderNotFound
from authgate.domain.identities import Intent, OidcFlow
from authgate.domain.ports import Clock, OidcProvider, UnitOfWorkFactory

FLOW_TTL = timedelta(minutes=10)
REAUTHENTICATION_REQUIRED = "reauthentication_required"


def same_origin_path(next_path: str | None) -> str:
    """Only a path on this site: never `//host`, `/\\host` or a scheme."""
    path = (next_path or "").strip()
    if not path.startswith("/") or path.startswith(("//", "/\\")) or "\\" in path:
        return "/"
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in path):
        return "/"
    return path


@dataclass(frozen=True)
class StartProviderFlow:
    provider: str
    intent: str
    next_path: str | None
    user_id: uuid.UUID | None = None  # signed in (needed to link)
    authenticated_at: datetime | None = None


@dataclass(frozen=True)
class ProviderRedirect:
    url: str
    browser_secret: str  # goes into an HttpOnly cookie: the flow works in this browser only


class StartProviderFlowHandler:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        oidc_providers: Mapping[str, OidcProvider],
        redirect_uri_of: RedirectUris,
        clock: Clock,
    ) -> None:
        self._uow, self._providers, self._uris, self._clock = (
            uow,
            oidc_providers,
            redirect_uri_of,
            clock,
        )

    async def __call__(self, cmd: StartProviderFlow) -> ProviderRedirect:
        provider = self._providers.get(cmd.provider)
        if provider is None:
            raise ProviderNotFound()
        linking = cmd.intent == Intent.LINK
        now = self._clock.now()
        if linking and not _recently_signed_in(cmd, now):
            raise OidcFailure(REAUTHENTICATION_REQUIRED, linking=True)
        request = await provider.authorization_request(self._uris(provider.name))
        browser_secret = new_token()
        flow = OidcFlow(
            id=uuid.uuid4(),
            state_hash=token_hash(request.state),
            browser_hash=token_hash(browser_secret),
            provider=provider.name,
            intent=Intent.LINK if linking else Intent.SIGN_IN,
            nonce=request.nonce,
            code_verifier=request.code_verifier,
            next_path=same_origin_path(cmd.next_path),
            created_at=now,
            expires_at=now + FLOW_TTL,
            user_id=cmd.user_id if linking else None,
        )
        async with self._uow() as uow:
            uow.oidc_flows.add(flow)
            await uow.commit()
        return ProviderRedirect(request.url, browser_secret)


def _recently_signed_in(cmd: StartProviderFlow, now: datetime) -> bool:
    """Linking is sensitive, and a redirect carries no password: the session's sign-in
    must be recent, as for an account without a password."""
    signed_in = cmd.authenticated_at
    return cmd.user_id is not None and signed_in is not None and now - signed_in <= RECENT_SIGN_IN


class RedirectUris:
    """`{public URL}/api/auth/oidc/{name}/callback`, exactly, for every provider."""

    def __init__(self, public_url: str) -> None:
        self._base = public_url.rstrip("/")

    def __call__(self, provider: str) -> str:
        return f"{self._base}/api/auth/oidc/{provider}/callback"


class ListProvidersHandler:
    """The configured providers, for the sign-in page's buttons."""

    def __init__(self, oidc_providers: Mapping[str, OidcProvider]) -> None:
        self._providers = oidc_providers

    async def __call__(self) -> list[tuple[str, str]]:
        return [(p.name, p.display_name) for p in self._providers.values()]
