// Core hot paths of GET /v1/tenants, each beside a same-run baseline: parsing the query string
// (baseline: building an empty QUrlQuery) and encoding a 50-tenant page (baseline: one tenant).
#include "core/tenant.h"
#include "core/tenantquery.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <benchmark/benchmark.h>

using namespace portico;

static void BM_Baseline_EmptyQuery(benchmark::State &state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(QUrlQuery(QStringLiteral("")).isEmpty());
    state.SetLabel("baseline");
}
BENCHMARK(BM_Baseline_EmptyQuery);

static void BM_ParseTenantListQuery(benchmark::State &state)
{
    const QString wire = QStringLiteral("limit=50&q=north&state=active&plan=pro&isolation=shared&sort=-created_at");
    for (auto _ : state)
        benchmark::DoNotOptimize(TenantListQuery::fromUrlQuery(QUrlQuery(wire)).index());
    state.SetLabel("vs BM_Baseline_EmptyQuery");
}
BENCHMARK(BM_ParseTenantListQuery);

static Tenant sampleTenant(int i)
{
    Tenant t;
    t.id = QUuid::createUuid();
    t.slug = QStringLiteral("tenant-%1").arg(i);
    t.name = QStringLiteral("Tenant %1 Logistics GmbH").arg(i);
    t.region = QStringLiteral("us-east");
    t.placement = {IsolationModel::Shared, t.region, QStringLiteral("home"), QStringLiteral("portico"), QStringLiteral("public")};
    t.createdAt = t.updatedAt = QDateTime::currentDateTimeUtc();
    return t;
}

static void BM_EncodeTenantPage(benchmark::State &state)
{
    QList<Tenant> page;
    for (int i = 0; i < state.range(0); ++i)
        page << sampleTenant(i);
    for (auto _ : state) {
        QJsonArray items;
        for (const Tenant &t : page)
            items.append(t.toJson());
        benchmark::DoNotOptimize(QJsonDocument(QJsonObject{{QStringLiteral("items"), items}}).toJson(QJsonDocument::Compact).size());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
    state.SetLabel(state.range(0) == 1 ? "baseline" : "vs BM_EncodeTenantPage/1");
}
BENCHMARK(BM_EncodeTenantPage)->Arg(1)->Arg(50);

BENCHMARK_MAIN();
