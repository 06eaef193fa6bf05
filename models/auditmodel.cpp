#include "models/auditmodel.h"
#include "models/tones.h"
#include "models/formatting.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QJsonDocument>

namespace portico {

AuditModel::AuditModel(ApiClient *client, QObject *parent) : PagedTableModel(parent), m_client(client) {}

int AuditModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AuditModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AuditModel::compactDetails(const QJsonObject &details)
{
    return details.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact));
}

QVariant AuditModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEntry &e = m_rows.at(index.row());
    const bool bad = m_badSeq && *m_badSeq == e.seq;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeqColumn: return e.seq;
        case TimeColumn: return e.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case ActorColumn: return e.actor;
        case ActionColumn: return e.action;
        case TargetColumn: return e.target;
        case ReasonColumn: return e.reason;
        case DetailsColumn: return compactDetails(e.details);
        default: return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case SeqColumn:
            return bad ? tr("The chain does not hold at this entry.\nChain %1").arg(e.chain) : tr("Chain %1").arg(e.chain);
        case TimeColumn: return format::utcToolTip(e.at);
        case ReasonColumn: return e.reason;
        case DetailsColumn: return e.details.isEmpty() ? QVariant() : tr("Select the row to read the details in full.");
        default: return {};
        }
    case Qt::TextAlignmentRole:
        return index.column() == SeqColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case Qt::BackgroundRole:
        return bad ? QVariant(QBrush(toneColors(Tone::Bad).background)) : QVariant();
    case Qt::ForegroundRole:
        return bad ? QVariant(QBrush(toneColors(Tone::Bad).text)) : QVariant();
    case Qt::FontRole:
        if (bad) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case SeqRole: return e.seq;
    case UtcRole: return e.at;
    case ChainRole: return e.chain;
    case TenantIdRole: return e.tenantId.isNull() ? QString() : e.tenantId.toString(QUuid::WithoutBraces);
    case DetailsJsonRole: return QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Indented));
    case BadRole: return bad;
    default: return {};
    }
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case SeqColumn: return tr("Seq");
        case TimeColumn: return tr("Time");
        case ActorColumn: return tr("Actor");
        case ActionColumn: return tr("Action");
        case TargetColumn: return tr("Target");
        case ReasonColumn: return tr("Reason");
        case DetailsColumn: return tr("Details");
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (section == TimeColumn)
            return tr("Local time; hover a cell for UTC.");
        if (section == SeqColumn)
            return tr("Position in its chain, counting from 1 without gaps.");
    }
    return {};
}

void AuditModel::setQuery(const AuditQuery &query)
{
    m_query = query;
    m_query.cursor.clear();
    refresh();
}

void AuditModel::setBadSeq(std::optional<qint64> seq)
{
    if (seq == m_badSeq)
        return;
    const std::optional<qint64> old = m_badSeq;
    m_badSeq = seq;
    for (const auto &s : {old, seq}) {
        if (!s)
            continue;
        if (const int row = rowOfSeq(*s); row >= 0)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

int AuditModel::rowOfSeq(qint64 seq) const
{
    // Within one chain, newest first: seq falls by one per row unless a filter skips entries.
    for (int r = 0; r < m_rows.size(); ++r)
        if (m_rows.at(r).seq == seq)
            return r;
    return -1;
}

void AuditModel::requestPage(const QString &cursor)
{
    AuditQuery q = m_query;
    q.cursor = cursor;
    m_client->listAudit(q, this, pageReply<AuditPage>(m_rows));
}

} // namespace portico
