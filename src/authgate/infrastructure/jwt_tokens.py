"""Access tokens: HS256 JWTs with the algorithm pinned and iss/aud/exp required."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import jwt

from authgate.domain.errors import InvalidToken, TokenExpired
from authgate.domain.models import User

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub", "sid", "jti"]


class JwtAccessTokens:
    def __init__(
        self,
        secret: str,
        ttl: timedelta,
        issuer: str,
        audience: str,
        leeway_seconds: int = 0,
    ) -> None:
        self._secret, self._ttl = secret, ttl
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
                leeway=self._leeway,
                options={"require": REQUIRED_CLAIMS},
            )
            return uuid.UUID(str(claims["sub"])), uuid.UUID(str(claims["sid"]))
        except jwt.ExpiredSignatureError:
            raise TokenExpired() from None
        except (jwt.PyJWTError, ValueError, TypeError, KeyError):
            raise InvalidToken() from None
