// portico-console's command line (app/commandline): which combinations are accepted, which page a
// screenshot shows, and the token file. No server, no display.
#include "app/commandline.h"

#include <QTemporaryFile>
#include <QTest>

using namespace portico;

class TestCommandLine : public QObject
{
    Q_OBJECT

    static std::variant<ConsoleOptions, QString> parse(const QStringList &args)
    {
        QCommandLineParser parser;
        addConsoleOptions(parser);
        if (!parser.parse(QStringList{QStringLiteral("portico-console")} + args))
            return parser.errorText();
        return consoleOptions(parser);
    }
    static QString errorOf(const std::variant<ConsoleOptions, QString> &result)
    {
        return std::holds_alternative<QString>(result) ? std::get<QString>(result) : QStringLiteral("accepted");
    }

private Q_SLOTS:
    void accepted_data()
    {
        const QStringList connect{"--connect", "http://127.0.0.1:8740", "--token-file", "/tmp/t"};
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<bool>("ok");
        QTest::newRow("none") << QStringList{} << true;
        QTest::newRow("connect") << connect << true;
        QTest::newRow("connect without token") << QStringList{"--connect", "http://127.0.0.1:8740"} << false;
        QTest::newRow("screenshot without connect") << QStringList{"--screenshot", "/tmp/x.png"} << false;
        QTest::newRow("token without connect") << QStringList{"--token-file", "/tmp/t"} << false;
        QTest::newRow("isolation screenshot") << connect + QStringList{"--screenshot-isolation", "/tmp/iso.png"} << true;
        QTest::newRow("isolation screenshot without connect") << QStringList{"--screenshot-isolation", "/tmp/iso.png"} << false;
        QTest::newRow("both screenshots") << connect + QStringList{"--screenshot", "/tmp/a.png", "--screenshot-isolation", "/tmp/b.png"} << false;
        QTest::newRow("usage screenshot") << connect + QStringList{"--screenshot-usage", "/tmp/u.png"} << true;
        QTest::newRow("audit screenshot without connect") << QStringList{"--screenshot-audit", "/tmp/a.png"} << false;
        QTest::newRow("fleet and audit screenshots") << connect + QStringList{"--screenshot-fleet", "/tmp/f.png", "--screenshot-audit", "/tmp/a.png"} << false;
    }
    void accepted()
    {
        QFETCH(QStringList, args);
        QFETCH(bool, ok);
        const auto result = parse(args);
        QVERIFY2(std::holds_alternative<ConsoleOptions>(result) == ok, qPrintable(errorOf(result)));
    }

    void screenshotPage_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("page");
        QTest::addColumn<bool>("isolation");
        QTest::newRow("tenants") << "--screenshot" << "tenants" << false;
        QTest::newRow("isolation") << "--screenshot-isolation" << "isolation" << true;
        QTest::newRow("usage") << "--screenshot-usage" << "usage" << false;
        QTest::newRow("fleet") << "--screenshot-fleet" << "fleet" << false;
        QTest::newRow("audit") << "--screenshot-audit" << "audit" << false;
        QTest::newRow("config") << "--screenshot-config" << "config" << false;
        QTest::newRow("flags") << "--screenshot-flags" << "flags" << false;
    }
    void screenshotPage()
    {
        QFETCH(QString, option);
        QFETCH(QString, page);
        QFETCH(bool, isolation);
        const auto result = parse({QStringLiteral("--connect"), QStringLiteral("http://h:1"), QStringLiteral("--token-file"), QStringLiteral("/tmp/t"),
                                   option, QStringLiteral("/tmp/shot.png")});
        QVERIFY2(std::holds_alternative<ConsoleOptions>(result), qPrintable(errorOf(result)));
        const ConsoleOptions &options = std::get<ConsoleOptions>(result);
        QCOMPARE(options.screenshotPath, QStringLiteral("/tmp/shot.png"));
        QCOMPARE(options.screenshotPage, page);
        QCOMPARE(options.screenshotIsolation, isolation);
        QCOMPARE(options.connectUrl, QUrl(QStringLiteral("http://h:1")));
        QVERIFY(options.skipsDialog());
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

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_app_commandline.moc"
