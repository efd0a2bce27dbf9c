-- wrk script for POST /v1/appointments: every request books a slot of its own (capacity 1) for a resident of
-- its own, using the fixtures of bench/bench-fixtures.sql. Slot k = FIRST (3,000,000) + thread * PER_THREAD + n.
-- Environment: TOKEN (a staff bearer token), FIRST, PER_THREAD, RESIDENTS.
local token = os.getenv("TOKEN") or error("TOKEN is not set")
local per_thread = tonumber(os.getenv("PER_THREAD") or "150000")
local residents = tonumber(os.getenv("RESIDENTS") or "8192")
local first = tonumber(os.getenv("FIRST") or "3000000")

local threads = {}
local next_thread = 0

function setup(thread)
    thread:set("thread_index", next_thread)
    next_thread = next_thread + 1
    table.insert(threads, thread)
end

counter = 0
local base = 0
statuses = {}

function init(args)
    base = first + thread_index * per_thread
    wrk.headers["Authorization"] = "Bearer " .. token
    wrk.headers["Content-Type"] = "application/json"
end

function request()
    counter = counter + 1
    local k = base + counter
    local body = string.format(
        '{"slotId":"00000000-0000-4000-8000-%012x","residentId":"00000000-0000-4000-9000-%012x","mode":"onsite"}',
        k, k % residents + 1)
    return wrk.format("POST", "/v1/appointments", nil, body)
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
    local totals = {}
    local sent = 0
    for _, thread in ipairs(threads) do
        sent = math.max(sent, thread:get("counter"))
        local s = thread:get("statuses")
        for code, count in pairs(s) do totals[code] = (totals[code] or 0) + count end
    end
    local parts = {}
    for code, count in pairs(totals) do table.insert(parts, code .. "=" .. count) end
    table.sort(parts)
    io.write("statuses: " .. table.concat(parts, " ") .. "\n")
    io.write(string.format("p50_ms: %.2f\np99_ms: %.2f\nmax_per_thread: %d\n",
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, sent))
end
