#pragma once
#include "server/auth/principal.h"
#include "server/http/http.h"

namespace portico::http {

// What a handler knows about its request: the request itself and the authenticated caller.
struct RequestContext
{
    Request &request;
    auth::Principal principal;
};

} // namespace portico::http
