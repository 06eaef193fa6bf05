#include "core/timeutil.h"
#include <QTimeZone>

namespace portico {
QString toIsoUtc(const QDateTime &t)
{
    if (!t.isValid())
        return {};
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime fromIsoUtc(const QString &s)
{
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(s, Qt::ISODate);
    // A time without an offset would be read in this machine's zone: ambiguous, so refused.
    if (!t.isValid() || t.timeSpec() == Qt::LocalTime)
        return {};
    return t.toUTC();
}

namespace {

// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
qint64 daysFromCivil(qint64 y, unsigned m, unsigned d)
{
    y -= m <= 2 ? 1 : 0;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}
} // namespace

QDateTime fromSqlTimestampUtc(QByteArrayView text)
{
    const char *s = text.data();
    const qsizetype n = text.size();
    const auto digits = [s](qsizetype at, int count, int &out) {
        out = 0;
        for (int i = 0; i < count; ++i) {
            const char c = s[at + i];
            if (c < '0' || c > '9')
                return false;
            out = out * 10 + (c - '0');
        }
        return true;
    };
    // The one form PostgreSQL sends with TimeZone=UTC: "YYYY-MM-DD HH:MM:SS[.f{1,6}]+00".
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (n >= 22 && s[4] == '-' && s[7] == '-' && (s[10] == ' ' || s[10] == 'T') && s[13] == ':' && s[16] == ':'
        && s[n - 3] == '+' && s[n - 2] == '0' && s[n - 1] == '0' && digits(0, 4, y) && digits(5, 2, mo) && digits(8, 2, d)
        && digits(11, 2, h) && digits(14, 2, mi) && digits(17, 2, sec)) {
        const qsizetype fracEnd = n - 3;
        int msec = 0;
        if (fracEnd > 19) {
            if (s[19] != '.' || fracEnd - 20 < 1 || fracEnd - 20 > 9)
                return {};
            // As Qt's ISO parser: every digit counts, rounded half up to the millisecond (so
            // .9996 is the next second).
            const int count = int(fracEnd - 20);
            int frac = 0;
            if (!digits(20, count, frac))
                return {};
            qint64 scale = 1;
            for (int i = 0; i < count; ++i)
                scale *= 10;
            msec = int((qint64(frac) * 1000 + scale / 2) / scale);
        }
        if (!QDate::isValid(y, mo, d) || h > 23 || mi > 59 || sec > 59)
            return {};
        const qint64 days = daysFromCivil(y, unsigned(mo), unsigned(d));
        return utcFromMs(((days * 24 + h) * 60 + mi) * 60000 + qint64(sec) * 1000 + msec);
    }
    // Anything else (another offset, a year past 9999): Qt's parser, never in local time.
    QString iso = QString::fromLatin1(text);
    iso.replace(QLatin1Char(' '), QLatin1Char('T'));
    if (iso.endsWith(QLatin1String("+00")))
        iso.chop(3);
    const qsizetype time = iso.indexOf(QLatin1Char('T'));
    if (time < 0)
        return {};
    const QStringView clock = QStringView(iso).sliced(time);
    if (!clock.contains(QLatin1Char('+')) && !clock.contains(QLatin1Char('-')) && !clock.endsWith(QLatin1Char('Z')))
        iso += QLatin1Char('Z');
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
}

QDateTime utcFromMs(qint64 ms)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::UTC);
#else
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
#endif
}

} // namespace portico
