#pragma once
// Alerts raised by the server's guards (the isolation monitor first), newest first, as a lazily
// paged table: canFetchMore/fetchMore start one request at a time and rows are inserted when the
// page arrives. refresh() starts again from the newest; a reply from before a refresh is dropped.
// The Tenant column shows the tenant's name once looked up (one lookup at a time, each tenant
// once); until then, and when the tenant is gone, its id. The id is always in TenantIdRole.
// Each alert shows its state and who moved it there and when (the reasons in the tooltip); a
// state filter picks which alerts are listed (open and acknowledged by default: what is still to
// be dealt with). changeState() acknowledges or resolves one and reloads the table.

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
    enum Column { TimeColumn, SeverityColumn, StateColumn, KindColumn, TenantColumn, DetailColumn, HandledByColumn, HandledAtColumn,
                  RequestIdColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        IdRole = Qt::UserRole + 1, // alert id
        UtcRole,                   // QDateTime (UTC) of the alert
        SeverityRole,              // int(Severity)
        TenantIdRole,              // tenant id, empty when none
        RequestIdRole,
        StateRole,                 // int(AlertState)
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
    void setStateFilter(const QList<AlertState> &states); // empty: every state
    [[nodiscard]] QList<AlertState> stateFilter() const { return m_query.states; }

    // Whether the action moves the alert in `row` (not when it would change nothing or not apply).
    [[nodiscard]] bool canApply(int row, AlertAction action) const;
    // Sends the change (the reason is the one the operator confirmed) and, once it is made, reloads.
    void changeState(int row, AlertAction action, const QString &reason);
    [[nodiscard]] bool isChanging() const { return m_changing; }

    [[nodiscard]] const AlertQuery &query() const { return m_query; }
    [[nodiscard]] const Alert &alertAt(int row) const { return m_rows.at(row); }
    // The tenant's name, empty while unknown.
    [[nodiscard]] QString tenantName(const QString &tenantId) const { return m_tenantNames.value(tenantId); }
    [[nodiscard]] bool isLookingUpTenants() const { return m_lookingUp; }

Q_SIGNALS:
    void tenantLookupsFinished(); // every tenant shown so far has its name (or will keep its id)
    void stateChanged(const portico::Alert &alert);         // the server's answer; a reload follows
    void changeFailed(const portico::Problem &problem);

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
    bool m_changing = false;
};

} // namespace portico
