#pragma once
// Alerts raised by the server's guards (the isolation monitor first), newest first, as a lazily
// paged table: canFetchMore/fetchMore start one request at a time and rows are inserted when the
// page arrives. refresh() starts again from the newest; a reply from before a refresh is dropped.
// The Tenant column shows the tenant's name once looked up (one lookup at a time, each tenant
// once); until then, and when the tenant is gone, its id. The id is always in TenantIdRole.

#include "models/pagedfetch.h"
#include "client/apiclient.h"
#include "core/problem.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QIcon>
#include <QList>
#include <QQueue>
#include <QSet>

namespace portico {

class AlertsModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
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
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // Reloads from the newest alert. The very first load is explicit too.
    void refresh();
    // Each resets and reloads when it changes something.
    void setPageSize(int pageSize);
    void setTenantFilter(const QString &tenantId); // empty: all tenants

    [[nodiscard]] const AlertQuery &query() const { return m_query; }
    [[nodiscard]] bool isLoading() const { return m_paging.isLoading(); }
    [[nodiscard]] bool hasLoaded() const { return m_paging.hasLoaded(); }
    [[nodiscard]] const Problem &lastProblem() const { return m_paging.lastProblem(); }
    [[nodiscard]] const Alert &alertAt(int row) const { return m_rows.at(row); }
    // The tenant's name, empty while unknown.
    [[nodiscard]] QString tenantName(const QString &tenantId) const { return m_tenantNames.value(tenantId); }
    [[nodiscard]] bool isLookingUpTenants() const { return m_lookingUp; }

Q_SIGNALS:
    void loadingChanged(bool loading);
    void pageLoaded(int firstRow, int count);
    void problemOccurred(const portico::Problem &problem);
    void tenantLookupsFinished(); // every tenant shown so far has its name (or will keep its id)

private:
    void reset();
    void requestPage(const QString &cursor);
    QIcon iconFor(Severity s) const;
    void lookUpTenants(int firstRow, int count);
    void lookUpNextTenant();

    ApiClient *m_client;
    AlertQuery m_query;
    QList<Alert> m_rows;
    PagedFetch m_paging{[this](bool loading) { Q_EMIT loadingChanged(loading); }};
    mutable QHash<int, QIcon> m_icons;
    QHash<QString, QString> m_tenantNames; // id -> name ("" when the lookup failed)
    QSet<QString> m_tenantsSeen;           // asked for or queued
    QQueue<QString> m_tenantQueue;
    bool m_lookingUp = false;
};

} // namespace portico
