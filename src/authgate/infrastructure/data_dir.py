"""File modes in the data directory: the directory 0700, the SQLite files and the key 0600.

Only the owner may read the database (password hashes, sessions) and the signing key.
Problems are logged with the path and mode, never a file's contents."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

logger = logging.getLogger("authgate.data_dir")

SECRET_FILE = "secret_key"
DATABASE_FILE = "authgate.db"
SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")
OUR_FILES = frozenset({SECRET_FILE, *(DATABASE_FILE + s for s in SQLITE_SUFFIXES)})


def ensure_private_dir(path: Path) -> None:
    """Create `path` 0700. An existing directory open to group or others is made 0700 when
    it is ours and holds nothing but our files (say, just made by a plain mkdir, or by an
    older authgate); any other is left alone, with a warning."""
    try:
        path.mkdir(mode=0o700, parents=True)
        return
    except FileExistsError:
        pass
    info = path.stat()
    mode = stat.S_IMODE(info.st_mode)
    if not mode & 0o077:
        return
    if info.st_uid == os.geteuid() and all(c.name in OUR_FILES for c in path.iterdir()):
        path.chmod(0o700)
        return
    logger.warning("the directory %s is accessible by group or others (mode %o)", path, mode)


def prepare_sqlite_file(path: Path) -> None:
    """Create the database file 0600 before SQLite opens it (SQLite gives its -wal and
    -shm files the main file's mode), or make existing ones 0600."""
    ensure_private_dir(path.parent)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for name in (path.name + suffix for suffix in SQLITE_SUFFIXES):
        file = path.with_name(name)
        try:
            if stat.S_IMODE(file.stat().st_mode) != 0o600:
                file.chmod(0o600)
        except FileNotFoundError:
            pass
        except OSError:  # another user's file
            logger.warning("could not make %s mode 0600", file)


def warn_if_readable(path: Path) -> None:
    """Warn when group or others may read or write the file."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        logger.warning("%s is accessible by group or others (mode %o); make it 0600", path, mode)
