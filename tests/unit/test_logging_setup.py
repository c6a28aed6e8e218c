"""Log records carry what the log format shows, and no more."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from authgate.logging_setup import FORMAT
from authgate.presentation.app import create_app
from tests.conftest import make_settings


class Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_the_app_leaves_out_what_the_format_does_not_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for switch in ("logThreads", "logProcesses", "logMultiprocessing"):
        monkeypatch.setattr(logging, switch, True)
    monkeypatch.setattr(logging, "_srcfile", logging._srcfile)
    create_app(make_settings(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'a.db'}"))
    keep, logger = Keep(), logging.getLogger("authgate.test")
    logger.addHandler(keep)
    try:
        logger.warning("hello %s", "there")
    finally:
        logger.removeHandler(keep)
    (record,) = keep.records
    assert (record.threadName, record.processName, record.lineno) == (None, None, 0)
    line = logging.Formatter(FORMAT).format(record)
    assert line.endswith(" WARNING authgate.test hello there")
