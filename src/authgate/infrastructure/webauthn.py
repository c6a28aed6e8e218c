"""WebAuthn with py_webauthn: the relying party's options and checks.

User verification and resident (discoverable) keys are required; the RP ID and the
origin come from the public URL. Any answer that does not verify, or is not even
well-formed, is InvalidPasskey: the caller learns nothing more from it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from authgate.domain.errors import InvalidPasskey
from authgate.domain.ports import Assertion, NewCredential

TIMEOUT_MS = 5 * 60 * 1000  # as long as the challenge lives
MALFORMED = (WebAuthnException, ValueError, TypeError, KeyError, AttributeError)


class PyWebAuthn:
    def __init__(self, rp_id: str, rp_name: str, origin: str) -> None:
        self._rp_id, self._rp_name, self._origin = rp_id, rp_name, origin

    def creation_options(
        self, user_handle: bytes, name: str, display_name: str, exclude: Sequence[str]
    ) -> tuple[dict[str, Any], str]:
        options = generate_registration_options(
            rp_id=self._rp_id,
            rp_name=self._rp_name,
            user_id=user_handle,
            user_name=name,
            user_display_name=display_name,
            timeout=TIMEOUT_MS,
            authenticator_selection=AuthenticatorSelectionCriteria(
                resident_key=ResidentKeyRequirement.REQUIRED,
                user_verification=UserVerificationRequirement.REQUIRED,
            ),
            exclude_credentials=[
                PublicKeyCredentialDescriptor(id=base64url_to_bytes(c)) for c in exclude
            ],
        )
        return json.loads(options_to_json(options)), bytes_to_base64url(options.challenge)

    def request_options(self) -> tuple[dict[str, Any], str]:
        options = generate_authentication_options(
            rp_id=self._rp_id,
            timeout=TIMEOUT_MS,
            user_verification=UserVerificationRequirement.REQUIRED,
        )
        return json.loads(options_to_json(options)), bytes_to_base64url(options.challenge)

    def verify_registration(self, credential: dict[str, Any], challenge: str) -> NewCredential:
        try:
            verified = verify_registration_response(
                credential=credential,
                expected_challenge=base64url_to_bytes(challenge),
                expected_rp_id=self._rp_id,
                expected_origin=self._origin,
                require_user_verification=True,
            )
        except MALFORMED:
            raise InvalidPasskey() from None
        return NewCredential(
            bytes_to_base64url(verified.credential_id),
            verified.credential_public_key,
            verified.sign_count,
        )

    def read_assertion(self, credential: dict[str, Any]) -> Assertion:
        try:
            raw_id = base64url_to_bytes(str(credential["rawId"]))
            handle = credential["response"].get("userHandle")
            user_handle = base64url_to_bytes(str(handle)) if handle else None
        except MALFORMED:
            raise InvalidPasskey() from None
        return Assertion(bytes_to_base64url(raw_id), user_handle)

    def verify_assertion(
        self, credential: dict[str, Any], challenge: str, public_key: bytes
    ) -> int:
        try:
            verified = verify_authentication_response(
                credential=credential,
                expected_challenge=base64url_to_bytes(challenge),
                expected_rp_id=self._rp_id,
                expected_origin=self._origin,
                credential_public_key=public_key,
                # The counter is the domain's to judge (Passkey.use), so that a
                # regression is told apart from a bad signature and recorded.
                credential_current_sign_count=0,
                require_user_verification=True,
            )
        except MALFORMED:
            raise InvalidPasskey() from None
        return int(verified.new_sign_count)
