#pragma once
// Method + path routing with {param} segments. Unknown paths and wrong methods are told apart so
// that both get a precise problem response (404, or 405 with Allow).

#include "server/http/http.h"
#include <QHash>
#include <functional>
#include <vector>

namespace portico::auth { struct Principal; }

namespace portico::http {

// Who may call a route. Operator routes list the roles allowed; an empty list means any operator role.
struct Access
{
    enum class Kind { Public, AnyToken, Operator, Tenant } kind = Kind::Public;
    QStringList roles;
    static Access publicRoute() { return {Kind::Public, {}}; }
    static Access anyToken() { return {Kind::AnyToken, {}}; }
    static Access operators(QStringList roles = {}) { return {Kind::Operator, std::move(roles)}; }
    static Access tenant() { return {Kind::Tenant, {}}; }
    // The role lists, once: admin and support change things (tenants, configuration, flags, limits,
    // tokens) and reach a tenant's documents; admin alone deletes tenant data and seals usage.
    static Access writers() { return operators({QStringLiteral("admin"), QStringLiteral("support")}); }
    static Access admins() { return operators({QStringLiteral("admin")}); }
};

struct RequestContext;
using Handler = std::function<Response(RequestContext &)>;

// Where the transport runs a route's handler. Workers: the fair scheduler's threads, for anything
// that may wait on the database. Inline: on the connection's I/O thread, for handlers that only
// compute (a hand-off would cost more than they do). Probe: on a small pool of its own, so the
// health check answers while every worker waits on a hung database (it bounds its own wait).
// Compute: handlers that only compute but need the pipeline's token and limits (flag
// evaluation): run on the I/O thread inside a NoWaitScope (core/nowait.h) when nothing would wait
// (the token cached, the limits' slice not empty), else handed to the workers like any other.
enum class Lane { Workers, Inline, Probe, Compute };

struct Route
{
    QByteArray method;
    QStringList segments; // "{}" marks a parameter
    std::vector<bool> isParam; // per segment: a parameter (matches any one segment)
    std::vector<quint64> segmentHash; // per segment: a literal's hash (compared before its text), 0 for a parameter
    Access access;
    Handler handler;
    QString pattern;      // for logs
    Lane lane = Lane::Workers;
};

class Router
{
public:
    void add(const QByteArray &method, const QString &pattern, Access access, Handler handler, Lane lane = Lane::Workers);

    struct Match
    {
        const Route *route = nullptr;
        QStringList params;
        QByteArrayList allowedMethods; // filled when the path exists but the method does not
    };
    [[nodiscard]] Match match(const QByteArray &method, const QString &path) const;
    // The lane of the route a request would reach (Workers when none: the pipeline answers it).
    [[nodiscard]] Lane laneOf(const QByteArray &method, const QString &path) const;

private:
    // The index of the first route whose path matches parts and whose method is method (HEAD
    // reaching GET), else -1; allowed, when given, collects the methods the path does allow.
    int find(const QByteArray &method, const QStringView *parts, qsizetype count, QByteArrayList *allowed) const;
    std::vector<Route> m_routes;
    // Route indices in registration order, by segment count and second segment (every route had
    // been compared with every path, ~70 of them): a path is compared only with the routes of as
    // many segments whose second segment is its own (m_bySecond, keyed by count and that
    // segment's hash) or a parameter (m_wild, by count; and all routes of fewer than 2 segments).
    std::vector<std::vector<int>> m_wild;
    QHash<quint64, std::vector<int>> m_bySecond;
};

} // namespace portico::http
