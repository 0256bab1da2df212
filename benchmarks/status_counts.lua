-- wrk script: cycles through the paths in WRK_PATHS (space-separated) or, when WRK_PATHS_FILE
-- names a file, its lines (each thread starting at its own place), counts responses by
-- status code across all threads, and prints "status count" lines plus a 503 Retry-After check.
local threads = {}

local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  local file_name = os.getenv("WRK_PATHS_FILE") or ""
  if file_name ~= "" then
    for line in io.lines(file_name) do
      table.insert(paths, line)
    end
  else
    for path in string.gmatch(os.getenv("WRK_PATHS") or "/", "%S+") do
      table.insert(paths, path)
    end
  end
  statuses = {}
  retry_after_missing = 0
  -- Threads start half a list apart, so two threads don't ask for the same page together.
  counter = math.floor(#paths * (id or 0) / 2)
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 503 and headers["Retry-After"] == nil then
    retry_after_missing = retry_after_missing + 1
  end
end

function done(summary, latency, requests)
  local totals, missing = {}, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
    missing = missing + thread:get("retry_after_missing")
  end
  for status, count in pairs(totals) do
    io.write(string.format("status %d %d\n", status, count))
  end
  io.write(string.format("503-without-retry-after %d\n", missing))
  io.write(string.format("timeouts %d\n", summary.errors.timeout))
  io.write(string.format("p50-ms %.1f\np99-ms %.1f\nmax-ms %.1f\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
