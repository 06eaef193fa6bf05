#include "server/usage/partitions.h"
#include "server/store/database.h"
#include "server/usage/sealer.h"
#include "server/usage/usagestore.h"
#include <spdlog/spdlog.h>

namespace portico::usage {

UsagePartitions::Result UsagePartitions::maintain(const QDateTime &now)
{
    Result r;
    const QDate keepFrom = hourlyKeptFrom(now);
    try {
        auto c = m_db.control();
        r.made = usagestore::ensurePartitions(*c, now, kPartitionMonthsAhead);
        r.dropped = usagestore::dropPartitionsBefore(*c, keepFrom);
    } catch (const std::exception &e) {
        // The default partition holds what a missing month would have; the next hour retries.
        spdlog::error("usage partition upkeep failed: {}", e.what());
    }
    if (!r.made.isEmpty())
        spdlog::info("usage: made hourly partitions {}", r.made.join(QStringLiteral(", ")).toStdString());
    if (!r.dropped.isEmpty())
        spdlog::info("usage: dropped hourly partitions {} (hourly rows before {} are past the {}-month retention; daily and monthly rollups kept)",
                     r.dropped.join(QStringLiteral(", ")).toStdString(), keepFrom.toString(Qt::ISODate).toStdString(), hourlyRetentionMonths());
    return r;
}

} // namespace portico::usage
