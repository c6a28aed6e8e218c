"""How the harness's own apps are served: as `authgate serve` serves authgate."""

from __future__ import annotations

import argparse

import uvicorn
from starlette.types import ASGIApp

from authgate.logging_setup import log_config


def serve(app: ASGIApp) -> None:
    """Serve `app` on --port: one worker, no proxy headers, no server header, the same
    logging with its access lines."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    port = parser.parse_args().port
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        proxy_headers=False,
        server_header=False,
        log_config=log_config(),
    )
