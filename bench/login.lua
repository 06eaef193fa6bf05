-- wrk script: wrong-password logins, each request for another email (so the per-email waits do
-- not stop argon2 from running; the per-address limit still applies, as it would to an attacker).
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"email":"flood-%d-%d@bench.example","password":"wrong"}', math.random(1, 1000000), n)
  return wrk.format("POST", "/v1/auth/login", {["Content-Type"] = "application/json"}, body)
end
