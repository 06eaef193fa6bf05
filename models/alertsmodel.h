#pragma once
// Alerts raised by the server's guards (the isolation monitor first), newest first, as a lazily
// paged table: canFetchMore/fetchMore start one request at a time and rows are inserted when the
// page arrives. refresh() starts again from the newest; a reply from before a refresh is dropped.
// The Tenant column shows the tenant's name once looked up (one lookup at a time, each tenant
// once); until then, and when the tenant is gone, its id. The id is always in TenantIdRole.

#include "models/pagedtablemodel.h"
#include "client/apiclient.h"
#include "core/problem.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QIcon>
#include <QList>
#include <QQueue>
#include <QSet>

namespace portico {

class AlertsModel : public PagedTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, SeverityColumn, KindColumn, TenantColumn, DetailColumn, RequestIdColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        IdRole = Qt::UserRole + 1, // alert id
        UtcRole,                   // QDateTime (UTC) of the alert
        SeverityRole,              // int(Severity)
        TenantIdRole,              // tenant id, empty when none
        RequestIdRole,
    };

    explicit AlertsModel(ApiClient *client, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // refresh() reloads from the newest alert; each of these resets and reloads when it changes
    // something.
    void setPageSize(int pageSize);
    void setTenantFilter(const QString &tenantId); // empty: all tenants

    [[nodiscard]] const AlertQuery &query() const { return m_query; }
    [[nodiscard]] const Alert &alertAt(int row) const { return m_rows.at(row); }
    // The tenant's name, empty while unknown.
    [[nodiscard]] QString tenantName(const QString &tenantId) const { return m_tenantNames.value(tenantId); }
    [[nodiscard]] bool isLookingUpTenants() const { return m_lookingUp; }

Q_SIGNALS:
    void tenantLookupsFinished(); // every tenant shown so far has its name (or will keep its id)

private:
    void requestPage(const QString &cursor) override;
    void clearRows() override { m_rows.clear(); }
    void pageAppended(int firstRow, int count) override { lookUpTenants(firstRow, count); }
    QIcon iconFor(Severity s) const;
    void lookUpTenants(int firstRow, int count);
    void lookUpNextTenant();

    ApiClient *m_client;
    AlertQuery m_query;
    QList<Alert> m_rows;
    mutable QHash<int, QIcon> m_icons;
    QHash<QString, QString> m_tenantNames; // id -> name ("" when the lookup failed)
    QSet<QString> m_tenantsSeen;           // asked for or queued
    QQueue<QString> m_tenantQueue;
    bool m_lookingUp = false;
};

} // namespace portico
