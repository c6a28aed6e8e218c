from __future__ import annotations

import pytest

from authgate.bootstrap import Container
from tests.unit.bootstrap import bootstrap_test_app
from tests.unit.fakes import FakeClock, FakeHasher, FakeUnitOfWork


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def hasher() -> FakeHasher:
    return FakeHasher()


@pytest.fixture
def app(uow: FakeUnitOfWork, clock: FakeClock, hasher: FakeHasher, tmp_path) -> Container:  # type: ignore[no-untyped-def]
    return bootstrap_test_app(
        tmp_path, uow=uow, hasher=hasher, clock=clock, refresh_reuse_grace_seconds=10
    )
