#include "models/configusersmodel.h"

namespace portico {

ConfigUsersModel::ConfigUsersModel(ApiClient *client, QObject *parent) : QStringListModel(parent), m_client(client) {}

void ConfigUsersModel::setTenant(const QString &tenantId)
{
    if (tenantId == m_tenant)
        return;
    m_tenant = tenantId;
    ++m_searchSeq; // an answer for the previous tenant must not fill this one's list
    ++m_checkSeq;
    setStringList({});
}

void ConfigUsersModel::search(const QString &text)
{
    if (m_tenant.isEmpty())
        return;
    const quint64 seq = ++m_searchSeq;
    m_client->configUsers(m_tenant, text.trimmed(), kLimit, this, [this, seq](const ApiResult<QStringList> &result) {
        if (seq != m_searchSeq)
            return; // the operator typed on
        if (!result) {
            Q_EMIT problemOccurred(result.problem());
            return;
        }
        setStringList(result.value());
        Q_EMIT suggestionsLoaded();
    });
}

void ConfigUsersModel::check(const QString &user)
{
    const QString u = user.trimmed();
    if (m_tenant.isEmpty() || u.isEmpty())
        return;
    const quint64 seq = ++m_checkSeq;
    // The exact id sorts first among those starting with it, so a page of kLimit always holds it.
    m_client->configUsers(m_tenant, u, kLimit, this, [this, seq, u](const ApiResult<QStringList> &result) {
        if (seq != m_checkSeq)
            return;
        if (!result) {
            Q_EMIT problemOccurred(result.problem());
            return;
        }
        Q_EMIT userChecked(u, result.value().contains(u));
    });
}

} // namespace portico
