#pragma once
// The base of the tables a (re)load replaces whole (flags, a tenant's flag evaluations, a flag's
// overrides, a key's history): only the latest request's answer counts, so an answer for an
// earlier tenant, user or key (asked for before the operator moved on) is dropped, never shown.

#include "client/apiresult.h"

#include <QAbstractTableModel>

namespace portico {

class ReloadingTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    // The latest request was answered (and nothing cleared the rows since).
    [[nodiscard]] bool hasLoaded() const { return m_loaded; }

Q_SIGNALS:
    void loaded();
    void problemOccurred(const portico::Problem &problem);

protected:
    explicit ReloadingTableModel(QObject *parent) : QAbstractTableModel(parent) {}

    // The callback of a new (re)load request; every earlier request's answer is dropped from now
    // on. A failure is reported; an answer replaces the rows through `replace(value)` inside a model
    // reset, then loaded().
    template<class T, class Replace>
    auto latestReply(Replace replace)
    {
        const quint64 ticket = ++m_latest;
        return [this, ticket, replace = std::move(replace)](const ApiResult<T> &result) {
            if (ticket != m_latest)
                return;
            if (!result) {
                Q_EMIT problemOccurred(result.problem());
                return;
            }
            beginResetModel();
            replace(result.value());
            m_loaded = true;
            endResetModel();
            Q_EMIT loaded();
        };
    }
    // Empties the table through `clear()` inside a model reset; answers in flight are dropped.
    template<class Clear>
    void clearRows(Clear clear)
    {
        ++m_latest;
        beginResetModel();
        clear();
        m_loaded = false;
        endResetModel();
    }
    // Not loaded until the next answer (the rows stay on screen meanwhile).
    void markStale() { m_loaded = false; }

private:
    quint64 m_latest = 0;
    bool m_loaded = false;
};

} // namespace portico
