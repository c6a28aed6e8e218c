"""Second-factor use cases against fakes, with a recording mailer and a fake clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from authgate.bootstrap import Container
from tests.unit.account_support import account_container
from tests.unit.fakes import FakeClock, FakeHasher, FakeMailer, FakeUnitOfWork


@pytest.fixture
def mailer() -> FakeMailer:
    return FakeMailer()


@pytest.fixture
def app(
    tmp_path: Path, uow: FakeUnitOfWork, hasher: FakeHasher, clock: FakeClock, mailer: FakeMailer
) -> Container:
    return account_container(tmp_path, uow, hasher, clock, mailer)
