"""Build hook: puts the web app's static export (web/out) into the sdist and the wheel.

The hook does not run npm: `make dist` builds the export first (make knows when it is
stale), so `python -m build` and `uv build` need no Node.js and no network for npm, and
a wheel built from the sdist carries the very export the sdist does. Without an export
the build fails here, saying what to run, rather than making a wheel without a web app.
Editable installs (`uv sync`) serve ./web/out from the checkout and skip all this.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

EXPORT = Path("web", "out")
WHEEL_PATH = "authgate/web_export"  # found by authgate.presentation.web via importlib
# What the export is made from (the Makefile's WEB_SOURCES); absent in an sdist.
SOURCES = ("web/src", "web/public", "web/package.json", "web/next.config.ts")
SKIPPED = {"node_modules", ".next"}


class WebExportHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name == "wheel" and version == "editable":
            return
        root = Path(self.root)
        export = root / EXPORT
        index = export / "index.html"
        if not index.is_file():
            raise RuntimeError(
                f"{index} is missing: the package carries the built web app. "
                "Run `make dist` (or `make web`, or `cd web && npm ci && npm run build`) "
                "first; building the export needs Node.js 20.9+."
            )
        stale = [p for p in _source_files(root) if p.stat().st_mtime > index.stat().st_mtime]
        if stale:
            raise RuntimeError(
                f"{export} is older than {stale[0].relative_to(root)}: "
                "run `make web` (or `cd web && npm run build`) first."
            )
        target = WHEEL_PATH if self.target_name == "wheel" else EXPORT.as_posix()
        for path in sorted(export.rglob("*")):
            relative = path.relative_to(export)
            if path.is_file() and not SKIPPED.intersection(relative.parts):
                build_data["force_include"][str(path)] = f"{target}/{relative.as_posix()}"


def _source_files(root: Path) -> list[Path]:
    found: list[Path] = []
    for name in SOURCES:
        path = root / name
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(p for p in path.rglob("*") if p.is_file())
    return found
