"""Access tokens: JWTs signed by the key ring's current key (ES256 by default), with
`kid` in the header, the algorithm pinned per key, and iss/aud/exp required.

A token carries the person's info, so a request is authenticated without the
database. Verified tokens are kept in a small cache: a token shown again costs one
dictionary look-up and a clock check instead of a signature check (which for ES256
costs far more than the rest of the request).
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from authgate.domain.errors import InvalidToken, TokenExpired, UnknownSigningKey
from authgate.domain.events import UserProfile
from authgate.domain.models import Session, User
from authgate.domain.ports import Clock, VerifiedToken
from authgate.infrastructure.key_store import KeyStore
from authgate.infrastructure.signing_keys import HS256, KeyRing

# Tokens from before v2 were HS256 with this issuer; they verify until they expire.
LEGACY_ISSUER = "authgate"
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub", "sid", "jti", "name", "email", "created_at"]
# Time claims are checked against the injected clock, not PyJWT's wall clock.
DECODE_OPTIONS = {
    "require": REQUIRED_CLAIMS,
    "verify_exp": False,
    "verify_iat": False,
    "verify_nbf": False,
}
CACHE_SIZE = 10_000


class JwtAccessTokens:
    def __init__(
        self,
        ring: KeyRing,
        keys: KeyStore,
        ttl: timedelta,
        issuer: str,
        audience: str,
        clock: Clock,
        leeway_seconds: int = 0,
    ) -> None:
        self._ring, self._keys, self._ttl, self._clock = ring, keys, ttl, clock
        self._issuer, self._audience, self._leeway = issuer, audience, leeway_seconds
        self._verified: OrderedDict[str, tuple[VerifiedToken, float]] = OrderedDict()

    async def ready(self) -> None:
        await self._keys.ready()

    async def reload_keys(self) -> None:
        await self._keys.refresh_soon()

    async def issue(self, user: User, session: Session, now: datetime) -> str:
        """Never valid past its session's end."""
        await self._keys.ready()
        expires = min(now + self._ttl, session.expires_at)
        claims = {
            "sub": str(user.id),
            "sid": str(session.id),
            "name": user.name,
            "email": user.email,
            "avatar_url": user.avatar_url,
            "email_verified": user.email_verified,
            "role": user.role,
            "created_at": user.created_at.isoformat(),
            "auth_time": int((session.authenticated_at or session.created_at).timestamp()),
            "amr": list(session.methods),
            "iat": int(now.timestamp()),
            "exp": int(expires.timestamp()),
            "iss": self._issuer,
            "aud": self._audience,
            "jti": uuid.uuid4().hex,
        }
        key = self._ring.signer()
        headers = {"typ": "JWT", "kid": key.kid}
        return jwt.encode(claims, key.signing, algorithm=key.algorithm, headers=headers)

    def verify(self, token: str) -> VerifiedToken:
        cached = self._verified.get(token)
        if cached is None:
            cached = self._decode(token)
            self._remember(token, cached)
        verified, expires = cached
        if self._clock.now().timestamp() >= expires + self._leeway:
            raise TokenExpired()
        return verified

    def _remember(self, token: str, entry: tuple[VerifiedToken, float]) -> None:
        self._verified[token] = entry
        if len(self._verified) > CACHE_SIZE:
            self._verified.popitem(last=False)  # the oldest first: a bounded FIFO is enough

    def _decode(self, token: str) -> tuple[VerifiedToken, float]:
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            key = self._ring.verifier(kid if isinstance(kid, str) else None)
            if key is None:
                unknown = isinstance(kid, str) and not self._ring.knows(kid)
                raise UnknownSigningKey() if unknown else InvalidToken()  # or retired
            issuers = [self._issuer, LEGACY_ISSUER] if key.algorithm == HS256 else [self._issuer]
            claims = jwt.decode(
                token,
                key.verifying,
                algorithms=[key.algorithm],  # pinned by the key, never by the token
                audience=self._audience,
                issuer=issuers,
                options=DECODE_OPTIONS,  # type: ignore[arg-type]
            )
            self._check_times(claims)
            if key.algorithm == HS256 and not self._ring.issued_before_upgrade(claims["iat"]):
                raise InvalidToken()
            return _verified(claims), float(claims["exp"])
        except (jwt.PyJWTError, ValueError, TypeError, KeyError):
            raise InvalidToken() from None

    def _check_times(self, claims: dict[str, Any]) -> None:
        now = self._clock.now().timestamp()
        exp, iat, nbf = claims["exp"], claims["iat"], claims.get("nbf", 0)
        if not all(_is_number(v) for v in (exp, iat, nbf)):
            raise InvalidToken()
        if now + self._leeway < float(nbf) or now + self._leeway < float(iat):
            raise InvalidToken()  # not valid yet; `verify` checks the expiry, cached or not


def _verified(claims: dict[str, Any]) -> VerifiedToken:
    profile = UserProfile(
        id=uuid.UUID(str(claims["sub"])),
        name=str(claims["name"]),
        email=str(claims["email"]),
        avatar_url=_optional_str(claims.get("avatar_url")),
        email_verified=claims.get("email_verified") is True,
        role=str(claims.get("role", "user")),
        created_at=datetime.fromisoformat(str(claims["created_at"])),
    )
    issued_at = datetime.fromtimestamp(float(claims["iat"]), UTC)
    auth_time = claims.get("auth_time", claims["iat"])
    if not _is_number(auth_time):
        raise InvalidToken()
    authenticated_at = datetime.fromtimestamp(float(auth_time), UTC)
    return VerifiedToken(profile, uuid.UUID(str(claims["sid"])), issued_at, authenticated_at)


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
