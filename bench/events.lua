-- wrk script: POSTs batches of usage events with ids unique across threads and requests.
-- BATCH events per request; the path comes from the command line URL.
local batch = tonumber(os.getenv("BENCH_BATCH") or "1000")
local counter = 0
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

-- Added to the command line's headers (Authorization): wrk.format replaces them when given a table.
wrk.headers["Content-Type"] = "application/json"

function request()
  counter = counter + 1
  local now = os.date("!%Y-%m-%dT%H:%M:%SZ")
  local parts = {}
  for i = 1, batch do
    parts[i] = string.format('{"id":"b%s-%d-%d","metric":"emails_sent","quantity":1,"time":"%s"}', tid, counter, i, now)
  end
  return wrk.format("POST", nil, nil, '{"events":[' .. table.concat(parts, ",") .. ']}')
end
