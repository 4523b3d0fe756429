-- wrk script: each connection walks a list of requests ("lang<TAB>path" lines),
-- each thread from its own place in it; prints one JSON line with the latency
-- percentiles (wrk's own --latency output has no 95th percentile).
local urls = {}
local position = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local think = 0

function init(args)
  think = tonumber(args[2] or "0")
  for line in io.lines(args[1]) do
    local lang, path = line:match("^(%a+)\t(.+)$")
    urls[#urls + 1] = { lang, path }
  end
  position = (id * 7919) % #urls
end

-- A person reads the page before the next click: milliseconds between an
-- answer and the connection's next request (0: back to back).
function delay()
  return think
end

function request()
  position = position % #urls + 1
  local lang, path = urls[position][1], urls[position][2]
  return wrk.format("GET", path, { ["Cookie"] = "tadamon_lang=" .. lang })
end

function done(summary, latency, requests)
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
      .. '"max_us": %d, "non_2xx_3xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
