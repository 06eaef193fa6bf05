#include "models/usageseriesmodel.h"
#include "core/timeutil.h"
#include "core/usage.h"
#include "models/formatting.h"
#include "models/tableexport.h"
#include "models/usagemetricsmodel.h"

#include <QLocale>
#include <QTimeZone>
#include <algorithm>
#include <cmath>

namespace portico {

UsageSeriesModel::UsageSeriesModel(ApiClient *client, QObject *parent) : QAbstractTableModel(parent), m_client(client) {}

int UsageSeriesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_shown.size());
}

int UsageSeriesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UsageSeriesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QPointF &p = m_shown.at(index.row());
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(qint64(p.x()), QTimeZone::utc());
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == TimeColumn ? QVariant(format::localDateTime(t)) : QVariant(formatValue(unit(), p.y()));
    case Qt::ToolTipRole:
        return index.column() == TimeColumn ? QVariant(format::utcToolTip(t)) : QVariant();
    case TimeMsRole: return qint64(p.x());
    case ValueRole: return p.y();
    default: return {};
    }
}

QVariant UsageSeriesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    return section == TimeColumn ? tr("Time") : tr("Value");
}

void UsageSeriesModel::setLoading(bool loading)
{
    if (loading == m_loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

void UsageSeriesModel::load(const QString &tenant, const QString &metric, const QDateTime &from, const QDateTime &to, const QString &step)
{
    const quint64 generation = ++m_generation;
    m_problem = {};
    setLoading(true);
    const auto onDone = [this, generation](const ApiResult<UsageSeries> &result) {
        if (generation != m_generation)
            return;
        setLoading(false);
        if (!result) {
            m_problem = result.problem();
            clear();
            Q_EMIT problemOccurred(m_problem);
            return;
        }
        setSeries(result.value());
    };
    if (tenant.isEmpty())
        m_client->usageFleet(metric, from, to, step, this, onDone);
    else
        m_client->tenantUsage(tenant, metric, from, to, step, this, onDone);
}

void UsageSeriesModel::setSeries(const UsageSeries &series)
{
    beginResetModel();
    m_series = series;
    m_shown = series.points.size() > m_threshold ? downsampleLttb(series.points, m_threshold) : series.points;
    endResetModel();
    Q_EMIT seriesChanged();
}

void UsageSeriesModel::clear()
{
    beginResetModel();
    m_series.reset();
    m_shown.clear();
    endResetModel();
    Q_EMIT seriesChanged();
}

void UsageSeriesModel::setThreshold(int threshold)
{
    threshold = std::max(3, threshold);
    if (threshold == m_threshold)
        return;
    m_threshold = threshold;
    if (m_series)
        setSeries(*m_series);
}

double UsageSeriesModel::maxShownValue() const
{
    double max = 0;
    for (const QPointF &p : m_shown)
        max = std::max(max, p.y());
    return max;
}

QString UsageSeriesModel::metricName() const
{
    return m_series ? metricDisplayName(m_series->metric, m_series->metricLabel, m_series->unit) : QString();
}

QString UsageSeriesModel::metricLabel() const
{
    if (!m_series)
        return {};
    return m_series->metricLabel.isEmpty() ? m_series->metric : m_series->metricLabel;
}

void UsageSeriesModel::setClock(std::function<QDateTime()> now)
{
    m_now = std::move(now);
    if (m_series)
        setSeries(*m_series);
}

QDateTime UsageSeriesModel::now() const
{
    return m_now ? m_now().toUTC() : QDateTime::currentDateTimeUtc();
}

void UsageSeriesModel::setMonthView(bool on)
{
    if (on == m_monthView)
        return;
    m_monthView = on;
    if (m_series)
        setSeries(*m_series);
}

bool UsageSeriesModel::isMonthView() const
{
    return m_monthView && m_series && m_series->quota && m_series->quota->limit > 0 && m_series->kind != QLatin1String("gauge");
}

std::optional<MonthToDate> UsageSeriesModel::monthToDate() const
{
    if (!isMonthView())
        return std::nullopt;
    return portico::monthToDate(m_series->points, m_series->step, now());
}

QString UsageSeriesModel::projectionText() const
{
    const auto mtd = monthToDate();
    if (!mtd || !mtd->projected)
        return {};
    const QDate lastDay = mtd->period.end.addMSecs(-1).date();
    return tr("projected %1 of %2 by %3")
        .arg(formatCompact(m_series->unit, *mtd->projected, false), formatCompact(m_series->unit, double(m_series->quota->limit)),
             QLocale().toString(lastDay, QStringLiteral("d MMM")));
}

bool UsageSeriesModel::quotaAsLine() const
{
    if (!m_series || !m_series->quota)
        return false;
    return m_series->kind == QLatin1String("gauge") || m_series->step == QLatin1String("month") || isMonthView();
}

QString UsageSeriesModel::captionText() const
{
    if (!m_series)
        return {};
    const UsageSeries &s = *m_series;
    QString text = s.kind == QLatin1String("gauge") ? tr("Peak %1").arg(formatValue(s.unit, double(s.total)))
                                                    : tr("Total %1").arg(formatValue(s.unit, double(s.total)));
    if (const auto mtd = monthToDate()) {
        const UsageQuota &q = *s.quota;
        text = tr("Month to date %1 of %2 (%3 %, policy %4)")
                   .arg(formatValue(s.unit, mtd->used), formatValue(s.unit, double(q.limit)),
                        QLocale().toString(mtd->used * 100.0 / double(q.limit), 'f', 1), q.policy);
        const QString projection = projectionText();
        text += projection.isEmpty() ? tr(" · too early in the month to project") : tr(" · %1").arg(projection);
    } else if (s.quota) {
        const UsageQuota &q = *s.quota;
        text += tr(" · quota used this month %1 % (%2 of %3, policy %4)")
                    .arg(QLocale().toString(q.usedPercent(), 'f', 1), formatValue(s.unit, double(q.used)), formatValue(s.unit, double(q.limit)),
                         q.policy);
    } else {
        text += tr(" · no quota");
    }
    return text;
}

QString UsageSeriesModel::quotaToolTip() const
{
    if (!m_series || !m_series->quota)
        return tr("The tenant's plan sets no quota for this metric.");
    const UsageQuota &q = *m_series->quota;
    const QString period = tr("The quota is a monthly limit (billing period %1 to %2, UTC).")
                               .arg(q.periodStart.toUTC().toString(QStringLiteral("yyyy-MM-dd")), q.periodEnd.toUTC().toString(QStringLiteral("yyyy-MM-dd")));
    if (isMonthView())
        return period + QLatin1Char(' ')
               + tr("The line adds up this month's usage; the dashed line carries it on to the month's end at the rate so far.");
    if (quotaAsLine())
        return period + QLatin1Char(' ') + tr("It is drawn as a dashed line: each point here is comparable with it.");
    return period + QLatin1Char(' ')
           + tr("Each point is one %1's usage, so a monthly limit drawn as a line would mislead; the caption shows how much of it "
                "this month used. Choose the step “month” to see it as a line.")
                 .arg(m_series->step);
}

QString UsageSeriesModel::csv() const
{
    QString out = QStringLiteral("tenant_id,tenant_slug,metric,metric_name,unit,bucket_start,value\n");
    if (!m_series)
        return out;
    // The fields that do not change, once; the metric's name is the server's, so neutralised.
    const QString fixed = QStringList{csvField(m_series->tenantId), csvField(m_series->tenantSlug), csvField(m_series->metric),
                                      csvField(metricLabel()), csvField(m_series->unit)}
                              .join(QLatin1Char(','));
    for (const QPointF &p : m_shown)
        out += fixed + QLatin1Char(',') + toIsoUtc(QDateTime::fromMSecsSinceEpoch(qint64(p.x()), QTimeZone::utc())) + QLatin1Char(',')
               + QString::number(qint64(std::llround(p.y()))) + QLatin1Char('\n');
    return out;
}

QStringList UsageSeriesModel::exportTitle() const
{
    if (!m_series)
        return {};
    const UsageSeries &s = *m_series;
    const QString who = s.tenantId.isEmpty() ? tr("Whole fleet")
                        : s.tenantSlug.isEmpty() ? (s.tenantName.isEmpty() ? s.tenantId : s.tenantName)
                                                 : tr("%1 (%2)").arg(s.tenantName.isEmpty() ? s.tenantSlug : s.tenantName, s.tenantSlug);
    const auto utc = [](const QDateTime &t) { return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")); };
    return {who, tr("%1 · unit: %2").arg(metricLabel(), s.unit),
            tr("%1 to %2 UTC · one point per %3").arg(utc(s.from), utc(s.to), s.step)};
}

QString UsageSeriesModel::formatValue(const QString &unit, double value, bool withUnit)
{
    const QLocale locale;
    if (unit == QLatin1String("bytes"))
        return format::bytes(qint64(std::llround(value)));
    if (unit == QLatin1String("milliseconds")) {
        const double v = std::abs(value);
        if (v < 1000)
            return tr("%1 ms").arg(locale.toString(qint64(std::llround(value))));
        if (v < 60'000)
            return tr("%1 s").arg(locale.toString(value / 1000.0, 'f', 1));
        if (v < 3'600'000)
            return tr("%1 min").arg(locale.toString(value / 60'000.0, 'f', 1));
        return tr("%1 h").arg(locale.toString(value / 3'600'000.0, 'f', 1));
    }
    const QString number = value == std::floor(value) ? locale.toString(qint64(value)) : locale.toString(value, 'f', 1);
    return unit.isEmpty() || !withUnit ? number : tr("%1 %2").arg(number, unit);
}

QString UsageSeriesModel::formatCompact(const QString &unit, double value, bool withUnit)
{
    if (unit == QLatin1String("bytes") || unit == QLatin1String("milliseconds"))
        return formatValue(unit, value, withUnit);
    const QLocale locale;
    const double v = std::abs(value);
    // One decimal where it says something: "1.2 M", but "1 M" rather than "1.0 M".
    const auto scaled = [&locale](double x, const QString &suffix) {
        const double rounded = std::round(x * 10) / 10;
        return tr("%1 %2").arg(locale.toString(rounded, 'f', rounded == std::floor(rounded) ? 0 : 1), suffix);
    };
    QString number;
    if (v >= 1e9)
        number = scaled(value / 1e9, tr("G"));
    else if (v >= 1e6)
        number = scaled(value / 1e6, tr("M"));
    else if (v >= 1e4)
        number = scaled(value / 1e3, tr("k"));
    else
        number = locale.toString(qint64(std::llround(value)));
    return unit.isEmpty() || !withUnit ? number : tr("%1 %2").arg(number, unit);
}

QString UsageSeriesModel::autoStep(const QDateTime &from, const QDateTime &to)
{
    return from.secsTo(to) <= 7 * 24 * 3600 ? QStringLiteral("hour") : QStringLiteral("day");
}

UsageSeriesModel::AxisScale UsageSeriesModel::axisScale(const QString &unit, double maxValue)
{
    if (unit == QLatin1String("bytes")) {
        static const char *names[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int i = 0;
        double divisor = 1;
        while (i < 5 && maxValue / divisor >= 1024) {
            divisor *= 1024;
            ++i;
        }
        return {divisor, QString::fromLatin1(names[i])};
    }
    if (unit == QLatin1String("milliseconds")) {
        if (maxValue >= 3'600'000 * 2.0)
            return {3'600'000, tr("hours")};
        if (maxValue >= 60'000 * 2.0)
            return {60'000, tr("minutes")};
        if (maxValue >= 2000)
            return {1000, tr("seconds")};
        return {1, tr("ms")};
    }
    if (maxValue >= 2e6)
        return {1e6, tr("million %1").arg(unit)};
    if (maxValue >= 2e4)
        return {1e3, tr("thousand %1").arg(unit)};
    return {1, unit};
}

} // namespace portico
