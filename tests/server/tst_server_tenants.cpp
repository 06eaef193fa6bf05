// The operator's tenant routes over the seeded demo fleet: paging, search, filters, sorting,
// provisioning with idempotency, reads by id or slug, and changes.
#include "core/tenant.h"
#include "tests/support/serverfixture.h"
#include <QJsonArray>
#include <QSet>
#include <QTest>

using namespace portico;
using namespace portico::test;

class TestServerTenants : public QObject
{
    Q_OBJECT
    ServerFixture m_fx;

    // Walks every page and returns the tenants in the order served.
    QList<QJsonObject> walk(const QString &query, int limit, qint64 *total = nullptr)
    {
        QList<QJsonObject> all;
        QString cursor;
        for (int guard = 0; guard < 1000; ++guard) {
            QString path = QStringLiteral("/v1/tenants?limit=%1%2").arg(limit).arg(query.isEmpty() ? QString() : QLatin1Char('&') + query);
            if (!cursor.isEmpty())
                path += QStringLiteral("&cursor=") + cursor;
            const auto r = m_fx.op().get(path);
            if (r.status != 200)
                qFatal("page failed: %s", r.body.constData());
            const auto o = r.json();
            if (total)
                *total = o.value(QStringLiteral("total")).toInteger();
            for (const auto v : o.value(QStringLiteral("items")).toArray())
                all << v.toObject();
            cursor = o.value(QStringLiteral("next_cursor")).toString();
            if (cursor.isEmpty())
                break;
        }
        return all;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_fx.start({QStringLiteral("--seed-demo")}), qPrintable(m_fx.errorString()));
    }

    void demoFleetIsVaried()
    {
        qint64 total = 0;
        const auto all = walk({}, 500, &total);
        QVERIFY(total >= 300);
        QCOMPARE(all.size(), total);
        QSet<QString> states, plans, names;
        for (const auto &t : all) {
            states << t.value(QStringLiteral("state")).toString();
            plans << t.value(QStringLiteral("plan")).toString();
            names << t.value(QStringLiteral("name")).toString();
        }
        QCOMPARE(states.size(), 3);
        QCOMPARE(plans.size(), 3);
        QCOMPARE(names.size(), all.size()); // distinct names
    }

    void pagesCoverEveryTenantOnceInOrder_data()
    {
        QTest::addColumn<QString>("sort");
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("descending");
        QTest::newRow("name") << "name" << "name" << false;
        QTest::newRow("-name") << "-name" << "name" << true;
        QTest::newRow("created_at") << "created_at" << "created_at" << false;
        QTest::newRow("-created_at") << "-created_at" << "created_at" << true;
        QTest::newRow("plan") << "plan" << "plan" << false;
        QTest::newRow("-slug") << "-slug" << "slug" << true;
    }
    void pagesCoverEveryTenantOnceInOrder()
    {
        QFETCH(QString, sort);
        QFETCH(QString, key);
        QFETCH(bool, descending);
        qint64 total = 0;
        const auto all = walk(QStringLiteral("sort=") + sort, 37, &total);
        QCOMPARE(all.size(), total);
        QSet<QString> ids;
        for (const auto &t : all)
            ids << t.value(QStringLiteral("id")).toString();
        QCOMPARE(ids.size(), all.size()); // no tenant twice
        for (int i = 1; i < all.size(); ++i) {
            QString a = all[i - 1].value(key).toString(), b = all[i].value(key).toString();
            if (key == QLatin1String("name")) {
                a = a.toLower();
                b = b.toLower();
            }
            QVERIFY2(descending ? a >= b : a <= b, qPrintable(a + QStringLiteral(" / ") + b));
        }
    }

    void searchMatchesNameOrSlugCaseInsensitively()
    {
        qint64 total = 0;
        const auto hits = walk(QStringLiteral("q=NORTHWIND"), 50, &total);
        QVERIFY(!hits.isEmpty());
        QCOMPARE(hits.size(), total);
        for (const auto &t : hits)
            QVERIFY(t.value(QStringLiteral("name")).toString().contains(QLatin1String("northwind"), Qt::CaseInsensitive)
                    || t.value(QStringLiteral("slug")).toString().contains(QLatin1String("northwind")));
        // Every tenant that should match does: compare with a full scan.
        int expected = 0;
        for (const auto &t : walk({}, 500))
            expected += t.value(QStringLiteral("name")).toString().contains(QLatin1String("northwind"), Qt::CaseInsensitive) ? 1 : 0;
        QCOMPARE(hits.size(), expected);
        // LIKE wildcards in q are literal text.
        QCOMPARE(walk(QStringLiteral("q=%25"), 50).size(), 0);
        QCOMPARE(walk(QStringLiteral("q=_"), 50).size(), 0);
    }

    void filtersCombine()
    {
        qint64 total = 0;
        const auto hits = walk(QStringLiteral("state=active&plan=enterprise&isolation=shared&region=us-east"), 100, &total);
        QVERIFY(!hits.isEmpty());
        for (const auto &t : hits) {
            QCOMPARE(t.value(QStringLiteral("state")).toString(), QStringLiteral("active"));
            QCOMPARE(t.value(QStringLiteral("plan")).toString(), QStringLiteral("enterprise"));
        }
        QCOMPARE(walk(QStringLiteral("region=eu-central"), 100).size(), 0);
    }

    void cursorFromAnotherSortIsRefused()
    {
        const auto page = m_fx.op().get(QStringLiteral("/v1/tenants?limit=5&sort=name")).json();
        const QString cursor = page.value(QStringLiteral("next_cursor")).toString();
        QVERIFY(!cursor.isEmpty());
        const auto r = m_fx.op().get(QStringLiteral("/v1/tenants?limit=5&sort=-created_at&cursor=") + cursor);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(QStringLiteral("type")).toString(), QStringLiteral("urn:portico:problem:invalid-cursor"));
        QCOMPARE(r.json().value(QStringLiteral("field")).toString(), QStringLiteral("cursor"));
    }

    // A pasted id finds exactly its tenant, however it is spelled; filters still apply.
    void searchFindsATenantById_data()
    {
        QTest::addColumn<QString>("spelling");
        QTest::newRow("canonical") << "canonical";
        QTest::newRow("upper case") << "upper";
        QTest::newRow("braces") << "braces";
        QTest::newRow("upper case in braces") << "upper braces";
    }
    void searchFindsATenantById()
    {
        QFETCH(QString, spelling);
        const auto all = walk({}, 500);
        QVERIFY(all.size() > 10);
        for (const qsizetype i : {qsizetype(0), all.size() / 2, all.size() - 1}) {
            const QJsonObject t = all.at(i);
            QString q = t.value(QStringLiteral("id")).toString();
            if (spelling.contains(QLatin1String("upper")))
                q = q.toUpper();
            if (spelling.contains(QLatin1String("braces")))
                q = QLatin1Char('{') + q + QLatin1Char('}');
            qint64 total = -1;
            const auto hits = walk(QStringLiteral("q=") + QString::fromLatin1(QUrl::toPercentEncoding(q)), 50, &total);
            QCOMPARE(total, 1);
            QCOMPARE(hits.size(), 1);
            QCOMPARE(hits.at(0).value(QStringLiteral("id")), t.value(QStringLiteral("id")));
            // With a filter it does not pass, nothing.
            const QString otherState = t.value(QStringLiteral("state")).toString() == QLatin1String("active") ? QStringLiteral("trial") : QStringLiteral("active");
            QCOMPARE(walk(QStringLiteral("state=%1&q=%2").arg(otherState, QString::fromLatin1(QUrl::toPercentEncoding(q))), 50).size(), 0);
        }
        // An id no tenant has finds nothing (and is not read as a substring of names).
        QCOMPARE(walk(QStringLiteral("q=6f1c2a9e-0b1c-4d2e-8f00-00000000000a"), 50).size(), 0);
    }

    void provisioningIsOneIdempotentCall()
    {
        const QByteArray body = R"({"name":"Idem Potent GmbH","plan":"pro","admin_email":"Boss@Idem.example","admin_name":"Boss"})";
        const auto first = m_fx.op().request("POST", QStringLiteral("/v1/tenants"), body, {{"Idempotency-Key", "key-1"}});
        QCOMPARE(first.status, 201);
        const QString id = first.json().value(QStringLiteral("id")).toString();
        QCOMPARE(first.header("Location"), ("/v1/tenants/" + id).toLatin1());
        QCOMPARE(first.json().value(QStringLiteral("slug")).toString(), QStringLiteral("idem-potent-gmbh"));
        QCOMPARE(first.json().value(QStringLiteral("state")).toString(), QStringLiteral("trial"));
        const auto again = m_fx.op().request("POST", QStringLiteral("/v1/tenants"), body, {{"Idempotency-Key", "key-1"}});
        QCOMPARE(again.status, 201);
        QCOMPARE(again.json().value(QStringLiteral("id")).toString(), id);
        QCOMPARE(again.header("Location"), first.header("Location"));
        QCOMPARE(again.header("Idempotent-Replayed"), QByteArray("true"));
        const auto other = m_fx.op().request("POST", QStringLiteral("/v1/tenants"), R"({"name":"Other","admin_email":"a@o.example"})", {{"Idempotency-Key", "key-1"}});
        QCOMPARE(other.status, 422);
        // The new tenant is complete: placement, admin member, default settings.
        const auto got = m_fx.op().get(QStringLiteral("/v1/tenants/") + id).json();
        QCOMPARE(got.value(QStringLiteral("placement")).toObject().value(QStringLiteral("model")).toString(), QStringLiteral("shared"));
        QCOMPARE(got.value(QStringLiteral("stats")).toObject().value(QStringLiteral("members")).toInt(), 1);
        const QString pool = m_fx.server().database() + QStringLiteral("_pool");
        QCOMPARE(m_fx.cluster().psql(pool, QStringLiteral("SELECT count(*) FROM tenant_settings WHERE tenant_id = '%1'").arg(id)), QStringLiteral("3"));
        QCOMPARE(m_fx.cluster().psql(pool, QStringLiteral("SELECT email FROM members WHERE tenant_id = '%1'").arg(id)), QStringLiteral("boss@idem.example"));
        // Same slug again without a key: a conflict that names the field.
        const auto dup = m_fx.op().request("POST", QStringLiteral("/v1/tenants"), body);
        QCOMPARE(dup.status, 409);
        QCOMPARE(dup.json().value(QStringLiteral("field")).toString(), QStringLiteral("slug"));
    }

    void readBySlugOrIdInAnyCase()
    {
        const auto created = m_fx.op().post(QStringLiteral("/v1/tenants"), {{QStringLiteral("name"), QStringLiteral("Case Study")}, {QStringLiteral("admin_email"), QStringLiteral("a@case.example")}});
        QCOMPARE(created.status, 201);
        const QString id = created.json().value(QStringLiteral("id")).toString();
        for (const QString &ref : {QStringLiteral("case-study"), QStringLiteral("CASE-Study"), id, id.toUpper()}) {
            const auto r = m_fx.op().get(QStringLiteral("/v1/tenants/") + ref);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.json().value(QStringLiteral("id")).toString(), id);
        }
    }

    void statsCountTheTenantsData()
    {
        const auto all = walk(QStringLiteral("sort=name"), 500);
        // The seeder makes a few tenants with tens of thousands of documents.
        const QString sql = QStringLiteral("SELECT tenant_id, count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC LIMIT 1");
        const QStringList biggest = m_fx.cluster().psql(m_fx.server().database() + QStringLiteral("_pool"), sql).split(QLatin1Char('|'));
        QCOMPARE(biggest.size(), 2);
        QVERIFY(biggest[1].toInt() >= 10000);
        const auto r = m_fx.op().get(QStringLiteral("/v1/tenants/") + biggest[0]).json();
        QCOMPARE(r.value(QStringLiteral("stats")).toObject().value(QStringLiteral("documents")).toInteger(), biggest[1].toLongLong());
        QVERIFY(r.value(QStringLiteral("stats")).toObject().value(QStringLiteral("storage_bytes")).toInteger() > 0);
    }

    void patchChangesStatePlanAndName()
    {
        QCOMPARE(m_fx.op().post(QStringLiteral("/v1/tenants"), {{QStringLiteral("name"), QStringLiteral("Patchable")}, {QStringLiteral("admin_email"), QStringLiteral("a@p.example")}}).status, 201);
        const auto r = m_fx.op().request("PATCH", QStringLiteral("/v1/tenants/patchable"), R"({"state":"active","plan":"enterprise","name":"Patchable Inc."})");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("active"));
        QCOMPARE(r.json().value(QStringLiteral("plan")).toString(), QStringLiteral("enterprise"));
        QCOMPARE(r.json().value(QStringLiteral("name")).toString(), QStringLiteral("Patchable Inc."));
        QCOMPARE(r.json().value(QStringLiteral("slug")).toString(), QStringLiteral("patchable")); // ids and slugs are stable
        QCOMPARE(m_fx.op().request("PATCH", QStringLiteral("/v1/tenants/patchable"), R"({"state":"closed"})").status, 422);
        QCOMPARE(m_fx.op().request("PATCH", QStringLiteral("/v1/tenants/patchable"), R"({})").status, 422);
    }

    // Pages are kept under the list's version; every committed change shows at once, also one
    // made outside this server (here in SQL, as another instance would).
    void keptPagesFollowEveryChange()
    {
        const QString path = QStringLiteral("/v1/tenants?limit=5&q=keepme");
        const auto items = [&] { return m_fx.op().get(path).json().value(QStringLiteral("items")).toArray(); };
        QCOMPARE(items().size(), 0);
        QCOMPARE(items().size(), 0); // served again from the kept page
        QCOMPARE(m_fx.op().post(QStringLiteral("/v1/tenants"), {{QStringLiteral("name"), QStringLiteral("Keepme One")}, {QStringLiteral("admin_email"), QStringLiteral("a@k.example")}}).status, 201);
        QCOMPARE(items().size(), 1);
        const QString id = items().first().toObject().value(QStringLiteral("id")).toString();
        QCOMPARE(items().first().toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Keepme One"));

        m_fx.sql(QStringLiteral("UPDATE tenants SET name = 'Keepme Renamed' WHERE id = '%1'").arg(id));
        QCOMPARE(items().first().toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Keepme Renamed"));
        m_fx.sql(QStringLiteral("UPDATE placements SET region = 'xx-kept' WHERE tenant_id = '%1'").arg(id));
        QCOMPARE(items().first().toObject().value(QStringLiteral("placement")).toObject().value(QStringLiteral("region")).toString(), QStringLiteral("xx-kept"));
        const QString region = m_fx.sql(QStringLiteral("SELECT region FROM tenants WHERE id = '%1'").arg(id)).trimmed();
        m_fx.sql(QStringLiteral("UPDATE placements SET region = '%1' WHERE tenant_id = '%2'").arg(region, id));
        QCOMPARE(items().first().toObject().value(QStringLiteral("placement")).toObject().value(QStringLiteral("region")).toString(), region);
        QCOMPARE(m_fx.op().request("PATCH", QStringLiteral("/v1/tenants/") + id, R"({"state":"suspended"})").status, 200);
        QCOMPARE(items().first().toObject().value(QStringLiteral("state")).toString(), QStringLiteral("suspended"));
        QCOMPARE(m_fx.op().get(path + QStringLiteral("&state=active")).json().value(QStringLiteral("items")).toArray().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestServerTenants)
#include "tst_server_tenants.moc"
