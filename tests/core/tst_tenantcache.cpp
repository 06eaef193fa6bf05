// The tenant-aware cache: one tenant's traffic can evict only its own entries, budgets and the
// global cap hold, expired entries are misses, and the counters tell what happened.
#include "core/tenantcache.h"
#include <QTest>

using namespace portico;

class TestTenantCache : public QObject
{
    Q_OBJECT
    const QUuid a = QUuid::createUuid(), b = QUuid::createUuid(), c = QUuid::createUuid();

private Q_SLOTS:
    void keysAreTenantScoped()
    {
        TenantCache cache(1 << 20, 8 << 20, 60000);
        cache.put(a, QStringLiteral("doc:1"), "alpha", 0);
        QCOMPARE(cache.get(a, QStringLiteral("doc:1"), 1).value_or(QByteArray()), QByteArray("alpha"));
        QVERIFY(!cache.get(b, QStringLiteral("doc:1"), 1)); // same key, other tenant: nothing
        const auto s = cache.stats();
        QCOMPARE(s.value(a).hits, 1);
        QCOMPARE(s.value(b).misses, 1);
    }

    void aNoisyTenantEvictsOnlyItself()
    {
        const qint64 budget = 64 * 1024;
        TenantCache cache(budget, 10 * budget, 60000);
        for (int i = 0; i < 10; ++i)
            cache.put(b, QStringLiteral("doc:%1").arg(i), QByteArray(1000, 'b'), 0);
        // Tenant a writes ten times its budget.
        for (int i = 0; i < 640; ++i)
            cache.put(a, QStringLiteral("doc:%1").arg(i), QByteArray(1000, 'a'), i);
        for (int i = 0; i < 10; ++i)
            QVERIFY(cache.get(b, QStringLiteral("doc:%1").arg(i), 1000));
        const auto s = cache.stats();
        QVERIFY(s.value(a).bytes <= budget);
        QVERIFY(s.value(a).evictions > 500);
        QCOMPARE(s.value(b).evictions, 0);
        QCOMPARE(s.value(b).hits, 10);
        // The newest of a's entries survived, the oldest did not.
        QVERIFY(cache.get(a, QStringLiteral("doc:639"), 1000));
        QVERIFY(!cache.get(a, QStringLiteral("doc:0"), 1000));
    }

    void globalCapDropsTheLeastRecentlyUsedTenant()
    {
        TenantCache cache(40000, 70000, 60000);
        cache.put(a, QStringLiteral("x"), QByteArray(30000, 'a'), 1);
        cache.put(b, QStringLiteral("x"), QByteArray(30000, 'b'), 2);
        QVERIFY(cache.get(b, QStringLiteral("x"), 3)); // b is now more recent than a
        cache.put(c, QStringLiteral("x"), QByteArray(30000, 'c'), 4);
        QVERIFY(cache.totalBytes() <= 70000);
        QVERIFY(!cache.get(a, QStringLiteral("x"), 5));
        QVERIFY(cache.get(b, QStringLiteral("x"), 5));
        QVERIFY(cache.get(c, QStringLiteral("x"), 5));
    }

    void entriesExpireAndCanBeRemoved()
    {
        TenantCache cache(1 << 20, 8 << 20, 1000);
        cache.put(a, QStringLiteral("k"), "v", 0);
        QVERIFY(cache.get(a, QStringLiteral("k"), 999));
        QVERIFY(!cache.get(a, QStringLiteral("k"), 1001));
        cache.put(a, QStringLiteral("k"), "v", 2000);
        cache.remove(a, QStringLiteral("k"));
        QVERIFY(!cache.get(a, QStringLiteral("k"), 2001));
        cache.put(a, QStringLiteral("k2"), "v", 3000);
        cache.removeTenant(a);
        QVERIFY(!cache.get(a, QStringLiteral("k2"), 3001));
        QCOMPARE(cache.totalBytes(), 0);
    }

    // A read that raced a write must not put its old value back after the write's invalidation.
    void aReadOlderThanAWriteIsNotStored()
    {
        TenantCache cache(1 << 20, 8 << 20, 60000);
        const quint64 before = cache.epoch(a); // reader starts, reads "old" from the database ...
        cache.remove(a, QStringLiteral("doc:1")); // ... a writer commits "new" and invalidates ...
        cache.putIfUnchanged(a, QStringLiteral("doc:1"), "old", 1, before); // ... the reader's put is void
        QVERIFY(!cache.get(a, QStringLiteral("doc:1"), 2));
        const quint64 now = cache.epoch(a);
        cache.putIfUnchanged(a, QStringLiteral("doc:1"), "new", 3, now);
        QCOMPARE(cache.get(a, QStringLiteral("doc:1"), 4).value_or(QByteArray()), QByteArray("new"));
        cache.putIfUnchanged(b, QStringLiteral("doc:1"), "other tenant", 5, cache.epoch(b)); // epochs are per tenant
        QVERIFY(cache.get(b, QStringLiteral("doc:1"), 6));
    }

    void oversizedValuesAreNotCached()
    {
        TenantCache cache(1000, 10000, 60000);
        cache.put(a, QStringLiteral("big"), QByteArray(5000, 'x'), 0);
        QVERIFY(!cache.get(a, QStringLiteral("big"), 1));
        QCOMPARE(cache.totalBytes(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTenantCache)
#include "tst_tenantcache.moc"
