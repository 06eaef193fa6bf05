#pragma once
// The month partitions of usage_hourly: made ahead of the months they will hold (an hour without
// one lands in the default partition instead of failing), and dropped whole once older than the
// hourly retention (hourlyRetentionMonths()); the daily and monthly rollups outlive them.

#include <QDateTime>
#include <QStringList>

namespace portico::store { class Database; }

namespace portico::usage {

inline constexpr int kPartitionMonthsAhead = 2;

class UsagePartitions
{
public:
    explicit UsagePartitions(store::Database &db) : m_db(db) {}

    struct Result
    {
        QStringList made, dropped; // partition names
    };
    // Makes this month's partition and the next kPartitionMonthsAhead months', drops those of months
    // before the retention; logs what it did (and a failure, which the next run retries).
    Result maintain(const QDateTime &now);

private:
    store::Database &m_db;
};

} // namespace portico::usage
