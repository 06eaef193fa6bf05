// In-process flag evaluation from a snapshot, each beside a same-run baseline: a flag with
// targeting (tenant overrides, user overrides, plan entitlements, a prerequisite) and a rollout,
// against a static flag (no rules). Target: at most 100 ns per evaluation.
#include "core/flags.h"
#include <QJsonDocument>
#include <benchmark/benchmark.h>

using namespace portico::flags;

namespace {
Flag parse(const char *json)
{
    portico::config::ValueError e;
    return *Flag::fromJson(QJsonDocument::fromJson(json).object(), &e);
}

QUuid tenantNo(int i) { return QUuid(uint(i), 0x1234, 0x5678, 1, 2, 3, 4, 5, 6, 7, 8); }

struct Fixture
{
    Snapshot snap;
    std::vector<Context> contexts;
    Fixture()
    {
        snap.add(parse(R"({"key":"static","default":true})"));
        snap.add(parse(R"({"key":"base","default":true})"));
        Flag targeted = parse(R"({"key":"targeted","default":false,"plans":{"enterprise":true},
                                  "rollout":{"percentage":25,"by":"user"},"prerequisites":[{"flag":"base","value":true}]})");
        for (int i = 0; i < 1000; ++i) // a thousand overridden tenants and users, none of them the callers below
            targeted.tenantOverrides.insert(idKey(tenantNo(100000 + i)), 0);
        for (int i = 0; i < 1000; ++i)
            targeted.userOverrides.insert(Context::make(tenantNo(100000 + i), -1, QStringLiteral("user-%1").arg(i), 0).userOverrideKey, 0);
        snap.add(targeted);
        snap.link();
        for (int i = 0; i < 256; ++i) // free-plan callers: every rule is checked and the rollout decides
            contexts.push_back(Context::make(tenantNo(i), 0, QStringLiteral("user-%1").arg(i * 7), 1'800'000'000'000));
    }
};
} // namespace

static void BM_EvaluateStatic(benchmark::State &state)
{
    static const Fixture f;
    size_t i = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(f.snap.evaluate(0, f.contexts[i++ & 255]).variant);
    state.SetLabel("baseline");
}
BENCHMARK(BM_EvaluateStatic);

static void BM_EvaluateTargetedRollout(benchmark::State &state)
{
    static const Fixture f;
    size_t i = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(f.snap.evaluate(2, f.contexts[i++ & 255]).variant);
    state.SetLabel("vs BM_EvaluateStatic");
}
BENCHMARK(BM_EvaluateTargetedRollout);

// The same, looked up by key as OFREP does.
static void BM_EvaluateTargetedRolloutByKey(benchmark::State &state)
{
    static const Fixture f;
    const QString key = QStringLiteral("targeted");
    size_t i = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(f.snap.evaluate(key, f.contexts[i++ & 255]).variant);
    state.SetLabel("vs BM_EvaluateStatic");
}
BENCHMARK(BM_EvaluateTargetedRolloutByKey);

BENCHMARK_MAIN();
