from __future__ import annotations

import pytest

from authgate.bootstrap import Container, build_container
from authgate.config import Settings
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
    settings = Settings(
        data_dir=tmp_path,
        secret_key="unit-test-secret-" + "k" * 40,  # type: ignore[arg-type]
        refresh_reuse_grace_seconds=10,
    )
    return build_container(settings, uow=uow, hasher=hasher, clock=clock)
