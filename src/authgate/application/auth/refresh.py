from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import NoReturn

from authgate.application.account.mails import FORGOT_ROUTE, AccountMails
from authgate.application.audit import Audit
from authgate.application.auth.session_tokens import TokenIssuer
from authgate.application.opaque_tokens import token_hash
from authgate.domain.errors import InvalidRefreshToken, RefreshTokenReused
from authgate.domain.event_names import SecurityEventName as Event
from authgate.domain.models import ClientInfo, IssuedTokens, MailMessage, Session, User
from authgate.domain.ports import Clock, Mailer, OneStepRotation, UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True)
class Refresh:
    refresh_token: str
    client: ClientInfo


class RefreshHandler:
    """Rotates a refresh token. A rotated token shown again within the grace window gets
    a fresh access token and the same successor (tabs racing); later, it is treated as
    stolen and its session ends. Where the database offers a one-step rotation, the
    plain case (an unused token) takes it, and every other case the path below."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        issuer: TokenIssuer,
        audit: Audit,
        clock: Clock,
        mailer: Mailer,
        mails: AccountMails,
        one_step_rotation: OneStepRotation | None = None,
    ) -> None:
        self._uow, self._issuer = uow, issuer
        self._audit, self._clock = audit, clock
        self._mailer, self._mails = mailer, mails
        self._one_step = one_step_rotation

    async def __call__(self, cmd: Refresh) -> IssuedTokens:
        now = self._clock.now()
        if self._one_step is not None:
            tokens = await self._issuer.rotate_unused(self._one_step, cmd.refresh_token, now)
            if tokens is not None:
                return tokens
        async with self._uow() as uow:
            found = await uow.refresh_tokens.get_for_rotation(token_hash(cmd.refresh_token), now)
            if found is None or now >= found[0].expires_at:
                raise InvalidRefreshToken()
            token, session, user = found
            try:
                tokens = await self._issuer.rotate(
                    uow, user, session, token, cmd.refresh_token, now
                )
            except RefreshTokenReused:
                await self._end_stolen(uow, session, user, now, cmd.client)
            session.touch(now)
            await uow.commit()
        return tokens

    async def _end_stolen(
        self, uow: UnitOfWork, session: Session, user: User, now: datetime, client: ClientInfo
    ) -> NoReturn:
        """Someone holds a copy of a rotated token: the session ends, its owner is told."""
        session.end(now)
        self._audit.record(uow, Event.REFRESH_TOKEN_REUSED, now, user.id, client)
        await uow.commit()
        await self._mailer.send(reuse_warning(user, self._mails.link(FORGOT_ROUTE)))
        raise RefreshTokenReused()


def reuse_warning(user: User, reset_link: str) -> MailMessage:
    intro = (
        "Someone used an old sign-in token of your account, one that had already been "
        "replaced. As a precaution, this session was signed out."
    )
    outro = "If you do not recognise this, reset your password now with the link above."
    text = f"Hello {user.name},\n\n{intro}\n\nReset your password: {reset_link}\n\n{outro}\n"
    html = (
        f"<p>Hello {escape(user.name)},</p>\n<p>{escape(intro)}</p>\n"
        f'<p><a href="{escape(reset_link)}">Reset your password</a></p>\n<p>{escape(outro)}</p>\n'
    )
    return MailMessage(user.email, "Someone used an old sign-in token", text, html)
