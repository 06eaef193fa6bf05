#include "views/viewstate.h"
#include <QDataStream>
#include <QIODevice>
#include <QHeaderView>
#include <QSplitter>

namespace portico {

QByteArray saveViewState(quint32 magic, quint16 version, const QList<QSplitter *> &splitters, const QList<QHeaderView *> &headers)
{
    QList<QByteArray> parts;
    for (const QSplitter *s : splitters)
        parts << s->saveState();
    for (const QHeaderView *h : headers)
        parts << h->saveState();
    QByteArray out;
    QDataStream stream(&out, QIODevice::WriteOnly);
    stream << magic << version << parts;
    return out;
}

bool restoreViewState(const QByteArray &state, quint32 magic, quint16 version, const QList<QSplitter *> &splitters,
                      const QList<QHeaderView *> &headers)
{
    if (state.isEmpty())
        return false;
    QDataStream stream(state);
    quint32 savedMagic = 0;
    quint16 savedVersion = 0;
    QList<QByteArray> parts;
    stream >> savedMagic >> savedVersion >> parts;
    if (stream.status() != QDataStream::Ok || savedMagic != magic || savedVersion != version || parts.size() != splitters.size() + headers.size())
        return false;
    qsizetype i = 0;
    for (QSplitter *s : splitters)
        s->restoreState(parts[i++]);
    for (QHeaderView *h : headers)
        h->restoreState(parts[i++]);
    return true;
}

} // namespace portico
