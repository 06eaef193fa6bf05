// What a request carries into server.log cannot forge a line: control characters are escaped by
// one formatter before any sink (server/logescape.h).
#include "server/logescape.h"
#include "tests/support/serverfixture.h"
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace portico;
using namespace portico::test;

#ifdef Q_MOC_RUN
// moc sees the declarations only (it mis-reads raw strings holding escapes).
class TestLogEscaping : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void escapesControlsAndBadUtf8();
    void initTestCase();
    void requestCannotForgeALine();
};
#else
class TestLogEscaping : public QObject
{
    Q_OBJECT
    ServerFixture m_fx;
    QTemporaryDir m_logDir;

private Q_SLOTS:
    void escapesControlsAndBadUtf8()
    {
        QCOMPARE(escapeForLog("GET /a\nforged"), std::string("GET /a\\nforged"));
        QCOMPARE(escapeForLog("a\r\nb\tc"), std::string("a\\r\\nb\\tc"));
        QCOMPARE(escapeForLog("\x1b[31mred"), std::string("\\x1b[31mred"));
        QCOMPARE(escapeForLog(std::string_view("nul\0x", 5)), std::string("nul\\x00x"));
        QCOMPARE(escapeForLog("del\x7f"), std::string("del\\x7f"));
        QCOMPARE(escapeForLog("back\\slash"), std::string("back\\\\slash"));
        QCOMPARE(escapeForLog("bad \xff\xfe utf8"), std::string("bad \\xff\\xfe utf8"));
        QCOMPARE(escapeForLog("\xed\xa0\x80"), std::string("\\xed\\xa0\\x80")); // an encoded surrogate
        QCOMPARE(escapeForLog("nel\xc2\x85" "end"), std::string("nel\\u0085end"));
        QCOMPARE(escapeForLog("ls\xe2\x80\xa8"), std::string("ls\\u2028"));
        // Valid text passes unchanged.
        QCOMPARE(escapeForLog("Zürich – 東京 🙂"), std::string("Zürich – 東京 🙂"));
    }

    void initTestCase()
    {
        QVERIFY(m_logDir.isValid());
        QVERIFY2(m_fx.start({QStringLiteral("--log-dir"), m_logDir.path()}), qPrintable(m_fx.errorString()));
    }

    void requestCannotForgeALine()
    {
        auto c = m_fx.client();
        const auto r = c->request("GET", QStringLiteral("/v1/ping%0A2026-01-01T00:00:00.000Z info FORGED%0D%1B[2J"), {},
                                  {{"X-Request-Id", "rid%0Aforged"}});
        QCOMPARE(r.status, 404);
        // The access line is written after the answer is handed over: poll for it.
        QString log;
        for (int i = 0; i < 100 && !log.contains(QLatin1String("FORGED")); ++i) {
            QTest::qWait(50);
            QFile f(QDir(m_logDir.path()).filePath(QStringLiteral("server.log")));
            QVERIFY(f.open(QIODevice::ReadOnly));
            log = QString::fromUtf8(f.readAll());
        }
        QVERIFY2(log.contains(QLatin1String("/v1/ping\\n2026-01-01T00:00:00.000Z info FORGED\\r\\x1b[2J")), qPrintable(log.right(600)));
        static const QRegularExpression lineStart(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z "));
        const QStringList lines = log.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(!lines.isEmpty());
        for (const QString &line : lines) {
            QVERIFY2(lineStart.match(line).hasMatch(), qPrintable(line));
            QVERIFY2(!line.startsWith(QLatin1String("2026-01-01T00:00:00.000Z")), qPrintable(line));
            QVERIFY2(!line.contains(QChar(0x1b)) && !line.contains(QLatin1Char('\r')), qPrintable(line));
        }
        QCOMPARE(m_fx.client()->get(QStringLiteral("/v1/health")).status, 200);
    }
};
#endif

QTEST_GUILESS_MAIN(TestLogEscaping)
#include "tst_log_escaping.moc"
