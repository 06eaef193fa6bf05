#include "server/http/router.h"
#include <QVarLengthArray>

namespace portico::http {
namespace {

// The path's segments as views into it, empty ones skipped (as split(SkipEmptyParts) gives them),
// without building a list of strings for every request.
using Parts = QVarLengthArray<QStringView, 16>;
Parts segmentsOf(const QString &path)
{
    Parts parts;
    const QStringView p(path);
    qsizetype start = 0;
    for (qsizetype i = 0; i <= p.size(); ++i) {
        if (i == p.size() || p[i] == QLatin1Char('/')) {
            if (i > start)
                parts.append(p.sliced(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

// FNV-1a over the UTF-16 units: a path segment is compared with a route's literal by this hash
// first, so the ~25 routes of a length cost an integer comparison each, not a string comparison.
quint64 segmentHash(QStringView s)
{
    quint64 h = 14695981039346656037ull;
    for (const QChar c : s)
        h = (h ^ c.unicode()) * 1099511628211ull;
    return h | 1; // never 0, the parameters' mark
}

quint64 secondKey(qsizetype count, quint64 secondHash) { return secondHash ^ (quint64(count) * 0x9e3779b97f4a7c15ull); }

bool methodMatches(const QByteArray &routeMethod, const QByteArray &method)
{
    return routeMethod == method || (method == "HEAD" && routeMethod == "GET");
}

} // namespace

void Router::add(const QByteArray &method, const QString &pattern, Access access, Handler handler, Lane lane)
{
    Route r;
    r.lane = lane;
    r.method = method;
    r.pattern = pattern;
    r.access = std::move(access);
    r.handler = std::move(handler);
    for (const QString &segment : pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        const bool param = segment.startsWith(QLatin1Char('{'));
        r.segments << (param ? QStringLiteral("{}") : segment);
        r.isParam.push_back(param);
        r.segmentHash.push_back(param ? 0 : segmentHash(segment));
    }
    const size_t size = size_t(r.segments.size());
    if (m_wild.size() <= size)
        m_wild.resize(size + 1);
    if (size >= 2 && !r.isParam[1])
        m_bySecond[secondKey(qsizetype(size), r.segmentHash[1])].push_back(int(m_routes.size()));
    else
        m_wild[size].push_back(int(m_routes.size()));
    m_routes.push_back(std::move(r));
}

int Router::find(const QByteArray &method, const QStringView *parts, qsizetype count, QByteArrayList *allowed) const
{
    if (size_t(count) >= m_wild.size())
        return -1;
    QVarLengthArray<quint64, 16> hashes(count);
    for (qsizetype i = 0; i < count; ++i)
        hashes[i] = segmentHash(parts[i]);
    static const std::vector<int> none;
    const std::vector<int> &wild = m_wild[size_t(count)];
    const auto keyed = count >= 2 ? m_bySecond.constFind(secondKey(count, hashes[1])) : m_bySecond.cend();
    const std::vector<int> &named = keyed != m_bySecond.cend() ? *keyed : none;
    // Both lists are in registration order; merged, so the first route registered still wins.
    for (size_t w = 0, n = 0; w < wild.size() || n < named.size();) {
        const int index = n == named.size() || (w < wild.size() && wild[w] < named[n]) ? wild[w++] : named[n++];
        const Route &route = m_routes[size_t(index)];
        bool ok = true;
        for (qsizetype i = 0; i < count && ok; ++i)
            ok = route.isParam[size_t(i)] || route.segmentHash[size_t(i)] == hashes[i];
        for (qsizetype i = 0; i < count && ok; ++i) // the hashes agree: the text decides
            ok = route.isParam[size_t(i)] || route.segments[i] == parts[i];
        if (!ok)
            continue;
        if (methodMatches(route.method, method))
            return index;
        if (!allowed)
            continue;
        if (!allowed->contains(route.method))
            *allowed << route.method;
        if (route.method == "GET" && !allowed->contains("HEAD"))
            *allowed << "HEAD";
    }
    return -1;
}

Router::Match Router::match(const QByteArray &method, const QString &path) const
{
    Match result;
    const Parts parts = segmentsOf(path);
    const int index = find(method, parts.constData(), parts.size(), &result.allowedMethods);
    if (index < 0)
        return result;
    result.route = &m_routes[size_t(index)];
    // A route found after others of the same path refused the method: only the found one counts.
    result.allowedMethods.clear();
    for (qsizetype i = 0; i < parts.size(); ++i)
        if (result.route->isParam[size_t(i)])
            result.params << parts[i].toString();
    return result;
}

Lane Router::laneOf(const QByteArray &method, const QString &path) const
{
    const Parts parts = segmentsOf(path);
    const int index = find(method, parts.constData(), parts.size(), nullptr);
    return index >= 0 ? m_routes[size_t(index)].lane : Lane::Workers;
}

} // namespace portico::http
