#pragma once
// How the console's read-only tables are set up, in one place: whole rows are selected, nothing is
// edited in place, no row numbers; then what the kind of table adds.

#include <QString>

class QTableView;

namespace portico {

enum class TableKind {
    // The long lists (tenants, findings, alerts, audit entries, fleet): several rows at a time (to
    // copy), one line per row, columns the operator may reorder.
    Records,
    // The short lists one row is picked from (flags, overrides, evaluations, history, quick open);
    // the last column takes the width that is left.
    Choice,
};
enum class RowColors { Alternating, Plain };

// Sets `table` up (named `objectName` unless that is empty) and returns it.
QTableView *setUpTable(QTableView *table, const QString &objectName, TableKind kind, RowColors colors = RowColors::Alternating);

} // namespace portico
