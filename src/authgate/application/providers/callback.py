"""Coming back from an OpenID Connect provider: the flow is checked and used up, the
code exchanged, the ID token verified, and the identity signs in or is linked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from authgate.application.account.mails import AccountMails
from authgate.application.account.one_time_tokens import issue_token
from authgate.application.audit import Audit
from authgate.application.auth.sign_in import SessionStarted, SignIn
from authgate.application.opaque_tokens import token_hash
from authgate.application.providers.accounts import Resolved, resolve
from authgate.application.providers.flows import RedirectUris
from authgate.domain.errors import (
    OIDC_PROVIDER_ERROR,
    OIDC_STATE_INVALID,
    OIDC_TOKEN_INVALID,
    Conflict,
    OidcFailure,
)
from authgate.domain.event_names import SecurityEventName as Event
from authgate.domain.identities import Intent, OidcFlow, ProviderClaims
from authgate.domain.models import ClientInfo, TokenPurpose
from authgate.domain.ports import Clock, Mailer, OidcProvider, UnitOfWorkFactory


@dataclass(frozen=True)
class CompleteProviderFlow:
    provider: str
    state: str | None
    browser_secret: str | None
    code: str | None
    error: str | None
    client: ClientInfo


@dataclass(frozen=True)
class ProviderOutcome:
    next_path: str
    started: SessionStarted | None  # None when an identity was linked to the caller


class CompleteProviderFlowHandler:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        oidc_providers: Mapping[str, OidcProvider],
        redirect_uri_of: RedirectUris,
        sign_in: SignIn,
        audit: Audit,
        clock: Clock,
        mailer: Mailer,
        mails: AccountMails,
    ) -> None:
        self._uow, self._providers, self._uris = uow, oidc_providers, redirect_uri_of
        self._sign_in, self._audit, self._clock = sign_in, audit, clock
        self._mailer, self._mails = mailer, mails

    async def __call__(self, cmd: CompleteProviderFlow) -> ProviderOutcome:
        provider = self._providers.get(cmd.provider)
        flow = await self._redeemed_flow(cmd)
        linking = flow.intent == Intent.LINK
        if cmd.error:
            raise OidcFailure(OIDC_PROVIDER_ERROR, linking)
        if provider is None or not cmd.code:
            raise OidcFailure(OIDC_TOKEN_INVALID, linking)
        try:
            claims = await provider.claims(
                cmd.code, self._uris(provider.name), flow.code_verifier, flow.nonce
            )
            return await self._signed_in_or_linked(flow, claims, cmd.client)
        except OidcFailure as failure:
            raise OidcFailure(failure.code, linking) from None

    async def _redeemed_flow(self, cmd: CompleteProviderFlow) -> OidcFlow:
        """Used up at once (committed before the code exchange), so a replayed state
        fails even while the first is still on its way."""
        if not cmd.state or not cmd.browser_secret:
            raise OidcFailure(OIDC_STATE_INVALID)  # no flow of this browser at all
        async with self._uow() as uow:
            flow = await uow.oidc_flows.get_by_state_for_update(token_hash(cmd.state))
            good = flow is not None and flow.redeem(
                cmd.provider, token_hash(cmd.browser_secret), self._clock.now()
            )
            await uow.commit()
        if flow is None or not good:
            raise OidcFailure(OIDC_STATE_INVALID)
        return flow

    async def _signed_in_or_linked(
        self, flow: OidcFlow, claims: ProviderClaims, client: ClientInfo
    ) -> ProviderOutcome:
        async with self._uow() as uow:
            now = self._clock.now()
            resolved = await resolve(uow, flow, claims, now)
            user = resolved.user
            if resolved.linked is not None:
                self._audit.record(uow, Event.IDENTITY_LINKED, now, user.id, client)
            token = None
            if resolved.created and not user.email_verified:
                token = await issue_token(uow, user, TokenPurpose.EMAIL_VERIFICATION, now)
            started = None
            if flow.intent == Intent.SIGN_IN:
                methods = [f"oidc:{flow.provider}"]
                started = await self._sign_in.start_session(uow, user, methods, client)
            try:
                await uow.commit()
            except Conflict:  # a racing first sign-in of the same identity or address
                raise OidcFailure(OIDC_STATE_INVALID) from None
        await self._tell(resolved, flow, token)
        return ProviderOutcome(flow.next_path, started)

    async def _tell(self, resolved: Resolved, flow: OidcFlow, token: str | None) -> None:
        user = resolved.user
        if resolved.linked is not None:
            notice = f"Your {flow.provider} account was linked: you can sign in with it."
            await self._mailer.send(self._mails.security_notice(user, "Account linked", notice))
        if token is not None:
            await self._mailer.send(self._mails.verification(user, token))
