// Core hot paths of GET /v1/tenants and GET /v1/documents, each beside a same-run baseline: parsing
// the query string (baseline: building an empty QUrlQuery) and encoding a page with the routes'
// own encoders, encodeTenantPage and encodeDocumentPage (baseline: a page of one).
#include "core/document.h"
#include "core/tenant.h"
#include "core/tenantquery.h"
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
    const QString cursor = QStringLiteral("eyJrIjpbIm5hbWUiLCJ0ZW5hbnQgNDkiXX0");
    for (auto _ : state)
        benchmark::DoNotOptimize(encodeTenantPage(page, cursor, 324).size());
    state.SetItemsProcessed(state.iterations() * state.range(0));
    state.SetLabel(state.range(0) == 1 ? "baseline" : "vs BM_EncodeTenantPage/1");
}
BENCHMARK(BM_EncodeTenantPage)->Arg(1)->Arg(50);

// Bodies as PostgreSQL returns jsonb text: passed through, compacted, never parsed.
static void BM_EncodeDocumentPage(benchmark::State &state)
{
    QList<Document> page;
    for (int i = 0; i < state.range(0); ++i) {
        Document d;
        d.id = QUuid::createUuid();
        d.collection = QStringLiteral("orders");
        d.key = QStringLiteral("orders-%1").arg(i, 6, 10, QLatin1Char('0'));
        d.bodyText = QByteArray(R"({"sku": "A-1042", "qty": 3, "note": "deliver after 5 pm", "lines": [{"p": 12.5, "n": 2}, {"p": 4, "n": 1}]})");
        d.sizeBytes = d.bodyText.size();
        d.createdAt = d.updatedAt = QDateTime::currentDateTimeUtc();
        page << d;
    }
    for (auto _ : state)
        benchmark::DoNotOptimize(encodeDocumentPage(page, QStringLiteral("eyJrIjpbIm9yZGVycyJdfQ")).size());
    state.SetItemsProcessed(state.iterations() * state.range(0));
    state.SetLabel(state.range(0) == 1 ? "baseline" : "vs BM_EncodeDocumentPage/1");
}
BENCHMARK(BM_EncodeDocumentPage)->Arg(1)->Arg(10);

BENCHMARK_MAIN();
