-- Appended to every scenario script by bench/wrk.py: when the run ends, print
-- its figures as one JSON line (latencies in microseconds) for Python to parse.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "status_errors": %d, ' ..
    '"socket_errors": %d, "timeouts": %d, "p50_us": %d, "p90_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write,
    e.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean))
  -- A scenario that keeps state across runs saves it here (see refresh.lua).
  if after_done then after_done() end
end
