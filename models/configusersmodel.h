#pragma once
// "View as user": the ids of the tenant's users that have settings of their own, searched on the
// server as the operator types (GET /v1/tenants/{id}/config/users?q=), for the user picker's
// completer. Only the latest search's answer counts. check() answers whether one id has settings
// of its own, so the view can say when a user simply sees the tenant's values.

#include "client/apiclient.h"
#include <QStringListModel>

namespace portico {

class ConfigUsersModel : public QStringListModel
{
    Q_OBJECT
public:
    static constexpr int kLimit = 20;

    explicit ConfigUsersModel(ApiClient *client, QObject *parent = nullptr);

    void setTenant(const QString &tenantId); // clears the suggestions
    [[nodiscard]] QString tenantId() const { return m_tenant; }
    // The suggestions for `text` (empty: the first users by id); answers with suggestionsLoaded.
    void search(const QString &text);
    // Whether `user` has user-layer values: userChecked(user, hasSettings), for the latest check only.
    void check(const QString &user);

Q_SIGNALS:
    void suggestionsLoaded();
    void userChecked(const QString &user, bool hasSettings);
    void problemOccurred(const portico::Problem &problem);

private:
    ApiClient *m_client;
    QString m_tenant;
    quint64 m_searchSeq = 0;
    quint64 m_checkSeq = 0;
};

} // namespace portico
