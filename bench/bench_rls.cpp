// The row-level-security read path against the same read without RLS, through the server's own
// code (PgConnection and its statement cache, TenantSession), in the same run:
//   BM_PlainRead           one SELECT of one document from a copy of a tenant's rows without RLS,
//                          through a connection of the data role to the pool database, held open as a
//                          pooled one is (baseline; prepared by the statement cache). Only TenantSession
//                          leases a placement's connection, so the baselines open their own.
//   BM_RlsReadServerPath   TenantSession::once: the context statement and the same SELECT under RLS,
//                          pipelined in one round trip, both prepared (what document reads do)
//   BM_RlsReadPresetContext the same SELECT under RLS in a transaction whose context is already set:
//                          what RLS itself costs, without the statement that sets the context
//   BM_RlsReadOneSetting   only the tenant setting (no search_path) pipelined with the read: the
//                          floor for a context set per transaction in a statement of its own
//   BM_RlsReadSessionLike  an explicit TenantSession: BEGIN+context, SELECT, COMMIT (what writes do)
//   BM_PlainReadUnprepared / BM_RlsReadUnprepared: both reads sent as one-off texts (parsed and
//                          planned every time), which is what every read cost before the cache
// Needs a running stack: PORTICO_BENCH_PGHOST (the home cluster's socket dir); ./portico.sh bench
// provides it.
#include "server/store/database.h"
#include "server/store/schema.h"
#include "server/store/tenantsession.h"
#include <benchmark/benchmark.h>
#include <cstdlib>
#include <optional>
#include <stdexcept>

using namespace portico;

namespace {

QString env(const char *name, const char *fallback = nullptr)
{
    const QString v = qEnvironmentVariable(name);
    if (!v.isEmpty())
        return v;
    if (fallback)
        return QString::fromLatin1(fallback);
    throw std::runtime_error(std::string(name) + " is not set; run through ./portico.sh bench");
}

struct Fixture
{
    store::Database db{{{QStringLiteral("home"), QStringLiteral("us-east"), env("PORTICO_BENCH_PGHOST"), 5432}}, env("PORTICO_BENCH_CONTROLDB", "portico")};
    store::TenantScope scope;
    std::vector<QUuid> ids;
    std::optional<store::PgConnection> plain; // the data role, outside any TenantSession

    Fixture()
    {
        // The superuser copies the shared pool's largest tenant into a table without RLS.
        store::PgConnection admin(db.config(db.home(), db.poolDatabase(), QStringLiteral("postgres")));
        const auto t = admin.exec(QStringLiteral("SELECT tenant_id FROM documents GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"));
        if (t.rows() != 1)
            throw std::runtime_error("no documents in the shared pool; seed the demo first");
        scope.tenantId = t.uuid(0, 0);
        scope.placement = db.placementFor(scope.tenantId, IsolationModel::Shared, QStringLiteral("us-east"));
        admin.execScript(QStringLiteral("DROP TABLE IF EXISTS bench_plain_documents; "
                                        "CREATE TABLE bench_plain_documents AS SELECT * FROM documents WHERE tenant_id = %1; "
                                        "ALTER TABLE bench_plain_documents ADD PRIMARY KEY (tenant_id, id); "
                                        "CREATE INDEX ON bench_plain_documents (id); "
                                        "GRANT SELECT ON bench_plain_documents TO portico_app; ANALYZE bench_plain_documents")
                             .arg(admin.quoteLiteral(idToString(scope.tenantId))));
        const auto r = admin.exec(QStringLiteral("SELECT id FROM bench_plain_documents ORDER BY random() LIMIT 2000"));
        for (int i = 0; i < r.rows(); ++i)
            ids.push_back(r.uuid(i, 0));
        plain.emplace(db.config(db.home(), db.poolDatabase(), QString::fromLatin1(store::kAppRole)));
    }
    ~Fixture()
    {
        store::PgConnection admin(db.config(db.home(), db.poolDatabase(), QStringLiteral("postgres")));
        admin.execScript(QStringLiteral("DROP TABLE IF EXISTS bench_plain_documents"));
    }
};

Fixture &fixture()
{
    static Fixture f;
    return f;
}

void expectOne(const store::PgResult &r)
{
    if (r.rows() != 1)
        throw std::runtime_error("expected one row");
}

} // namespace

static void BM_PlainRead(benchmark::State &state)
{
    auto &f = fixture();
    size_t i = 0;
    for (auto _ : state) {
        expectOne(f.plain->exec(QStringLiteral("SELECT tenant_id, body FROM bench_plain_documents WHERE id = $1"), {f.ids[i++ % f.ids.size()]}));
    }
    state.SetLabel("baseline");
}
BENCHMARK(BM_PlainRead)->UseRealTime();

static void BM_RlsReadServerPath(benchmark::State &state)
{
    auto &f = fixture();
    size_t i = 0;
    for (auto _ : state)
        expectOne(store::TenantSession::once(f.db, f.scope, QStringLiteral("SELECT tenant_id, body FROM documents WHERE id = $1"), {f.ids[i++ % f.ids.size()]}));
    state.SetLabel("vs BM_PlainRead");
}
BENCHMARK(BM_RlsReadServerPath)->UseRealTime();

// What RLS itself costs: the context is set once, then only the read runs (one transaction per
// 1000 reads, like a session that reads many rows).
static void BM_RlsReadPresetContext(benchmark::State &state)
{
    auto &f = fixture();
    size_t i = 0;
    std::optional<store::TenantSession> session;
    for (auto _ : state) {
        if (i % 1000 == 0) {
            if (session)
                session->commit();
            session.reset();
            session.emplace(f.db, f.scope);
        }
        expectOne(session->exec(QStringLiteral("SELECT tenant_id, body FROM documents WHERE id = $1"), {f.ids[i++ % f.ids.size()]}));
    }
    if (session)
        session->commit();
    state.SetLabel("vs BM_PlainRead");
}
BENCHMARK(BM_RlsReadPresetContext)->UseRealTime();

static void BM_RlsReadOneSetting(benchmark::State &state)
{
    auto &f = fixture();
    size_t i = 0;
    for (auto _ : state) {
        auto results = f.plain->pipeline({{QStringLiteral("SELECT set_config('portico.tenant_id', $1, true)"), {f.scope.tenantId}},
                                        {QStringLiteral("SELECT tenant_id, body FROM documents WHERE id = $1"), {f.ids[i++ % f.ids.size()]}}});
        expectOne(results.back());
    }
    state.SetLabel("vs BM_PlainRead");
}
BENCHMARK(BM_RlsReadOneSetting)->UseRealTime();

static void BM_RlsReadSessionLike(benchmark::State &state)
{
    auto &f = fixture();
    size_t i = 0;
    for (auto _ : state) {
        store::TenantSession session(f.db, f.scope);
        expectOne(session.exec(QStringLiteral("SELECT tenant_id, body FROM documents WHERE id = $1"), {f.ids[i++ % f.ids.size()]}));
        session.commit();
    }
    state.SetLabel("vs BM_PlainRead");
}
BENCHMARK(BM_RlsReadSessionLike)->UseRealTime();

// One-off texts: a comment that differs on every run keeps the statement cache from preparing
// them. The counter outlives each call: Google Benchmark calls a benchmark several times, and a
// text seen again would be prepared.
static quint64 g_oneOff = 0;

static void BM_PlainReadUnprepared(benchmark::State &state)
{
    auto &f = fixture();
    size_t i = 0;
    for (auto _ : state) {
        expectOne(f.plain->exec(QStringLiteral("SELECT tenant_id, body FROM bench_plain_documents WHERE id = $1 -- %1").arg(++g_oneOff), {f.ids[i++ % f.ids.size()]}));
    }
    state.SetLabel("vs BM_PlainRead");
}
BENCHMARK(BM_PlainReadUnprepared)->UseRealTime();

static void BM_RlsReadUnprepared(benchmark::State &state)
{
    auto &f = fixture();
    size_t i = 0;
    for (auto _ : state)
        expectOne(store::TenantSession::once(f.db, f.scope, QStringLiteral("SELECT tenant_id, body FROM documents WHERE id = $1 -- %1").arg(++g_oneOff), {f.ids[i++ % f.ids.size()]}));
    state.SetLabel("vs BM_PlainReadUnprepared");
}
BENCHMARK(BM_RlsReadUnprepared)->UseRealTime();

BENCHMARK_MAIN();
