"""A fake WebAuthn relying party: credentials are plain dicts naming their challenge,
so the handlers' rules can be tested without signatures (the API tests sign for real)."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from itertools import count
from typing import Any

from authgate.domain.errors import InvalidPasskey
from authgate.domain.ports import Assertion, NewCredential

_challenges = count(1)


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class FakeWebAuthn:
    def __init__(self) -> None:
        self.excluded: list[str] = []

    def creation_options(
        self, user_handle: bytes, name: str, display_name: str, exclude: Sequence[str]
    ) -> tuple[dict[str, Any], str]:
        challenge = f"c{next(_challenges)}"
        self.excluded = list(exclude)
        options = {"challenge": challenge, "user": {"id": b64(user_handle), "name": name}}
        return options, challenge

    def request_options(self) -> tuple[dict[str, Any], str]:
        challenge = f"c{next(_challenges)}"
        return {"challenge": challenge}, challenge

    def verify_registration(self, credential: dict[str, Any], challenge: str) -> NewCredential:
        if credential.get("challenge") != challenge:
            raise InvalidPasskey()
        cid = str(credential["id"])
        return NewCredential(cid, f"key-of-{cid}".encode(), int(credential.get("count", 0)))

    def read_assertion(self, credential: dict[str, Any]) -> Assertion:
        handle = credential.get("userHandle")
        return Assertion(
            str(credential["rawId"]), base64.urlsafe_b64decode(handle + "==") if handle else None
        )

    def verify_assertion(
        self, credential: dict[str, Any], challenge: str, public_key: bytes
    ) -> int:
        if credential.get("challenge") != challenge:
            raise InvalidPasskey()
        if public_key != f"key-of-{credential['rawId']}".encode():
            raise InvalidPasskey()
        return int(credential.get("count", 0))


def created(options: dict[str, Any], cid: str, sign_count: int = 0) -> dict[str, Any]:
    """What an authenticator answers to creation options."""
    return {
        "id": cid,
        "challenge": options["challenge"],
        "count": sign_count,
        "user": options["user"],
    }


def asserted(
    options: dict[str, Any], cid: str, user_handle: str | None, sign_count: int = 0
) -> dict[str, Any]:
    return {
        "rawId": cid,
        "challenge": options["challenge"],
        "userHandle": user_handle,
        "count": sign_count,
    }
