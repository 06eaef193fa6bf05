// The tenant count above the Tenants table, offscreen, against a real server whose list counts
// exactly only up to 100 tenants (--tenant-total-exact-up-to): over the synthetic fleet the
// model carries the server's estimate flag and the page says "about"; a search with few matches
// is counted exactly and says so without "about".
#include "models/formatting.h"
#include "models/tenantlistmodel.h"
#include "tests/support/liveserver.h"
#include "views/tenantbrowser.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QSignalSpy>
#include <QTest>

using namespace portico;
using portico::test::LiveServer;

class TestTenantTotal : public QObject
{
    Q_OBJECT
    LiveServer m_live;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_live.start(LiveServer::Seed::None, {QStringLiteral("--seed-scale"), QStringLiteral("600"), QStringLiteral("--tenant-total-exact-up-to"), QStringLiteral("100")}),
                 qPrintable(m_live.errorString()));
    }

    void countFormats_data()
    {
        QTest::addColumn<qint64>("total");
        QTest::addColumn<bool>("estimate");
        QTest::addColumn<QString>("text");
        QTest::newRow("exact") << qint64(312) << false << QStringLiteral("312 tenants");
        QTest::newRow("one") << qint64(1) << false << QStringLiteral("1 tenant");
        QTest::newRow("estimate") << qint64(100000) << true << QStringLiteral("about %1 tenants").arg(QLocale().toString(100000));
    }
    void countFormats()
    {
        QFETCH(qint64, total);
        QFETCH(bool, estimate);
        QFETCH(QString, text);
        QCOMPARE(format::tenantCount(total, estimate), text);
    }

    void pageSaysAboutForAnEstimateAndNotForAnExactCount()
    {
        TenantListModel model(m_live.client());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        TenantBrowser browser(&model);
        browser.setSearchDebounce(std::chrono::milliseconds(0));
        browser.resize(1024, 700);
        browser.show();
        QSignalSpy pages(&model, &TenantListModel::pageLoaded);
        model.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(pages.count() >= 1 && !model.isLoading(), 20000);
        QVERIFY(model.totalIsEstimate());
        QVERIFY2(model.total() > 100, qPrintable(QString::number(model.total())));
        QCOMPARE(browser.totalText(), format::tenantCount(model.total(), true));
        QVERIFY2(browser.totalText().startsWith(QLatin1String("about ")), qPrintable(browser.totalText()));

        // Few matches: counted, exact, no "about".
        QSignalSpy totals(&model, &TenantListModel::totalChanged);
        model.setSearch(QStringLiteral("scale-00012"));
        QTRY_VERIFY_WITH_TIMEOUT(totals.count() >= 1 && !model.isLoading(), 20000);
        QVERIFY(!model.totalIsEstimate());
        QCOMPARE(model.total(), 10); // scale-000120 .. scale-000129
        QCOMPARE(browser.totalText(), QStringLiteral("10 tenants"));

        // Back to the whole fleet: the estimate again (the flag alone changing is a change too).
        totals.clear();
        model.setSearch(QString());
        QTRY_VERIFY_WITH_TIMEOUT(totals.count() >= 1 && !model.isLoading(), 20000);
        QVERIFY(model.totalIsEstimate());
        QVERIFY(browser.totalText().startsWith(QLatin1String("about ")));
    }
};

QTEST_MAIN(TestTenantTotal)
#include "tst_views_tenanttotal.moc"
