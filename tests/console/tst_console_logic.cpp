// Pure console logic: CSV/TSV export, formatting, command line. No server needed.
#include "app/commandline.h"
#include "models/formatting.h"
#include "models/tableexport.h"
#include "models/tenantlistmodel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardItemModel>
#include <QTemporaryFile>
#include <QTimeZone>
#include <QTest>

using namespace portico;

class TestConsoleLogic : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void csvField_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("plain") << "acme" << "acme";
        QTest::newRow("comma") << "Acme, Inc." << "\"Acme, Inc.\"";
        QTest::newRow("quote") << "The \"Best\"" << "\"The \"\"Best\"\"\"";
        QTest::newRow("newline") << "a\nb" << "\"a\nb\"";
        QTest::newRow("formula") << "=HYPERLINK(1)" << "'=HYPERLINK(1)";
        QTest::newRow("at") << "@SUM" << "'@SUM";
    }
    void csvField()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(portico::csvField(in), out);
    }

    void exportOnlyGivenRowsAndColumns()
    {
        QStandardItemModel m(3, 3);
        m.setHorizontalHeaderLabels({QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")});
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 3; ++c)
                m.setItem(r, c, new QStandardItem(QStringLiteral("r%1c%2").arg(r).arg(c)));
        // Column order as on screen (C moved before A), B hidden, middle row not selected.
        QCOMPARE(exportTable(m, {0, 2}, {2, 0}, TableFormat::Csv), QStringLiteral("C,A\r\nr0c2,r0c0\r\nr2c2,r2c0\r\n"));
        QCOMPARE(exportTable(m, {1}, {1}, TableFormat::Tsv), QStringLiteral("B\nr1c1\n"));
    }

    void tenantCount()
    {
        QCOMPARE(format::tenantCount(1), QStringLiteral("1 tenant"));
        QVERIFY(format::tenantCount(312).endsWith(QStringLiteral(" tenants")));
    }

    void sortableColumns()
    {
        QVERIFY(TenantListModel::isSortableColumn(TenantListModel::NameColumn));
        QVERIFY(TenantListModel::isSortableColumn(TenantListModel::CreatedColumn));
        QVERIFY(!TenantListModel::isSortableColumn(TenantListModel::RegionColumn));
        QVERIFY(!TenantListModel::isSortableColumn(TenantListModel::IsolationColumn));
        QCOMPARE(TenantListModel::columnForSortKey(TenantSortKey::Plan), int(TenantListModel::PlanColumn));
    }

    void commandLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<bool>("ok");
        QTest::newRow("none") << QStringList{} << true;
        QTest::newRow("connect") << QStringList{"--connect", "http://127.0.0.1:8740", "--token-file", "/tmp/t"} << true;
        QTest::newRow("connect without token") << QStringList{"--connect", "http://127.0.0.1:8740"} << false;
        QTest::newRow("screenshot without connect") << QStringList{"--screenshot", "/tmp/x.png"} << false;
        QTest::newRow("token without connect") << QStringList{"--token-file", "/tmp/t"} << false;
        QTest::newRow("isolation screenshot") << QStringList{"--connect", "http://127.0.0.1:8740", "--token-file", "/tmp/t",
                                                             "--screenshot-isolation", "/tmp/iso.png"} << true;
        QTest::newRow("isolation screenshot without connect") << QStringList{"--screenshot-isolation", "/tmp/iso.png"} << false;
        QTest::newRow("both screenshots") << QStringList{"--connect", "http://127.0.0.1:8740", "--token-file", "/tmp/t",
                                                         "--screenshot", "/tmp/a.png", "--screenshot-isolation", "/tmp/b.png"} << false;
        QTest::newRow("usage screenshot") << QStringList{"--connect", "http://127.0.0.1:8740", "--token-file", "/tmp/t",
                                                         "--screenshot-usage", "/tmp/u.png"} << true;
        QTest::newRow("audit screenshot without connect") << QStringList{"--screenshot-audit", "/tmp/a.png"} << false;
        QTest::newRow("fleet and audit screenshots") << QStringList{"--connect", "http://127.0.0.1:8740", "--token-file", "/tmp/t",
                                                                    "--screenshot-fleet", "/tmp/f.png", "--screenshot-audit", "/tmp/a.png"} << false;
    }
    void commandLine()
    {
        QFETCH(QStringList, args);
        QFETCH(bool, ok);
        QCommandLineParser parser;
        addConsoleOptions(parser);
        QVERIFY(parser.parse(QStringList{QStringLiteral("portico-console")} + args));
        const auto result = consoleOptions(parser);
        QCOMPARE(std::holds_alternative<ConsoleOptions>(result), ok);
    }

    void screenshotOptions()
    {
        QCommandLineParser parser;
        addConsoleOptions(parser);
        QVERIFY(parser.parse({QStringLiteral("portico-console"), QStringLiteral("--connect"), QStringLiteral("http://h:1"), QStringLiteral("--token-file"),
                              QStringLiteral("/tmp/t"), QStringLiteral("--screenshot-isolation"), QStringLiteral("/tmp/iso.png")}));
        const auto result = consoleOptions(parser);
        QVERIFY(std::holds_alternative<ConsoleOptions>(result));
        QCOMPARE(std::get<ConsoleOptions>(result).screenshotPath, QStringLiteral("/tmp/iso.png"));
        QVERIFY(std::get<ConsoleOptions>(result).screenshotIsolation);
        QCOMPARE(std::get<ConsoleOptions>(result).screenshotPage, QStringLiteral("isolation"));

        QCommandLineParser fleet;
        addConsoleOptions(fleet);
        QVERIFY(fleet.parse({QStringLiteral("portico-console"), QStringLiteral("--connect"), QStringLiteral("http://h:1"), QStringLiteral("--token-file"),
                             QStringLiteral("/tmp/t"), QStringLiteral("--screenshot-fleet"), QStringLiteral("/tmp/f.png")}));
        const auto fleetResult = consoleOptions(fleet);
        QVERIFY(std::holds_alternative<ConsoleOptions>(fleetResult));
        QCOMPARE(std::get<ConsoleOptions>(fleetResult).screenshotPath, QStringLiteral("/tmp/f.png"));
        QCOMPARE(std::get<ConsoleOptions>(fleetResult).screenshotPage, QStringLiteral("fleet"));
        QVERIFY(!std::get<ConsoleOptions>(fleetResult).screenshotIsolation);
    }

    void severities()
    {
        for (const Severity s : {Severity::Critical, Severity::High, Severity::Warning, Severity::Info})
            QCOMPARE(int(severityFromString(toString(s))), int(s));
        QCOMPARE(int(severityFromString(QStringLiteral("emergency"))), int(Severity::Unknown));
        QVERIFY(isSerious(Severity::Critical) && isSerious(Severity::High));
        QVERIFY(!isSerious(Severity::Warning) && !isSerious(Severity::Info));
        QCOMPARE(format::severity(Severity::High), QStringLiteral("High"));
        QCOMPARE(format::severity(Severity::Unknown, QStringLiteral("emergency")), QStringLiteral("emergency"));
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
        QCOMPARE(report->checkedAt, QDateTime(QDate(2026, 11, 29), QTime(10, 0, 0, 123), QTimeZone::utc()));
        QCOMPARE(report->pools.size(), 1);
        QCOMPARE(report->pools.at(0).max, 16);
        QCOMPARE(report->monitorBlocks, 4);
        QVERIFY(!IsolationReport::fromJson(QJsonObject{{QStringLiteral("findings"), QJsonArray{}}})); // no verdict: refused

        const auto page = AlertPage::fromJson(QJsonDocument::fromJson(R"({"items":[{"id":"a","at":"2026-11-29T10:00:00.000Z",
            "severity":"critical","kind":"isolation.monitor","tenant_id":null,"detail":"d","request_id":"r"}],"next_cursor":null})").object());
        QVERIFY(page);
        QCOMPARE(page->items.size(), 1);
        QVERIFY(page->items.at(0).tenantId.isEmpty());
        QVERIFY(page->nextCursor.isEmpty());

        AlertQuery q;
        q.tenantId = QStringLiteral("t");
        q.cursor = QStringLiteral("c+/=");
        const QUrlQuery url = q.toUrlQuery();
        QCOMPARE(url.queryItemValue(QStringLiteral("limit")), QStringLiteral("50"));
        QCOMPARE(url.queryItemValue(QStringLiteral("tenant")), QStringLiteral("t"));
        QCOMPARE(url.queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded), QStringLiteral("c+/="));
    }

    void tokenFile()
    {
        QTemporaryFile f;
        QVERIFY(f.open());
        f.write("  pto_abc  \nignored\n");
        f.close();
        const auto token = readTokenFile(f.fileName());
        QCOMPARE(token.index(), std::size_t(0));
        QCOMPARE(std::get<0>(token), QStringLiteral("pto_abc"));
        QCOMPARE(readTokenFile(QStringLiteral("/nonexistent/token")).index(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestConsoleLogic)
#include "tst_console_logic.moc"
