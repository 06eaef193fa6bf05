#include "models/formatting.h"
#include <QCoreApplication>
#include <QLocale>

namespace portico::format {

QString bytes(qint64 value)
{
    return QLocale().formattedDataSize(value, 1, QLocale::DataSizeIecFormat);
}

QString localDateTime(const QDateTime &utc)
{
    if (!utc.isValid())
        return {};
    // An ISO-like shape sorts and compares at a glance; the locale's long form is in no table's width.
    return utc.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString utcToolTip(const QDateTime &utc)
{
    if (!utc.isValid())
        return {};
    return utc.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" UTC");
}

QString tenantCount(qint64 total)
{
    // Not "%n tenant(s)": without an English .qm that would show literally. Two forms cover en and de.
    return total == 1 ? QCoreApplication::translate("portico::format", "1 tenant")
                      : QCoreApplication::translate("portico::format", "%1 tenants").arg(QLocale().toString(total));
}

} // namespace portico::format
