// How the console renders values (models/formatting), in the en_US locale: tenant counts, sizes,
// severity names. No server, no display.
#include "models/formatting.h"

#include <QLocale>
#include <QTest>

using namespace portico;

class TestFormatting : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void tenantCount_data()
    {
        QTest::addColumn<qint64>("total");
        QTest::addColumn<QString>("expected");
        QTest::newRow("none") << qint64(0) << "0 tenants";
        QTest::newRow("one") << qint64(1) << "1 tenant";
        QTest::newRow("many") << qint64(312) << "312 tenants";
        QTest::newRow("thousands") << qint64(12345) << "12,345 tenants";
    }
    void tenantCount()
    {
        QFETCH(qint64, total);
        QFETCH(QString, expected);
        QCOMPARE(format::tenantCount(total), expected);
    }

    void bytes_data()
    {
        QTest::addColumn<qint64>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bytes") << qint64(12) << "12 bytes";
        QTest::newRow("KiB") << qint64(48230) << "47.1 KiB";
        QTest::newRow("MiB") << qint64(5) * 1024 * 1024 << "5.0 MiB";
    }
    void bytes()
    {
        QFETCH(qint64, value);
        QFETCH(QString, expected);
        QCOMPARE(format::bytes(value), expected);
    }

    void severity_data()
    {
        QTest::addColumn<int>("level");
        QTest::addColumn<QString>("sentName");
        QTest::addColumn<QString>("expected");
        QTest::newRow("critical") << int(Severity::Critical) << "critical" << "Critical";
        QTest::newRow("high") << int(Severity::High) << "high" << "High";
        QTest::newRow("warning") << int(Severity::Warning) << "" << "Warning";
        QTest::newRow("info") << int(Severity::Info) << "" << "Info";
        QTest::newRow("unknown, as the server named it") << int(Severity::Unknown) << "emergency" << "emergency";
        QTest::newRow("unknown, unnamed") << int(Severity::Unknown) << "" << "Unknown";
    }
    void severity()
    {
        QFETCH(int, level);
        QFETCH(QString, sentName);
        QFETCH(QString, expected);
        QCOMPARE(format::severity(Severity(level), sentName), expected);
    }

    void severityColorsDiffer()
    {
        const QList<Severity> all{Severity::Critical, Severity::High, Severity::Warning, Severity::Info, Severity::Unknown};
        for (qsizetype i = 0; i < all.size(); ++i)
            for (qsizetype j = i + 1; j < all.size(); ++j)
                QVERIFY2(format::severityColor(all.at(i)) != format::severityColor(all.at(j)), qPrintable(QStringLiteral("%1, %2").arg(i).arg(j)));
    }
};

QTEST_GUILESS_MAIN(TestFormatting)
#include "tst_models_formatting.moc"
