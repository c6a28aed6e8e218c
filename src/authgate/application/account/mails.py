"""The account mails. Links are built from the configured public URL only, never from
a request's Host header, which a caller could forge to steal a token."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from authgate.domain.models import MailMessage, User

VERIFY_ROUTE = "/verify-email"
RESET_ROUTE = "/reset-password"
FORGOT_ROUTE = "/forgot-password"
SECURITY_ROUTE = "/account/security"


class AccountMails:
    def __init__(self, public_url: str) -> None:
        self._base = public_url.rstrip("/")

    def link(self, route: str, token: str | None = None) -> str:
        query = f"?{urlencode({'token': token})}" if token is not None else ""
        return f"{self._base}{route}{query}"

    def verification(self, user: User, token: str) -> MailMessage:
        return self._with_link(
            user,
            subject="Confirm your email address",
            intro="Please confirm that this is your email address.",
            action="Confirm email address",
            link=self.link(VERIFY_ROUTE, token),
            outro="The link works once and expires in 24 hours.",
        )

    def password_reset(self, user: User, token: str) -> MailMessage:
        return self._with_link(
            user,
            subject="Reset your password",
            intro="Someone asked to reset the password of your account.",
            action="Choose a new password",
            link=self.link(RESET_ROUTE, token),
            outro="The link works once and expires in 1 hour. "
            "If you did not ask for it, ignore this mail: your password stays the same.",
        )

    def password_changed(self, user: User) -> MailMessage:
        return self._with_link(
            user,
            subject="Your password was changed",
            intro="The password of your account was just changed, "
            "and your other sessions were signed out.",
            action="Reset your password",
            link=self.link(FORGOT_ROUTE),
            outro="If this was not you, reset your password now with the link above.",
        )

    def security_notice(self, user: User, subject: str, what_happened: str) -> MailMessage:
        """A change to how the account signs in: the owner hears of it at once."""
        return self._with_link(
            user,
            subject=subject,
            intro=what_happened,
            action="Review your sign-in settings",
            link=self.link(SECURITY_ROUTE),
            outro="If this was not you, reset your password and review your account now.",
        )

    @staticmethod
    def _with_link(
        user: User, *, subject: str, intro: str, action: str, link: str, outro: str
    ) -> MailMessage:
        text = f"Hello {user.name},\n\n{intro}\n\n{action}: {link}\n\n{outro}\n"
        html = (
            f"<p>Hello {escape(user.name)},</p>\n<p>{escape(intro)}</p>\n"
            f'<p><a href="{escape(link)}">{escape(action)}</a></p>\n'
            f"<p>{escape(link)}</p>\n<p>{escape(outro)}</p>\n"
        )
        return MailMessage(to=user.email, subject=subject, text=text, html=html)
