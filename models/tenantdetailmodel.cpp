#include "models/tenantdetailmodel.h"

namespace portico {

TenantDetailModel::TenantDetailModel(ApiClient *client, QObject *parent) : QObject(parent), m_client(client) {}

void TenantDetailModel::setLoading(bool loading)
{
    if (loading == m_loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

void TenantDetailModel::fail(const Problem &problem)
{
    m_problem = problem;
    Q_EMIT problemOccurred(problem);
}

void TenantDetailModel::load(const QString &idOrSlug)
{
    const quint64 generation = ++m_generation;
    m_key = idOrSlug;
    m_problem = {};
    if (idOrSlug.isEmpty()) {
        clear();
        return;
    }
    setLoading(true);
    m_client->getTenant(idOrSlug, this, [this, generation](const ApiResult<Tenant> &result) {
        if (generation != m_generation)
            return; // the user has moved on to another tenant
        setLoading(false);
        if (!result) {
            fail(result.problem());
            return;
        }
        m_tenant = result.value();
        Q_EMIT tenantChanged();
    });
}

void TenantDetailModel::reload()
{
    load(m_tenant ? idToString(m_tenant->id) : m_key);
}

void TenantDetailModel::clear()
{
    ++m_generation;
    m_key.clear();
    setLoading(false);
    if (m_tenant) {
        m_tenant.reset();
        Q_EMIT tenantChanged();
    }
}

void TenantDetailModel::patch(const TenantPatch &patch)
{
    if (!m_tenant || patch.isEmpty())
        return;
    const quint64 generation = m_generation;
    const QString id = idToString(m_tenant->id);
    m_client->patchTenant(id, patch, this, [this, generation](const ApiResult<Tenant> &result) {
        if (!result) {
            fail(result.problem());
            return;
        }
        Q_EMIT tenantPatched(result.value());
        if (generation != m_generation)
            return;
        // PATCH answers without stats; keep the ones we have rather than blanking the panel.
        Tenant updated = result.value();
        if (!updated.stats && m_tenant)
            updated.stats = m_tenant->stats;
        m_tenant = updated;
        Q_EMIT tenantChanged();
    });
}

} // namespace portico
