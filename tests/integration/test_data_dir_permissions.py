"""The data directory is 0700; the SQLite database, its -wal and -shm files and the
signing key are 0600, whatever the process umask; looser modes are tightened or reported."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from authgate.config import Settings
from authgate.infrastructure.db.engine import create_engine
from authgate.infrastructure.db.migrate import upgrade

AUTHGATE = str(Path(sys.executable).parent / "authgate")


@pytest.fixture(autouse=True)
def umask() -> Iterator[None]:
    """The usual umask, which alone would give 0755 directories and 0644 files."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def settings_for(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, database_url=None, secret_key=None)


async def test_a_fresh_data_dir_and_its_files_are_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    settings = settings_for(data_dir)
    settings.signing_secret()
    await upgrade(settings.effective_database_url)
    engine = create_engine(settings.effective_database_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE probe (x INTEGER)"))
            await conn.execute(text("INSERT INTO probe VALUES (1)"))
        async with engine.connect() as conn:  # the -wal and -shm files exist while it is open
            await conn.execute(text("SELECT x FROM probe"))
            names = ["authgate.db", "authgate.db-wal", "authgate.db-shm", "secret_key"]
            assert {name: mode(data_dir / name) for name in names} == dict.fromkeys(names, 0o600)
    finally:
        await engine.dispose()
    assert mode(data_dir) == 0o700


def test_the_cli_leaves_a_private_data_dir(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTHGATE_")}
    env["AUTHGATE_DATA_DIR"] = str(data_dir)
    done = subprocess.run(
        [AUTHGATE, "migrate"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert mode(data_dir) == 0o700
    assert mode(data_dir / "authgate.db") == mode(data_dir / "secret_key") == 0o600


async def test_an_older_open_data_dir_is_tightened_at_start(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o755)
    for name in ("authgate.db", "secret_key"):
        (data_dir / name).touch(mode=0o644)
    (data_dir / "secret_key").write_text("k" * 64)
    settings = settings_for(data_dir)
    await upgrade(settings.effective_database_url)
    assert mode(data_dir) == 0o700 and mode(data_dir / "authgate.db") == 0o600


def test_a_shared_directory_is_reported_not_changed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data_dir = tmp_path / "shared"
    data_dir.mkdir(mode=0o755)
    (data_dir / "something-else").touch()
    with caplog.at_level(logging.WARNING):
        settings_for(data_dir).signing_secret()
    assert mode(data_dir) == 0o755
    assert any(str(data_dir) in r.getMessage() for r in caplog.records)


def test_a_key_file_readable_by_others_is_reported_without_its_contents(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    key = data_dir / "secret_key"
    key.write_text("a-key-nobody-should-see-" + "x" * 40)
    key.chmod(0o644)
    with caplog.at_level(logging.WARNING):
        assert settings_for(data_dir).signing_secret().startswith("a-key-nobody")
    [record] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert str(key) in record.getMessage()
    assert "a-key-nobody" not in caplog.text
