"""Turning TOTP on for a test person, and computing their codes as an app would."""

from __future__ import annotations

from dataclasses import dataclass

import pyotp

from authgate.application.account.reauthentication import Proof
from authgate.application.auth.sign_in import SessionStarted
from authgate.application.mfa.totp_setup import ConfirmTotp
from authgate.bootstrap import Container
from tests.unit.account_support import CLIENT, PASSWORD, signed_in, signed_up
from tests.unit.fakes import FakeClock

EMAIL = "ada@example.com"


@dataclass
class WithTotp:
    session: SessionStarted
    secret: str
    recovery_codes: list[str]

    def code(self, clock: FakeClock, steps_later: int = 0) -> str:
        return pyotp.TOTP(self.secret).at(clock.now(), counter_offset=steps_later)

    def proof(self, password: str | None = PASSWORD) -> Proof:
        user = self.session.user
        return Proof(user.id, password, None, CLIENT)


async def totp_on(app: Container, clock: FakeClock) -> WithTotp:
    await signed_up(app, EMAIL)
    session = await signed_in(app, EMAIL)
    setup = await app.mfa.start_totp(Proof(session.user.id, PASSWORD, None, CLIENT))
    code = pyotp.TOTP(setup.secret).at(clock.now())
    command = ConfirmTotp(session.user.id, session.tokens.session_id, code, CLIENT)
    codes = await app.mfa.confirm_totp(command)
    clock.advance(seconds=30)  # the confirming code is used up; the next step's is fresh
    return WithTotp(session, setup.secret, codes)
