#pragma once
// What moving a tenant from one plan to another changes, as far as the API tells: the plan layer's
// configuration values (GET /v1/config/plans/{plan}: limits, quotas, retention, policy) and the
// flags whose plan entitlements differ (GET /v1/flags). Headless; one computation at a time, a
// newer one drops the older's answers. A tenant value that overrides the plan layer still wins.

#include "client/apiclient.h"
#include "client/configtypes.h"
#include <QJsonObject>
#include <QObject>

namespace portico {

class PlanImpact : public QObject
{
    Q_OBJECT
public:
    explicit PlanImpact(ApiClient *client, QObject *parent = nullptr);

    // Asks the server; answers with ready() (also when a request failed: the text says so).
    void compute(const QString &fromPlan, const QString &toPlan);

    // The lines ("limits.seats: 5 → 50", "flag beta.reports: false → true") from the two plans'
    // values and the flags; pure, for tests.
    [[nodiscard]] static QStringList describe(const QString &fromPlan, const QJsonObject &from, const QString &toPlan,
                                              const QJsonObject &to, const QList<FlagInfo> &flags);

Q_SIGNALS:
    void ready(const QString &text);

private:
    void finishIfComplete();

    ApiClient *m_client;
    quint64 m_generation = 0;
    QString m_fromPlan, m_toPlan;
    std::optional<QJsonObject> m_from, m_to;
    std::optional<QList<FlagInfo>> m_flags;
    QStringList m_failures;
};

} // namespace portico
