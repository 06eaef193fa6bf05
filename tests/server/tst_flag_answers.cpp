// server/flags/answercache: a kept answer is the one evaluationsJson gives for its tenant, user,
// shape and schedule span, and the cache stays within its bounds (per tenant and in all).
#include "server/flags/answercache.h"
#include "core/timeutil.h"
#include <QJsonDocument>
#include <QTest>

using namespace portico::flags;

namespace {
constexpr qint64 kSwitchAt = 1'800'000'000'000; // a schedule entry: on from here

Snapshot snapshot()
{
    Snapshot s;
    for (const char *def : {R"({"key":"by-user","default":false,"rollout":{"percentage":50,"by":"user"}})",
                            R"({"key":"timed","default":false,"schedule":[{"at":"2027-01-15T08:00:00.000Z","state":"on"}]})"}) {
        portico::config::ValueError e;
        auto f = Flag::fromJson(QJsonDocument::fromJson(def).object(), &e);
        Q_ASSERT(f);
        s.add(*f);
    }
    s.link();
    return s;
}
QUuid tenantNo(int i) { return QUuid(QStringLiteral("00000000-0000-4000-8000-%1").arg(i, 12, 10, QLatin1Char('0'))); }
QByteArray fresh(const Snapshot &s, const QUuid &t, const QString &user, bool asMap, qint64 now)
{
    return evaluationsJson(s, Context::make(t, s.tenantPlan(t), user, now), asMap);
}
} // namespace

class TestFlagAnswers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keptAnswersAreTheirContextsOwn()
    {
        const Snapshot s = snapshot();
        QCOMPARE(portico::toIsoUtc(portico::utcFromMs(kSwitchAt)), QStringLiteral("2027-01-15T08:00:00.000Z"));
        AnswerCache cache(s);
        const qint64 before = kSwitchAt - 1000, after = kSwitchAt + 1000;
        // Every combination twice, the second from the cache, each equal to a fresh evaluation.
        for (const qint64 now : {before, after})
            for (int round = 0; round < 2; ++round)
                for (int t = 0; t < 3; ++t)
                    for (const QString &user : {QString(), QStringLiteral("u1"), QStringLiteral("u2"), QStringLiteral("U1")})
                        for (const bool asMap : {false, true}) {
                            const AnswerCache::Answer a = cache.evaluations(s, tenantNo(t), user, asMap, now);
                            QCOMPARE(a.body, fresh(s, tenantNo(t), user, asMap, now));
                            QCOMPARE(a.etag.isEmpty(), !asMap);
                        }
        QCOMPARE(cache.stats().hits, cache.stats().misses); // the second round, at both times
        // The schedule entry splits the time: just before and at it are two answers.
        QVERIFY(cache.evaluations(s, tenantNo(0), {}, false, kSwitchAt - 1).body != cache.evaluations(s, tenantNo(0), {}, false, kSwitchAt).body);
    }

    void boundedPerTenantAndInAll()
    {
        const Snapshot s = snapshot();
        AnswerCache cache(s);
        for (int u = 0; u < 3 * AnswerCache::kPerTenant; ++u)
            cache.evaluations(s, tenantNo(1), QStringLiteral("user-%1").arg(u), false, 0);
        QCOMPARE(cache.stats().entries, qint64(AnswerCache::kPerTenant));
        QCOMPARE(cache.stats().tenants, qint64(1));
        // In all: a budget of about ten answers keeps no more than fits, whoever asks.
        const qsizetype one = fresh(s, tenantNo(1), QStringLiteral("user-1"), false, 0).size() + 256;
        AnswerCache small(s, one * 10);
        for (int t = 0; t < 100; ++t)
            small.evaluations(s, tenantNo(t), QStringLiteral("u"), false, 0);
        QVERIFY2(small.stats().bytes <= one * 10, qPrintable(QString::number(small.stats().bytes)));
        QVERIFY2(small.stats().tenants >= 5 && small.stats().tenants <= 20, qPrintable(QString::number(small.stats().tenants)));
        // The newest tenant is kept: its answer is a hit.
        const qint64 hits = small.stats().hits;
        small.evaluations(s, tenantNo(99), QStringLiteral("u"), false, 0);
        QCOMPARE(small.stats().hits, hits + 1);
    }
};

QTEST_GUILESS_MAIN(TestFlagAnswers)
#include "tst_flag_answers.moc"
