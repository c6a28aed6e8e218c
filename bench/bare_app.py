"""The reference: a one-route FastAPI app served by uvicorn with the options
`authgate serve` uses (one worker, no proxy headers, no server header, the same
logging with its access lines). Each ratio in the results is against this."""

from __future__ import annotations

from fastapi import FastAPI

from bench.serving import serve

app = FastAPI()


@app.get("/")
async def root() -> dict[str, str]:
    return {"status": "ok"}


if __name__ == "__main__":
    serve(app)
