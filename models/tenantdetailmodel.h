#pragma once
// The one tenant shown in the detail panel: loads it (with stats) and applies edits through the
// ApiClient. A newer load() supersedes an older one still in flight.

#include "client/apiclient.h"
#include "core/problem.h"
#include "core/tenant.h"

#include <QObject>
#include <optional>

namespace portico {

class TenantDetailModel : public QObject
{
    Q_OBJECT
public:
    explicit TenantDetailModel(ApiClient *client, QObject *parent = nullptr);

    void load(const QString &idOrSlug);
    void reload();
    void clear();
    // Refused centrally by the ApiClient when the profile is read-only.
    void patch(const TenantPatch &patch);

    [[nodiscard]] const std::optional<Tenant> &tenant() const { return m_tenant; }
    [[nodiscard]] QString currentKey() const { return m_key; }
    [[nodiscard]] bool isLoading() const { return m_loading; }
    [[nodiscard]] const Problem &lastProblem() const { return m_problem; }

Q_SIGNALS:
    void tenantChanged();                               // loaded, replaced or cleared
    void tenantPatched(const portico::Tenant &tenant);  // an edit was applied on the server
    void loadingChanged(bool loading);
    void problemOccurred(const portico::Problem &problem);

private:
    void setLoading(bool loading);
    void fail(const Problem &problem);

    ApiClient *m_client;
    QString m_key;
    std::optional<Tenant> m_tenant;
    Problem m_problem;
    quint64 m_generation = 0;
    bool m_loading = false;
};

} // namespace portico
