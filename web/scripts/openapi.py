"""Writes the service's OpenAPI document, as /api/openapi.json serves it, to a file.

The web app's API types are generated from this file (scripts/api-types.mjs), and
tests/api/test_web_types.py checks that the committed copy is what the service
answers today, so a change on either side that the other has not followed fails
`make test`. `make web-types` runs both steps.

Usage: .venv/bin/python web/scripts/openapi.py [OUTPUT]  (default: standard output)
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

# The document must not depend on who runs this: no AUTHGATE_* setting from outside.
for name in [n for n in os.environ if n.startswith("AUTHGATE_")]:
    del os.environ[name]

from authgate.config import Settings  # noqa: E402
from authgate.presentation.app import create_app  # noqa: E402


def document() -> str:
    """The OpenAPI document as stable, readable JSON (the app is built, never started)."""
    with tempfile.TemporaryDirectory(prefix="authgate-openapi-") as data_dir:
        settings = Settings(
            data_dir=Path(data_dir),
            secret_key="openapi-document-only-" + "x" * 32,  # type: ignore[arg-type]
            docs_enabled=True,
        )
        schema = create_app(settings).openapi()
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> None:
    text = document()
    if len(argv) > 1:
        Path(argv[1]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv)
