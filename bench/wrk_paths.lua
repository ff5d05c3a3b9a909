-- Cycles wrk through a query mix (bench/README.md). Paths come from the PATHS file. Each wrk
-- thread starts at its own place in the list, so with a wide mix two threads do not ask the
-- same search at the same moment.
local paths = {}
local i = 0
local threads = 0
setup = function(thread)
  thread:set("offset", threads)
  threads = threads + 1
end
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  i = math.floor((offset or 0) * #paths / 2)
end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
