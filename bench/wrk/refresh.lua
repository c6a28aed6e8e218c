-- Refresh rotation. wrk runs one connection per thread here (-t = -c), and each
-- thread has its own Lua state, so each connection holds one session's line of
-- refresh tokens: every request presents the token its previous response gave.
-- BENCH_TOKENS names a file with one refresh token per line, one per connection.
local path = os.getenv("BENCH_TOKENS")
local threads = {}
local lines = {}
for line in io.lines(path) do
  lines[#lines + 1] = line
end

-- Runs in the main state, once per thread before it starts: hand out the lines.
function setup(thread)
  threads[#threads + 1] = thread
  thread:set("token", lines[#threads])
end

function request()
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" },
    '{"refresh_token": "' .. token .. '"}')
end

-- The successor is in the envelope's data; a failed rotation keeps the old one
-- (and shows up as a status error in the report).
function response(status, headers, body)
  if status == 200 then
    token = body:match('"refresh_token"%s*:%s*"([^"]+)"') or token
  end
end

-- Write the newest tokens back so the next run continues the same lines. A
-- request cut off by the end of the run is replayed by the next run within
-- the server's reuse grace window, which answers it with the same successor.
function after_done()
  local out = io.open(path, "w")
  for _, thread in ipairs(threads) do
    out:write(thread:get("token"), "\n")
  end
  out:close()
end
