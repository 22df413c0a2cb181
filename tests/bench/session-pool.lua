-- Signed-in pages for tests/bench/run: each request is made as the next
-- session of the pool that tests/bench/sessions wrote (BENCH_SESSIONS names
-- the file: "TOKEN CSRF SLUG" a line), so the server sees many users, not one
-- shared cookie. In the page's path, _SLUG_ becomes a course the session's
-- user is enrolled in (for lesson pages). Headers given to wrk with -H
-- (Accept-Encoding on the compressed rows) are sent too.
local pool = {}
local i = 0
local path = "/"

init = function(args)
  path = wrk.path
  for line in io.lines(os.getenv("BENCH_SESSIONS") or "sessions.txt") do
    local token, csrf, slug = line:match("^(%S+) (%S+) (%S+)$")
    if token then
      local headers = {}
      for k, v in pairs(wrk.headers) do
        headers[k] = v
      end
      headers.Cookie = "sid=" .. token
      pool[#pool + 1] = { headers = headers, slug = slug }
    end
  end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16))
  i = math.random(#pool)
end

request = function()
  i = i % #pool + 1
  local s = pool[i]
  return wrk.format("GET", (path:gsub("_SLUG_", s.slug)), s.headers)
end
