"""Provider sign-in against fakes: the flow's checks and API.md's four linking rules."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from authgate.application.account.reauthentication import Proof
from authgate.application.auth.sign_in import SessionStarted
from authgate.application.providers.callback import CompleteProviderFlow, ProviderOutcome
from authgate.application.providers.flows import StartProviderFlow, same_origin_path
from authgate.application.providers.identities import UnlinkIdentity
from authgate.bootstrap import Container
from authgate.domain import errors
from authgate.domain.identities import ProviderClaims
from authgate.domain.ports import AuthorizationRequest
from tests.unit.account_support import CLIENT, PASSWORD, PUBLIC_URL, sent, signed_up
from tests.unit.bootstrap import bootstrap_test_app
from tests.unit.fakes import FakeClock, FakeHasher, FakeMailer, FakeUnitOfWork

ISSUER = "https://id.example.com"


class FakeProvider:
    """Hands out numbered states; `claims_for[code]` is what a verified token says."""

    name, display_name, issuer = "acme", "Acme", ISSUER

    def __init__(self) -> None:
        self.claims_for: dict[str, ProviderClaims] = {}
        self.requests = 0

    async def authorization_request(self, redirect_uri: str) -> AuthorizationRequest:
        self.requests += 1
        n = self.requests
        url = f"{ISSUER}/authorize?state=s{n}&redirect_uri={redirect_uri}"
        return AuthorizationRequest(url, f"s{n}", f"nonce{n}", f"verifier{n}")

    async def claims(
        self, code: str, redirect_uri: str, code_verifier: str, nonce: str
    ) -> ProviderClaims:
        assert redirect_uri == f"{PUBLIC_URL}/api/auth/oidc/acme/callback"
        if code not in self.claims_for:
            raise errors.OidcFailure(errors.OIDC_TOKEN_INVALID)
        return self.claims_for[code]


def person(sub: str, email: str | None, verified: bool = True) -> ProviderClaims:
    return ProviderClaims(ISSUER, sub, email, verified, "Ada From Acme")


@pytest.fixture
def provider() -> FakeProvider:
    return FakeProvider()


@pytest.fixture
def mailer() -> FakeMailer:
    return FakeMailer()


@pytest.fixture
def app(
    tmp_path: Path,
    uow: FakeUnitOfWork,
    hasher: FakeHasher,
    clock: FakeClock,
    mailer: FakeMailer,
    provider: FakeProvider,
) -> Container:
    return bootstrap_test_app(
        tmp_path,
        uow=uow,
        hasher=hasher,
        clock=clock,
        mailer=mailer,
        oidc_providers={"acme": provider},  # type: ignore[dict-item]
        public_url=PUBLIC_URL,
    )


async def trip(
    app: Container,
    provider: FakeProvider,
    claims: ProviderClaims,
    start: StartProviderFlow | None = None,
    **change: str | None,
) -> ProviderOutcome:
    redirect = await app.providers.start_flow(start or StartProviderFlow("acme", "signin", "/x"))
    state = parse_qs(urlsplit(redirect.url).query)["state"][0]
    code = f"code-{state}"
    provider.claims_for[code] = claims
    values: dict[str, str | None] = {
        "state": state,
        "browser_secret": redirect.browser_secret,
        "code": code,
        "error": None,
    }
    values.update(change)
    return await app.providers.complete_flow(
        CompleteProviderFlow(
            "acme",
            values["state"],
            values["browser_secret"],
            values["code"],
            values["error"],
            CLIENT,
        )
    )


async def test_a_new_identity_makes_an_account_without_a_password(
    app: Container, provider: FakeProvider, uow: FakeUnitOfWork
) -> None:
    outcome = await trip(app, provider, person("a1", "new@example.com"))
    assert outcome.next_path == "/x" and isinstance(outcome.started, SessionStarted)
    user = uow.users.rows[outcome.started.user.id]
    assert (user.email, user.password_hash, user.email_verified) == ("new@example.com", None, True)
    session = uow.sessions.rows[outcome.started.tokens.session_id]
    assert session.methods == ["oidc:acme"]
    again = await trip(app, provider, person("a1", "changed@example.com"))
    assert again.started is not None and again.started.user.id == user.id  # rule 1


async def test_a_verified_email_on_both_sides_links_the_existing_account(
    app: Container, provider: FakeProvider, uow: FakeUnitOfWork, mailer: FakeMailer
) -> None:
    user = await signed_up(app, "ada@example.com")
    uow.users.rows[user.id].email_verified = True
    outcome = await trip(app, provider, person("a2", "Ada@Example.com"))
    assert outcome.started is not None and outcome.started.user.id == user.id
    assert (await sent(app, mailer))[-1].subject == "Account linked"


async def test_an_unverified_email_on_either_side_never_links(
    app: Container, provider: FakeProvider, uow: FakeUnitOfWork
) -> None:
    user = await signed_up(app, "ada@example.com")  # someone signed up with Ada's address
    with pytest.raises(errors.OidcFailure) as refused:
        await trip(app, provider, person("a3", "ada@example.com", verified=True))
    assert refused.value.code == "oidc_account_exists"
    uow.users.rows[user.id].email_verified = True
    with pytest.raises(errors.OidcFailure) as refused:
        await trip(app, provider, person("a3", "ada@example.com", verified=False))
    assert refused.value.code == "oidc_account_exists"
    assert uow.identities.rows == []


async def test_an_account_with_totp_is_not_linked_by_email(
    app: Container, provider: FakeProvider, uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    from authgate.domain.mfa import TotpCredential

    user = await signed_up(app, "ada@example.com")
    uow.users.rows[user.id].email_verified = True
    uow.totp.add(TotpCredential(user.id, "sealed", clock.now(), confirmed_at=clock.now()))
    with pytest.raises(errors.OidcFailure) as refused:
        await trip(app, provider, person("a4", "ada@example.com"))
    assert refused.value.code == "oidc_account_exists"


async def test_no_email_is_oidc_email_missing(app: Container, provider: FakeProvider) -> None:
    with pytest.raises(errors.OidcFailure) as refused:
        await trip(app, provider, person("a5", None))
    assert refused.value.code == "oidc_email_missing"


async def test_linking_needs_a_recent_sign_in_and_a_free_identity(
    app: Container, provider: FakeProvider, clock: FakeClock, uow: FakeUnitOfWork
) -> None:
    ada = await signed_up(app, "ada@example.com")
    stale = StartProviderFlow(
        "acme", "link", "/account", ada.id, clock.now() - timedelta(minutes=11)
    )
    with pytest.raises(errors.OidcFailure) as refused:
        await app.providers.start_flow(stale)
    assert (refused.value.code, refused.value.linking) == ("reauthentication_required", True)
    fresh = StartProviderFlow("acme", "link", "/account", ada.id, clock.now())
    linked = await trip(app, provider, person("a6", "other@example.com"), fresh)
    assert linked.started is None and [i.user_id for i in uow.identities.rows] == [ada.id]

    bob = await signed_up(app, "bob@example.com")
    bobs = StartProviderFlow("acme", "link", "/account", bob.id, clock.now())
    with pytest.raises(errors.OidcFailure) as refused:
        await trip(app, provider, person("a6", "other@example.com"), bobs)
    assert (refused.value.code, refused.value.linking) == ("oidc_identity_in_use", True)


async def test_a_state_works_once_in_the_browser_that_started_it(
    app: Container, provider: FakeProvider, clock: FakeClock
) -> None:
    redirect = await app.providers.start_flow(StartProviderFlow("acme", "signin", None))
    state = parse_qs(urlsplit(redirect.url).query)["state"][0]
    provider.claims_for["c"] = person("a7", "seven@example.com")
    other_browser = CompleteProviderFlow("acme", state, "another-cookie", "c", None, CLIENT)
    with pytest.raises(errors.OidcFailure) as refused:
        await app.providers.complete_flow(other_browser)
    assert refused.value.code == "oidc_state_invalid"
    mine = CompleteProviderFlow("acme", state, redirect.browser_secret, "c", None, CLIENT)
    await app.providers.complete_flow(mine)  # another browser's attempt spoiled nothing
    with pytest.raises(errors.OidcFailure) as replayed:
        await app.providers.complete_flow(mine)
    assert replayed.value.code == "oidc_state_invalid"
    late = await app.providers.start_flow(StartProviderFlow("acme", "signin", None))
    late_state = parse_qs(urlsplit(late.url).query)["state"][0]
    clock.advance(minutes=10, seconds=1)
    expired = CompleteProviderFlow("acme", late_state, late.browser_secret, "c", None, CLIENT)
    with pytest.raises(errors.OidcFailure) as refused:
        await app.providers.complete_flow(expired)
    assert refused.value.code == "oidc_state_invalid"


async def test_provider_errors_and_bad_codes_have_their_codes(
    app: Container, provider: FakeProvider
) -> None:
    with pytest.raises(errors.OidcFailure) as refused:
        await trip(app, provider, person("a8", "e@example.com"), error="access_denied")
    assert refused.value.code == "oidc_provider_error"
    with pytest.raises(errors.OidcFailure) as refused:
        await trip(app, provider, person("a8", "e@example.com"), code="not-issued")
    assert refused.value.code == "oidc_token_invalid"
    with pytest.raises(errors.ProviderNotFound):
        await app.providers.start_flow(StartProviderFlow("nope", "signin", None))


def test_next_is_a_same_origin_path_only() -> None:
    assert same_origin_path("/account?tab=1") == "/account?tab=1"
    for bad in ("//evil.example", "/\\evil.example", "https://evil.example", "evil", None, "/a\nb"):
        assert same_origin_path(bad) == "/"


async def test_unlinking_never_removes_the_last_way_in(
    app: Container, provider: FakeProvider, clock: FakeClock, uow: FakeUnitOfWork
) -> None:
    outcome = await trip(app, provider, person("a9", "nine@example.com"))
    assert outcome.started is not None
    user_id = outcome.started.user.id
    recent = Proof(user_id, None, clock.now(), CLIENT)
    with pytest.raises(errors.LastSignInMethod):
        await app.providers.unlink_identity(UnlinkIdentity(recent, "acme"))
    ada = await signed_up(app, "ada@example.com")
    link = StartProviderFlow("acme", "link", "/account", ada.id, clock.now())
    await trip(app, provider, person("a10", "ada@acme.example"), link)
    await app.providers.unlink_identity(
        UnlinkIdentity(Proof(ada.id, PASSWORD, None, CLIENT), "acme")
    )
    assert await app.providers.list_identities(ada.id) == []
    with pytest.raises(errors.IdentityNotFound):
        await app.providers.unlink_identity(
            UnlinkIdentity(Proof(ada.id, PASSWORD, None, CLIENT), "acme")
        )
