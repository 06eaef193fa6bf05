#pragma once
// RFC 9457 problem details, shared by the server (which produces them) and the client (which reads them).

#include <QJsonObject>
#include <QString>

namespace portico {

// Stable problem types. Clients switch on these, so never rename one; add new ones instead.
namespace problem {
inline constexpr auto Validation = "urn:portico:problem:validation";
inline constexpr auto MalformedJson = "urn:portico:problem:malformed-json";
inline constexpr auto PayloadTooLarge = "urn:portico:problem:payload-too-large";
inline constexpr auto NotFound = "urn:portico:problem:not-found";
inline constexpr auto MethodNotAllowed = "urn:portico:problem:method-not-allowed";
inline constexpr auto Unauthenticated = "urn:portico:problem:unauthenticated";
inline constexpr auto Forbidden = "urn:portico:problem:forbidden";
inline constexpr auto TenantContextRequired = "urn:portico:problem:tenant-context-required";
inline constexpr auto TenantContextAmbiguous = "urn:portico:problem:tenant-context-ambiguous";
inline constexpr auto TenantSuspended = "urn:portico:problem:tenant-suspended";
inline constexpr auto Conflict = "urn:portico:problem:conflict";
inline constexpr auto IdempotencyMismatch = "urn:portico:problem:idempotency-key-reused";
inline constexpr auto UnsupportedMediaType = "urn:portico:problem:unsupported-media-type";
inline constexpr auto Internal = "urn:portico:problem:internal";
inline constexpr auto IsolationBlocked = "urn:portico:problem:isolation-blocked";
inline constexpr auto RateLimited = "urn:portico:problem:rate-limited";
inline constexpr auto QuotaExceeded = "urn:portico:problem:quota-exceeded";
inline constexpr auto Unavailable = "urn:portico:problem:unavailable";
inline constexpr auto PreconditionFailed = "urn:portico:problem:precondition-failed";     // 412: If-Match no longer matches
inline constexpr auto PreconditionRequired = "urn:portico:problem:precondition-required"; // 428: If-Match missing
inline constexpr auto LoginThrottled = "urn:portico:problem:login-throttled"; // 429: too many failed logins, wait Retry-After
inline constexpr auto LoginBusy = "urn:portico:problem:login-busy";           // 503: too many logins at once, retry shortly
inline constexpr auto InvalidCursor = "urn:portico:problem:invalid-cursor";           // 400: a cursor the route did not issue
inline constexpr auto AlertStateConflict = "urn:portico:problem:alert-state-conflict"; // 409: the transition does not apply
inline constexpr auto MalformedRequest = "urn:portico:problem:malformed-request"; // 400: HTTP framing the transport refuses
inline constexpr auto HeadersTooLarge = "urn:portico:problem:headers-too-large";   // 431
inline constexpr auto RequestTimeout = "urn:portico:problem:request-timeout";      // 408: a half-sent request
inline constexpr auto DatabaseUnavailable = "urn:portico:problem:database-unavailable"; // 503: its connection died; Retry-After
// Text from outside that is not valid Unicode (an unpaired surrogate, invalid UTF-8) or holds a NUL.
inline constexpr auto InvalidText = "urn:portico:problem:invalid-text";
inline constexpr auto JobStateConflict = "urn:portico:problem:job-state-conflict"; // 409: pause, resume or cancel does not apply to the job's state
inline constexpr auto JobAlreadyOpen = "urn:portico:problem:job-already-open";     // 409: the tenant has an unfinished job of that kind
inline constexpr auto Network = "urn:portico:problem:network"; // client side only: no HTTP answer at all
} // namespace problem

struct Problem
{
    QString type;
    QString title;
    int status = 0;
    QString detail;
    QString field;     // the offending input, for validation problems
    QString instance;  // the request path
    QString requestId;

    [[nodiscard]] bool isNull() const { return status == 0 && type.isEmpty(); }
    [[nodiscard]] QJsonObject toJson() const;
    static Problem fromJson(const QJsonObject &json, int httpStatus = 0);

    static Problem validation(const QString &field, const QString &detail);
    static Problem make(int status, const char *type, const QString &detail);

    // A one-line, human-readable account, for status bars and message boxes.
    [[nodiscard]] QString toDisplayString() const;
};

// The RFC 9110 reason phrase, used as the default `title`.
QString reasonPhrase(int status);

} // namespace portico
