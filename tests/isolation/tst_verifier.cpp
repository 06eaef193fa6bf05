// The verifier catches sabotage of every layer the design relies on, the monitor blocks rows of
// another tenant even when row-level security has been switched off, and the server refuses to
// start while a critical finding stands.
#include "tests/support/serverfixture.h"
#include <QJsonArray>
#include <QTest>

using namespace portico::test;

class TestVerifier : public QObject
{
    Q_OBJECT
    ServerFixture m_fx;
    QString m_pool;

    struct Made { QString id, token, schema, database; };
    Made makeTenant(const QString &name, const QString &isolation)
    {
        const TestTenant t = m_fx.makeTenant({.name = name, .isolation = isolation, .adminEmail = QStringLiteral("a@v.example")});
        if (!t.ok())
            qFatal("cannot create tenant: %s", qPrintable(t.error));
        return {t.id, t.token, t.placement.value(QStringLiteral("schema")).toString(), t.placement.value(QStringLiteral("database")).toString()};
    }

    QJsonArray findings()
    {
        const auto r = m_fx.op().get(QStringLiteral("/v1/isolation/report"));
        if (r.status != 200)
            qFatal("report failed: %s", r.body.constData());
        return r.json().value(QStringLiteral("findings")).toArray();
    }

    static bool has(const QJsonArray &findings, const QString &check, const QString &objectPart, const QString &severity)
    {
        for (const auto v : findings) {
            const auto f = v.toObject();
            if (f.value(QStringLiteral("check")).toString() == check && f.value(QStringLiteral("object")).toString().contains(objectPart)
                && f.value(QStringLiteral("severity")).toString() == severity)
                return true;
        }
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_fx.start(), qPrintable(m_fx.errorString()));
        m_pool = m_fx.server().database() + QStringLiteral("_pool");
        makeTenant(QStringLiteral("Verified Shared"), QStringLiteral("shared"));
        makeTenant(QStringLiteral("Verified Schema"), QStringLiteral("schema"));
        makeTenant(QStringLiteral("Verified Database"), QStringLiteral("database"));
    }

    void cleanSetupIsOk()
    {
        const auto r = m_fx.op().get(QStringLiteral("/v1/isolation/report")).json();
        QVERIFY2(r.value(QStringLiteral("ok")).toBool(), QJsonDocument(r).toJson().constData());
        QCOMPARE(r.value(QStringLiteral("findings")).toArray().size(), 0);
        QVERIFY(r.value(QStringLiteral("tables_checked")).toInt() >= 9); // 3 tables x (pool + schema + database)
        QCOMPARE(r.value(QStringLiteral("placements_checked")).toInt(), 3);
    }

    // Each row breaks one thing as a superuser, expects the finding, and repairs it.
    void sabotageIsReported_data()
    {
        QTest::addColumn<QString>("database"); // "pool", "control" or "postgres"
        QTest::addColumn<QString>("breakSql");
        QTest::addColumn<QString>("repairSql");
        QTest::addColumn<QString>("check");
        QTest::addColumn<QString>("object");
        QTest::addColumn<QString>("severity");
        QTest::newRow("RLS switched off") << "pool" << "ALTER TABLE documents DISABLE ROW LEVEL SECURITY" << "ALTER TABLE documents ENABLE ROW LEVEL SECURITY"
                                          << "rls.enabled" << "public.documents" << "critical";
        QTest::newRow("RLS not forced") << "pool" << "ALTER TABLE members NO FORCE ROW LEVEL SECURITY" << "ALTER TABLE members FORCE ROW LEVEL SECURITY"
                                        << "rls.forced" << "public.members" << "critical";
        QTest::newRow("BYPASSRLS granted") << "postgres" << "ALTER ROLE portico_app BYPASSRLS" << "ALTER ROLE portico_app NOBYPASSRLS"
                                           << "role.bypassrls" << "portico_app" << "critical";
        QTest::newRow("superuser granted") << "postgres" << "ALTER ROLE portico_app SUPERUSER" << "ALTER ROLE portico_app NOSUPERUSER"
                                           << "role.superuser" << "portico_app" << "critical";
        QTest::newRow("permissive policy added") << "pool" << "CREATE POLICY peek ON documents USING (true)" << "DROP POLICY peek ON documents"
                                                 << "rls.policy" << "documents policy peek" << "critical";
        QTest::newRow("policy dropped") << "pool" << "DROP POLICY tenant_isolation ON tenant_settings"
                                        << "CREATE POLICY tenant_isolation ON tenant_settings USING (tenant_id = public.portico_current_tenant()) WITH CHECK (tenant_id = public.portico_current_tenant())"
                                        << "rls.policy_missing" << "public.tenant_settings" << "critical";
        QTest::newRow("table given to the data role") << "pool" << "ALTER TABLE documents OWNER TO portico_app" << "ALTER TABLE documents OWNER TO portico_owner; GRANT SELECT, INSERT, UPDATE, DELETE ON documents TO portico_app"
                                                      << "owner.data_role" << "public.documents" << "critical";
        QTest::newRow("TRUNCATE granted") << "pool" << "GRANT TRUNCATE ON documents TO portico_app" << "REVOKE TRUNCATE ON documents FROM portico_app"
                                          << "grant.extra" << "public.documents" << "high";
        QTest::newRow("data role in the owner role") << "postgres" << "GRANT portico_owner TO portico_app" << "REVOKE portico_owner FROM portico_app"
                                                     << "role.membership" << "portico_app" << "high";
        QTest::newRow("audit rows made editable") << "control" << "GRANT UPDATE ON audit_log TO portico_app" << "REVOKE UPDATE ON audit_log FROM portico_app"
                                                  << "audit.grant" << "audit_log" << "critical";
        QTest::newRow("audit trigger disabled") << "control" << "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"
                                                << "ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only" << "audit.trigger" << "audit_log_append_only" << "high";
        QTest::newRow("unplaced schema added") << "pool" << "CREATE SCHEMA t_0123456789abcdef0123456789abcdef" << "DROP SCHEMA t_0123456789abcdef0123456789abcdef"
                                               << "placement.schema_orphan" << "t_0123456789abcdef0123456789abcdef" << "high";
        QTest::newRow("unplaced table without RLS") << "pool" << "CREATE TABLE invoices (tenant_id uuid, amount_minor bigint); GRANT SELECT ON invoices TO portico_app"
                                                    << "DROP TABLE invoices" << "rls.enabled" << "public.invoices" << "critical";
    }
    void sabotageIsReported()
    {
        QFETCH(QString, database);
        QFETCH(QString, breakSql);
        QFETCH(QString, repairSql);
        QFETCH(QString, check);
        QFETCH(QString, object);
        QFETCH(QString, severity);
        const QString db = database == QLatin1String("pool") ? m_pool : database == QLatin1String("control") ? m_fx.server().database() : database;
        QVERIFY(!has(findings(), check, object, severity));
        QVERIFY(!m_fx.cluster().psql(db, breakSql).isNull());
        const QJsonArray found = findings();
        const bool reported = has(found, check, object, severity);
        QVERIFY(!m_fx.cluster().psql(db, repairSql).isNull());
        QVERIFY2(reported, QJsonDocument(found).toJson().constData());
        QVERIFY(m_fx.op().get(QStringLiteral("/v1/isolation/report")).json().value(QStringLiteral("ok")).toBool());
    }

    // With RLS switched off, the monitor still keeps another tenant's row from the caller.
    void monitorBlocksAnotherTenantsRow()
    {
        const Made a = makeTenant(QStringLiteral("Monitor Victim"), QStringLiteral("shared"));
        const Made b = makeTenant(QStringLiteral("Monitor Intruder"), QStringLiteral("shared"));
        HttpTestClient victim(m_fx.baseUrl(), a.token), intruder(m_fx.baseUrl(), b.token);
        const auto doc = victim.post(QStringLiteral("/v1/documents"), {{QStringLiteral("collection"), QStringLiteral("c")}, {QStringLiteral("key"), QStringLiteral("k")},
                                                                       {QStringLiteral("body"), QStringLiteral("victim's secret")}});
        QCOMPARE(doc.status, 201);
        const QString docId = doc.json().value(QStringLiteral("id")).toString();
        QVERIFY(!m_fx.cluster().psql(m_pool, QStringLiteral("ALTER TABLE documents DISABLE ROW LEVEL SECURITY")).isNull());
        const auto stolen = intruder.get(QStringLiteral("/v1/documents/") + docId);
        m_fx.cluster().psql(m_pool, QStringLiteral("ALTER TABLE documents ENABLE ROW LEVEL SECURITY"));
        QCOMPARE(stolen.status, 500);
        QCOMPARE(stolen.json().value(QStringLiteral("type")).toString(), QStringLiteral("urn:portico:problem:isolation-blocked"));
        QVERIFY(!stolen.body.contains("victim's secret"));
        // The block is an alert naming the tenant whose session it was, and it is counted.
        const auto alerts = m_fx.op().get(QStringLiteral("/v1/alerts?tenant=") + b.id).json().value(QStringLiteral("items")).toArray();
        QCOMPARE(alerts.size(), 1);
        QCOMPARE(alerts.at(0).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("isolation.monitor"));
        QCOMPARE(alerts.at(0).toObject().value(QStringLiteral("request_id")).toString().toLatin1(), stolen.header("X-Request-Id"));
        QCOMPARE(m_fx.op().get(QStringLiteral("/v1/isolation/report")).json().value(QStringLiteral("monitor_blocks")).toInt(), 1);
        const auto audited = m_fx.op().get(QStringLiteral("/v1/audit?tenant=%1&action=isolation.blocked").arg(b.id)).json().value(QStringLiteral("items")).toArray();
        QCOMPARE(audited.size(), 1);
        QCOMPARE(audited.at(0).toObject().value(QStringLiteral("details")).toObject().value(QStringLiteral("request_id")).toString().toLatin1(), stolen.header("X-Request-Id"));
        QCOMPARE(victim.get(QStringLiteral("/v1/documents/") + docId).status, 200);
    }

    // A schema tenant whose schema vanished: the session notices it is not in its placement.
    void droppedSchemaIsReportedAndBlocked()
    {
        const Made t = makeTenant(QStringLiteral("Vanishing Schema"), QStringLiteral("schema"));
        QVERIFY(!m_fx.cluster().psql(m_pool, QStringLiteral("DROP SCHEMA %1 CASCADE").arg(t.schema)).isNull());
        QVERIFY(has(findings(), QStringLiteral("placement.schema_missing"), t.schema, QStringLiteral("critical")));
        const auto r = HttpTestClient(m_fx.baseUrl(), t.token).get(QStringLiteral("/v1/documents"));
        QCOMPARE(r.status, 500);
        QCOMPARE(r.json().value(QStringLiteral("type")).toString(), QStringLiteral("urn:portico:problem:isolation-blocked"));
    }

    // Last: the server will not start while a critical finding stands, and says what to fix.
    void serverRefusesToStartOnCriticalFinding()
    {
        const QString database = m_fx.server().database();
        m_fx.server().stop();
        ServerProcess again(m_fx.cluster());
        again.setDatabase(database);
        QVERIFY(!again.start()); // the schema dropped above is still missing
        QVERIFY2(again.errorString().contains(QLatin1String("refusing to serve")), qPrintable(again.errorString()));
        QVERIFY(again.errorString().contains(QLatin1String("placement.schema_missing")));
    }
};

QTEST_GUILESS_MAIN(TestVerifier)
#include "tst_verifier.moc"
