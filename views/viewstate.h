#pragma once
// One versioned blob for a view's splitters and table headers, so each view saves and restores its
// layout the same way; a blob of another view or version is ignored (the view keeps its defaults).

#include <QByteArray>
#include <QList>

class QHeaderView;
class QSplitter;

namespace portico {

QByteArray saveViewState(quint32 magic, quint16 version, const QList<QSplitter *> &splitters, const QList<QHeaderView *> &headers);
bool restoreViewState(const QByteArray &state, quint32 magic, quint16 version, const QList<QSplitter *> &splitters,
                      const QList<QHeaderView *> &headers);

} // namespace portico
