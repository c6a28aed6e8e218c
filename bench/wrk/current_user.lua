-- GET /api/auth/current-user as one signed-in person: BENCH_BEARER is an access
-- token. With BENCH_DELAY_MS set, each connection pauses that long between
-- requests: the probe that measures latency at a modest rate during a flood.
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_BEARER")

local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
if pause > 0 then
  function delay()
    return pause
  end
end
