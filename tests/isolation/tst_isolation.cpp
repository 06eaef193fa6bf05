// The isolation suite: tenants in every model (shared pool, own schema, own database) on two
// clusters. Every tenant-scoped route, called with another tenant's token and that tenant's ids
// in any spelling, reveals nothing and changes nothing; the database itself, as the data role,
// shows a session only its tenant's rows; connections to tenant databases stay capped.
#include "tests/support/httptestclient.h"
#include "tests/support/pgcluster.h"
#include "tests/support/serverprocess.h"
#include <QJsonArray>
#include <QTest>

using namespace portico::test;

namespace {
struct TenantUnderTest
{
    QString label;     // "shared/us-east"
    QString id;
    QString slug;
    QString token;
    QString docId;     // one document of this tenant
    QString docKey;
    QJsonObject placement;
};
} // namespace

class TestIsolation : public QObject
{
    Q_OBJECT
    PgCluster m_home, m_eu;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<HttpTestClient> m_op;
    QList<TenantUnderTest> m_tenants;

    PgCluster &clusterOf(const TenantUnderTest &t) { return t.placement.value(QStringLiteral("cluster")).toString() == QLatin1String("home") ? m_home : m_eu; }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_home.start(), qPrintable(m_home.errorString()));
        QVERIFY2(m_eu.start(), qPrintable(m_eu.errorString()));
        m_server = std::make_unique<ServerProcess>(m_home);
        m_server->addCluster(m_eu, QStringLiteral("eu-central"), QStringLiteral("eu-central"));
        QVERIFY2(m_server->start({QStringLiteral("--tenant-db-connections"), QStringLiteral("3")}), qPrintable(m_server->errorString()));
        m_op = std::make_unique<HttpTestClient>(m_server->baseUrl(), m_server->operatorToken());
        // Two tenants in each model, one per region.
        int n = 0;
        for (const QString &model : {QStringLiteral("shared"), QStringLiteral("schema"), QStringLiteral("database")}) {
            for (const QString &region : {QStringLiteral("us-east"), QStringLiteral("eu-central")}) {
                TenantUnderTest t;
                t.label = model + QLatin1Char('/') + region;
                const auto created = m_op->post(QStringLiteral("/v1/tenants"),
                                                {{QStringLiteral("name"), QStringLiteral("Iso %1 %2").arg(model, region)}, {QStringLiteral("isolation"), model},
                                                 {QStringLiteral("region"), region}, {QStringLiteral("state"), QStringLiteral("active")},
                                                 {QStringLiteral("admin_email"), QStringLiteral("admin@iso%1.example").arg(n++)}});
                QVERIFY2(created.status == 201, created.body.constData());
                t.id = created.json().value(QStringLiteral("id")).toString();
                t.slug = created.json().value(QStringLiteral("slug")).toString();
                t.placement = created.json().value(QStringLiteral("placement")).toObject();
                QCOMPARE(t.placement.value(QStringLiteral("model")).toString(), model);
                QCOMPARE(t.placement.value(QStringLiteral("region")).toString(), region);
                QCOMPARE(m_op->liftLimits(t.id), 200);
                const auto token = m_op->request("POST", QStringLiteral("/v1/tenants/%1/tokens").arg(t.id), "{}");
                QCOMPARE(token.status, 201);
                t.token = token.json().value(QStringLiteral("token")).toString();
                HttpTestClient c(m_server->baseUrl(), t.token);
                t.docKey = QStringLiteral("secret-of-") + t.slug;
                const auto doc = c.post(QStringLiteral("/v1/documents"), {{QStringLiteral("collection"), QStringLiteral("secrets")}, {QStringLiteral("key"), t.docKey},
                                                                          {QStringLiteral("body"), QJsonObject{{QStringLiteral("owner"), t.id}}}});
                QVERIFY2(doc.status == 201, doc.body.constData());
                t.docId = doc.json().value(QStringLiteral("id")).toString();
                m_tenants << t;
            }
        }
    }

    void placementsExistWhereTheMapSays()
    {
        for (const auto &t : m_tenants) {
            const QString model = t.placement.value(QStringLiteral("model")).toString();
            const QString database = t.placement.value(QStringLiteral("database")).toString();
            const QString schema = t.placement.value(QStringLiteral("schema")).toString();
            PgCluster &c = clusterOf(t);
            // The document is in exactly the placement named, and in no other cluster's pool.
            const QString here = c.psql(database, QStringLiteral("SELECT count(*) FROM %1.documents WHERE tenant_id = '%2'").arg(schema, t.id));
            QCOMPARE(here, QStringLiteral("1"));
            PgCluster &other = &c == &m_home ? m_eu : m_home;
            QCOMPARE(other.psql(m_server->database() + QStringLiteral("_pool"), QStringLiteral("SELECT count(*) FROM public.documents WHERE tenant_id = '%1'").arg(t.id)),
                     QStringLiteral("0"));
            if (model == QLatin1String("schema"))
                QVERIFY(schema.startsWith(QLatin1String("t_")));
            if (model == QLatin1String("database"))
                QVERIFY(database.contains(QLatin1String("_t_")));
        }
    }

    void ownDataIsReachableInEveryModel()
    {
        for (const auto &t : m_tenants) {
            HttpTestClient c(m_server->baseUrl(), t.token);
            const auto r = c.get(QStringLiteral("/v1/documents/") + t.docId);
            QVERIFY2(r.status == 200, qPrintable(t.label));
            QCOMPARE(r.json().value(QStringLiteral("body")).toObject().value(QStringLiteral("owner")).toString(), t.id);
            const auto list = c.get(QStringLiteral("/v1/documents"));
            QCOMPARE(list.json().value(QStringLiteral("items")).toArray().size(), 1);
        }
    }

    // Every ordered pair of tenants: the intruder's token with the victim's ids.
    void otherTenantsIdsRevealAndChangeNothing()
    {
        int probes = 0;
        for (const auto &intruder : m_tenants) {
            HttpTestClient c(m_server->baseUrl(), intruder.token);
            for (const auto &victim : m_tenants) {
                if (&victim == &intruder)
                    continue;
                const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(victim.docId, {}, "-"));
                for (const QString &ref : {victim.docId, victim.docId.toUpper(), QStringLiteral("{%1}").arg(victim.docId), encoded}) {
                    const QString what = intruder.label + QStringLiteral(" -> ") + victim.label + QStringLiteral(" ") + ref;
                    QVERIFY2(c.get(QStringLiteral("/v1/documents/") + ref).status == 404, qPrintable(what));
                    QVERIFY2(c.request("PUT", QStringLiteral("/v1/documents/") + ref, R"({"body":"overwritten"})").status == 404, qPrintable(what));
                    QVERIFY2(c.request("DELETE", QStringLiteral("/v1/documents/") + ref).status == 404, qPrintable(what));
                    probes += 3;
                }
                // Creating the victim's key creates the intruder's own document, not the victim's.
                const auto mine = c.post(QStringLiteral("/v1/documents"), {{QStringLiteral("collection"), QStringLiteral("secrets")}, {QStringLiteral("key"), victim.docKey},
                                                                           {QStringLiteral("body"), 0}});
                QVERIFY2(mine.status == 201, qPrintable(intruder.label));
                QVERIFY(mine.json().value(QStringLiteral("id")).toString() != victim.docId);
                QCOMPARE(c.request("DELETE", QStringLiteral("/v1/documents/") + mine.json().value(QStringLiteral("id")).toString()).status, 204);
                // Claiming the victim's tenant in a header is refused, never obeyed.
                for (const QByteArray &claim : {victim.id.toLatin1(), victim.id.toUpper().toLatin1()})
                    QCOMPARE(c.request("GET", QStringLiteral("/v1/documents"), {}, {{"X-Portico-Tenant", claim}}).status, 400);
                // Operator routes with the victim's slug are closed to tenant tokens.
                QCOMPARE(c.get(QStringLiteral("/v1/tenants/") + victim.slug).status, 403);
                QCOMPARE(c.request("PATCH", QStringLiteral("/v1/tenants/") + victim.slug, R"({"state":"suspended"})").status, 403);
                QCOMPARE(c.request("POST", QStringLiteral("/v1/tenants/%1/tokens").arg(victim.slug), "{}").status, 403);
            }
            // The intruder's list holds only its own document.
            const auto list = c.get(QStringLiteral("/v1/documents?limit=500")).json().value(QStringLiteral("items")).toArray();
            QCOMPARE(list.size(), 1);
            QCOMPARE(list.at(0).toObject().value(QStringLiteral("id")).toString(), intruder.docId);
        }
        QVERIFY(probes >= 30 * 12);
        // Nothing changed: every victim's document is as written, version 1.
        for (const auto &t : m_tenants) {
            HttpTestClient c(m_server->baseUrl(), t.token);
            const auto r = c.get(QStringLiteral("/v1/documents/") + t.docId).json();
            QCOMPARE(r.value(QStringLiteral("version")).toInt(), 1);
            QCOMPARE(r.value(QStringLiteral("body")).toObject().value(QStringLiteral("owner")).toString(), t.id);
        }
    }

    // As the data role, with no WHERE on tenant_id: only the context's rows, none without a context.
    void theDatabaseEnforcesTheContext()
    {
        const QString pool = m_server->database() + QStringLiteral("_pool");
        for (PgCluster *c : {&m_home, &m_eu}) {
            QCOMPARE(c->psql(pool, QStringLiteral("SET ROLE portico_app; SELECT count(*) FROM documents")), QStringLiteral("0"));
            QVERIFY(!c->psql(pool, QStringLiteral("SELECT count(*) FROM documents")).isEmpty());
        }
        for (const auto &t : m_tenants) {
            if (t.placement.value(QStringLiteral("model")).toString() != QLatin1String("shared"))
                continue;
            const QString seen = clusterOf(t).psql(pool, QStringLiteral("SET ROLE portico_app; BEGIN; SELECT set_config('portico.tenant_id', '%1', true); "
                                                                         "SELECT string_agg(DISTINCT tenant_id::text, ',') FROM documents; COMMIT;").arg(t.id));
            QCOMPARE(seen.split(QLatin1Char('\n')).last(), t.id);
        }
        // A tenant schema is not reachable from another tenant's context either.
        const auto &schemaTenant = *std::find_if(m_tenants.begin(), m_tenants.end(), [](const auto &t) { return t.label == QLatin1String("schema/us-east"); });
        const QString schema = schemaTenant.placement.value(QStringLiteral("schema")).toString();
        QCOMPARE(m_home.psql(pool, QStringLiteral("SET ROLE portico_app; BEGIN; SELECT set_config('portico.tenant_id', '%1', true); "
                                                  "SELECT count(*) FROM %2.documents; COMMIT;").arg(m_tenants.first().id, schema)).split(QLatin1Char('\n')).last(),
                 QStringLiteral("0"));
    }

    // Operators reach a tenant's data only through explicit routes, with a reason, audited.
    void operatorAccessNeedsAReasonAndIsAudited()
    {
        for (qsizetype i = 0; i < m_tenants.size(); ++i) {
            const auto &t = m_tenants.at(i);
            const QString path = QStringLiteral("/v1/tenants/%1/documents/%2").arg(t.slug, t.docId);
            const auto noReason = m_op->get(path);
            QCOMPARE(noReason.status, 422);
            QCOMPARE(noReason.json().value(QStringLiteral("field")).toString(), QStringLiteral("X-Portico-Reason"));
            const QByteArray reason = "ticket 4711: customer asked us to check " + t.slug.toLatin1();
            const auto read = m_op->request("GET", path, {}, {{"X-Portico-Reason", reason}});
            QVERIFY2(read.status == 200, qPrintable(t.label));
            QCOMPARE(read.json().value(QStringLiteral("id")).toString(), t.docId);
            // Another tenant's document id under this tenant's slug is not found: the route does not cross tenants either.
            const auto &other = m_tenants.at((i + 1) % m_tenants.size());
            QCOMPARE(m_op->request("GET", QStringLiteral("/v1/tenants/%1/documents/%2").arg(t.slug, other.docId), {}, {{"X-Portico-Reason", reason}}).status, 404);
            // One audit entry per access, on the tenant's chain, with actor and reason.
            const auto entries = m_op->get(QStringLiteral("/v1/audit?tenant=%1&action=operator.documents_read").arg(t.id)).json().value(QStringLiteral("items")).toArray();
            QCOMPARE(entries.size(), 2);
            const auto newest = entries.at(0).toObject(), first = entries.at(1).toObject();
            QCOMPARE(first.value(QStringLiteral("reason")).toString().toLatin1(), reason);
            QCOMPARE(first.value(QStringLiteral("actor")).toString(), QStringLiteral("operator:") + m_server->adminEmail());
            QCOMPARE(first.value(QStringLiteral("details")).toObject().value(QStringLiteral("documents")).toArray(), QJsonArray{t.docId});
            QCOMPARE(newest.value(QStringLiteral("details")).toObject().value(QStringLiteral("documents")).toArray(), QJsonArray{});
            // A tenant token cannot use the operator route, even for its own tenant.
            QCOMPARE(HttpTestClient(m_server->baseUrl(), t.token).request("GET", path, {}, {{"X-Portico-Reason", reason}}).status, 403);
        }
    }

    void tenantDatabaseConnectionsStayCapped()
    {
        // Touch every database tenant several times; the cap is 3 for all tenant databases together.
        for (int round = 0; round < 3; ++round)
            for (const auto &t : m_tenants)
                if (t.placement.value(QStringLiteral("model")).toString() == QLatin1String("database"))
                    QCOMPARE(HttpTestClient(m_server->baseUrl(), t.token).get(QStringLiteral("/v1/documents")).status, 200);
        const auto report = m_op->get(QStringLiteral("/v1/isolation/report")).json();
        int open = 0;
        for (const auto p : report.value(QStringLiteral("pools")).toArray())
            if (p.toObject().value(QStringLiteral("database")).toString().contains(QLatin1String("_t_")))
                open += p.toObject().value(QStringLiteral("open")).toInt();
        QVERIFY(open >= 1);
        QVERIFY2(open <= 3, qPrintable(QString::number(open)));
        // The clusters agree: the data role's connections to tenant databases are within the cap.
        int server = 0;
        for (PgCluster *c : {&m_home, &m_eu})
            server += c->psql(QStringLiteral("postgres"), QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE usename = 'portico_app' AND datname LIKE '%\\_t\\_%'")).toInt();
        QVERIFY2(server <= 3, qPrintable(QString::number(server)));
    }
};

QTEST_GUILESS_MAIN(TestIsolation)
#include "tst_isolation.moc"
