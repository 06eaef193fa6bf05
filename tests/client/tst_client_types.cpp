// portico_client's types without a server: severities, the tenant page's total, and the isolation
// report, alert page and alert query as the server sends and expects them.
#include "client/apitypes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>
#include <QUrlQuery>

using namespace portico;

class TestClientTypes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void severities_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("level");
        QTest::addColumn<bool>("serious");
        QTest::newRow("critical") << "critical" << int(Severity::Critical) << true;
        QTest::newRow("high") << "high" << int(Severity::High) << true;
        QTest::newRow("warning") << "warning" << int(Severity::Warning) << false;
        QTest::newRow("info") << "info" << int(Severity::Info) << false;
        QTest::newRow("a newer server's level") << "emergency" << int(Severity::Unknown) << false;
    }
    void severities()
    {
        QFETCH(QString, name);
        QFETCH(int, level);
        const auto severity = Severity(level);
        QFETCH(bool, serious);
        QCOMPARE(int(severityFromString(name)), int(severity));
        if (severity != Severity::Unknown)
            QCOMPARE(toString(severity), name);
        QCOMPARE(isSerious(severity), serious);
    }

    void reportDecoding()
    {
        const auto doc = QJsonDocument::fromJson(R"({"ok":false,"findings":[{"severity":"critical","check":"rls.enabled",
            "object":"home/p_pool.public.documents","detail":"off"},{"severity":"info","check":"x","object":"o","detail":"d"}],
            "clusters_checked":2,"tables_checked":9,"placements_checked":3,"checked_at":"2026-11-29T10:00:00.123Z","duration_ms":17,
            "pools":[{"cluster":"home","database":"p","open":3,"idle":1,"max":16}],"monitor_blocks":4,"added_later":true})");
        const auto report = IsolationReport::fromJson(doc.object());
        QVERIFY(report);
        QVERIFY(!report->ok);
        QCOMPARE(report->findings.size(), 2);
        QCOMPARE(report->count(Severity::Critical), 1);
        QCOMPARE(report->findings.at(0).check, QStringLiteral("rls.enabled"));
        QCOMPARE(report->clustersChecked, 2);
        QCOMPARE(report->tablesChecked, 9);
        QCOMPARE(report->placementsChecked, 3);
        QCOMPARE(report->checkedAt, QDateTime(QDate(2026, 11, 29), QTime(10, 0, 0, 123), QTimeZone::utc()));
        QCOMPARE(report->durationMs, 17);
        QCOMPARE(report->pools.size(), 1);
        QCOMPARE(report->pools.at(0).max, 16);
        QCOMPARE(report->monitorBlocks, 4);
        QVERIFY(!IsolationReport::fromJson(QJsonObject{{QStringLiteral("findings"), QJsonArray{}}})); // no verdict: refused
    }

    // total_is_estimate: true says the server estimated; false or absent (an older server) is exact.
    void tenantPageTotalEstimate_data()
    {
        QTest::addColumn<QByteArray>("flag");
        QTest::addColumn<bool>("estimate");
        QTest::newRow("estimate") << QByteArray(R"(,"total_is_estimate":true)") << true;
        QTest::newRow("exact") << QByteArray(R"(,"total_is_estimate":false)") << false;
        QTest::newRow("absent") << QByteArray() << false;
    }
    void tenantPageTotalEstimate()
    {
        QFETCH(QByteArray, flag);
        QFETCH(bool, estimate);
        const auto page = TenantPage::fromJson(QJsonDocument::fromJson(R"({"items":[],"next_cursor":null,"total":100320)" + flag + "}").object());
        QVERIFY(page);
        QCOMPARE(page->total, 100320);
        QCOMPARE(page->totalIsEstimate, estimate);
    }

    void alertPageDecoding()
    {
        const auto page = AlertPage::fromJson(QJsonDocument::fromJson(R"({"items":[{"id":"a","at":"2026-11-29T10:00:00.000Z",
            "severity":"critical","kind":"isolation.monitor","tenant_id":null,"detail":"d","request_id":"r"}],"next_cursor":null})").object());
        QVERIFY(page);
        QCOMPARE(page->items.size(), 1);
        QCOMPARE(page->items.at(0).id, QStringLiteral("a"));
        QCOMPARE(int(page->items.at(0).severity), int(Severity::Critical));
        QVERIFY(page->items.at(0).tenantId.isEmpty());
        QVERIFY(page->nextCursor.isEmpty());
    }

    void alertQuery()
    {
        AlertQuery q;
        q.tenantId = QStringLiteral("t");
        q.cursor = QStringLiteral("c+/=");
        const QUrlQuery url = q.toUrlQuery();
        QCOMPARE(url.queryItemValue(QStringLiteral("limit")), QStringLiteral("50"));
        QCOMPARE(url.queryItemValue(QStringLiteral("tenant")), QStringLiteral("t"));
        QCOMPARE(url.queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded), QStringLiteral("c+/="));
    }
};

QTEST_GUILESS_MAIN(TestClientTypes)
#include "tst_client_types.moc"
