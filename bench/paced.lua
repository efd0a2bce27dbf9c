-- wrk script: GET PATH at about RATE requests/s in all. Each of the C connections waits a random time between
-- 0.5 and 1.5 times C/RATE s (mean C/RATE) before each of its requests, the first one included.
--
-- The spread matters: wrk delays a connection's first request too, so with one fixed wait every connection
-- started at the same instant and sent its first request at the same instant, a burst of C requests that a
-- short run at a low rate counts as its p99. The random waits spread the first requests over one gap and keep
-- the connections from moving in step afterwards.
--
-- This is a paced closed loop, not wrk2's open loop: a stalled request delays that connection's next one instead
-- of being counted as waiting (coordinated omission), so its p99 is a floor under a true constant-rate p99.
-- Environment: TOKEN, PATH_QUERY, RATE, CONNECTIONS.
local token = os.getenv("TOKEN")
local path = os.getenv("PATH_QUERY")
local gap_ms = 1000 * tonumber(os.getenv("CONNECTIONS")) / tonumber(os.getenv("RATE"))

local threads = 0
function setup(thread)
    threads = threads + 1
    thread:set("seed", threads)  -- each thread its own random sequence, or the threads' connections move in step
end

function init(args)
    math.randomseed(seed or 1)
    if token then wrk.headers["Authorization"] = "Bearer " .. token end
end

function request() return wrk.format("GET", path) end

function delay() return gap_ms * (0.5 + math.random()) end
