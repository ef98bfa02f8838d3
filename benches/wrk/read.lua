-- wrk script: reads as a page does them (HAUL_READ_PATH, default the stock list),
-- with a page session (HAUL_COOKIE) or else an API token (HAUL_TOKEN).
local token = os.getenv("HAUL_TOKEN") or ""
local cookie = os.getenv("HAUL_COOKIE") or ""
local path = os.getenv("HAUL_READ_PATH") or "/api/v1/stock"

function request()
  if cookie ~= "" then
    return wrk.format("GET", path, { ["Cookie"] = cookie })
  end
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
