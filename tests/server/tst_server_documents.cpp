// The tenant API's documents, and the first isolation guarantees: a tenant token reaches only its
// own tenant's rows, whatever ids it names; the data role sees nothing without a tenant context.
#include "tests/support/serverfixture.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace portico::test;

class TestServerDocuments : public QObject
{
    Q_OBJECT
    ServerFixture m_fx;
    std::unique_ptr<HttpTestClient> m_a, m_b;
    QString m_idA, m_idB;

    QString makeTenant(const QString &name, std::unique_ptr<HttpTestClient> &client, QString *tenantId)
    {
        const TestTenant t = m_fx.makeTenant({.name = name, .adminEmail = QStringLiteral("admin@x.example"), .liftLimits = true});
        *tenantId = t.id;
        client = m_fx.client(t.token);
        return t.ok() ? t.slug : QString();
    }

    QString createDoc(HttpTestClient &c, const QString &collection, const QString &key, const QJsonValue &body)
    {
        const auto r = c.post(QStringLiteral("/v1/documents"), {{QStringLiteral("collection"), collection}, {QStringLiteral("key"), key}, {QStringLiteral("body"), body}});
        return r.status == 201 ? r.json().value(QStringLiteral("id")).toString() : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_fx.start(), qPrintable(m_fx.errorString()));
        QVERIFY(!makeTenant(QStringLiteral("Alpha Docs"), m_a, &m_idA).isEmpty());
        QVERIFY(!makeTenant(QStringLiteral("Bravo Docs"), m_b, &m_idB).isEmpty());
    }

    void crudRoundTrip()
    {
        const QJsonObject body{{QStringLiteral("amount_minor"), 129900}, {QStringLiteral("currency"), QStringLiteral("EUR")}};
        const QString id = createDoc(*m_a, QStringLiteral("invoices"), QStringLiteral("inv-1"), body);
        QVERIFY(!id.isEmpty());
        auto got = m_a->get(QStringLiteral("/v1/documents/") + id);
        QCOMPARE(got.status, 200);
        QCOMPARE(got.json().value(QStringLiteral("body")).toObject(), body);
        QCOMPARE(got.json().value(QStringLiteral("version")).toInt(), 1);
        const auto put = m_a->request("PUT", QStringLiteral("/v1/documents/") + id, R"({"body":{"amount_minor":1,"currency":"EUR"}})");
        QCOMPARE(put.status, 200);
        QCOMPARE(put.json().value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(put.json().value(QStringLiteral("body")).toObject().value(QStringLiteral("amount_minor")).toInt(), 1);
        QCOMPARE(m_a->request("DELETE", QStringLiteral("/v1/documents/") + id).status, 204);
        QCOMPARE(m_a->get(QStringLiteral("/v1/documents/") + id).status, 404);
    }

    void readsAreCachedPerTenantAndNeverStale()
    {
        const QString id = createDoc(*m_a, QStringLiteral("cached"), QStringLiteral("c-1"), QStringLiteral("v1"));
        QVERIFY(!id.isEmpty());
        for (int i = 0; i < 3; ++i)
            QCOMPARE(m_a->get(QStringLiteral("/v1/documents/") + id).json().value(QStringLiteral("body")).toString(), QStringLiteral("v1"));
        HttpTestClient &op = m_fx.op();
        const auto stats = op.get(QStringLiteral("/v1/cache/stats")).json();
        qint64 hitsA = -1;
        for (const auto v : stats.value(QStringLiteral("tenants")).toArray())
            if (v.toObject().value(QStringLiteral("tenant_id")).toString() == m_idA)
                hitsA = v.toObject().value(QStringLiteral("hits")).toInteger();
        QVERIFY(hitsA >= 2);
        QCOMPARE(m_a->request("PUT", QStringLiteral("/v1/documents/") + id, R"({"body":"v2"})").status, 200);
        QCOMPARE(m_a->get(QStringLiteral("/v1/documents/") + id).json().value(QStringLiteral("body")).toString(), QStringLiteral("v2"));
        QCOMPARE(m_b->get(QStringLiteral("/v1/documents/") + id).status, 404); // another tenant's key space
        QCOMPARE(m_a->request("DELETE", QStringLiteral("/v1/documents/") + id).status, 204);
        QCOMPARE(m_a->get(QStringLiteral("/v1/documents/") + id).status, 404);
    }

    void duplicateKeyIsAConflict()
    {
        QVERIFY(!createDoc(*m_a, QStringLiteral("orders"), QStringLiteral("o-1"), 1).isEmpty());
        const auto dup = m_a->post(QStringLiteral("/v1/documents"), {{QStringLiteral("collection"), QStringLiteral("orders")}, {QStringLiteral("key"), QStringLiteral("o-1")}, {QStringLiteral("body"), 2}});
        QCOMPARE(dup.status, 409);
        QCOMPARE(dup.json().value(QStringLiteral("field")).toString(), QStringLiteral("key"));
        // Another tenant may use the same collection and key.
        QVERIFY(!createDoc(*m_b, QStringLiteral("orders"), QStringLiteral("o-1"), 3).isEmpty());
    }

    void oversizedDocumentIsRefusedWithItsField()
    {
        const QString big(200 * 1024, QLatin1Char('x'));
        const auto r = m_a->request("POST", QStringLiteral("/v1/documents"),
                                    QJsonDocument(QJsonObject{{QStringLiteral("collection"), QStringLiteral("blobs")}, {QStringLiteral("key"), QStringLiteral("b")},
                                                              {QStringLiteral("body"), QJsonArray{big, big}}}).toJson());
        QCOMPARE(r.status, 413);
        QCOMPARE(r.json().value(QStringLiteral("type")).toString(), QStringLiteral("urn:portico:problem:payload-too-large"));
    }

    void pagingListsOnlyOwnDocuments()
    {
        for (int i = 0; i < 25; ++i)
            QVERIFY(!createDoc(*m_b, QStringLiteral("tickets"), QStringLiteral("t-%1").arg(i, 3, 10, QLatin1Char('0')), i).isEmpty());
        QStringList keys;
        QString cursor;
        do {
            const auto r = m_b->get(QStringLiteral("/v1/documents?collection=tickets&limit=10") + (cursor.isEmpty() ? QString() : QStringLiteral("&cursor=") + cursor));
            QCOMPARE(r.status, 200);
            for (const auto v : r.json().value(QStringLiteral("items")).toArray())
                keys << v.toObject().value(QStringLiteral("key")).toString();
            cursor = r.json().value(QStringLiteral("next_cursor")).toString();
        } while (!cursor.isEmpty());
        QCOMPARE(keys.size(), 25);
        QCOMPARE(keys.first(), QStringLiteral("t-000"));
        QCOMPARE(keys.last(), QStringLiteral("t-024"));
        const auto a = m_a->get(QStringLiteral("/v1/documents?collection=tickets"));
        QCOMPARE(a.json().value(QStringLiteral("items")).toArray().size(), 0);
    }

    void anotherTenantsDocumentIsInvisibleAndUntouchable()
    {
        const QString id = createDoc(*m_a, QStringLiteral("secrets"), QStringLiteral("s-1"), QStringLiteral("alpha only"));
        QVERIFY(!id.isEmpty());
        for (const QString &ref : {id, id.toUpper(), QStringLiteral("{") + id + QStringLiteral("}"), QString::fromLatin1(QUrl::toPercentEncoding(id))}) {
            QCOMPARE(m_b->get(QStringLiteral("/v1/documents/") + ref).status, 404);
            QCOMPARE(m_b->request("PUT", QStringLiteral("/v1/documents/") + ref, R"({"body":"stolen"})").status, 404);
            QCOMPARE(m_b->request("DELETE", QStringLiteral("/v1/documents/") + ref).status, 404);
        }
        const auto still = m_a->get(QStringLiteral("/v1/documents/") + id);
        QCOMPARE(still.status, 200);
        QCOMPARE(still.json().value(QStringLiteral("body")).toString(), QStringLiteral("alpha only"));
        QCOMPARE(still.json().value(QStringLiteral("version")).toInt(), 1);
    }

    void aTenantHeaderThatDisagreesIsRefused()
    {
        const auto r = m_b->request("GET", QStringLiteral("/v1/documents"), {}, {{"X-Portico-Tenant", m_idA.toLatin1()}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(QStringLiteral("type")).toString(), QStringLiteral("urn:portico:problem:tenant-context-ambiguous"));
        QCOMPARE(m_b->request("GET", QStringLiteral("/v1/documents"), {}, {{"X-Portico-Tenant", m_idB.toLatin1()}}).status, 200);
    }

    void suspendedTenantIsRefused()
    {
        std::unique_ptr<HttpTestClient> c;
        QString id;
        const QString slug = makeTenant(QStringLiteral("Soon Suspended"), c, &id);
        QCOMPARE(c->get(QStringLiteral("/v1/documents")).status, 200);
        HttpTestClient &op = m_fx.op();
        QCOMPARE(op.request("PATCH", QStringLiteral("/v1/tenants/") + slug, R"({"state":"suspended"})").status, 200);
        const auto r = c->get(QStringLiteral("/v1/documents"));
        QCOMPARE(r.status, 403);
        QCOMPARE(r.json().value(QStringLiteral("type")).toString(), QStringLiteral("urn:portico:problem:tenant-suspended"));
    }

    // The database itself enforces isolation: the data role, with no WHERE on tenant_id.
    void dataRoleSeesOnlyTheContextTenant()
    {
        const QString db = m_fx.server().database() + QStringLiteral("_pool");
        const auto asApp = [&](const QString &sql) {
            return m_fx.cluster().psql(db, QStringLiteral("SET ROLE portico_app; ") + sql);
        };
        QCOMPARE(asApp(QStringLiteral("SELECT count(*) FROM documents")), QStringLiteral("0"));
        const QString countA = asApp(QStringLiteral("BEGIN; SELECT set_config('portico.tenant_id', '%1', true); SELECT count(*) FROM documents; COMMIT;").arg(m_idA))
                                   .split(QLatin1Char('\n')).last();
        const QString ownA = m_fx.cluster().psql(db, QStringLiteral("SELECT count(*) FROM documents WHERE tenant_id = '%1'").arg(m_idA));
        QVERIFY(ownA.toInt() > 0);
        QCOMPARE(countA, ownA);
        // Writing a row for another tenant inside A's context is refused by the policy.
        const QString insert = asApp(QStringLiteral("BEGIN; SELECT set_config('portico.tenant_id', '%1', true); "
                                                    "INSERT INTO documents (tenant_id, id, collection, key, body, size_bytes) "
                                                    "VALUES ('%2', gen_random_uuid(), 'x', 'y', '1', 1); COMMIT;").arg(m_idA, m_idB));
        QVERIFY(insert.isNull());
        QCOMPARE(m_fx.cluster().psql(db, QStringLiteral("SELECT rolbypassrls OR rolsuper FROM pg_roles WHERE rolname = 'portico_app'")), QStringLiteral("f"));
    }
};

QTEST_GUILESS_MAIN(TestServerDocuments)
#include "tst_server_documents.moc"
