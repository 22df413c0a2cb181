-- A read mix. Two uses:
--
--   with paths after "--" (tests/bench/soak, tests/bench/dbkill): each
--   connection cycles through them, starting at a random one;
--
--   with none (tests/bench/run's "mix" row, issue 22): mixed traffic, each
--   request drawn at random: 70 % anonymous browsing (home, catalogue,
--   filters, a search, course pages, pathways, the API), 25 % signed-in
--   learners (the session pool of tests/bench/sessions, BENCH_SESSIONS: the
--   dashboard, one of their course pages, a lesson) and 5 % searches nobody
--   made before (a word and a number never asked for). BENCH_MIX=new: only
--   those searches (load that needs the database, beside another run).
local paths = {}
local i = 0
local browse = { "/cy/", "/en/", "/cy/courses", "/en/courses", "/cy/courses?q=data",
                 "/en/courses?level=awareness&format=e-learning", "/cy/courses?format=e-learning",
                 "/cy/courses/agile-foundations", "/en/courses/content-design",
                 "/cy/pathways", "/api/v1/courses?q=design", "/api/v1/courses/content-design" }
local words = { "data", "gwasanaeth", "design", "dylunio", "agile", "ymchwil", "research",
                "cynnwys", "content", "arwain" }
local learners = {}
local n = 0
local only_new = os.getenv("BENCH_MIX") == "new"

init = function(args)
  for k, p in ipairs(args) do
    paths[k] = p
  end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16))
  if #paths > 0 then
    i = math.random(#paths)
    return
  end
  local file = os.getenv("BENCH_SESSIONS")
  if file then
    for line in io.lines(file) do
      local token, slug = line:match("^(%S+) %S+ (%S+)$")
      if token then
        learners[#learners + 1] = { cookie = "sid=" .. token, slug = slug }
      end
    end
  end
  n = math.random(1000000)
end

local function learner_request()
  local s = learners[math.random(#learners)]
  local pick = math.random(3)
  local path = "/cy/me"
  if s.slug ~= "-" and pick == 2 then
    path = "/cy/courses/" .. s.slug
  elseif s.slug ~= "-" and pick == 3 then
    path = "/cy/courses/" .. s.slug .. "/lessons/1"
  end
  return wrk.format("GET", path, { Cookie = s.cookie })
end

request = function()
  if #paths > 0 then
    i = i % #paths + 1
    return wrk.format("GET", paths[i])
  end
  local roll = only_new and 100 or math.random(100)
  if roll <= 25 and #learners > 0 then
    return learner_request()
  end
  if roll > 95 then
    n = n + 1
    return wrk.format("GET", "/cy/courses?q=" .. words[math.random(#words)] .. "+" .. n)
  end
  return wrk.format("GET", browse[math.random(#browse)])
end
