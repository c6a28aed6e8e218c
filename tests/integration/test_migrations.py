"""Migrations: the head the service checks without Alembic is Alembic's own head."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from authgate.infrastructure.db.engine import create_engine
from authgate.infrastructure.db.migrate import HEAD, alembic_config, current_revision, upgrade


def revision_of(url: str) -> str | None:
    async def read() -> str | None:
        engine = create_engine(url)
        try:
            return await current_revision(engine)
        finally:
            await engine.dispose()

    return asyncio.run(read())


def test_the_known_head_is_alembics_head() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD


def test_a_new_database_is_migrated_to_head_and_then_left_alone(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'a.db'}"

    assert revision_of(url) is None
    asyncio.run(upgrade(url))
    assert revision_of(url) == HEAD
    again = (  # in a fresh interpreter: at head, Alembic is not even imported
        "import sys; from authgate.infrastructure.db.migrate import upgrade_sync; "
        f"upgrade_sync({url!r}); print('alembic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", again], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_serve_migrates_in_a_child_so_the_server_never_loads_alembic(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'b.db'}"
    check = (
        "import sys; from authgate.infrastructure.db.migrate import upgrade_in_child; "
        f"upgrade_in_child({url!r}); print('alembic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"

    assert revision_of(url) == HEAD
