#pragma once
// The metrics the server meters (GET /v1/usage/metrics), as a list a combo box can show: the
// readable name (metricDisplayName), the key, unit and description in the tooltip. Loaded once; both usage views share it.

#include "client/apiclient.h"
#include "core/problem.h"
#include <QAbstractListModel>

namespace portico {

// How the console names a metric: its readable label (the key when the server sends none), with
// the unit in parentheses when the label does not already say it: "Emails sent", "Storage
// (bytes)", "Server time (milliseconds)".
[[nodiscard]] QString metricDisplayName(const QString &name, const QString &label, const QString &unit);

class UsageMetricsModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { NameRole = Qt::UserRole + 1, UnitRole, KindRole, LabelRole };

    explicit UsageMetricsModel(ApiClient *client, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    void ensureLoaded(); // one request, unless loaded or loading
    void setMetrics(const QList<UsageMetric> &metrics);
    [[nodiscard]] bool hasLoaded() const { return m_loaded; }
    [[nodiscard]] int rowOf(const QString &name) const;
    [[nodiscard]] std::optional<UsageMetric> metric(const QString &name) const;
    [[nodiscard]] const Problem &lastProblem() const { return m_problem; }

Q_SIGNALS:
    void loaded();
    void problemOccurred(const portico::Problem &problem);

private:
    ApiClient *m_client;
    QList<UsageMetric> m_metrics;
    bool m_loaded = false;
    bool m_loading = false;
    Problem m_problem;
};

} // namespace portico
