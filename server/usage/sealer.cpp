#include "server/usage/sealer.h"
#include "core/usage.h"
#include "server/store/database.h"
#include "server/usage/usagestore.h"
#include <QDateTime>
#include <QMap>
#include <QTimeZone>
#include <spdlog/spdlog.h>

namespace portico::usage {
namespace {
const QByteArray kGenesis(32, '\0');

// The rows of [from, to) by day.
QMap<QDate, QList<UsageRow>> rowsByDay(store::PgConnection &c, const QUuid &tenant, const QDate &from, const QDate &to)
{
    const auto r = c.exec(QStringLiteral("SELECT metric, extract(epoch FROM hour)::bigint, route_class, quantity FROM usage_hourly "
                                         "WHERE tenant_id = $1 AND hour >= $2::date AND hour < $3::date"),
                          {tenant, from.toString(Qt::ISODate), to.toString(Qt::ISODate)});
    QMap<QDate, QList<UsageRow>> out;
    for (int i = 0; i < r.rows(); ++i) {
        UsageRow row{r.text(i, 0), r.integer(i, 1), r.text(i, 2), r.integer(i, 3)};
        out[QDateTime::fromSecsSinceEpoch(row.hourEpoch, QTimeZone::utc()).date()].append(row);
    }
    return out;
}
} // namespace

void UsageSealer::keepConsoleWindows(store::PgConnection &c, const QDate &today)
{
    // The fleet view's windows end tomorrow: their days before today are kept per tenant here,
    // once after each midnight, so the first top of the day does not make them.
    for (const Metric &m : usagestore::metrics(c)) {
        for (int days : kConsoleWindowDays) {
            try {
                usagestore::keepClosedValues(c, m, today.addDays(1 - days), today);
            } catch (const std::exception &e) {
                spdlog::warn("usage: closed days of {} over {} days not kept: {}", m.name.toStdString(), days, e.what());
            }
        }
    }
}

int hourlyRetentionMonths()
{
    static const int months = [] {
        bool ok = false;
        const int v = qEnvironmentVariableIntValue("PORTICO_USAGE_HOURLY_MONTHS", &ok);
        // At least the billing month and the one before it: quotas and late events need them.
        return ok ? std::max(2, v) : kDefaultHourlyMonths;
    }();
    return months;
}

QDate hourlyKeptFrom(const QDateTime &now)
{
    const QDate d = now.toUTC().date();
    return QDate(d.year(), d.month(), 1).addMonths(-(hourlyRetentionMonths() - 1));
}

QDate UsageSealer::firstOpenDay(const QDateTime &now)
{
    // A day is closed when its last hour plus the lateness window (and an hour's grace) is past.
    return now.toUTC().addSecs(-qint64(kEventLatenessHours + 1) * 3600).date();
}

int UsageSealer::sealClosedDays()
{
    const QDate cutoff = firstOpenDay(QDateTime::currentDateTimeUtc());
    auto c = m_db.control();
    // Tenants with usage in the days whose hourly rows are kept, from the daily rollups (a row per
    // day rather than per hour and route class), each with its last seal.
    const auto todo = c->exec(QStringLiteral(
        "SELECT u.tenant_id, u.first, s.day, s.digest FROM ("
        " SELECT tenant_id, min(day) AS first FROM usage_daily WHERE day >= $2::date AND day < $1::date GROUP BY tenant_id) u "
        "LEFT JOIN LATERAL (SELECT day, digest FROM usage_seals WHERE tenant_id = u.tenant_id ORDER BY day DESC LIMIT 1) s ON true "
        "WHERE s.day IS NULL OR s.day < $1::date - 1"),
        {cutoff.toString(Qt::ISODate), hourlyKeptFrom(QDateTime::currentDateTimeUtc()).toString(Qt::ISODate)});
    int sealed = 0;
    for (int i = 0; i < todo.rows(); ++i) {
        const QUuid tenant = todo.uuid(i, 0);
        QDate day = todo.isNull(i, 2) ? QDate::fromString(todo.text(i, 1), Qt::ISODate) : QDate::fromString(todo.text(i, 2), Qt::ISODate).addDays(1);
        QByteArray previous = todo.isNull(i, 3) ? kGenesis : QByteArray::fromHex(todo.bytes(i, 3).mid(2));
        const auto days = rowsByDay(*c, tenant, day, cutoff);
        QStringList dayList, digests, prevs, counts;
        for (; day < cutoff; day = day.addDays(1)) {
            const QList<UsageRow> rows = days.value(day); // an empty day is sealed too: the chain has no gaps
            const QByteArray digest = sealDigest(previous, rows);
            dayList << day.toString(Qt::ISODate);
            digests << QStringLiteral("\\\\x") + QString::fromLatin1(digest.toHex());
            prevs << QStringLiteral("\\\\x") + QString::fromLatin1(previous.toHex());
            counts << QString::number(rows.size());
            previous = digest;
        }
        if (dayList.isEmpty())
            continue;
        const auto array = [](const QStringList &l) { return QStringLiteral("{%1}").arg(l.join(QLatin1Char(','))); };
        // The rollups of the days sealed are what billing reads: they are made to equal the hourly
        // rows just sealed, in the transaction that seals them. (The triggers keep them so; a
        // correction here means something wrote around them, and is logged.)
        store::PgTransaction tx(*c);
        const int corrected = usagestore::reconcileRollups(*c, tenant, QDate::fromString(dayList.first(), Qt::ISODate), cutoff);
        if (corrected > 0)
            spdlog::warn("usage rollups of tenant {} differed from the hourly rows on {} days; corrected before sealing",
                         idToString(tenant).toStdString(), corrected);
        c->exec(QStringLiteral("INSERT INTO usage_seals (tenant_id, day, digest, prev_digest, rows) "
                               "SELECT $1, d, g, p, n FROM unnest($2::date[], $3::bytea[], $4::bytea[], $5::int[]) AS x(d, g, p, n) "
                               "ON CONFLICT DO NOTHING"),
                {tenant, array(dayList), array(digests), array(prevs), array(counts)});
        tx.commit();
        sealed += int(dayList.size());
    }
    // Figures kept over whole buckets (usage_fleet_cache) are checked before each use; those of
    // ranges nobody asks for again go after a day.
    c->exec(QStringLiteral("DELETE FROM usage_fleet_cache WHERE computed_at < now() - interval '1 day'"));
    keepConsoleWindows(*c, QDateTime::currentDateTimeUtc().date());
    return sealed;
}

UsageSealer::Verdict UsageSealer::verify(const QUuid &tenant)
{
    Verdict v;
    auto c = m_db.control();
    // Only days whose hourly rows are still kept can be checked against their seals.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDate retained = std::max(now.date().addDays(-kRetentionDays), hourlyKeptFrom(now));
    const auto seals = c->exec(QStringLiteral("SELECT day, digest, prev_digest, rows FROM usage_seals WHERE tenant_id = $1 AND day >= $2::date ORDER BY day"),
                               {tenant, retained.toString(Qt::ISODate)});
    if (seals.rows() == 0)
        return v;
    const QDate first = QDate::fromString(seals.text(0, 0), Qt::ISODate);
    const QDate last = QDate::fromString(seals.text(seals.rows() - 1, 0), Qt::ISODate);
    v.lastSealedDay = last;
    const auto days = rowsByDay(*c, tenant, first, last.addDays(1));
    QByteArray previous = QByteArray::fromHex(seals.bytes(0, 2).mid(2));
    QDate expected = first;
    for (int i = 0; i < seals.rows(); ++i) {
        const QDate day = QDate::fromString(seals.text(i, 0), Qt::ISODate);
        const QByteArray digest = QByteArray::fromHex(seals.bytes(i, 1).mid(2));
        const QByteArray prev = QByteArray::fromHex(seals.bytes(i, 2).mid(2));
        ++v.daysChecked;
        const auto bad = [&](const QString &reason) {
            v.ok = false;
            v.firstBadDay = day;
            v.reason = reason;
        };
        if (day != expected) {
            bad(QStringLiteral("The seal of %1 is missing.").arg(expected.toString(Qt::ISODate)));
            v.firstBadDay = expected;
            return v;
        }
        if (prev != previous) {
            bad(QStringLiteral("The seal of %1 does not follow the seal before it.").arg(day.toString(Qt::ISODate)));
            return v;
        }
        const QList<UsageRow> rows = days.value(day);
        if (sealDigest(previous, rows) != digest) {
            bad(QStringLiteral("The counters of %1 changed after the day was sealed (%2 hourly rows now, %3 when sealed).")
                    .arg(day.toString(Qt::ISODate)).arg(rows.size()).arg(seals.integer(i, 3)));
            return v;
        }
        previous = digest;
        expected = day.addDays(1);
    }
    return v;
}

} // namespace portico::usage
