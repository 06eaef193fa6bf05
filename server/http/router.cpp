#include "server/http/router.h"

namespace portico::http {

void Router::add(const QByteArray &method, const QString &pattern, Access access, Handler handler, Lane lane)
{
    Route r;
    r.lane = lane;
    r.method = method;
    r.pattern = pattern;
    r.access = std::move(access);
    r.handler = std::move(handler);
    for (const QString &segment : pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts))
        r.segments << (segment.startsWith(QLatin1Char('{')) ? QStringLiteral("{}") : segment);
    m_routes.push_back(std::move(r));
}

Router::Match Router::match(const QByteArray &method, const QString &path) const
{
    Match result;
    const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const Route &route : m_routes) {
        if (route.segments.size() != parts.size())
            continue;
        QStringList params;
        bool ok = true;
        for (qsizetype i = 0; i < parts.size() && ok; ++i) {
            if (route.segments[i] == QLatin1String("{}"))
                params << parts[i];
            else
                ok = route.segments[i] == parts[i];
        }
        if (!ok)
            continue;
        if (route.method == method || (method == "HEAD" && route.method == "GET")) {
            result.route = &route;
            result.params = params;
            return result;
        }
        if (!result.allowedMethods.contains(route.method))
            result.allowedMethods << route.method;
        if (route.method == "GET" && !result.allowedMethods.contains("HEAD"))
            result.allowedMethods << "HEAD";
    }
    return result;
}

Lane Router::laneOf(const QByteArray &method, const QString &path) const
{
    const Match m = match(method, path);
    return m.route ? m.route->lane : Lane::Workers;
}

} // namespace portico::http
