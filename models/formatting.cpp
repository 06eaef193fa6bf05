#include "models/formatting.h"
#include "models/tones.h"
#include <QCoreApplication>
#include <QLocale>
#include <QPainter>
#include <QPixmap>

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

QString tenantCount(qint64 total, bool estimate)
{
    return estimate ? QCoreApplication::translate("portico::format", "about %1 tenants").arg(QLocale().toString(total)) : tenantCount(total);
}

QString severity(Severity s, const QString &sentName)
{
    switch (s) {
    case Severity::Critical: return QCoreApplication::translate("portico::format", "Critical");
    case Severity::High: return QCoreApplication::translate("portico::format", "High");
    case Severity::Warning: return QCoreApplication::translate("portico::format", "Warning");
    case Severity::Info: return QCoreApplication::translate("portico::format", "Info");
    case Severity::Unknown: break;
    }
    return sentName.isEmpty() ? QCoreApplication::translate("portico::format", "Unknown") : sentName;
}

QColor severityColor(Severity s)
{
    switch (s) {
    case Severity::Critical: return toneText(Tone::Bad);
    case Severity::High: return paletteIsDark() ? QColor(0xf2, 0x9b, 0x5c) : QColor(0xc4, 0x5a, 0x00); // orange, between bad and warning
    case Severity::Warning: return toneText(Tone::Warning);
    case Severity::Info: return toneText(Tone::Info);
    case Severity::Unknown: break;
    }
    return toneText(Tone::Muted);
}

QIcon severityIcon(Severity s)
{
    QIcon icon;
    for (const int size : {16, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(severityColor(s));
        const qreal margin = size / 8.0;
        painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin));
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace portico::format
