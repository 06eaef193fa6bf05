// The row-level-security read path against the same read without RLS, at the database level,
// each in one network round trip, in the same run:
//   BM_PlainRead        SELECT one document from a copy of the tenant's rows with no RLS (baseline)
//   BM_RlsReadMinimal   set_config(tenant) + SELECT (RLS applies), pipelined in one round trip and one
//                       implicit transaction (libpq pipeline mode)
//   BM_RlsReadServerPath what the server sends: context, placement assertion and SELECT, pipelined
//   BM_RlsReadSessionLike context and read as three round trips (BEGIN+context, SELECT, COMMIT), for contrast
// Needs a running stack: PORTICO_BENCH_PGHOST (socket dir) and PORTICO_BENCH_POOLDB (pool database).
#include <benchmark/benchmark.h>
#include <libpq-fe.h>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

std::string env(const char *name)
{
    const char *v = std::getenv(name);
    if (!v || !*v)
        throw std::runtime_error(std::string(name) + " is not set; run through ./portico.sh bench");
    return v;
}

PGconn *connectAs(const char *user)
{
    const std::string info = "host=" + env("PORTICO_BENCH_PGHOST") + " dbname=" + env("PORTICO_BENCH_POOLDB") + " user=" + user;
    PGconn *c = PQconnectdb(info.c_str());
    if (PQstatus(c) != CONNECTION_OK)
        throw std::runtime_error(PQerrorMessage(c));
    return c;
}

void run(PGconn *c, const std::string &sql)
{
    PGresult *r = PQexec(c, sql.c_str());
    const auto s = PQresultStatus(r);
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
        throw std::runtime_error(std::string(PQresultErrorMessage(r)) + " in: " + sql);
    PQclear(r);
}

struct Fixture
{
    std::string tenant;
    std::vector<std::string> ids;
    PGconn *app = nullptr;

    Fixture()
    {
        // The superuser picks the largest shared-pool tenant and copies its rows into a table without RLS.
        PGconn *admin = connectAs("postgres");
        PGresult *r = PQexec(admin, "SELECT tenant_id::text FROM documents GROUP BY 1 ORDER BY count(*) DESC LIMIT 1");
        if (PQntuples(r) != 1)
            throw std::runtime_error("no documents in the shared pool; seed the demo first");
        tenant = PQgetvalue(r, 0, 0);
        PQclear(r);
        run(admin, "DROP TABLE IF EXISTS bench_plain_documents");
        run(admin, "CREATE TABLE bench_plain_documents AS SELECT * FROM documents WHERE tenant_id = '" + tenant + "'");
        run(admin, "ALTER TABLE bench_plain_documents ADD PRIMARY KEY (tenant_id, id)");
        run(admin, "CREATE INDEX ON bench_plain_documents (id)");
        run(admin, "GRANT SELECT ON bench_plain_documents TO portico_app");
        run(admin, "ANALYZE bench_plain_documents");
        r = PQexec(admin, ("SELECT id::text FROM bench_plain_documents ORDER BY random() LIMIT 2000"));
        for (int i = 0; i < PQntuples(r); ++i)
            ids.emplace_back(PQgetvalue(r, i, 0));
        PQclear(r);
        PQfinish(admin);
        app = connectAs("portico_app");
    }
    ~Fixture()
    {
        PQfinish(app);
        PGconn *admin = connectAs("postgres");
        run(admin, "DROP TABLE IF EXISTS bench_plain_documents");
        PQfinish(admin);
    }
};

Fixture &fixture()
{
    static Fixture f;
    return f;
}

void expectRows(PGresult *r, int rows)
{
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != rows)
        throw std::runtime_error(std::string("unexpected result: ") + PQresultErrorMessage(r));
}

} // namespace

static void BM_PlainRead(benchmark::State &state)
{
    auto &f = fixture();
    size_t i = 0;
    for (auto _ : state) {
        const char *params[] = {f.ids[i++ % f.ids.size()].c_str()};
        PGresult *r = PQexecParams(f.app, "SELECT body FROM bench_plain_documents WHERE id = $1", 1, nullptr, params, nullptr, nullptr, 0);
        expectRows(r, 1);
        PQclear(r);
    }
    state.SetLabel("baseline");
}
BENCHMARK(BM_PlainRead)->UseRealTime();

// What the server does for a read (TenantSession::once): context and search_path, the placement
// assertion, and the read, pipelined in one round trip and one implicit transaction.
static void BM_RlsReadServerPath(benchmark::State &state)
{
    auto &f = fixture();
    PGconn *c = f.app;
    PQenterPipelineMode(c);
    size_t i = 0;
    const std::string pool = env("PORTICO_BENCH_POOLDB");
    for (auto _ : state) {
        const char *ctx[] = {f.tenant.c_str(), "public"};
        const char *check[] = {pool.c_str(), "public", f.tenant.c_str()};
        const char *params[] = {f.ids[i++ % f.ids.size()].c_str()};
        PQsendQueryParams(c, "SELECT set_config('portico.tenant_id', $1, true), set_config('search_path', $2, true)", 2, nullptr, ctx, nullptr, nullptr, 0);
        PQsendQueryParams(c, "SELECT public.portico_assert_placement($1, $2, $3)", 3, nullptr, check, nullptr, nullptr, 0);
        PQsendQueryParams(c, "SELECT tenant_id, body FROM documents WHERE id = $1", 1, nullptr, params, nullptr, nullptr, 0);
        PQpipelineSync(c);
        for (int q = 0; q < 3; ++q) {
            PGresult *r = PQgetResult(c);
            if (q == 2)
                expectRows(r, 1);
            else if (PQresultStatus(r) != PGRES_TUPLES_OK)
                throw std::runtime_error(PQresultErrorMessage(r));
            PQclear(r);
            PQclear(PQgetResult(c));
        }
        PGresult *sync = PQgetResult(c);
        if (PQresultStatus(sync) != PGRES_PIPELINE_SYNC)
            throw std::runtime_error("pipeline out of step");
        PQclear(sync);
    }
    PQexitPipelineMode(c);
    state.SetLabel("vs BM_PlainRead");
}
BENCHMARK(BM_RlsReadServerPath)->UseRealTime();

// The context and the read in one implicit transaction: in pipeline mode everything up to a Sync
// runs as one transaction, so set_config(..., is_local => true) covers the read and ends with it,
// without BEGIN and COMMIT statements.
static void BM_RlsReadMinimal(benchmark::State &state)
{
    auto &f = fixture();
    PGconn *c = f.app;
    PQenterPipelineMode(c);
    size_t i = 0;
    for (auto _ : state) {
        const char *ctx[] = {f.tenant.c_str()};
        const char *params[] = {f.ids[i++ % f.ids.size()].c_str()};
        PQsendQueryParams(c, "SELECT set_config('portico.tenant_id', $1, true)", 1, nullptr, ctx, nullptr, nullptr, 0);
        PQsendQueryParams(c, "SELECT body FROM documents WHERE id = $1", 1, nullptr, params, nullptr, nullptr, 0);
        PQpipelineSync(c);
        for (int q = 0; q < 2; ++q) {
            PGresult *r = PQgetResult(c);
            if (q == 1)
                expectRows(r, 1);
            PQclear(r);
            PQclear(PQgetResult(c));
        }
        PGresult *sync = PQgetResult(c);
        if (PQresultStatus(sync) != PGRES_PIPELINE_SYNC)
            throw std::runtime_error("pipeline out of step");
        PQclear(sync);
    }
    PQexitPipelineMode(c);
    // The context must not outlive the implicit transaction.
    PGresult *r = PQexec(c, "SELECT count(*) FROM documents");
    if (std::string(PQgetvalue(r, 0, 0)) != "0")
        throw std::runtime_error("tenant context leaked past the implicit transaction");
    PQclear(r);
    state.SetLabel("vs BM_PlainRead");
}
BENCHMARK(BM_RlsReadMinimal)->UseRealTime();

static void BM_RlsReadSessionLike(benchmark::State &state)
{
    auto &f = fixture();
    size_t i = 0;
    for (auto _ : state) {
        const std::string open = "BEGIN; SELECT set_config('portico.tenant_id', '" + f.tenant + "', true)";
        run(f.app, open);
        const char *params[] = {f.ids[i++ % f.ids.size()].c_str()};
        PGresult *r = PQexecParams(f.app, "SELECT body FROM documents WHERE id = $1", 1, nullptr, params, nullptr, nullptr, 0);
        expectRows(r, 1);
        PQclear(r);
        run(f.app, "COMMIT");
    }
    state.SetLabel("vs BM_PlainRead");
}
BENCHMARK(BM_RlsReadSessionLike)->UseRealTime();

BENCHMARK_MAIN();
