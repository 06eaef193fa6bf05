#pragma once
// One audit chain (or every chain), newest first, as a lazily paged table: canFetchMore/fetchMore
// start one request at a time and rows are inserted when the page arrives. setQuery() starts again
// from the newest; a reply from before it is dropped. The row of a seq the console's own
// verification found bad is marked (setBadSeq) so the view can highlight it.

#include "models/pagedfetch.h"
#include "client/apiclient.h"
#include "core/problem.h"

#include <QAbstractTableModel>
#include <optional>

namespace portico {

class AuditModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { SeqColumn, TimeColumn, ActorColumn, ActionColumn, TargetColumn, ReasonColumn, DetailsColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        SeqRole = Qt::UserRole + 1, // qint64
        UtcRole,                    // QDateTime (UTC)
        ChainRole,
        TenantIdRole,               // the tenant concerned, empty when none
        DetailsJsonRole,            // the details, indented JSON
        BadRole,                    // bool: the first entry where the chain does not hold
    };

    explicit AuditModel(ApiClient *client, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // Resets and loads from the newest entry matching `query` (its cursor is ignored).
    void setQuery(const AuditQuery &query);
    void refresh();
    [[nodiscard]] const AuditQuery &query() const { return m_query; }

    // Marks the entry with this seq (nullopt: none) as where the chain breaks.
    void setBadSeq(std::optional<qint64> seq);
    [[nodiscard]] std::optional<qint64> badSeq() const { return m_badSeq; }
    // The row showing `seq`, or -1 when it is not loaded (or filtered out).
    [[nodiscard]] int rowOfSeq(qint64 seq) const;

    [[nodiscard]] bool isLoading() const { return m_paging.isLoading(); }
    [[nodiscard]] bool hasLoaded() const { return m_paging.hasLoaded(); }
    [[nodiscard]] const Problem &lastProblem() const { return m_paging.lastProblem(); }
    [[nodiscard]] const AuditEntry &entryAt(int row) const { return m_rows.at(row); }

    [[nodiscard]] static QString compactDetails(const QJsonObject &details);

Q_SIGNALS:
    void loadingChanged(bool loading);
    void pageLoaded(int firstRow, int count);
    void problemOccurred(const portico::Problem &problem);

private:
    void requestPage(const QString &cursor);

    ApiClient *m_client;
    AuditQuery m_query;
    QList<AuditEntry> m_rows;
    PagedFetch m_paging{[this](bool loading) { Q_EMIT loadingChanged(loading); }};
    std::optional<qint64> m_badSeq;
};

} // namespace portico
