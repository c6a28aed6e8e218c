"""The reference: a one-route FastAPI app served by uvicorn with the options
`authgate serve` uses (one worker, no proxy headers, no server header, the same
logging with its access lines). Each ratio in the results is against this."""

from __future__ import annotations

import argparse

import uvicorn
from fastapi import FastAPI

from authgate.logging_setup import log_config

app = FastAPI()


@app.get("/")
async def root() -> dict[str, str]:
    return {"status": "ok"}


def main() -> None:
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


if __name__ == "__main__":
    main()
