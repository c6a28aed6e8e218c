"""The SQLite writer gate: one write transaction at a time, in arrival order."""

from __future__ import annotations

import asyncio

from authgate.infrastructure.db.writer_gate import WriterGate


async def test_writers_take_turns_in_arrival_order() -> None:
    gate, order = WriterGate(), []

    async def write(name: str) -> None:
        await gate.acquire()
        try:
            order.append(f"{name} in")
            await asyncio.sleep(0.01)
            order.append(f"{name} out")
        finally:
            gate.release()

    await asyncio.gather(*(write(n) for n in "abc"))
    assert order == ["a in", "a out", "b in", "b out", "c in", "c out"]


async def test_a_task_may_open_a_second_write_inside_the_first() -> None:
    gate = WriterGate()
    await gate.acquire()
    await gate.acquire()  # the same task: no deadlock on itself
    gate.release()
    other = asyncio.create_task(gate.acquire())
    await asyncio.sleep(0.01)
    assert not other.done()  # still held by the outer unit of work
    gate.release()
    await asyncio.wait_for(other, timeout=1)
    gate.release()
