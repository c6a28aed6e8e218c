"""The one way unit tests build the service: the real composition root with fakes for
every port that does I/O (as cosmicpython's `bootstrap_test_app`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from authgate.bootstrap import Container, build_container
from authgate.config import Settings
from authgate.domain.ports import OidcProvider, RateLimiter, WebAuthn
from tests.unit.fakes import FakeClock, FakeHasher, FakeMailer, FakeUnitOfWork

TEST_SECRET = "unit-test-secret-" + "k" * 40


def bootstrap_test_app(
    data_dir: Path,
    *,
    uow: FakeUnitOfWork | None = None,
    hasher: FakeHasher | None = None,
    clock: FakeClock | None = None,
    mailer: FakeMailer | None = None,
    rate_limiter: RateLimiter | None = None,
    webauthn: WebAuthn | None = None,
    oidc_providers: dict[str, OidcProvider] | None = None,
    **settings: Any,
) -> Container:
    """`settings` override Settings fields; rate limits are off unless a limiter is given."""
    config = Settings(
        data_dir=data_dir,
        secret_key=TEST_SECRET,  # type: ignore[arg-type]
        rate_limits=rate_limiter is not None,
        **settings,
    )
    return build_container(
        config,
        uow=uow or FakeUnitOfWork(),
        hasher=hasher or FakeHasher(),
        clock=clock or FakeClock(),
        mailer=mailer or FakeMailer(),
        rate_limiter=rate_limiter,
        webauthn=webauthn,
        oidc_providers=oidc_providers,
    )
