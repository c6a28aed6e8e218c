"""Which account a provider's identity signs in to: API.md's four rules.

Identities are keyed by (issuer, subject), never by email. An email alone links an
identity to an existing account only when both sides have verified it (and the account
has no second factor to bypass); otherwise the person signs in the usual way and links
the provider from the account page. This closes the pre-account-takeover: someone who
signed up with another person's address cannot gain that person's provider sign-in.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from authgate.domain.errors import (
    OIDC_ACCOUNT_EXISTS,
    OIDC_EMAIL_MISSING,
    OIDC_IDENTITY_IN_USE,
    OidcFailure,
)
from authgate.domain.identities import Identity, OidcFlow, ProviderClaims
from authgate.domain.models import User
from authgate.domain.ports import UnitOfWork
from authgate.domain.values import normalise_email


@dataclass(frozen=True)
class Resolved:
    user: User
    linked: Identity | None  # a link made now (the owner is told)
    created: bool  # a new account


async def resolve(
    uow: UnitOfWork, flow: OidcFlow, claims: ProviderClaims, now: datetime
) -> Resolved:
    linking = flow.user_id is not None
    known = await uow.identities.get_by_subject(claims.issuer, claims.subject)
    if known is not None:  # rule 1, and rule 2's "linked to another one"
        if linking and known.user_id != flow.user_id:
            raise OidcFailure(OIDC_IDENTITY_IN_USE, linking=True)
        known.email = claims.email
        return Resolved(await _owner(uow, known.user_id, linking), None, False)
    if linking:  # rule 2
        assert flow.user_id is not None
        user = await _owner(uow, flow.user_id, linking)
        return Resolved(user, _link(uow, user, flow, claims, now), False)
    if not claims.email:
        raise OidcFailure(OIDC_EMAIL_MISSING)
    email = normalise_email(claims.email)
    existing = await uow.users.get_by_email(email)
    if existing is not None:  # rule 3
        if not (claims.email_verified and existing.email_verified):
            raise OidcFailure(OIDC_ACCOUNT_EXISTS)
        totp = await uow.totp.get(existing.id)
        if totp is not None and totp.enabled:
            raise OidcFailure(OIDC_ACCOUNT_EXISTS)  # a provider must not skip the code
        return Resolved(existing, _link(uow, existing, flow, claims, now), False)
    user = User(  # rule 4
        id=uuid.uuid4(),
        name=(claims.name or email.split("@")[0])[:200],
        email=email,
        password_hash=None,
        created_at=now,
        email_verified=claims.email_verified,
    )
    uow.users.add(user)
    _link(uow, user, flow, claims, now)
    return Resolved(user, None, True)


async def _owner(uow: UnitOfWork, user_id: uuid.UUID, linking: bool) -> User:
    user = await uow.users.get(user_id)
    if user is None:
        raise OidcFailure(OIDC_IDENTITY_IN_USE, linking=linking)
    return user


def _link(
    uow: UnitOfWork, user: User, flow: OidcFlow, claims: ProviderClaims, now: datetime
) -> Identity:
    identity = Identity(
        id=uuid.uuid4(),
        user_id=user.id,
        provider=flow.provider,
        issuer=claims.issuer,
        subject=claims.subject,
        email=claims.email,
        created_at=now,
    )
    uow.identities.add(identity)
    return identity
