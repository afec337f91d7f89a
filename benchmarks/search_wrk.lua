-- wrk script for benchmarks/search.py: walk a list of request paths, one list per run.
--
--   wrk -t2 -c16 -d30s -s benchmarks/search_wrk.lua http://127.0.0.1:8765 -- paths.txt eu.localhost 2
--
-- (arguments: the path list, the Host header, the number of wrk threads -t)
--
-- Each thread starts at its own offset (thread i of n walks paths i, i+n, i+2n, ...), so no two
-- threads send the same path and a list of distinct paths stays all-distinct as long as the
-- run sends fewer requests than the list holds (the summary prints `wrapped` if it did not).
-- Responses carrying `X-Cache: HIT` are counted. done() prints one JSON line prefixed RESULT.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local file = args[1]
  host = args[2] or "eu.localhost"
  nthreads = tonumber(args[3] or "1")
  paths = {}
  for line in io.lines(file) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  position = id + 1
  hits = 0
  misses = 0
  wrapped = 0
  sent = 0
end

function request()
  local path = paths[position]
  position = position + nthreads
  if position > #paths then
    position = (position - 1) % #paths + 1
    wrapped = 1
  end
  sent = sent + 1
  return wrk.format("GET", path, { ["Host"] = host, ["Accept-Language"] = "en" })
end

function response(status, headers, body)
  if (headers["X-Cache"] or headers["x-cache"]) == "HIT" then
    hits = hits + 1
  else
    misses = misses + 1
  end
end

function done(summary, latency, requests)
  local hit_total, miss_total, wrapped_any = 0, 0, 0
  for _, t in ipairs(threads) do
    hit_total = hit_total + (t:get("hits") or 0)
    miss_total = miss_total + (t:get("misses") or 0)
    wrapped_any = math.max(wrapped_any, t:get("wrapped") or 0)
  end
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.2f, "rps": %.1f, "errors": %d, "hits": %d, "misses": %d, '
      .. '"wrapped": %d, "p50": %.1f, "p95": %.1f, "p99": %.1f, "max": %.1f}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), errors,
    hit_total, miss_total, wrapped_any, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
