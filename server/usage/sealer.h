#pragma once
// Seals closed days of each tenant's counters: digest = SHA-256(previous day's digest || the
// day's rows), stored append-only in usage_seals. A day closes once external events for it can no
// longer arrive (they are accepted up to 24 hours late), so a sealed day never changes lawfully.
// Sealing a day also makes its daily and monthly rollups equal its hourly rows, in the same
// transaction: billing can read them.

#include <QDate>
#include <QDateTime>
#include <QString>
#include <QUuid>

namespace portico::store { class Database; class PgConnection; }

namespace portico::usage {

inline constexpr int kEventLatenessHours = 24;
inline constexpr int kRetentionDays = 400; // 13 months and a little more
// Months of hourly rows kept (this one and the 12 before it): older month partitions are dropped
// whole; the daily and monthly rollups stay. PORTICO_USAGE_HOURLY_MONTHS overrides it (at least 2).
inline constexpr int kDefaultHourlyMonths = 13;
int hourlyRetentionMonths();
// The first day whose hourly rows are kept at `now`: the first of a month.
QDate hourlyKeptFrom(const QDateTime &now);

class UsageSealer
{
public:
    explicit UsageSealer(store::Database &db) : m_db(db) {}
    // Seals every closed, unsealed day of every tenant; returns the number of days sealed.
    int sealClosedDays();

    struct Verdict
    {
        bool ok = true;
        int daysChecked = 0;
        QDate firstBadDay;
        QString reason;
        QDate lastSealedDay;
    };
    Verdict verify(const QUuid &tenant);

    static QDate firstOpenDay(const QDateTime &now); // days before it are closed

    // Each tenant's value over the days before today of the console's fleet windows (7, 30 and
    // 90 days up to tomorrow), for every metric, kept for top's plan medians; after the seals.
    static constexpr int kConsoleWindowDays[] = {7, 30, 90};
    static void keepConsoleWindows(store::PgConnection &c, const QDate &today);

private:
    store::Database &m_db;
};

} // namespace portico::usage
