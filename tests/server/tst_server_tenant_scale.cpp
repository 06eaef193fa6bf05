// The tenant list over a synthetic fleet (--seed-scale) with a low exact-count threshold: the
// total is exact up to the threshold and with total=exact, an estimate (flagged) above it; every
// filter combination the console offers returns exactly the matching tenants in exactly the
// requested order, page after page; cursors stay put while tenants are added.
#include "tests/support/serverfixture.h"
#include <QDateTime>
#include <QJsonArray>
#include <QSet>
#include <QTest>
#include <QUrl>
#include <algorithm>

using namespace portico::test;

namespace {
constexpr int kSeeded = 2400;
constexpr int kExactUpTo = 300;
} // namespace

class TestServerTenantScale : public QObject
{
    Q_OBJECT
    ServerFixture m_fx;
    PgCluster *m_eu = nullptr;
    QList<QJsonObject> m_all; // every tenant, as the unfiltered list serves them

    struct Walk
    {
        QList<QJsonObject> items;
        qint64 total = -1;
        bool estimate = false;
    };
    // Every page of `query`, in the order served; the total and flag of the first page.
    Walk walk(const QString &query, int limit)
    {
        Walk w;
        QString cursor;
        for (int guard = 0; guard < 2000; ++guard) {
            QString path = QStringLiteral("/v1/tenants?limit=%1%2").arg(limit).arg(query.isEmpty() ? QString() : QLatin1Char('&') + query);
            if (!cursor.isEmpty())
                path += QStringLiteral("&cursor=") + cursor;
            const auto r = m_fx.op().get(path);
            if (r.status != 200)
                qFatal("page failed: %s", r.body.constData());
            const QJsonObject o = r.json();
            if (w.total < 0) {
                w.total = o.value(QStringLiteral("total")).toInteger(-1);
                w.estimate = o.value(QStringLiteral("total_is_estimate")).toBool(true);
                if (!o.value(QStringLiteral("total_is_estimate")).isBool())
                    qFatal("total_is_estimate missing: %s", r.body.constData());
            }
            for (const auto v : o.value(QStringLiteral("items")).toArray())
                w.items << v.toObject();
            cursor = o.value(QStringLiteral("next_cursor")).toString();
            if (cursor.isEmpty())
                break;
        }
        return w;
    }
    static QStringList ids(const QList<QJsonObject> &items)
    {
        QStringList out;
        for (const auto &t : items)
            out << t.value(QStringLiteral("id")).toString();
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_eu = &m_fx.addCluster(QStringLiteral("eu-central"), QStringLiteral("eu-central"));
        QVERIFY2(m_fx.start({QStringLiteral("--seed-scale"), QString::number(kSeeded), QStringLiteral("--tenant-total-exact-up-to"), QString::number(kExactUpTo)}),
                 qPrintable(m_fx.errorString()));
        // Real tenants of every model beside the synthetic (shared) ones: the isolation filter
        // reads a copy of the placement's model that a trigger keeps.
        for (const auto &[name, isolation, region] : {std::tuple{"Northwind Schema Holdings", "schema", "us-east"},
                                                       std::tuple{"Zephyr Database Partners", "database", "eu-central"},
                                                       std::tuple{"Ab Shared Oy", "shared", "eu-central"}}) {
            TenantSpec spec;
            spec.name = QString::fromLatin1(name);
            spec.isolation = QString::fromLatin1(isolation);
            spec.region = QString::fromLatin1(region);
            spec.plan = QStringLiteral("enterprise");
            spec.state = QStringLiteral("suspended");
            const TestTenant t = m_fx.makeTenant(spec);
            QVERIFY2(t.ok(), qPrintable(t.error));
        }
        m_all = walk(QStringLiteral("total=exact"), 500).items;
        QCOMPARE(m_all.size(), kSeeded + 3);
    }

    void seedingIsIdempotentAndComplete()
    {
        QCOMPARE(m_fx.sql(QStringLiteral("SELECT count(*) FROM tenants WHERE slug LIKE 'scale-%'")), QString::number(kSeeded));
        // Every synthetic tenant has its shared placement, as provisioning writes it.
        QCOMPARE(m_fx.sql(QStringLiteral("SELECT count(*) FROM tenants t JOIN placements p ON p.tenant_id = t.id "
                                         "WHERE t.slug LIKE 'scale-%' AND p.model = 'shared' AND p.schema_name = 'public' AND p.region = t.region")),
                 QString::number(kSeeded));
        // Both regions, all plans and states are represented.
        QCOMPARE(m_fx.sql(QStringLiteral("SELECT count(DISTINCT region) || ',' || count(DISTINCT plan) || ',' || count(DISTINCT state) FROM tenants WHERE slug LIKE 'scale-%'")),
                 QStringLiteral("2,3,3"));
        // A second server on the same database with the same seed adds nothing.
        ServerProcess again(m_fx.cluster());
        again.setDatabase(m_fx.server().database());
        again.addCluster(*m_eu, QStringLiteral("eu-central"), QStringLiteral("eu-central"));
        QVERIFY2(again.start({QStringLiteral("--seed-scale"), QString::number(kSeeded)}), qPrintable(again.errorString()));
        QVERIFY2(again.log().contains(QLatin1String("added 0 synthetic tenants")), qPrintable(again.log()));
        again.stop();
        QCOMPARE(m_fx.sql(QStringLiteral("SELECT count(*) FROM tenants")), QString::number(kSeeded + 3));
    }

    void totalIsEstimatedAboveTheThreshold()
    {
        const auto r = m_fx.op().get(QStringLiteral("/v1/tenants?limit=5")).json();
        QCOMPARE(r.value(QStringLiteral("total_is_estimate")).toBool(), true);
        // The planner's estimate, from statistics the seeding gathered: near the real count.
        const qint64 total = r.value(QStringLiteral("total")).toInteger();
        QVERIFY2(total > kExactUpTo && total > (kSeeded + 3) / 2 && total < (kSeeded + 3) * 2, qPrintable(QString::number(total)));
        // Asked for, it is exact.
        const auto exact = m_fx.op().get(QStringLiteral("/v1/tenants?limit=5&total=exact")).json();
        QCOMPARE(exact.value(QStringLiteral("total_is_estimate")).toBool(), false);
        QCOMPARE(exact.value(QStringLiteral("total")).toInteger(), qint64(kSeeded + 3));
        // A filter with few matches is counted exactly without asking.
        const Walk few = walk(QStringLiteral("state=suspended&plan=enterprise"), 50);
        QVERIFY(few.items.size() <= kExactUpTo);
        QCOMPARE(few.estimate, false);
        QCOMPARE(few.total, qint64(few.items.size()));
        const Walk none = walk(QStringLiteral("q=no-such-tenant-anywhere"), 50);
        QCOMPARE(none.estimate, false);
        QCOMPARE(none.total, 0);
        // total takes exact or auto only.
        const auto bad = m_fx.op().get(QStringLiteral("/v1/tenants?total=approximately"));
        QCOMPARE(bad.status, 422);
        QCOMPARE(bad.json().value(QStringLiteral("field")).toString(), QStringLiteral("total"));
    }

    void everyFilterCombinationReturnsTheMatchesInOrder_data()
    {
        QTest::addColumn<QString>("q");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("plan");
        QTest::addColumn<QString>("region");
        QTest::addColumn<QString>("isolation");
        QTest::addColumn<QString>("sort");
        const QStringList searches{QString(), QStringLiteral("n"), QStringLiteral("ze"), QStringLiteral("north"), QStringLiteral("000042"),
                                   QStringLiteral("ics 0"), QStringLiteral("scale-0012")};
        const QStringList sorts{QStringLiteral("name"), QStringLiteral("-name"), QStringLiteral("slug"), QStringLiteral("-slug"), QStringLiteral("state"),
                                QStringLiteral("-state"), QStringLiteral("plan"), QStringLiteral("-plan"), QStringLiteral("created_at"), QStringLiteral("-created_at")};
        // Each filter alone and together, with every search, across the sorts in turn.
        const QList<QStringList> filters{{{}, {}, {}, {}},
                                         {QStringLiteral("suspended"), {}, {}, {}},
                                         {{}, QStringLiteral("enterprise"), {}, {}},
                                         {{}, {}, QStringLiteral("eu-central"), {}},
                                         {{}, {}, {}, QStringLiteral("schema")},
                                         {{}, {}, {}, QStringLiteral("shared")},
                                         {QStringLiteral("trial"), QStringLiteral("pro"), {}, {}},
                                         {QStringLiteral("active"), QStringLiteral("free"), QStringLiteral("us-east"), QStringLiteral("shared")},
                                         {QStringLiteral("suspended"), QStringLiteral("enterprise"), QStringLiteral("eu-central"), QStringLiteral("database")}};
        int n = 0;
        for (const QString &q : searches)
            for (const QStringList &f : filters) {
                const QString sort = sorts.at(n++ % sorts.size());
                QTest::addRow("q=%s state=%s plan=%s region=%s isolation=%s sort=%s", qPrintable(q), qPrintable(f[0]), qPrintable(f[1]), qPrintable(f[2]),
                              qPrintable(f[3]), qPrintable(sort))
                    << q << f[0] << f[1] << f[2] << f[3] << sort;
            }
    }
    void everyFilterCombinationReturnsTheMatchesInOrder()
    {
        QFETCH(QString, q);
        QFETCH(QString, state);
        QFETCH(QString, plan);
        QFETCH(QString, region);
        QFETCH(QString, isolation);
        QFETCH(QString, sort);
        // The expected rows, filtered and sorted here from the whole fleet.
        const QString needle = q.toLower();
        QList<QJsonObject> expected;
        for (const QJsonObject &t : std::as_const(m_all)) {
            const QString name = t.value(QStringLiteral("name")).toString().toLower();
            const QString slug = t.value(QStringLiteral("slug")).toString();
            // One or two characters: the start of name or slug; more: anywhere in either.
            const bool matches = needle.isEmpty()
                || (needle.size() < 3 ? name.startsWith(needle) || slug.startsWith(needle) : (name + QLatin1Char(' ') + slug).contains(needle));
            const auto is = [&t](const char *field, const QString &want) { return want.isEmpty() || t.value(QLatin1String(field)).toString() == want; };
            const bool model = isolation.isEmpty() || t.value(QStringLiteral("placement")).toObject().value(QStringLiteral("model")).toString() == isolation;
            if (matches && is("state", state) && is("plan", plan) && is("region", region) && model)
                expected << t;
        }
        const bool descending = sort.startsWith(QLatin1Char('-'));
        const QString key = descending ? sort.mid(1) : sort;
        const auto sortValue = [&key](const QJsonObject &t) {
            const QString v = t.value(key).toString();
            if (key == QLatin1String("name"))
                return v.toLower();
            if (key == QLatin1String("created_at"))
                return QDateTime::fromString(v, Qt::ISODateWithMs).toUTC().toString(QStringLiteral("yyyyMMddHHmmsszzz"));
            return v;
        };
        std::stable_sort(expected.begin(), expected.end(), [&](const QJsonObject &a, const QJsonObject &b) {
            const QString va = sortValue(a), vb = sortValue(b);
            const QString ia = a.value(QStringLiteral("id")).toString(), ib = b.value(QStringLiteral("id")).toString();
            const bool less = va != vb ? va < vb : ia < ib;
            const bool greater = va != vb ? va > vb : ia > ib;
            return descending ? greater : less;
        });

        QString query = QStringLiteral("sort=") + sort;
        for (const auto &[k, v] : {std::pair{"q", q}, std::pair{"state", state}, std::pair{"plan", plan}, std::pair{"region", region}, std::pair{"isolation", isolation}})
            if (!v.isEmpty())
                query += QStringLiteral("&%1=%2").arg(QLatin1String(k), QString::fromLatin1(QUrl::toPercentEncoding(v)));
        // Pages small enough that most combinations cross several page boundaries.
        const Walk got = walk(query, expected.size() > 600 ? 250 : 37);
        QCOMPARE(ids(got.items), ids(expected));
        if (got.estimate)
            QVERIFY2(expected.size() > kExactUpTo, qPrintable(QString::number(expected.size())));
        else
            QCOMPARE(got.total, qint64(expected.size()));
    }

    // A cursor names a place in the order, not an offset: tenants added before it (or after it)
    // while an operator pages neither repeat nor skip a row.
    void cursorsStayStableAcrossAPageBoundaryWhileTenantsAreAdded()
    {
        const auto first = m_fx.op().get(QStringLiteral("/v1/tenants?limit=40&sort=name&state=active")).json();
        const QString cursor = first.value(QStringLiteral("next_cursor")).toString();
        QVERIFY(!cursor.isEmpty());
        const QStringList before = ids(walk(QStringLiteral("sort=name&state=active"), 500).items);
        QVERIFY(before.size() > 80);
        // One tenant that sorts before the cursor, one in the middle of the next page.
        for (const QString &name : {QStringLiteral("Aaaa Added First"), QStringLiteral("Cobalt Energy 0000000 Added")}) {
            TenantSpec spec;
            spec.name = name;
            spec.state = QStringLiteral("active");
            QVERIFY(m_fx.makeTenant(spec).ok());
        }
        const auto next = m_fx.op().get(QStringLiteral("/v1/tenants?limit=40&sort=name&state=active&cursor=") + cursor).json();
        QStringList firstIds, nextIds;
        for (const auto v : first.value(QStringLiteral("items")).toArray())
            firstIds << v.toObject().value(QStringLiteral("id")).toString();
        for (const auto v : next.value(QStringLiteral("items")).toArray())
            nextIds << v.toObject().value(QStringLiteral("id")).toString();
        QCOMPARE(firstIds, before.mid(0, 40));
        const QStringList after = ids(walk(QStringLiteral("sort=name&state=active"), 500).items);
        QCOMPARE(after.size(), before.size() + 2);
        // The second page starts right after the first page's last row, as the list is now.
        const qsizetype at = after.indexOf(firstIds.last());
        QCOMPARE(nextIds, after.mid(at + 1, 40));
        for (const QString &id : nextIds)
            QVERIFY(!firstIds.contains(id));
    }
};

QTEST_GUILESS_MAIN(TestServerTenantScale)
#include "tst_server_tenant_scale.moc"
