-- Unique, barely compressible PUT bodies: a per-request counter and thread id, then random text
-- taken at a random offset of a 1 MiB pool made once per thread. No two bodies are equal, and
-- neither deduplication nor compression can make recording look free.
local size = tonumber(os.getenv("BODY_SIZE") or "1024")
local counter = 0
local pool
local threads = {}
local tid = 0

function setup(thread)
  tid = tid + 1
  thread:set("tid", tid)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + tid)
  -- Each run's URLs are its own: a warm-up's URLs coming back in the measured run would make the
  -- analysis read their history back from the db, which is not what "every URL new" measures.
  run = math.random(1, 1000000000)
  local alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.;:-_+=/"
  local parts = {}
  for i = 1, 1048576 + size do
    local k = math.random(1, #alphabet)
    parts[i] = alphabet:sub(k, k)
  end
  pool = table.concat(parts)
  wrk.method = "PUT"
  wrk.headers["Content-Type"] = "text/plain"
end

function request()
  counter = counter + 1
  local head = string.format("%d-%012d|", tid, counter)
  local off = math.random(1, 1048576)
  local body = head .. pool:sub(off, off + size - #head - 1)
  return wrk.format("PUT", "/items/" .. run .. "-" .. tid .. "/" .. counter, nil, body)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d non2xx=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
