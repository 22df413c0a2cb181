-- A read mix for tests/bench/soak and tests/bench/dbkill: each connection
-- cycles through the paths given after "--", starting at a random one.
local paths = {}
local i = 0

init = function(args)
  for n, p in ipairs(args) do
    paths[n] = p
  end
  if #paths == 0 then
    paths[1] = "/"
  end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16))
  i = math.random(#paths)
end

request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
