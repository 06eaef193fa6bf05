#pragma once
// The one way a request's URL query is built: an item only when it has a value, every value
// percent-encoded (so '+', '&' and '=' in a search or a name survive the trip), in the order added.
// Header-only, Qt Core only: core's TenantListQuery and the client's queries share it.

#include "core/timeutil.h"

#include <QDateTime>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

namespace portico {

class UrlQueryBuilder
{
public:
    UrlQueryBuilder() = default;
    explicit UrlQueryBuilder(QUrlQuery start) : m_query(std::move(start)) {}

    // key=value, percent-encoded; nothing when value is empty.
    UrlQueryBuilder &add(const char *key, const QString &value)
    {
        if (!value.isEmpty())
            m_query.addQueryItem(QString::fromLatin1(key), QString::fromUtf8(QUrl::toPercentEncoding(value)));
        return *this;
    }
    // key=number, always.
    UrlQueryBuilder &addNumber(const char *key, qint64 value)
    {
        m_query.addQueryItem(QString::fromLatin1(key), QString::number(value));
        return *this;
    }
    // key=the time as on the wire (UTC, RFC 3339); nothing when the time is invalid.
    UrlQueryBuilder &addTime(const char *key, const QDateTime &time)
    {
        return time.isValid() ? add(key, toIsoUtc(time)) : *this;
    }
    // key=true when on; nothing when off.
    UrlQueryBuilder &addFlag(const char *key, bool on)
    {
        return on ? add(key, QStringLiteral("true")) : *this;
    }

    [[nodiscard]] const QUrlQuery &query() const { return m_query; }

private:
    QUrlQuery m_query;
};

} // namespace portico
