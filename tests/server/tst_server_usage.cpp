// Metering, limits and usage: the pipeline counts exactly the requests made, refuses over-rate
// and over-quota requests with 429 and the RateLimit headers, ingests external events once,
// and day seals reveal an edited hour.
#include "tests/support/serverfixture.h"
#include <QDateTime>
#include <QJsonArray>
#include <QTest>

using namespace portico::test;

class TestServerUsage : public QObject
{
    Q_OBJECT
    ServerFixture m_fx;

    TestTenant makeTenant(const QString &name, const QByteArray &limits = {})
    {
        const TestTenant t = m_fx.makeTenant({.name = name, .adminEmail = QStringLiteral("a@u.example"), .limits = limits});
        if (!t.ok())
            qFatal("cannot create tenant: %s", qPrintable(t.error));
        return t;
    }

    qint64 total(const QString &tenant, const QString &metric)
    {
        return m_fx.op().get(QStringLiteral("/v1/tenants/%1/usage?metric=%2&step=day&from=%3").arg(tenant, metric,
                                                                                          QDateTime::currentDateTimeUtc().addDays(-2).toString(Qt::ISODate)))
            .json().value(QStringLiteral("total")).toInteger();
    }

    static QJsonObject event(const QString &id, const QString &metric, qint64 quantity, const QDateTime &at)
    {
        return {{QStringLiteral("id"), id}, {QStringLiteral("metric"), metric}, {QStringLiteral("quantity"), quantity},
                {QStringLiteral("time"), at.toUTC().toString(Qt::ISODateWithMs)}};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_fx.start(), qPrintable(m_fx.errorString()));
    }

    void meteringCountsAKnownSequence()
    {
        const TestTenant t = makeTenant(QStringLiteral("Metered Co"), R"({"rate_per_second": 1000, "burst": 1000})");
        HttpTestClient c(m_fx.baseUrl(), t.token);
        qint64 bytesIn = 0, bytesOut = 0;
        for (int i = 0; i < 3; ++i) {
            const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("collection"), QStringLiteral("m")}, {QStringLiteral("key"), QString::number(i)},
                                                              {QStringLiteral("body"), QStringLiteral("payload")}}).toJson();
            const auto r = c.request("POST", QStringLiteral("/v1/documents"), body);
            QCOMPARE(r.status, 201);
            bytesIn += body.size();
            bytesOut += r.body.size();
        }
        for (int i = 0; i < 7; ++i)
            bytesOut += c.get(QStringLiteral("/v1/documents")).body.size();
        // Operator requests are not the tenant's usage.
        QCOMPARE(m_fx.op().get(QStringLiteral("/v1/tenants/") + t.id).status, 200);
        // The last tenant request, of a class of its own, marks the end: the flush that carries it
        // carries everything counted before it (one statement), the operator's request included.
        bytesOut += c.get(QStringLiteral("/v1/limits")).body.size();
        const auto byClass = [&] {
            return m_fx.sql(QStringLiteral("SELECT string_agg(route_class || '=' || q, ',' ORDER BY route_class) FROM (SELECT route_class, sum(quantity) AS q "
                                           "FROM usage_hourly WHERE tenant_id = '%1' AND metric = 'requests' GROUP BY route_class) x").arg(t.id));
        };
        QTRY_VERIFY_WITH_TIMEOUT(byClass().contains(QLatin1String("limits:read=")), 15000);
        QCOMPARE(byClass(), QStringLiteral("documents:read=7,documents:write=3,limits:read=1"));
        QCOMPARE(total(t.id, QStringLiteral("requests")), 11);
        QCOMPARE(total(t.id, QStringLiteral("bytes_in")), bytesIn);
        QCOMPARE(total(t.id, QStringLiteral("bytes_out")), bytesOut);
    }

    void overRateIsA429WithHeaders()
    {
        const TestTenant t = makeTenant(QStringLiteral("Rate Limited Co"), R"({"rate_per_second": 1, "burst": 3})");
        HttpTestClient c(m_fx.baseUrl(), t.token);
        QList<int> statuses;
        QList<QByteArray> remaining;
        HttpResult refused;
        for (int i = 0; i < 5; ++i) {
            const auto r = c.get(QStringLiteral("/v1/documents"));
            statuses << r.status;
            remaining << r.header("RateLimit-Remaining");
            if (r.status == 429 && refused.status == 0)
                refused = r;
        }
        QCOMPARE(statuses.mid(0, 3), (QList<int>{200, 200, 200}));
        QCOMPARE(remaining.mid(0, 3), (QList<QByteArray>{"2", "1", "0"}));
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.json().value(QStringLiteral("type")).toString(), QStringLiteral("urn:portico:problem:rate-limited"));
        QVERIFY(refused.header("Retry-After").toInt() >= 1);
        QCOMPARE(refused.header("RateLimit-Limit"), QByteArray("3"));
        QCOMPARE(refused.header("RateLimit-Remaining"), QByteArray("0"));
        QVERIFY(refused.header("RateLimit-Reset").toInt() >= 1);
        // Limits are per tenant: another tenant is not affected.
        const TestTenant other = makeTenant(QStringLiteral("Unaffected Co"));
        QCOMPARE(HttpTestClient(m_fx.baseUrl(), other.token).get(QStringLiteral("/v1/documents")).status, 200);
        // Refused requests are counted, as refused.
        QTRY_COMPARE_WITH_TIMEOUT(total(t.id, QStringLiteral("requests_refused")), 2, 15000);
        QCOMPARE(total(t.id, QStringLiteral("requests")), 3);
        // After a second a token is back.
        QTest::qWait(1100);
        const auto later = c.get(QStringLiteral("/v1/documents"));
        QVERIFY2(later.status == 200, later.body.constData());
    }

    void blockingQuotaRefusesAndAlerts()
    {
        const TestTenant t = makeTenant(QStringLiteral("Quota Co"), R"({"rate_per_second": 1000, "burst": 1000, "quotas": {"requests": {"limit": 5, "policy": "block"}}})");
        HttpTestClient c(m_fx.baseUrl(), t.token);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(c.get(QStringLiteral("/v1/documents")).status, 200);
        const auto r = c.get(QStringLiteral("/v1/documents"));
        QCOMPARE(r.status, 429);
        QCOMPARE(r.json().value(QStringLiteral("type")).toString(), QStringLiteral("urn:portico:problem:quota-exceeded"));
        QVERIFY(r.header("Retry-After").toLongLong() > 0);
        const auto limits = m_fx.op().get(QStringLiteral("/v1/tenants/%1/limits").arg(t.id)).json();
        QCOMPARE(limits.value(QStringLiteral("used")).toObject().value(QStringLiteral("requests")).toInt(), 5);
        // 80 % and 100 % each alert once.
        const auto alertKinds = [&] {
            QStringList details;
            for (const auto v : m_fx.op().get(QStringLiteral("/v1/alerts?tenant=") + t.id).json().value(QStringLiteral("items")).toArray())
                if (v.toObject().value(QStringLiteral("kind")).toString() == QLatin1String("usage.quota"))
                    details << v.toObject().value(QStringLiteral("detail")).toString();
            return details.size();
        };
        QTRY_COMPARE_WITH_TIMEOUT(alertKinds(), 2, 15000);
    }

    void externalEventsAreIdempotent()
    {
        const TestTenant t = makeTenant(QStringLiteral("Events Co"));
        HttpTestClient c(m_fx.baseUrl(), t.token);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QJsonObject batch{{QStringLiteral("events"), QJsonArray{event(QStringLiteral("e-1"), QStringLiteral("emails_sent"), 5, now.addSecs(-60)),
                                                                     event(QStringLiteral("e-2"), QStringLiteral("emails_sent"), 7, now.addSecs(-3600)),
                                                                     event(QStringLiteral("e-3"), QStringLiteral("sms_sent"), 11, now)}}};
        const auto first = c.post(QStringLiteral("/v1/usage/events"), batch);
        QCOMPARE(first.status, 200);
        QCOMPARE(first.json().value(QStringLiteral("accepted")).toInt(), 3);
        const auto again = c.post(QStringLiteral("/v1/usage/events"), batch);
        QCOMPARE(again.json().value(QStringLiteral("accepted")).toInt(), 0);
        QCOMPARE(again.json().value(QStringLiteral("duplicates")).toInt(), 3);
        QCOMPARE(total(t.id, QStringLiteral("emails_sent")), 12);
        QCOMPARE(total(t.id, QStringLiteral("sms_sent")), 11);
        // The tenant sees its own usage through the tenant API.
        const auto own = c.get(QStringLiteral("/v1/usage?metric=emails_sent&step=day&from=") + now.addDays(-1).toString(Qt::ISODate));
        QCOMPARE(own.json().value(QStringLiteral("total")).toInt(), 12);
        QCOMPARE(own.json().value(QStringLiteral("quota")).toObject().value(QStringLiteral("limit")).toInt(), 1000); // the free plan's
    }

    void blockingQuotaOnEventsRefusesTheWholeBatch()
    {
        const TestTenant t = makeTenant(QStringLiteral("Email Quota Co"), R"({"quotas": {"emails_sent": {"limit": 10, "policy": "block"}}})");
        HttpTestClient c(m_fx.baseUrl(), t.token);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QCOMPARE(c.post(QStringLiteral("/v1/usage/events"), {{QStringLiteral("events"), QJsonArray{event(QStringLiteral("q1"), QStringLiteral("emails_sent"), 8, now)}}}).status, 200);
        const auto over = c.post(QStringLiteral("/v1/usage/events"), {{QStringLiteral("events"), QJsonArray{event(QStringLiteral("q2"), QStringLiteral("emails_sent"), 2, now),
                                                                                                           event(QStringLiteral("q3"), QStringLiteral("emails_sent"), 1, now)}}});
        QCOMPARE(over.status, 429);
        QCOMPARE(over.json().value(QStringLiteral("type")).toString(), QStringLiteral("urn:portico:problem:quota-exceeded"));
        QCOMPARE(total(t.id, QStringLiteral("emails_sent")), 8); // nothing of the refused batch
        QCOMPARE(c.post(QStringLiteral("/v1/usage/events"), {{QStringLiteral("events"), QJsonArray{event(QStringLiteral("q4"), QStringLiteral("emails_sent"), 2, now)}}}).status, 200);
        // Quotas are refused on metrics without live period totals.
        const auto bad = m_fx.op().request("PUT", QStringLiteral("/v1/tenants/%1/limits").arg(t.id), R"({"quotas": {"bytes_out": {"limit": 5, "policy": "block"}}})");
        QCOMPARE(bad.status, 422);
        QCOMPARE(bad.json().value(QStringLiteral("field")).toString(), QStringLiteral("quotas.bytes_out"));
    }

    void badEventsAreRefusedWithTheField_data()
    {
        QTest::addColumn<QJsonObject>("bad");
        QTest::addColumn<QString>("field");
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QTest::newRow("unknown metric") << event(QStringLiteral("x1"), QStringLiteral("pigeons_sent"), 1, now) << "events[1].metric";
        QTest::newRow("internal metric") << event(QStringLiteral("x2"), QStringLiteral("requests"), 1, now) << "events[1].metric";
        QTest::newRow("negative") << event(QStringLiteral("x3"), QStringLiteral("emails_sent"), -1, now) << "events[1].quantity";
        QJsonObject fraction = event(QStringLiteral("x4"), QStringLiteral("emails_sent"), 0, now);
        fraction.insert(QStringLiteral("quantity"), 1.5);
        QTest::newRow("fraction") << fraction << "events[1].quantity";
        QTest::newRow("too old") << event(QStringLiteral("x5"), QStringLiteral("emails_sent"), 1, now.addDays(-3)) << "events[1].time";
        QTest::newRow("future") << event(QStringLiteral("x6"), QStringLiteral("emails_sent"), 1, now.addSecs(3600)) << "events[1].time";
        QTest::newRow("bad id") << event(QStringLiteral("has space"), QStringLiteral("emails_sent"), 1, now) << "events[1].id";
        QJsonObject extra = event(QStringLiteral("x7"), QStringLiteral("emails_sent"), 1, now);
        extra.insert(QStringLiteral("unit"), QStringLiteral("mails"));
        QTest::newRow("unknown member") << extra << "events[1].unit";
        QJsonObject noOffset = event(QStringLiteral("x8"), QStringLiteral("emails_sent"), 1, now);
        noOffset.insert(QStringLiteral("time"), now.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")));
        QTest::newRow("time without offset") << noOffset << "events[1].time";
    }
    void badEventsAreRefusedWithTheField()
    {
        QFETCH(QJsonObject, bad);
        QFETCH(QString, field);
        const TestTenant t = makeTenant(QStringLiteral("Bad Events ") + QString::fromLatin1(QTest::currentDataTag()));
        HttpTestClient c(m_fx.baseUrl(), t.token);
        const QJsonObject batch{{QStringLiteral("events"), QJsonArray{event(QStringLiteral("ok-1"), QStringLiteral("emails_sent"), 1, QDateTime::currentDateTimeUtc()), bad}}};
        const auto r = c.post(QStringLiteral("/v1/usage/events"), batch);
        QCOMPARE(r.status, 422);
        QCOMPARE(r.json().value(QStringLiteral("field")).toString(), field);
        QCOMPARE(total(t.id, QStringLiteral("emails_sent")), 0); // nothing of a refused batch is kept
    }

    void sealsRevealAnEditedHour()
    {
        const TestTenant t = makeTenant(QStringLiteral("Sealed Co"));
        // Usage of days long closed, as if metered then.
                QVERIFY(!m_fx.sql(QStringLiteral(
            "INSERT INTO usage_hourly (tenant_id, metric, hour, route_class, quantity) "
            "SELECT '%1', 'requests', h, '', 100 + extract(hour FROM h)::int FROM generate_series(date_trunc('day', now()) - interval '6 days', "
            "date_trunc('day', now()) - interval '3 days' - interval '1 hour', interval '1 hour') h").arg(t.id)).isNull());
        const auto sealed = m_fx.op().request("POST", QStringLiteral("/v1/usage/seal"));
        QCOMPARE(sealed.status, 200);
        QVERIFY(sealed.json().value(QStringLiteral("sealed_days")).toInt() >= 3);
        auto verdict = m_fx.op().get(QStringLiteral("/v1/tenants/%1/usage/verify").arg(t.id)).json();
        QVERIFY2(verdict.value(QStringLiteral("ok")).toBool(), QJsonDocument(verdict).toJson().constData());
        QVERIFY(verdict.value(QStringLiteral("days_checked")).toInt() >= 3);
        // Seals are append-only even for the data role's owner... and the data role cannot rewrite them.
        QVERIFY(m_fx.sql(QStringLiteral("SET ROLE portico_app; UPDATE usage_seals SET rows = 0")).isNull());
        // Edit one hour of the middle day.
        const QString day = QDateTime::currentDateTimeUtc().addDays(-5).date().toString(Qt::ISODate);
        QVERIFY(!m_fx.sql(QStringLiteral("UPDATE usage_hourly SET quantity = quantity + 1 WHERE tenant_id = '%1' AND hour = '%2 13:00+00'").arg(t.id, day)).isNull());
        verdict = m_fx.op().get(QStringLiteral("/v1/tenants/%1/usage/verify").arg(t.id)).json();
        QVERIFY(!verdict.value(QStringLiteral("ok")).toBool());
        QCOMPARE(verdict.value(QStringLiteral("first_bad_day")).toString(), day);
        QVERIFY(verdict.value(QStringLiteral("reason")).toString().contains(day));
        // The tenant can check its own seals too.
        QCOMPARE(HttpTestClient(m_fx.baseUrl(), t.token).get(QStringLiteral("/v1/usage/verify")).json().value(QStringLiteral("first_bad_day")).toString(), day);
    }

    void topAndFleetForAccountManagers()
    {
        const TestTenant big = makeTenant(QStringLiteral("Top Big"));
        const TestTenant small = makeTenant(QStringLiteral("Top Small"));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QCOMPARE(HttpTestClient(m_fx.baseUrl(), big.token).post(QStringLiteral("/v1/usage/events"),
                                                                    {{QStringLiteral("events"), QJsonArray{event(QStringLiteral("b"), QStringLiteral("reports_generated"), 900, now)}}}).status, 200);
        QCOMPARE(HttpTestClient(m_fx.baseUrl(), small.token).post(QStringLiteral("/v1/usage/events"),
                                                                      {{QStringLiteral("events"), QJsonArray{event(QStringLiteral("s"), QStringLiteral("reports_generated"), 9, now)}}}).status, 200);
        const auto top = m_fx.op().get(QStringLiteral("/v1/usage/top?metric=reports_generated&limit=2&from=") + now.addDays(-1).toString(Qt::ISODate)).json();
        const auto items = top.value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(0).toObject().value(QStringLiteral("tenant_id")).toString(), big.id);
        QCOMPARE(items.at(0).toObject().value(QStringLiteral("value")).toInt(), 900);
        QCOMPARE(items.at(1).toObject().value(QStringLiteral("tenant_id")).toString(), small.id);
        const auto fleet = m_fx.op().get(QStringLiteral("/v1/usage/fleet?metric=reports_generated&step=day&from=") + now.addDays(-1).toString(Qt::ISODate)).json();
        qint64 sum = 0;
        for (const auto p : fleet.value(QStringLiteral("points")).toArray())
            sum += p.toArray().at(1).toInteger();
        QCOMPARE(sum, 909);
        QCOMPARE(fleet.value(QStringLiteral("by_plan")).toObject().value(QStringLiteral("free")).toObject().value(QStringLiteral("total")).toInt(), 909);
    }

    // Clients show metrics by name, not key: the catalogue and every series carry the label, and a
    // tenant's series names the tenant so an export of it says whom it is about.
    void metricsCarryReadableLabels()
    {
        const auto catalogue = m_fx.op().get(QStringLiteral("/v1/usage/metrics")).json().value(QStringLiteral("items")).toArray();
        QVERIFY(catalogue.size() >= 11);
        QHash<QString, QString> labels;
        for (const auto v : catalogue) {
            const QJsonObject m = v.toObject();
            const QString label = m.value(QStringLiteral("label")).toString();
            QVERIFY2(!label.isEmpty() && label != m.value(QStringLiteral("name")).toString(), qPrintable(m.value(QStringLiteral("name")).toString()));
            labels.insert(m.value(QStringLiteral("name")).toString(), label);
        }
        QCOMPARE(labels.value(QStringLiteral("emails_sent")), QStringLiteral("Emails sent"));
        QCOMPARE(labels.value(QStringLiteral("storage_bytes")), QStringLiteral("Storage"));

        const TestTenant t = makeTenant(QStringLiteral("Labelled Co"));
        const auto series = m_fx.op().get(QStringLiteral("/v1/tenants/%1/usage?metric=emails_sent").arg(t.id)).json();
        QCOMPARE(series.value(QStringLiteral("metric_label")).toString(), QStringLiteral("Emails sent"));
        QCOMPARE(series.value(QStringLiteral("tenant_slug")).toString(), t.slug);
        QCOMPARE(series.value(QStringLiteral("tenant_name")).toString(), QStringLiteral("Labelled Co"));
        const auto top = m_fx.op().get(QStringLiteral("/v1/usage/top?metric=compute_ms")).json();
        QCOMPARE(top.value(QStringLiteral("metric_label")).toString(), QStringLiteral("Server time"));
        const auto fleet = m_fx.op().get(QStringLiteral("/v1/usage/fleet?metric=db_ms")).json();
        QCOMPARE(fleet.value(QStringLiteral("metric_label")).toString(), QStringLiteral("Database time"));
    }

    void limitChangesAreAudited()
    {
        const TestTenant t = makeTenant(QStringLiteral("Audited Limits"));
        QCOMPARE(m_fx.op().request("PUT", QStringLiteral("/v1/tenants/%1/limits").arg(t.id), R"({"rate_per_second": 77})", {{"X-Portico-Reason", "ticket 9"}}).status, 200);
        const auto entries = m_fx.op().get(QStringLiteral("/v1/audit?tenant=%1&action=tenant.limits_changed").arg(t.id)).json().value(QStringLiteral("items")).toArray();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.at(0).toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("ticket 9"));
        QCOMPARE(entries.at(0).toObject().value(QStringLiteral("details")).toObject().value(QStringLiteral("after")).toObject().value(QStringLiteral("rate_per_second")).toInt(), 77);
        const auto bad = m_fx.op().request("PUT", QStringLiteral("/v1/tenants/%1/limits").arg(t.id), R"({"quotas": {"requests": {"limit": 10, "policy": "maybe"}}})");
        QCOMPARE(bad.status, 422);
        QCOMPARE(bad.json().value(QStringLiteral("field")).toString(), QStringLiteral("quotas.requests.policy"));
    }

    // The hourly gauges: an instance's sample (here a second instance's, at its start) writes the
    // members and storage of every tenant, each read through its own session, in batched statements.
    void gaugeSampleLandsPerTenant()
    {
        const TestTenant a = makeTenant(QStringLiteral("Gauged Docs Co"));
        const TestTenant b = makeTenant(QStringLiteral("Gauged Empty Co"));
        const QByteArray doc = QJsonDocument(QJsonObject{{QStringLiteral("collection"), QStringLiteral("g")}, {QStringLiteral("key"), QStringLiteral("1")},
                                                         {QStringLiteral("body"), QStringLiteral("some bytes to weigh")}}).toJson();
        QCOMPARE(HttpTestClient(m_fx.baseUrl(), a.token).request("POST", QStringLiteral("/v1/documents"), doc).status, 201);
        ServerProcess second(m_fx.cluster());
        second.setDatabase(m_fx.server().database());
        QVERIFY2(second.start(), qPrintable(second.errorString()));
        QString out;
        QTRY_VERIFY_WITH_TIMEOUT((out += second.log()).contains(QLatin1String("usage gauges: sampled")), 60000);
        second.stop();
        const auto gauge = [&](const TestTenant &t, const char *metric) {
            return m_fx.sql(QStringLiteral("SELECT quantity FROM usage_hourly WHERE tenant_id = '%1' AND metric = '%2' AND route_class = '' "
                                           "ORDER BY hour DESC LIMIT 1").arg(t.id, QLatin1String(metric))).trimmed();
        };
        for (const TestTenant *t : {&a, &b}) {
            const QJsonObject stats = m_fx.op().get(QStringLiteral("/v1/tenants/") + t->id).json().value(QStringLiteral("stats")).toObject();
            QCOMPARE(gauge(*t, "members"), QString::number(stats.value(QStringLiteral("members")).toInteger()));
            QCOMPARE(gauge(*t, "storage_bytes"), QString::number(stats.value(QStringLiteral("storage_bytes")).toInteger()));
        }
        QVERIFY(gauge(a, "storage_bytes").toLongLong() > 0);
        QCOMPARE(gauge(b, "storage_bytes"), QStringLiteral("0"));
        // Every tenant got both gauges in the last hour or two (the sample may straddle an hour).
        QCOMPARE(m_fx.sql(QStringLiteral("SELECT count(*) FROM tenants t WHERE (SELECT count(DISTINCT metric) FROM usage_hourly u WHERE u.tenant_id = t.id "
                                         "AND u.metric IN ('members', 'storage_bytes') AND u.hour >= date_trunc('hour', now()) - interval '1 hour') < 2")).trimmed(),
                 QStringLiteral("0"));
    }

    // A stop while an instance samples a large fleet: it answers while it samples, and on SIGTERM
    // the sample stops at its next tenant and the process exits by itself (it is not killed).
    // Last in this binary: it leaves its synthetic tenants behind.
    void stopDuringAGaugeSampleIsPrompt()
    {
        ServerProcess second(m_fx.cluster());
        second.setDatabase(m_fx.server().database());
        QVERIFY2(second.start({QStringLiteral("--seed-scale"), QStringLiteral("30000")}), qPrintable(second.errorString()));
        QString out;
        QTRY_VERIFY_WITH_TIMEOUT((out += second.log()).contains(QLatin1String("usage gauges: sampling")), 60000);
        QVERIFY2(!out.contains(QLatin1String("usage gauges: sampled")), "the sample ended before the test could stop it; seed more tenants");
        HttpTestClient op(second.baseUrl(), second.operatorToken());
        QCOMPARE(op.get(QStringLiteral("/v1/health")).status, 200);
        QCOMPARE(op.get(QStringLiteral("/v1/tenants?limit=1")).status, 200);
        second.stop();
        out += second.log();
        QVERIFY2(out.contains(QLatin1String("usage gauges: sample interrupted by shutdown")), qPrintable(out.right(2000)));
        QVERIFY2(out.contains(QLatin1String("portico-server stopped")), qPrintable(out.right(2000)));
        QVERIFY(!out.contains(QLatin1String("usage gauges: sampled")));
    }
};

QTEST_GUILESS_MAIN(TestServerUsage)
#include "tst_server_usage.moc"
