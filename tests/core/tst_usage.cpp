// Token buckets, quota decisions, billing periods, day seals and LTTB downsampling.
#include "core/usage.h"
#include <QDateTime>
#include <QTest>
#include <cmath>

using namespace portico;

class TestUsage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bucketAllowsBurstThenRate()
    {
        TokenBucket b(10, 20, 0); // 10/s, burst 20
        int allowed = 0;
        for (int i = 0; i < 30; ++i)
            allowed += b.take(0).allowed ? 1 : 0;
        QCOMPARE(allowed, 20);
        const auto refused = b.take(0);
        QVERIFY(!refused.allowed);
        QCOMPARE(refused.retryAfterMs, 100); // one token every 100 ms
        QCOMPARE(refused.resetMs, 2000);     // 20 tokens to refill
        QVERIFY(!b.take(99).allowed);
        QVERIFY(b.take(100).allowed);
        // Over the next second at the steady rate, ten more pass (give or take the one at the edge).
        allowed = 0;
        for (qint64 t = 101; t <= 1105; t += 10)
            allowed += b.take(t).allowed ? 1 : 0;
        QCOMPARE(allowed, 10);
    }

    void bucketNeverExceedsBurstAfterIdle()
    {
        TokenBucket b(5, 3, 0);
        QCOMPARE(b.take(1000000).remaining, 2.0);
    }

    void bucketReconfiguresWithoutGrantingExtra()
    {
        TokenBucket b(100, 100, 0);
        for (int i = 0; i < 90; ++i)
            b.take(0);
        b.reconfigure(1, 5, 0);
        QCOMPARE(b.take(0).remaining, 4.0); // 10 left, cut to the new burst of 5, minus this one
    }

    void quotas_data()
    {
        QTest::addColumn<qint64>("used");
        QTest::addColumn<qint64>("quantity");
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<QString>("policy");
        QTest::addColumn<bool>("allowed");
        QTest::addColumn<bool>("overage");
        QTest::addColumn<QList<int>>("crossed");
        QTest::newRow("well below") << qint64(10) << qint64(1) << qint64(100) << "block" << true << false << QList<int>{};
        QTest::newRow("reaches 80") << qint64(79) << qint64(1) << qint64(100) << "notify" << true << false << QList<int>{80};
        QTest::newRow("past 80 already") << qint64(80) << qint64(1) << qint64(100) << "notify" << true << false << QList<int>{};
        QTest::newRow("jumps both") << qint64(70) << qint64(40) << qint64(100) << "notify" << true << false << QList<int>{80, 100};
        QTest::newRow("exactly full is allowed") << qint64(99) << qint64(1) << qint64(100) << "block" << true << false << QList<int>{100};
        QTest::newRow("block past limit") << qint64(100) << qint64(1) << qint64(100) << "block" << false << false << QList<int>{};
        QTest::newRow("overage past limit") << qint64(100) << qint64(1) << qint64(100) << "overage" << true << true << QList<int>{};
        QTest::newRow("notify past limit") << qint64(100) << qint64(5) << qint64(100) << "notify" << true << false << QList<int>{};
        QTest::newRow("unlimited") << qint64(1000000) << qint64(1) << qint64(0) << "block" << true << false << QList<int>{};
        QTest::newRow("huge numbers") << qint64(7999999999LL) << qint64(1) << qint64(10000000000LL) << "block" << true << false << QList<int>{80};
    }
    void quotas()
    {
        QFETCH(qint64, used);
        QFETCH(qint64, quantity);
        QFETCH(qint64, limit);
        QFETCH(QString, policy);
        QFETCH(bool, allowed);
        QFETCH(bool, overage);
        QFETCH(QList<int>, crossed);
        const auto d = checkQuota(used, quantity, limit, *parseQuotaPolicy(policy));
        QCOMPARE(d.allowed, allowed);
        QCOMPARE(d.overage, overage);
        QCOMPARE(d.thresholdsCrossed, crossed);
    }

    void billingPeriodIsTheUtcMonth()
    {
        const auto p = billingPeriod(QDateTime::fromString(QStringLiteral("2026-02-28T23:30:00-05:00"), Qt::ISODate));
        QCOMPARE(p.start, QDateTime::fromString(QStringLiteral("2026-03-01T00:00:00Z"), Qt::ISODate));
        QCOMPARE(p.end, QDateTime::fromString(QStringLiteral("2026-04-01T00:00:00Z"), Qt::ISODate));
    }

    void sealsChainAndDetectEdits()
    {
        const QList<UsageRow> day{{QStringLiteral("requests"), 3600, QStringLiteral("documents:read"), 120},
                                  {QStringLiteral("bytes_out"), 3600, QString(), 50000},
                                  {QStringLiteral("requests"), 7200, QStringLiteral("documents:read"), 80}};
        const QByteArray first = sealDigest(QByteArray(32, '\0'), day);
        QList<UsageRow> shuffled{day[2], day[0], day[1]};
        QCOMPARE(sealDigest(QByteArray(32, '\0'), shuffled), first); // order does not matter
        QList<UsageRow> edited = day;
        edited[2].quantity = 81;
        QVERIFY(sealDigest(QByteArray(32, '\0'), edited) != first);
        QVERIFY(sealDigest(first, day) != first); // chained: the same rows under another predecessor differ
    }

    void lttbKeepsShapeAndEnds()
    {
        QList<QPointF> series;
        for (int i = 0; i < 8760; ++i) // a year of hours with a spike
            series << QPointF(i, i == 5000 ? 1000.0 : std::sin(i / 24.0 * 6.283) * 10 + 20);
        const auto down = downsampleLttb(series, 800);
        QCOMPARE(down.size(), 800);
        QCOMPARE(down.first(), series.first());
        QCOMPARE(down.last(), series.last());
        QVERIFY(std::any_of(down.begin(), down.end(), [](const QPointF &p) { return p.y() == 1000.0; })); // the spike survives
        for (int i = 1; i < down.size(); ++i)
            QVERIFY(down[i].x() > down[i - 1].x());
        QCOMPARE(downsampleLttb(series.mid(0, 10), 800).size(), 10); // short series untouched
    }
};

QTEST_GUILESS_MAIN(TestUsage)
#include "tst_usage.moc"
