"""`make bench`: authgate against a bare FastAPI app, driven by wrk.

It measures and prints; it asserts nothing. See bench/README.md.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import time

from bench import config, report
from bench.processes import REPO
from bench.scenarios import Bench
from bench.wrk import ensure_wrk


def main() -> None:
    cfg = config.parse()
    ensure_wrk()
    bench = Bench(cfg)
    began = time.monotonic()
    load = os.getloadavg()[0]  # other work on the machine makes every figure noisier
    bench.results.details["load_average_at_start"] = load
    if load > 1:
        bench.results.notes.append(f"the machine was busy when the run began (load {load:.1f})")
    mode = "smoke" if cfg.smoke else "full"
    print(f"authgate bench ({mode}), {bench.results.details['pinning']}")
    try:
        print("SQLite and PostgreSQL, one pinned worker, beside the bare app ...")
        bench.sqlite_and_postgres()
        print("Two workers and the login flood, unpinned ...")
        bench.unpinned()
    finally:
        shutil.rmtree(bench.tmp, ignore_errors=True)
    out = os.path.relpath(cfg.output_dir, REPO)  # no home directory in committed results
    settings = {**dataclasses.asdict(cfg), "output_dir": out}
    settings["elapsed_s"] = round(time.monotonic() - began)
    print(report.write(bench.results, settings, cfg.output_dir, cfg.readme))


if __name__ == "__main__":
    main()
