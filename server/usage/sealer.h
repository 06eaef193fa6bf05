#pragma once
// Seals closed days of each tenant's counters: digest = SHA-256(previous day's digest || the
// day's rows), stored append-only in usage_seals. A day closes once external events for it can no
// longer arrive (they are accepted up to 24 hours late), so a sealed day never changes lawfully.

#include <QDate>
#include <QString>
#include <QUuid>

namespace portico::store { class Database; }

namespace portico::usage {

inline constexpr int kEventLatenessHours = 24;
inline constexpr int kRetentionDays = 400; // 13 months and a little more

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

private:
    store::Database &m_db;
};

} // namespace portico::usage
