-- wrk script: reads as a page does them (HAUL_READ_PATH, default the stock list).
local token = os.getenv("HAUL_TOKEN") or ""
local path = os.getenv("HAUL_READ_PATH") or "/api/v1/stock"

function request()
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
