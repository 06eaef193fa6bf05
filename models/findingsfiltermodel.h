#pragma once
// The isolation view's proxy over FindingsModel: hides findings below a chosen severity and sorts
// the severity column by rank (critical first), not alphabetically.

#include "client/apitypes.h"
#include <QSortFilterProxyModel>

namespace portico {

class FindingsFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit FindingsFilterModel(QObject *parent = nullptr);

    // Shows findings at least this severe; Severity::Unknown (the least) shows all.
    void setMinimumSeverity(Severity severity);
    [[nodiscard]] Severity minimumSeverity() const { return m_minimum; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    Severity m_minimum = Severity::Unknown;
};

} // namespace portico
