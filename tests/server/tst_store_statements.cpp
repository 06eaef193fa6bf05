// The connection's statement cache against a real PostgreSQL: texts run twice are prepared, the
// prepared statements follow each transaction's search_path and tenant context (the isolation
// guarantee must not depend on a statement being parsed afresh), stale statements are prepared
// again without losing work, failures leave the cache consistent, and the cache stays bounded.
#include "server/store/database.h"
#include "server/store/pg.h"
#include "server/store/schema.h"
#include "server/store/tenantsession.h"
#include "tests/support/pgcluster.h"
#include <QTest>
#include <QUuid>

using namespace portico;
using namespace portico::test;
using store::PgConnection;
using store::PgError;

class TestStoreStatements : public QObject
{
    Q_OBJECT
    PgCluster m_cluster;
    QString m_db;
    const QUuid m_tenantA = QUuid::createUuid();
    const QUuid m_tenantB = QUuid::createUuid();

    store::PgConfig config(const QString &user) const
    {
        return {m_cluster.socketDir(), m_cluster.port(), m_db, user};
    }
    // What the server itself holds prepared for this connection.
    static int serverSidePrepared(PgConnection &c)
    {
        // A fresh text each time, so this probe is never prepared itself.
        static int probe = 0;
        return int(c.exec(QStringLiteral("SELECT count(*) FROM pg_prepared_statements -- probe %1").arg(++probe)).integer(0, 0));
    }

    // Data rows: the statement run alone (named by the caller) and inside a pipeline.
    static void addPipelinedRows(const char *alone)
    {
        QTest::addColumn<bool>("pipelined");
        QTest::newRow(alone) << false;
        QTest::newRow("pipeline") << true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
        m_db = m_cluster.newDatabaseName();
        QVERIFY(!m_cluster.psql(QStringLiteral("postgres"), QStringLiteral("CREATE DATABASE %1").arg(m_db)).isNull());
        // Two schemas with a table of the same name, and a shared table under RLS that the
        // application role (not its owner, no BYPASSRLS) reads.
        const QString setup = QStringLiteral(
            "CREATE ROLE app LOGIN NOBYPASSRLS; CREATE ROLE %3 LOGIN NOBYPASSRLS; GRANT app TO %3;"
            "CREATE SCHEMA a; CREATE SCHEMA b; GRANT USAGE ON SCHEMA a, b TO app;"
            "CREATE TABLE a.items (v text); CREATE TABLE b.items (v text);"
            "INSERT INTO a.items VALUES ('from a'); INSERT INTO b.items VALUES ('from b');"
            "GRANT SELECT ON a.items, b.items TO app;"
            "CREATE TABLE public.docs (tenant_id uuid NOT NULL, id int NOT NULL, PRIMARY KEY (tenant_id, id));"
            "ALTER TABLE public.docs ENABLE ROW LEVEL SECURITY; ALTER TABLE public.docs FORCE ROW LEVEL SECURITY;"
            "CREATE POLICY p ON public.docs USING (tenant_id = NULLIF(current_setting('portico.tenant_id', true), '')::uuid);"
            "GRANT SELECT ON public.docs TO app;"
            "INSERT INTO public.docs SELECT '%1', g FROM generate_series(1, 30) g;"
            "INSERT INTO public.docs SELECT '%2', g FROM generate_series(1, 5) g;"
            "CREATE TABLE public.evolving (a int); INSERT INTO public.evolving VALUES (1); GRANT SELECT ON public.evolving TO app;")
                                  .arg(m_tenantA.toString(QUuid::WithoutBraces), m_tenantB.toString(QUuid::WithoutBraces), QString::fromLatin1(store::kAppRole));
        QVERIFY(!m_cluster.psql(m_db, setup).isNull());
    }

    void aTextIsPreparedOnItsSecondRun()
    {
        PgConnection c(config(QStringLiteral("app")));
        const QString sql = QStringLiteral("SELECT v FROM a.items WHERE v = $1");
        QCOMPARE(c.exec(sql, {QStringLiteral("from a")}).rows(), 1);
        QCOMPARE(c.preparedStatementCount(), 0);
        QCOMPARE(serverSidePrepared(c), 0);
        QCOMPARE(c.exec(sql, {QStringLiteral("from a")}).rows(), 1);
        QCOMPARE(c.preparedStatementCount(), 1);
        QCOMPARE(serverSidePrepared(c), 1);
        QCOMPARE(c.exec(sql, {QStringLiteral("nothing")}).rows(), 0);
        QCOMPARE(c.preparedStatementCount(), 1);
        const auto held = c.exec(QStringLiteral("SELECT statement FROM pg_prepared_statements"));
        QCOMPARE(held.text(0, 0), sql);
    }

    // The unqualified table resolves in the schema that each transaction puts on its path, for
    // explicit transactions (exec) and pipelined ones (what TenantSession::once sends).
    void preparedStatementsFollowEachTransactionsSearchPath_data() { addPipelinedRows("explicit transaction"); }
    void preparedStatementsFollowEachTransactionsSearchPath()
    {
        QFETCH(bool, pipelined);
        PgConnection c(config(QStringLiteral("app")));
        for (int i = 0; i < 12; ++i) { // past PostgreSQL's five custom plans, into the generic one
            const QString schema = i % 2 ? QStringLiteral("b") : QStringLiteral("a");
            QString got;
            if (pipelined) {
                const auto results = c.pipeline({{QStringLiteral("SELECT set_config('search_path', $1, true)"), {schema}},
                                                 {QStringLiteral("SELECT v FROM items"), {}}});
                got = results.back().text(0, 0);
            } else {
                store::PgTransaction tx(c);
                c.exec(QStringLiteral("SELECT set_config('search_path', $1, true)"), {schema});
                got = c.exec(QStringLiteral("SELECT v FROM items")).text(0, 0);
                tx.commit();
            }
            QCOMPARE(got, QStringLiteral("from ") + schema);
        }
        QVERIFY(c.preparedStatementCount() >= 1);
    }

    // Row-level security reads the context at execution: a cached plan never carries one
    // tenant's rows into another tenant's transaction, and without a context it sees nothing.
    void preparedStatementsFollowEachTransactionsTenant()
    {
        PgConnection c(config(QStringLiteral("app")));
        const QString read = QStringLiteral("SELECT tenant_id, count(*) OVER () FROM public.docs WHERE id <= $1");
        for (int i = 0; i < 12; ++i) {
            const QUuid tenant = i % 3 == 0 ? m_tenantB : m_tenantA;
            const auto results = c.pipeline({{QStringLiteral("SELECT set_config('portico.tenant_id', $1, true)"), {tenant}},
                                             {read, {10}}});
            const auto &r = results.back();
            QCOMPARE(r.rows(), tenant == m_tenantA ? 10 : 5);
            for (int row = 0; row < r.rows(); ++row)
                QCOMPARE(r.uuid(row, 0), tenant);
            QCOMPARE(c.exec(read, {10}).rows(), 0); // the context ended with its transaction
        }
        QVERIFY(c.preparedStatementCount() >= 2);
    }

    // A tenant session's statements run on generic plans: a LIMIT $n or a filter parameter would
    // otherwise be planned again at every execution (the generic estimate never looks cheaper),
    // and no plan could fold the tenant context anyway. The rows stay the tenant's own.
    void tenantStatementsArePlannedOnce()
    {
        store::DatabaseOptions one;
        one.controlPoolMax = 1; // one connection: the probe sees the session's prepared statements
        store::Database db({{QStringLiteral("home"), QStringLiteral("us-east"), m_cluster.socketDir(), m_cluster.port()}}, m_db, one);
        Placement shared;
        shared.model = IsolationModel::Shared;
        shared.region = QStringLiteral("us-east");
        shared.cluster = QStringLiteral("home");
        shared.database = m_db;
        shared.schema = QStringLiteral("public");
        const QString read = QStringLiteral("SELECT tenant_id, id FROM docs WHERE id > $1 ORDER BY id LIMIT $2");
        for (int i = 0; i < 8; ++i) {
            const QUuid tenant = i % 2 ? m_tenantB : m_tenantA;
            const auto r = store::TenantSession::once(db, {tenant, shared}, read, {0, 10});
            QCOMPARE(r.rows(), tenant == m_tenantA ? 10 : 5);
            for (int row = 0; row < r.rows(); ++row)
                QCOMPARE(r.uuid(row, 0), tenant);
        }
        for (int i = 0; i < 2; ++i) {
            store::TenantSession session(db, {m_tenantA, shared});
            QCOMPARE(session.exec(read, {25, 10}).rows(), 5);
            session.commit();
        }
        store::TenantSession probe(db, {m_tenantA, shared}); // on the same, only connection
        const auto plans = probe.exec(QStringLiteral("SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1"), {read});
        QCOMPARE(plans.rows(), 1);
        QCOMPARE(plans.integer(0, 1), qint64(0)); // never a custom plan
        QCOMPARE(plans.integer(0, 0), qint64(9)); // prepared on the second run, generic from then on
        QCOMPARE(probe.exec(QStringLiteral("SELECT current_setting('plan_cache_mode')")).text(0, 0), QStringLiteral("force_generic_plan"));
        probe.commit();
    }

    // A uuid as PostgreSQL writes it, and as text in other forms (upper case, braces), read alike;
    // a text that is no uuid reads as null.
    void uuidsReadInEveryForm()
    {
        PgConnection c(config(QStringLiteral("app")));
        const QUuid id = QUuid::createUuid();
        const auto r = c.exec(QStringLiteral("SELECT $1::uuid, upper($1::uuid::text), '{' || $1::uuid::text || '}', "
                                             "'00000000-0000-0000-0000-00000000000g', NULL::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid"),
                              {id});
        QCOMPARE(r.uuid(0, 0), id);
        QCOMPARE(r.uuid(0, 1), id);
        QCOMPARE(r.uuid(0, 2), id);
        QVERIFY(r.uuid(0, 3).isNull());
        QVERIFY(r.uuid(0, 4).isNull());
        QCOMPARE(r.uuid(0, 5), QUuid::fromString(QStringLiteral("ffffffff-ffff-ffff-ffff-ffffffffffff")));
    }

    // A prepared SELECT * whose table gained a column fails once inside PostgreSQL ("cached plan
    // must not change result type"); outside a transaction the connection runs it again.
    void aStaleStatementIsPreparedAgain_data() { addPipelinedRows("exec"); }
    void aStaleStatementIsPreparedAgain()
    {
        QFETCH(bool, pipelined);
        PgConnection c(config(QStringLiteral("app")));
        const QString sql = QStringLiteral("SELECT * FROM public.evolving");
        const auto run = [&]() { return pipelined ? std::move(c.pipeline({{sql, {}}}).back()) : c.exec(sql); };
        const int before = run().columns();
        QCOMPARE(run().columns(), before);
        QCOMPARE(c.preparedStatementCount(), 1);
        QVERIFY(!m_cluster.psql(m_db, QStringLiteral("ALTER TABLE public.evolving ADD COLUMN c%1 int").arg(pipelined ? 1 : 2)).isNull());
        QCOMPARE(run().columns(), before + 1);
        QCOMPARE(run().columns(), before + 1);
    }

    // Inside a transaction the failure is the caller's (its work is lost), but the next
    // transaction works.
    void aStaleStatementInsideATransactionFailsOnce()
    {
        PgConnection c(config(QStringLiteral("app")));
        const QString sql = QStringLiteral("SELECT * FROM public.evolving WHERE a = $1");
        c.exec(sql, {1});
        const int before = c.exec(sql, {1}).columns();
        QVERIFY(!m_cluster.psql(m_db, QStringLiteral("ALTER TABLE public.evolving ADD COLUMN c3 int")).isNull());
        {
            store::PgTransaction tx(c);
            QVERIFY_THROWS_EXCEPTION(PgError, c.exec(sql, {1}));
        }
        QCOMPARE(c.exec(sql, {1}).columns(), before + 1);
    }

    // A pipeline that opens its own transaction (what TenantSession does) is not run again: the
    // failed transaction is its caller's to roll back.
    void aStalePipelineThatBeganATransactionIsNotRunAgain()
    {
        PgConnection c(config(QStringLiteral("app")));
        const QString sql = QStringLiteral("SELECT * FROM public.evolving LIMIT $1");
        c.exec(sql, {1});
        const int before = c.exec(sql, {1}).columns();
        QVERIFY(!m_cluster.psql(m_db, QStringLiteral("ALTER TABLE public.evolving ADD COLUMN c4 int")).isNull());
        QString state;
        try {
            c.pipeline({{QStringLiteral("BEGIN"), {}}, {sql, {1}}});
        } catch (const PgError &e) {
            state = e.sqlState();
        }
        QCOMPARE(state, QStringLiteral("0A000")); // the stale plan itself, not the error of a second run
        QVERIFY(c.inTransaction());
        { store::PgTransaction rollback(c, store::PgTransaction::Adopt{}); }
        QVERIFY(!c.inTransaction());
        QCOMPARE(c.pipeline({{sql, {1}}}).back().columns(), before + 1);
    }

    // A statement prepared in a pipeline that fails before it is reached is not remembered as
    // prepared; one prepared before a later failure stays usable.
    void aFailedPipelineLeavesTheCacheConsistent()
    {
        PgConnection c(config(QStringLiteral("app")));
        const QString good = QStringLiteral("SELECT v FROM a.items");
        const QString failing = QStringLiteral("SELECT 1 / $1::int");
        c.exec(good); // seen once: the next run prepares it
        c.exec(failing, {1});
        QVERIFY_THROWS_EXCEPTION(PgError, c.pipeline({{failing, {0}}, {good, {}}}));
        QCOMPARE(c.pipeline({{good, {}}}).back().text(0, 0), QStringLiteral("from a"));
        QVERIFY_THROWS_EXCEPTION(PgError, c.pipeline({{good, {}}, {failing, {0}}}));
        QCOMPARE(c.pipeline({{good, {}}, {failing, {1}}}).front().text(0, 0), QStringLiteral("from a"));
        QCOMPARE(c.exec(good).text(0, 0), QStringLiteral("from a"));
        QCOMPARE(serverSidePrepared(c), c.preparedStatementCount());
    }

    // One text twice in one pipeline is prepared once.
    void aTextTwiceInOnePipeline()
    {
        PgConnection c(config(QStringLiteral("app")));
        const QString sql = QStringLiteral("SELECT $1::int + 1");
        c.exec(sql, {0});
        const auto results = c.pipeline({{sql, {1}}, {sql, {2}}});
        QCOMPARE(results.at(0).integer(0, 0), 2);
        QCOMPARE(results.at(1).integer(0, 0), 3);
        QCOMPARE(c.preparedStatementCount(), 1);
        QCOMPARE(serverSidePrepared(c), 1);
    }

    void theCacheStaysBounded()
    {
        PgConnection c(config(QStringLiteral("app")));
        const int texts = PgConnection::kMaxPreparedStatements + 40;
        for (int round = 0; round < 2; ++round)
            for (int i = 0; i < texts; ++i)
                QCOMPARE(c.exec(QStringLiteral("SELECT %1 + $1::int").arg(i), {round}).integer(0, 0), qint64(i + round));
        QVERIFY(c.preparedStatementCount() <= PgConnection::kMaxPreparedStatements);
        QVERIFY(c.preparedStatementCount() > 0);
        QCOMPARE(serverSidePrepared(c), c.preparedStatementCount());
        // Filling up in the middle of a pipeline never drops a statement the same pipeline uses.
        const QString kept = QStringLiteral("SELECT 'kept'");
        c.exec(kept);
        c.exec(kept);
        for (int i = 0; c.preparedStatementCount() < PgConnection::kMaxPreparedStatements; ++i) {
            c.exec(QStringLiteral("SELECT -%1").arg(i));
            c.exec(QStringLiteral("SELECT -%1").arg(i));
        }
        c.exec(QStringLiteral("SELECT 'fresh'"));
        for (int i = 0; i < 3; ++i) {
            const auto results = c.pipeline({{kept, {}}, {QStringLiteral("SELECT 'fresh'"), {}}, {kept, {}}});
            QCOMPARE(results.at(0).text(0, 0), QStringLiteral("kept"));
            QCOMPARE(results.at(1).text(0, 0), QStringLiteral("fresh"));
            QCOMPARE(results.at(2).text(0, 0), QStringLiteral("kept"));
        }
        QCOMPARE(serverSidePrepared(c), c.preparedStatementCount());
        // Full inside a transaction: the statement runs unnamed and the transaction survives.
        for (int i = 0; c.preparedStatementCount() < PgConnection::kMaxPreparedStatements; ++i) {
            c.exec(QStringLiteral("SELECT -1000-%1").arg(i));
            c.exec(QStringLiteral("SELECT -1000-%1").arg(i));
        }
        store::PgTransaction tx(c);
        c.exec(QStringLiteral("SELECT 'new'"));
        QCOMPARE(c.exec(QStringLiteral("SELECT 'new'")).text(0, 0), QStringLiteral("new"));
        QVERIFY(c.inTransaction());
        tx.commit();
        QCOMPARE(c.preparedStatementCount(), PgConnection::kMaxPreparedStatements);
    }
};

QTEST_GUILESS_MAIN(TestStoreStatements)
#include "tst_store_statements.moc"
