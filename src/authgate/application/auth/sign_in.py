"""Where every way of signing in ends.

A sign-in method (password, password and a second factor, and later a passkey or an
OpenID provider) proves who the person is; then `SignIn.start_session` checks the
account may sign in, starts the session with how it began, issues the first token pair
and records the event. Methods return a `SignInOutcome` and never decide how tokens
leave the server: that is the route's transport (cookies, JSON body, OAuth 2 body).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from authgate.application.audit import Audit
from authgate.application.auth.session_tokens import TokenIssuer
from authgate.domain.event_names import SecurityEventName as Event
from authgate.domain.models import ClientInfo, IssuedTokens, User
from authgate.domain.ports import Clock, UnitOfWork


@dataclass(frozen=True)
class SessionStarted:
    user: User
    tokens: IssuedTokens


@dataclass(frozen=True)
class SecondFactorRequired:
    """The first factor was right; `mfa_token` lets the client finish with a code."""

    mfa_token: str
    methods: tuple[str, ...]


SignInOutcome = SessionStarted | SecondFactorRequired


class SignIn:
    def __init__(self, issuer: TokenIssuer, audit: Audit, clock: Clock) -> None:
        self._issuer, self._audit, self._clock = issuer, audit, clock

    async def start_session(
        self, uow: UnitOfWork, user: User, methods: Sequence[str], client: ClientInfo
    ) -> SessionStarted:
        """In the caller's transaction: the session exists once the caller commits."""
        user.ensure_can_sign_in()
        now = self._clock.now()
        user.last_sign_in_at = now
        session = self._issuer.start_session(uow, user, methods, client, now)
        tokens = await self._issuer.issue(uow, user, session, now)
        self._audit.record(uow, Event.LOGIN_SUCCEEDED, now, user.id, client)
        return SessionStarted(user, tokens)
