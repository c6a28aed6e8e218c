"""The web app's API types are generated from the OpenAPI document committed beside
them (web/src/types/openapi.json); this checks that document against the service, so
a change of the API that the web app has not followed fails `make test`.

`npm run check-types` (in `make test-web`) checks the other half: that the generated
TypeScript is what the committed document generates."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "web" / "scripts" / "openapi.py"
COMMITTED = ROOT / "web" / "src" / "types" / "openapi.json"


def test_the_web_apps_openapi_document_is_the_services() -> None:
    fresh = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    committed = COMMITTED.read_text(encoding="utf-8")
    if fresh != committed:
        changed = sorted(_changed_schemas(json.loads(committed), json.loads(fresh)))
        raise AssertionError(
            "web/src/types/openapi.json is not the service's OpenAPI document "
            f"(changed: {', '.join(changed) or 'paths or order'}). "
            "Run `make web-types`, follow the change in the web app, and commit both."
        )


def _changed_schemas(old: dict[str, Any], new: dict[str, Any]) -> set[str]:
    before = old.get("components", {}).get("schemas", {})
    after = new.get("components", {}).get("schemas", {})
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
