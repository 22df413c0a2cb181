-- Sign-ins for tests/bench/run: POST /en/login as the next bench user
-- (tests/bench/gen: bench-NNNNNN@bench.dysgu.example, one shared password),
-- each from its own client address. The server runs behind a "proxy" as in
-- production (DYSGU_TRUSTED_PROXIES=127.0.0.1) and every request names a new
-- client in X-Forwarded-For, so the per-address limit (6 a minute) counts
-- each address once instead of refusing the bench; the per-account limits
-- only count failures. The CSRF pair is the pre-session double-submit one.
-- Only a 303 to the account page is a sign-in: anything else is counted as
-- an error (report.lua adds bench_bad of every thread).
local users = tonumber(os.getenv("BENCH_USERS") or "1000")
local csrf = "benchbenchbenchbenchbenchbenchbenchbench123"
local n, id = 0, 0
local threads = {}
bench_bad = 0

setup = function(thread)
  id = id + 1
  thread:set("id", id)
  table.insert(threads, thread)
  bench_threads = threads
end

init = function(args)
  math.randomseed(os.time() * 7 + (id or 0))
  n = math.random(users)
end

request = function()
  n = n % users + 1
  local body = string.format(
    "email=bench-%06d%%40bench.dysgu.example&password=dysgu-bench-password&csrf=%s", n, csrf)
  return wrk.format("POST", "/en/login", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrf=" .. csrf,
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d", id, math.floor(n / 250) % 250, n % 250 + 1),
  }, body)
end

response = function(status, headers, body)
  if status ~= 303 and status < 400 then -- report.lua counts >= 400 already
    bench_bad = bench_bad + 1
  end
end
