// Pure console logic: CSV/TSV export, formatting, command line. No server needed.
#include "app/commandline.h"
#include "models/formatting.h"
#include "models/tableexport.h"
#include "models/tenantlistmodel.h"

#include <QStandardItemModel>
#include <QTemporaryFile>
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
