#pragma once
// One audit chain (or every chain), newest first, as a lazily paged table: canFetchMore/fetchMore
// start one request at a time and rows are inserted when the page arrives. setQuery() starts again
// from the newest; a reply from before it is dropped. The row of a seq the console's own
// verification found bad is marked (setBadSeq) so the view can highlight it.

#include "models/pagedtablemodel.h"
#include "client/apiclient.h"
#include "core/problem.h"

#include <QAbstractTableModel>
#include <optional>

namespace portico {

class AuditModel : public PagedTableModel
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

    // Resets and loads from the newest entry matching `query` (its cursor is ignored).
    void setQuery(const AuditQuery &query);
    [[nodiscard]] const AuditQuery &query() const { return m_query; }

    // Marks the entry with this seq (nullopt: none) as where the chain breaks.
    void setBadSeq(std::optional<qint64> seq);
    [[nodiscard]] std::optional<qint64> badSeq() const { return m_badSeq; }
    // The row showing `seq`, or -1 when it is not loaded (or filtered out).
    [[nodiscard]] int rowOfSeq(qint64 seq) const;

    [[nodiscard]] const AuditEntry &entryAt(int row) const { return m_rows.at(row); }

    [[nodiscard]] static QString compactDetails(const QJsonObject &details);

private:
    void requestPage(const QString &cursor) override;
    void clearRows() override { m_rows.clear(); }

    ApiClient *m_client;
    AuditQuery m_query;
    QList<AuditEntry> m_rows;
    std::optional<qint64> m_badSeq;
};

} // namespace portico
