-- A search nobody made in the last 2 s, every time: one of a few real words
-- (both languages) in a random capitalisation. FULLTEXT ignores case but the
-- catalogue's search cache keys on the text as typed, so nearly every request
-- misses the cache and pays the full FULLTEXT evaluation with the same
-- matches as the word itself: the cost of a new search, next to search-cy's
-- cached one.
local words = { "data", "gwasanaeth", "design", "dylunio", "agile", "ymchwil",
                "research", "cynnwys", "content", "arwain" }

local path = "/"

init = function(args)
  path = wrk.path
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16))
end

request = function()
  local w = words[math.random(#words)]
  local q = w:gsub("%a", function(c)
    if math.random(2) == 1 then return c:upper() end
    return c
  end)
  return wrk.format("GET", path .. "?q=" .. q)
end
