"""Access tokens: HS256 JWTs with the algorithm pinned and iss/aud/exp required."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import jwt

from authgate.domain.errors import InvalidToken, TokenExpired
from authgate.domain.models import User
from authgate.domain.ports import Clock

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub", "sid", "jti"]
# Time claims are checked against the injected clock, not PyJWT's wall clock.
DECODE_OPTIONS = {
    "require": REQUIRED_CLAIMS,
    "verify_exp": False,
    "verify_iat": False,
    "verify_nbf": False,
}


class JwtAccessTokens:
    def __init__(
        self,
        secret: str,
        ttl: timedelta,
        issuer: str,
        audience: str,
        clock: Clock,
        leeway_seconds: int = 0,
    ) -> None:
        self._secret, self._ttl, self._clock = secret, ttl, clock
        self._issuer, self._audience, self._leeway = issuer, audience, leeway_seconds

    def issue(self, user: User, session_id: uuid.UUID, now: datetime) -> str:
        claims = {
            "sub": str(user.id),
            "sid": str(session_id),
            "name": user.name,
            "email": user.email,
            "avatar_url": user.avatar_url,
            "iat": int(now.timestamp()),
            "exp": int((now + self._ttl).timestamp()),
            "iss": self._issuer,
            "aud": self._audience,
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM, headers={"typ": "JWT"})

    def session_of(self, token: str) -> tuple[uuid.UUID, uuid.UUID]:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                audience=self._audience,
                issuer=self._issuer,
                options=DECODE_OPTIONS,  # type: ignore[arg-type]
            )
            self._check_times(claims)
            return uuid.UUID(str(claims["sub"])), uuid.UUID(str(claims["sid"]))
        except (jwt.PyJWTError, ValueError, TypeError, KeyError):
            raise InvalidToken() from None

    def _check_times(self, claims: dict[str, object]) -> None:
        now = self._clock.now().timestamp()
        exp, iat, nbf = claims["exp"], claims["iat"], claims.get("nbf", 0)
        if not all(_is_number(v) for v in (exp, iat, nbf)):
            raise InvalidToken()
        if now + self._leeway < float(nbf) or now + self._leeway < float(iat):  # type: ignore[arg-type]
            raise InvalidToken()  # not valid yet
        if now >= float(exp) + self._leeway:  # type: ignore[arg-type]
            raise TokenExpired()


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
