"""Password hashing: a pool sized to the cores, below the event loop, with a bound."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path

import httpx
import pytest

from authgate.bootstrap import build_container
from authgate.domain.errors import ServiceUnavailable
from authgate.infrastructure.hashing_pool import LOWER_PRIORITY, HashingPool
from authgate.infrastructure.passwords import BcryptHasher
from authgate.presentation.app import create_app
from tests.api.conftest import BASE_URL, PASSWORD, signup, unique_email
from tests.conftest import make_settings


async def test_past_its_bound_the_pool_refuses_at_once() -> None:
    pool = HashingPool(workers=1, queue_per_worker=1)
    gate = threading.Event()
    running = [asyncio.create_task(pool.run(gate.wait, 5)) for _ in range(2)]
    await asyncio.sleep(0.05)
    started = time.perf_counter()
    with pytest.raises(ServiceUnavailable) as refused:
        await pool.run(time.sleep, 0)
    assert time.perf_counter() - started < 0.05 and refused.value.retry_after == 1
    gate.set()
    await asyncio.gather(*running)
    assert await pool.run(sum, [1, 2]) == 3  # room again once the queue drains
    pool.close()


async def test_hashing_threads_run_below_the_event_loop() -> None:
    pool = HashingPool(workers=1)

    def own_nice() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    assert await pool.run(own_nice) >= os.getpriority(os.PRIO_PROCESS, 0) + LOWER_PRIORITY
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) < LOWER_PRIORITY
    pool.close()


async def test_a_login_flood_past_the_bound_is_503_with_retry_after(
    tmp_path: Path, sqlite_database_url: str
) -> None:
    settings = make_settings(tmp_path, sqlite_database_url, bcrypt_rounds=10)
    hasher = BcryptHasher(10, HashingPool(workers=1, queue_per_worker=1))
    container = build_container(settings, hasher=hasher)
    transport = httpx.ASGITransport(app=create_app(container=container))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        email = unique_email()
        await signup(client, email)
        body = {"email": email, "password": PASSWORD}
        answers = await asyncio.gather(
            *(client.post("/api/auth/login", json=body) for _ in range(6))
        )
    await container.close()
    statuses = sorted(r.status_code for r in answers)
    assert statuses[:2] == [200, 200] and set(statuses[2:]) == {503}, statuses
    refused = [r for r in answers if r.status_code == 503]
    assert all(r.headers["retry-after"] == "1" for r in refused)
    assert all(r.json()["error"] == "service_unavailable" for r in refused)
