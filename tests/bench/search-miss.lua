-- A search nobody made in the last 2 s, nearly every time: the first four or
-- more letters of one of thirty real words (both languages), in a random
-- capitalisation. Since issue 25 the catalogue's search cache keys on the
-- folded query, where case is gone, so it is the prefix that makes a search
-- new: some 250 of them against a cache of 64, so most requests miss it and
-- pay the full FULLTEXT evaluation (a prefix matches at least what the
-- word does): the cost of a new search, next to search-cy's cached one.
-- The render cache's keys fold case too (docs/decisions.md): a prefix asked
-- for 5 times within 1.5 s, in any capitalisation, is kept, so on a quiet
-- machine (thousands of requests a second) most of these are hits; the mix's
-- 5 % and DYSGU_RENDER_CACHE=0 show a search nobody made.
local words = { "data", "gwasanaethau", "design", "dylunio", "agile", "ymchwil",
                "research", "cynnwys", "content", "arwain", "hygyrchedd", "accessibility",
                "digidol", "digital", "services", "ystwyth", "defnyddwyr", "users",
                "moeseg", "ethics", "llythrennedd", "literacy", "rheoli", "management",
                "cynnyrch", "product", "caffael", "procurement", "safonau", "standards" }

local path = "/"

init = function(args)
  path = wrk.path
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16))
end

request = function()
  local w = words[math.random(#words)]
  w = w:sub(1, math.random(math.min(4, #w), #w))
  local q = w:gsub("%a", function(c)
    if math.random(2) == 1 then return c:upper() end
    return c
  end)
  return wrk.format("GET", path .. "?q=" .. q)
end
