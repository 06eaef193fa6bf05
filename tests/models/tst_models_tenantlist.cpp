// TenantListModel against a real, seeded server, always under QAbstractItemModelTester (fatal).
#include "models/tenantlistmodel.h"
#include "tests/support/await.h"
#include "tests/support/liveserver.h"

#include <QAbstractItemModelTester>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace portico;
using namespace portico::test;

class TestTenantListModel : public QObject
{
    Q_OBJECT
    LiveServer m_live;
    std::unique_ptr<TenantListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    qint64 m_allTotal = 0;

    // Every matching row loaded, and as many as the server counts.
    bool loadAll() { return loadAllPages(*m_model) && m_model->rowCount() == m_model->total(); }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_live.start(), qPrintable(m_live.errorString())); }

    void init()
    {
        m_model = std::make_unique<TenantListModel>(m_live.client());
        m_model->setPageSize(50);
        m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    }

    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
    }

    // Which columns the server can sort by (pure: no request).
    void sortableColumns_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<bool>("sortable");
        QTest::newRow("name") << int(TenantListModel::NameColumn) << true;
        QTest::newRow("created") << int(TenantListModel::CreatedColumn) << true;
        QTest::newRow("plan") << int(TenantListModel::PlanColumn) << true;
        QTest::newRow("region") << int(TenantListModel::RegionColumn) << false;
        QTest::newRow("isolation") << int(TenantListModel::IsolationColumn) << false;
    }
    void sortableColumns()
    {
        QFETCH(int, column);
        QFETCH(bool, sortable);
        QCOMPARE(TenantListModel::isSortableColumn(column), sortable);
    }

    void sortKeyColumns()
    {
        QCOMPARE(TenantListModel::columnForSortKey(TenantSortKey::Plan), int(TenantListModel::PlanColumn));
        QCOMPARE(TenantListModel::columnForSortKey(TenantSortKey::CreatedAt), int(TenantListModel::CreatedColumn));
    }

    void firstPageArrives()
    {
        QSignalSpy pages(m_model.get(), &TenantListModel::pageLoaded);
        QSignalSpy totals(m_model.get(), &TenantListModel::totalChanged);
        QCOMPARE(m_model->rowCount(), 0);
        QVERIFY(!m_model->canFetchMore({})); // nothing before the first explicit load
        m_model->refresh();
        QVERIFY(m_model->isLoading());
        QTRY_VERIFY_WITH_TIMEOUT(pages.count() >= 1, 20000);
        QCOMPARE(pages.at(0).at(0).toInt(), 0);
        QCOMPARE(pages.at(0).at(1).toInt(), 50);
        QVERIFY(m_model->rowCount() >= 50);
        QCOMPARE(totals.count(), 1);
        QVERIFY2(m_model->total() >= 300, qPrintable(QString::number(m_model->total())));
        QCOMPARE(m_model->columnCount(), int(TenantListModel::ColumnCount));
        const QModelIndex slug = m_model->index(0, TenantListModel::SlugColumn);
        QVERIFY(!slug.data().toString().isEmpty());
        QCOMPARE(slug.data(TenantListModel::SlugRole).toString(), slug.data().toString());
        QCOMPARE(m_model->headerData(TenantListModel::CreatedColumn, Qt::Horizontal).toString(), QStringLiteral("Created"));
    }

    void fetchMorePagesThroughAll()
    {
        m_model->refresh();
        QVERIFY(loadAll());
        QVERIFY2(m_model->total() > 2 * 50, qPrintable(QString::number(m_model->total()))); // more than two pages
        QCOMPARE(qint64(m_model->rowCount()), m_model->total());
        QVERIFY(!m_model->canFetchMore({}));
        QSet<QString> ids;
        for (int r = 0; r < m_model->rowCount(); ++r)
            ids.insert(m_model->index(r, 0).data(TenantListModel::IdRole).toString());
        QCOMPARE(qint64(ids.size()), m_model->total()); // no row twice across page boundaries
        m_allTotal = m_model->total();
    }

    void searchNarrows()
    {
        QVERIFY(m_allTotal > 0);
        m_model->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(m_model->hasLoaded(), 20000);
        const QString slug = m_model->tenantAt(m_model->rowCount() / 2).slug;
        m_model->setSearch(slug.toUpper()); // case-insensitive on the server
        QTRY_VERIFY_WITH_TIMEOUT(m_model->hasLoaded() && !m_model->isLoading(), 20000);
        QVERIFY(loadAll());
        QVERIFY(m_model->total() >= 1);
        QVERIFY(m_model->total() < m_allTotal);
        bool found = false;
        for (int r = 0; r < m_model->rowCount(); ++r) {
            const Tenant &t = m_model->tenantAt(r);
            QVERIFY2(t.slug.contains(slug, Qt::CaseInsensitive) || t.name.contains(slug, Qt::CaseInsensitive), qPrintable(t.slug));
            found = found || t.slug == slug;
        }
        QVERIFY(found);
    }

    void filterChangesResults()
    {
        QVERIFY(m_allTotal > 0);
        m_model->setFilter(TenantListModel::Filter::State, QStringLiteral("suspended"));
        QVERIFY(loadAll());
        const qint64 suspended = m_model->total();
        QVERIFY(suspended > 0);
        QVERIFY(suspended < m_allTotal);
        for (int r = 0; r < m_model->rowCount(); ++r)
            QCOMPARE(toString(m_model->tenantAt(r).state), QStringLiteral("suspended"));

        m_model->setFilter(TenantListModel::Filter::Isolation, QStringLiteral("database"));
        QVERIFY(loadAll());
        QVERIFY(m_model->total() > 0); // the demo fleet has suspended tenants with their own database
        QVERIFY(m_model->total() < suspended);
        for (int r = 0; r < m_model->rowCount(); ++r) {
            QCOMPARE(toString(m_model->tenantAt(r).state), QStringLiteral("suspended"));
            QCOMPARE(toString(m_model->tenantAt(r).isolation()), QStringLiteral("database"));
        }

        m_model->setFilter(TenantListModel::Filter::State, QString());
        m_model->setFilter(TenantListModel::Filter::Isolation, QString());
        QVERIFY(loadAll());
        QCOMPARE(m_model->total(), m_allTotal);
    }

    void sortOrderApplied()
    {
        QVERIFY(m_allTotal > 2); // the order checks below compare neighbours
        m_model->refresh();
        QVERIFY(loadAll());
        m_model->sort(TenantListModel::CreatedColumn, Qt::DescendingOrder);
        QCOMPARE(m_model->query().sortKey, TenantSortKey::CreatedAt);
        QVERIFY(m_model->query().descending);
        QCOMPARE(m_model->sortColumn(), int(TenantListModel::CreatedColumn));
        QVERIFY(loadAll());
        QCOMPARE(qint64(m_model->rowCount()), m_allTotal);
        for (int r = 1; r < m_model->rowCount(); ++r)
            QVERIFY2(m_model->tenantAt(r - 1).createdAt >= m_model->tenantAt(r).createdAt, qPrintable(QString::number(r)));
        const QDateTime newest = m_model->tenantAt(0).createdAt;

        m_model->sort(TenantListModel::CreatedColumn, Qt::AscendingOrder);
        QVERIFY(!m_model->query().descending);
        QVERIFY(loadAll());
        for (int r = 1; r < m_model->rowCount(); ++r)
            QVERIFY2(m_model->tenantAt(r - 1).createdAt <= m_model->tenantAt(r).createdAt, qPrintable(QString::number(r)));
        QCOMPARE(m_model->tenantAt(m_model->rowCount() - 1).createdAt, newest);
        QVERIFY(m_model->tenantAt(0).createdAt < newest);

        // Region is not a server sort key: ignored, nothing reloads.
        const TenantListQuery before = m_model->query();
        m_model->sort(TenantListModel::RegionColumn, Qt::AscendingOrder);
        QCOMPARE(m_model->query(), before);
        QVERIFY(!m_model->isLoading());
    }

    void staleReplyDropped()
    {
        m_model->refresh();
        QVERIFY(loadAll());
        const Tenant target = m_model->tenantAt(0);
        const QString slug = target.slug;
        const int droppedBefore = m_model->staleRepliesDropped();
        QSignalSpy pages(m_model.get(), &TenantListModel::pageLoaded);

        m_model->setSearch(QStringLiteral("a"));  // in flight...
        m_model->setSearch(slug);                 // ...superseded at once
        QTRY_COMPARE_WITH_TIMEOUT(m_model->staleRepliesDropped(), droppedBefore + 1, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(m_model->hasLoaded() && !m_model->isLoading(), 20000);
        QCOMPARE(m_model->query().search, slug);
        QVERIFY(m_model->rowOf(target.id) >= 0); // the current query's rows, so at least the searched one
        for (int r = 0; r < m_model->rowCount(); ++r) {
            const Tenant &t = m_model->tenantAt(r);
            QVERIFY(t.slug.contains(slug, Qt::CaseInsensitive) || t.name.contains(slug, Qt::CaseInsensitive));
        }
        // Only the current query's pages were announced.
        QVERIFY(pages.count() >= 1);
        QCOMPARE(pages.at(0).at(0).toInt(), 0);
    }

    void errorIsReportedNotRetried()
    {
        const auto broken = m_live.newClient(QStringLiteral("pto_invalid"));
        TenantListModel model(broken.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy problems(&model, &TenantListModel::problemOccurred);
        model.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(problems.count(), 1, 20000);
        QCOMPARE(model.lastProblem().status, 401);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.canFetchMore({})); // a view's fetchMore does not start it again
        QCOMPARE(broken->pendingRequests(), 0); // and nothing else was sent
        QCOMPARE(problems.count(), 1);
    }
};

QTEST_GUILESS_MAIN(TestTenantListModel)
#include "tst_models_tenantlist.moc"
