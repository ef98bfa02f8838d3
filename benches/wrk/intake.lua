-- wrk script: one-line intakes, each with its own Idempotency-Key (so none replays).
-- Refusals show in wrk's own "Non-2xx or 3xx responses" line.
-- HAUL_TOKEN is a coordinator's API token (empty for the ceiling server).
local token = os.getenv("HAUL_TOKEN") or ""
local body = '{"source":"glastonbury-2026","warehouse":"unit-east","received_on":"2026-06-29",'
  .. '"lines":[{"category":"tent-2p","condition":"good","quantity":1}]}'
local threads = 0
local n = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  math.randomseed(os.time() + tid)
  run = tostring(math.random(1, 1000000000))
end

function request()
  n = n + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = run .. "-" .. tid .. "-" .. n,
  }
  if token ~= "" then
    headers["Authorization"] = "Bearer " .. token
  end
  return wrk.format("POST", "/api/v1/intakes", headers, body)
end
