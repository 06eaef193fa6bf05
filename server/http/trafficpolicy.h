#pragma once
// What the pipeline asks about tenant traffic, without knowing how it is answered: whether a
// tenant's request may run now (rate, concurrency, quota) and what it cost afterwards. The usage
// service implements it; the pipeline calls it for every request made with a tenant token.

#include "server/auth/principal.h"
#include "server/http/http.h"
#include <functional>
#include <optional>

namespace portico::http {

struct RequestCost
{
    qint64 bytesIn = 0;
    qint64 bytesOut = 0;
    qint64 computeMicros = 0;
    qint64 dbMicros = 0;
};

class TrafficPolicy
{
public:
    virtual ~TrafficPolicy() = default;

    struct Admission
    {
        std::optional<Response> refusal;  // a 429 to send instead of running the handler
        HeaderList headers;               // RateLimit-* headers for the response either way
        std::function<void()> release;    // called once the request is over (concurrency slot)
    };
    virtual Admission admit(const Request &request, const auth::Principal &tenant) = 0;
    // After every tenant request, admitted or refused; must not block.
    virtual void account(const Request &request, const auth::Principal &tenant, const Response &response,
                         const RequestCost &cost, bool refused) = 0;
};

} // namespace portico::http
