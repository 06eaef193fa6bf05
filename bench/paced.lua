-- wrk script: each connection waits BENCH_DELAY_MS between requests, so the load is a rate,
-- not "as fast as possible" (wrk itself has no rate option).
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "10")
function delay()
  return pause
end
