// Limits across instances: two real portico-server processes on one database share each tenant's
// rate, concurrency and request quota, so a tenant alternating between them is refused at its limit
// and not at twice it; limit overrides and token revocations made through one reach the other
// within a second.
#include "server/store/pg.h"
#include "tests/support/serverfixture.h"
#include <QElapsedTimer>
#include <QJsonArray>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QThread>
#include <QMap>
#include <QSet>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTest>
#include <memory>

using namespace portico;
using namespace portico::test;

class TestSharedLimits : public QObject
{
    Q_OBJECT
    ServerFixture m_fx;
    std::unique_ptr<ServerProcess> m_second;

    static constexpr auto kEmailQuotaOf10 = R"({"rate_per_second": 1000, "burst": 1000, "quotas": {"emails_sent": {"limit": 10, "policy": "block"}}})";
    // One external event of emails_sent, as POST /v1/usage/events takes it.
    static QJsonObject emailBatch(const QString &id, qint64 quantity)
    {
        const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
        return QJsonObject{{QStringLiteral("events"), QJsonArray{QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("metric"), QStringLiteral("emails_sent")},
                                                                             {QStringLiteral("quantity"), quantity}, {QStringLiteral("time"), now}}}}};
    }

    TestTenant makeTenant(const QString &name, const QByteArray &limits)
    {
        const TestTenant t = m_fx.makeTenant({.name = name, .adminEmail = QStringLiteral("a@shared.example"), .limits = limits});
        if (!t.ok())
            qFatal("cannot create tenant: %s", qPrintable(t.error));
        return t;
    }

    int liveInstances() const
    {
        return m_fx.sql(QStringLiteral("SELECT count(*) FROM limit_instances WHERE seen_at > now() - interval '3 seconds'")).trimmed().toInt();
    }

    struct Tally { int admitted = 0, refused = 0, admittedOnA = 0, admittedOnB = 0; QList<QByteArray> refusals; };
    // Requests alternate A, B, A, B...: a tenant spreading its load over a load balancer.
    Tally alternate(const TestTenant &t, int requests)
    {
        HttpTestClient a(m_fx.baseUrl(), t.token), b(m_second->baseUrl(), t.token);
        Tally tally;
        for (int i = 0; i < requests; ++i) {
            const HttpResult r = (i % 2 == 0 ? a : b).get(QStringLiteral("/v1/limits"));
            if (r.status == 200) {
                ++tally.admitted;
                ++(i % 2 == 0 ? tally.admittedOnA : tally.admittedOnB);
            } else {
                ++tally.refused;
                tally.refusals << r.json().value(QStringLiteral("type")).toString().toUtf8() + ' ' + QByteArray::number(r.status)
                        + (r.header("Retry-After").isEmpty() ? " no-retry-after" : "");
            }
        }
        return tally;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_fx.start(), qPrintable(m_fx.errorString()));
        m_second = std::make_unique<ServerProcess>(m_fx.cluster());
        m_second->setDatabase(m_fx.server().database());
        QVERIFY2(m_second->start(), qPrintable(m_second->errorString()));
        // Both instances lease: each knows the other is there before the budgets are split.
        QTRY_COMPARE_WITH_TIMEOUT(liveInstances(), 2, 10000);
        // Idle instances beat once a second: after that the first one knows of the second too.
        QTest::qWait(1200);
    }

    void rateHoldsAcrossInstances()
    {
        const TestTenant t = makeTenant(QStringLiteral("Alternating Rate Co"), R"({"rate_per_second": 1, "burst": 20})");
        QElapsedTimer elapsed;
        elapsed.start();
        const Tally tally = alternate(t, 60);
        // A burst of 20, and one more token per second the loop took.
        const int allowed = 20 + int(elapsed.elapsed() / 1000) + 1;
        qInfo("admitted %d (A %d, B %d) of 60; the limit allows %d", tally.admitted, tally.admittedOnA, tally.admittedOnB, allowed);
        QVERIFY2(tally.admitted >= 18, qPrintable(QString::number(tally.admitted)));
        QVERIFY2(tally.admitted <= allowed + allowed / 10, qPrintable(QString::number(tally.admitted)));
        QVERIFY(tally.admittedOnA > 0 && tally.admittedOnB > 0); // the budget really was shared
        for (const QByteArray &r : tally.refusals)
            QCOMPARE(r, QByteArray("urn:portico:problem:rate-limited 429"));
    }

    void quotaHoldsAcrossInstances()
    {
        const TestTenant t = makeTenant(QStringLiteral("Alternating Quota Co"),
                                        R"({"rate_per_second": 1000, "burst": 1000, "quotas": {"requests": {"limit": 10, "policy": "block"}}})");
        const Tally tally = alternate(t, 30);
        // Never over the quota; what one instance holds unspent at the end may be missing.
        QVERIFY2(tally.admitted <= 10 && tally.admitted >= 9, qPrintable(QString::number(tally.admitted)));
        for (const QByteArray &r : tally.refusals)
            QCOMPARE(r, QByteArray("urn:portico:problem:quota-exceeded 429"));
    }

    // External events under a blocking quota: batches alternating between the instances are
    // refused once the fleet stored the quota, not once each instance did.
    void eventQuotaHoldsAcrossInstances()
    {
        const TestTenant t = makeTenant(QStringLiteral("Alternating Events Co"),
                                        kEmailQuotaOf10);
        HttpTestClient a(m_fx.baseUrl(), t.token), b(m_second->baseUrl(), t.token);
        int acceptedOnA = 0, acceptedOnB = 0;
        QStringList refusals;
        for (int i = 0; i < 30; ++i) {
            const HttpResult r = (i % 2 == 0 ? a : b).post(QStringLiteral("/v1/usage/events"), emailBatch(QStringLiteral("alt-%1").arg(i), 1));
            if (r.status == 200)
                ++(i % 2 == 0 ? acceptedOnA : acceptedOnB);
            else
                refusals << QString::number(r.status) + QLatin1Char(' ') + r.json().value(QStringLiteral("type")).toString();
        }
        qInfo("accepted A %d, B %d of 30; the quota is 10", acceptedOnA, acceptedOnB);
        QCOMPARE(acceptedOnA + acceptedOnB, 10);
        QVERIFY(acceptedOnA > 0 && acceptedOnB > 0);
        QCOMPARE(refusals.size(), 20);
        for (const QString &r : refusals)
            QCOMPARE(r, QStringLiteral("429 urn:portico:problem:quota-exceeded"));
        QCOMPARE(m_fx.sql(QStringLiteral("SELECT sum(quantity) FROM usage_events WHERE tenant_id = '%1' AND metric = 'emails_sent'").arg(t.id)).trimmed(),
                 QStringLiteral("10"));
    }

    // Headroom taken for a batch that stored nothing new (a retry) goes back: the other instance
    // can still use the rest of the quota, however the batches were spread.
    void eventQuotaRetriesGiveTheirHeadroomBack()
    {
        const TestTenant t = makeTenant(QStringLiteral("Retrying Events Co"),
                                        kEmailQuotaOf10);
        HttpTestClient a(m_fx.baseUrl(), t.token), b(m_second->baseUrl(), t.token);
        QCOMPARE(a.post(QStringLiteral("/v1/usage/events"), emailBatch(QStringLiteral("r-1"), 3)).status, 200);
        // The same batch again through B: nothing new is stored, and its headroom is not kept.
        const HttpResult again = b.post(QStringLiteral("/v1/usage/events"), emailBatch(QStringLiteral("r-1"), 3));
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json().value(QStringLiteral("duplicates")).toInt(), 1);
        // Idle instances give their headroom back: what is handed out is what was stored.
        QTRY_COMPARE_WITH_TIMEOUT(m_fx.sql(QStringLiteral("SELECT granted FROM limit_quota_budgets WHERE tenant_id = '%1' AND metric = 'emails_sent'").arg(t.id)).trimmed(),
                                  QStringLiteral("3"), 10000);
        // 7 of 10 are left, for either instance.
        QCOMPARE(a.post(QStringLiteral("/v1/usage/events"), emailBatch(QStringLiteral("r-2"), 8)).status, 429);
        QCOMPARE(b.post(QStringLiteral("/v1/usage/events"), emailBatch(QStringLiteral("r-3"), 7)).status, 200);
        QCOMPARE(a.post(QStringLiteral("/v1/usage/events"), emailBatch(QStringLiteral("r-4"), 1)).status, 429);
    }

    // Requests held in flight by a locked table: of 8 spread over both instances, 4 run.
    void concurrencyHoldsAcrossInstances()
    {
        const TestTenant t = makeTenant(QStringLiteral("Alternating Concurrency Co"), R"({"rate_per_second": 1000, "burst": 1000, "concurrency": 4})");
        QCOMPARE(t.placement.value(QStringLiteral("model")).toString(), QStringLiteral("shared"));
        store::PgConfig config{m_fx.cluster().socketDir(), m_fx.cluster().port(), m_fx.server().database() + QStringLiteral("_pool"),
                               m_fx.cluster().superuser(), QStringLiteral("tst_shared_limits")};
        store::PgConnection locker(config);
        locker.exec(QStringLiteral("BEGIN"));
        locker.exec(QStringLiteral("LOCK TABLE documents IN ACCESS EXCLUSIVE MODE")); // a document list waits for this

        QNetworkAccessManager nam;
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 8; ++i) {
            QUrl url = (i % 2 == 0 ? m_fx.baseUrl() : m_second->baseUrl());
            url.setPath(QStringLiteral("/v1/documents"));
            QNetworkRequest request(url);
            request.setRawHeader("Authorization", "Bearer " + t.token.toUtf8());
            replies << nam.get(request);
            QTest::qWait(20); // in order, so each instance sees its requests one after another
        }
        const auto finished = [&] { return int(std::count_if(replies.cbegin(), replies.cend(), [](QNetworkReply *r) { return r->isFinished(); })); };
        QTRY_COMPARE_WITH_TIMEOUT(finished(), 4, 10000);
        QTest::qWait(300); // nothing else gets through while the four hold their slots
        QCOMPARE(finished(), 4);
        for (QNetworkReply *r : replies)
            if (r->isFinished())
                QCOMPARE(r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 429);
        locker.exec(QStringLiteral("COMMIT"));
        QTRY_COMPARE_WITH_TIMEOUT(finished(), 8, 10000);
        int ok = 0;
        for (QNetworkReply *r : replies)
            ok += r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
        QCOMPARE(ok, 4);
        qDeleteAll(replies);
        // The slots are free again, on both instances.
        QTRY_VERIFY_WITH_TIMEOUT(HttpTestClient(m_second->baseUrl(), t.token).get(QStringLiteral("/v1/documents")).status == 200, 5000);
    }

    void overrideOnAAppliesOnBWithinASecond()
    {
        const TestTenant t = makeTenant(QStringLiteral("Override Co"), R"({"rate_per_second": 1000, "burst": 1000})");
        HttpTestClient onB(m_second->baseUrl(), t.token);
        QCOMPARE(onB.get(QStringLiteral("/v1/limits")).status, 200); // B holds a slice under the old limits
        HttpTestClient opOnB(m_second->baseUrl(), m_fx.server().operatorToken());
        const auto burstOnB = [&] {
            return opOnB.get(QStringLiteral("/v1/tenants/%1/limits").arg(t.id)).json().value(QStringLiteral("burst")).toInt();
        };
        QCOMPARE(burstOnB(), 1000);
        QCOMPARE(m_fx.op().request("PUT", QStringLiteral("/v1/tenants/%1/limits").arg(t.id), R"({"rate_per_second": 1, "burst": 2})",
                                   {{"X-Portico-Reason", "ticket 12"}}).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(burstOnB(), 2, 1000);
        // And B enforces it: what it leased under the old limits is gone.
        int admitted = 0;
        for (int i = 0; i < 6; ++i)
            admitted += onB.get(QStringLiteral("/v1/limits")).status == 200;
        QVERIFY2(admitted >= 1 && admitted <= 3, qPrintable(QString::number(admitted)));
    }

    void revocationOnAIsRefusedOnBWithinASecond_data()
    {
        QTest::addColumn<bool>("logout");
        QTest::newRow("operator revokes the token") << false;
        QTest::newRow("the tenant logs out") << true;
    }

    void revocationOnAIsRefusedOnBWithinASecond()
    {
        QFETCH(bool, logout);
        const TestTenant t = makeTenant(QStringLiteral("Revoked Co %1").arg(int(logout)), R"({"rate_per_second": 1000, "burst": 1000})");
        HttpTestClient onB(m_second->baseUrl(), t.token);
        QCOMPARE(onB.get(QStringLiteral("/v1/me")).status, 200); // cached on B now
        if (logout)
            QCOMPARE(HttpTestClient(m_fx.baseUrl(), t.token).request("POST", QStringLiteral("/v1/auth/logout")).status, 204);
        else
            QCOMPARE(m_fx.op().request("DELETE", QStringLiteral("/v1/tenants/%1/tokens/%2").arg(t.id, t.tokenId), {}, {{"X-Portico-Reason", "leaked"}}).status, 204);
        QTRY_COMPARE_WITH_TIMEOUT(onB.get(QStringLiteral("/v1/me")).status, 401, 1000);
    }

    // With PostgreSQL down an instance keeps enforcing: rate from what it holds and then its share
    // of the limit (never the whole limit again), a blocking quota only as far as the headroom it
    // holds (then 503: quota fails closed).
    void lostDatabaseEnforcesWithWhatIsHeld()
    {
        const TestTenant rated = makeTenant(QStringLiteral("Outage Rate Co"), R"({"rate_per_second": 1, "burst": 20})");
        const TestTenant quoted = makeTenant(QStringLiteral("Outage Quota Co"),
                                             R"({"rate_per_second": 1000, "burst": 1000, "quotas": {"requests": {"limit": 100, "policy": "block"}}})");
        HttpTestClient r(m_fx.baseUrl(), rated.token), q(m_fx.baseUrl(), quoted.token);
        QCOMPARE(r.get(QStringLiteral("/v1/limits")).status, 200); // both tokens cached, slices leased
        QCOMPARE(q.get(QStringLiteral("/v1/limits")).status, 200);
        QVERIFY(m_fx.cluster().stopServer());
        QMap<int, int> rateStatuses, quotaStatuses;
        QSet<QString> quotaTypes;
        for (int i = 0; i < 30; ++i) {
            ++rateStatuses[r.get(QStringLiteral("/v1/limits")).status];
            const HttpResult a = q.get(QStringLiteral("/v1/limits"));
            ++quotaStatuses[a.status];
            if (a.status != 200)
                quotaTypes << a.json().value(QStringLiteral("type")).toString() + QStringLiteral(" retry-after=") + QString::fromLatin1(a.header("Retry-After"));
        }
        QVERIFY(m_fx.cluster().startServer());
        qInfo() << "rate tenant:" << rateStatuses << "quota tenant:" << quotaStatuses << quotaTypes;
        // Rate: half the burst (two instances share it) and the slice held, never all 30.
        QCOMPARE(rateStatuses.keys(), (QList<int>{200, 429}));
        QVERIFY2(rateStatuses[200] <= 10 + 2 + 1, qPrintable(QString::number(rateStatuses[200])));
        // Quota: the headroom held (a few requests), then 503 with Retry-After, never a quota-exceeded 429.
        QCOMPARE(quotaStatuses.keys(), (QList<int>{200, 503}));
        QVERIFY2(quotaStatuses[200] <= 5, qPrintable(QString::number(quotaStatuses[200])));
        QCOMPARE(quotaTypes, (QSet<QString>{QStringLiteral("urn:portico:problem:database-unavailable retry-after=1")}));
        // Back to leasing once the database is back.
        QTRY_COMPARE_WITH_TIMEOUT(q.get(QStringLiteral("/v1/limits")).status, 200, 15000);
        HttpTestClient qOnB(m_second->baseUrl(), quoted.token); // B's pooled connections died too
        HttpResult onB;
        for (QDeadlineTimer until(15000); !until.hasExpired(); QThread::msleep(50)) {
            onB = qOnB.get(QStringLiteral("/v1/limits"));
            if (onB.status == 200)
                break;
        }
        // What B said last and what the budget holds, should B never come back.
        QVERIFY2(onB.status == 200,
                 qPrintable(QStringLiteral("B answered %1 %2; budget: %3; leases: %4")
                                .arg(onB.status)
                                .arg(QString::fromUtf8(onB.body),
                                     m_fx.sql(QStringLiteral("SELECT tokens, period_start, quota_granted FROM limit_budgets WHERE tenant_id = '%1'").arg(quoted.id)),
                                     m_fx.sql(QStringLiteral("SELECT instance_id, tokens, slots FROM limit_leases WHERE tenant_id = '%1'").arg(quoted.id)))));
    }

    void stoppingGivesTheBudgetBack()
    {
        // An instance that stops gives back what it holds and leaves at once, rather than when its
        // heartbeat has aged: the one left then sizes its slices for being alone.
        const TestTenant t = makeTenant(QStringLiteral("Leaving Co"), R"({"rate_per_second": 1, "burst": 10})");
        QCOMPARE(HttpTestClient(m_second->baseUrl(), t.token).get(QStringLiteral("/v1/limits")).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(m_fx.sql(QStringLiteral("SELECT count(*) FROM limit_leases WHERE tenant_id = '%1'").arg(t.id)).trimmed(), QStringLiteral("1"), 5000);
        m_second->stop();
        QCOMPARE(m_fx.sql(QStringLiteral("SELECT count(*) FROM limit_instances")).trimmed(), QStringLiteral("1"));
        QCOMPARE(m_fx.sql(QStringLiteral("SELECT count(*) FROM limit_leases WHERE tenant_id = '%1'").arg(t.id)).trimmed(), QStringLiteral("0"));
    }
};

QTEST_GUILESS_MAIN(TestSharedLimits)
#include "tst_shared_limits.moc"
