#pragma once
// The base of the lazily paged tables (tenants, alerts, audit entries): rows arrive page by page;
// canFetchMore/fetchMore start one request at a time; refresh() starts again from the first page
// and a reply to an earlier query is dropped (PagedFetch keeps that state). A subclass keeps its
// rows, says how a page is asked for (requestPage, with pageReply as the callback) and what a row
// shows.

#include "client/apiresult.h"
#include "models/pagedfetch.h"

#include <QAbstractTableModel>
#include <QList>
#include <functional>

namespace portico {

class PagedTableModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
public:
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // Reloads from the first page with the current query (F5, after an error, after a change).
    // The very first load is explicit too.
    void refresh();

    [[nodiscard]] bool isLoading() const { return m_paging.isLoading(); }
    [[nodiscard]] bool hasLoaded() const { return m_paging.hasLoaded(); } // the current query's first page arrived
    [[nodiscard]] const Problem &lastProblem() const { return m_paging.lastProblem(); }
    [[nodiscard]] int staleRepliesDropped() const { return m_paging.staleRepliesDropped(); }

Q_SIGNALS:
    void loadingChanged(bool loading);
    void pageLoaded(int firstRow, int count);
    void problemOccurred(const portico::Problem &problem);

protected:
    explicit PagedTableModel(QObject *parent);

    // Asks for the page at `cursor` (empty: the first), answering through pageReply.
    virtual void requestPage(const QString &cursor) = 0;
    // Forgets every row (called inside a model reset).
    virtual void clearRows() = 0;
    // After a page's rows are in and pageLoaded went out.
    virtual void pageAppended(int firstRow, int count);

    // The callback of one page request, the one way every paged table handles it: a reply to an
    // earlier query is dropped; a failure is kept (fetchMore does not retry it) and reported; a
    // page's items are appended to `rows`, then `onPage` (if any) sees the page, then pageLoaded.
    template<class Page, class Row>
    auto pageReply(QList<Row> &rows, std::function<void(const Page &)> onPage = {})
    {
        const quint64 generation = m_paging.begin();
        return [this, &rows, generation, onPage = std::move(onPage)](const ApiResult<Page> &result) {
            if (!m_paging.accept(generation))
                return;
            if (!result) {
                m_paging.failed(result.problem());
                Q_EMIT problemOccurred(result.problem());
                return;
            }
            const Page &page = result.value();
            m_paging.arrived(page.nextCursor);
            const int first = int(rows.size());
            const int count = int(page.items.size());
            if (count > 0) {
                beginInsertRows({}, first, first + count - 1);
                rows.append(page.items);
                endInsertRows();
            }
            if (onPage)
                onPage(page);
            Q_EMIT pageLoaded(first, count);
            pageAppended(first, count);
        };
    }

private:
    PagedFetch m_paging{[this](bool loading) { Q_EMIT loadingChanged(loading); }};
};

} // namespace portico
