#include "models/journalmodel.h"
#include "models/tones.h"
#include "models/formatting.h"

#include <QColor>

namespace portico {

JournalModel::JournalModel(ActivityJournal *journal, QObject *parent) : QAbstractTableModel(parent), m_journal(journal)
{
    m_query.limit = 2000;
    connect(journal, &ActivityJournal::appended, this, &JournalModel::reload);
    reload();
}

int JournalModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int JournalModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString JournalModel::resultText(const JournalEntry &e)
{
    if (e.ok)
        return tr("ok %1").arg(e.httpStatus);
    QString type = e.problemType;
    type.remove(QStringLiteral("urn:portico:problem:"));
    if (e.httpStatus == 0)
        return type.isEmpty() ? tr("failed (no answer)") : tr("failed (no answer: %1)").arg(type);
    return type.isEmpty() ? tr("failed %1").arg(e.httpStatus) : tr("failed %1 %2").arg(e.httpStatus).arg(type);
}

QVariant JournalModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const JournalEntry &e = m_rows.at(index.row());
    const QString change = e.before.isEmpty() ? e.after : tr("%1 → %2").arg(e.before, e.after.isEmpty() ? tr("(removed)") : e.after);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return format::localDateTime(e.at);
        case TenantColumn: return !e.tenantName.isEmpty() ? e.tenantName : !e.tenantId.isEmpty() ? e.tenantId : tr("(platform)");
        case ActionColumn: return e.action;
        case TargetColumn: return e.target;
        case ChangeColumn: return change;
        case ReasonColumn: return e.reason;
        case ResultColumn: return resultText(e);
        case RequestIdColumn: return e.requestId;
        default: return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn: return format::utcToolTip(e.at);
        case TenantColumn: return e.tenantId;
        case ChangeColumn: return change;
        case ReasonColumn: return e.reason;
        case ResultColumn: return e.problemDetail.isEmpty() ? QVariant() : QVariant(e.problemDetail);
        case RequestIdColumn: return tr("%1 %2").arg(e.method, e.path);
        default: return {};
        }
    case Qt::ForegroundRole:
        if (index.column() == ResultColumn)
            return toneText(e.ok ? Tone::Good : Tone::Bad);
        return {};
    case EntryIdRole: return e.id;
    case OkRole: return e.ok;
    default: return {};
    }
}

QVariant JournalModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case TenantColumn: return tr("Tenant");
    case ActionColumn: return tr("Action");
    case TargetColumn: return tr("Key / flag");
    case ChangeColumn: return tr("Change");
    case ReasonColumn: return tr("Reason");
    case ResultColumn: return tr("Result");
    case RequestIdColumn: return tr("Request id");
    default: return {};
    }
}

void JournalModel::setFilterText(const QString &text)
{
    if (text.trimmed() == m_query.text)
        return;
    m_query.text = text.trimmed();
    reload();
}

void JournalModel::setRange(const QDateTime &from, const QDateTime &to)
{
    m_query.from = from;
    m_query.to = to;
    reload();
}

void JournalModel::reload()
{
    beginResetModel();
    m_rows = m_journal->query(m_query);
    endResetModel();
}

bool JournalModel::exportCsv(const QString &path, QString *error) const
{
    return m_journal->exportCsv(path, m_query, error);
}

} // namespace portico
