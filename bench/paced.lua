-- wrk script: GET PATH at about RATE requests/s in all (each of the C connections waits C/RATE s between its
-- requests). This is a paced closed loop, not wrk2's open loop: a stalled request delays that connection's next
-- one instead of being counted as waiting (coordinated omission), so its p99 is a floor under a true
-- constant-rate p99. Environment: TOKEN, PATH_QUERY, RATE, CONNECTIONS.
local token = os.getenv("TOKEN")
local path = os.getenv("PATH_QUERY")
local gap_ms = 1000 * tonumber(os.getenv("CONNECTIONS")) / tonumber(os.getenv("RATE"))

function init(args)
    if token then wrk.headers["Authorization"] = "Bearer " .. token end
end

function request() return wrk.format("GET", path) end

function delay() return gap_ms end
