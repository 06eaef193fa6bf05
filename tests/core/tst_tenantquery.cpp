// The tenant list query: parsing, validation with the offending field, and the round trip
// through the URL query that the client builds.
#include "core/tenantquery.h"
#include <QTest>

using namespace portico;

class TestTenantQuery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rejectsBadParameters_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("field");
        QTest::newRow("limit zero") << "limit=0" << "limit";
        QTest::newRow("limit too big") << "limit=501" << "limit";
        QTest::newRow("limit not a number") << "limit=ten" << "limit";
        QTest::newRow("unknown state") << "state=deleted" << "state";
        QTest::newRow("unknown plan") << "plan=gold" << "plan";
        QTest::newRow("unknown isolation") << "isolation=vm" << "isolation";
        QTest::newRow("unknown sort") << "sort=size" << "sort";
        QTest::newRow("unknown parameter") << "colour=blue" << "colour";
        QTest::newRow("repeated parameter") << "plan=pro&plan=free" << "plan";
        QTest::newRow("unknown total") << "total=approximate" << "total";
        QTest::newRow("search too long") << ("q=" + QString(101, QLatin1Char('a'))) << "q";
    }
    void rejectsBadParameters()
    {
        QFETCH(QString, query);
        QFETCH(QString, field);
        const auto parsed = TenantListQuery::fromUrlQuery(QUrlQuery(query));
        QVERIFY(std::holds_alternative<Problem>(parsed));
        const auto &p = std::get<Problem>(parsed);
        QCOMPARE(p.status, 422);
        QCOMPARE(p.type, QString::fromLatin1(problem::Validation));
        QCOMPARE(p.field, field);
        QVERIFY(!p.detail.isEmpty());
    }

    void parsesValidParameters()
    {
        const auto parsed = TenantListQuery::fromUrlQuery(QUrlQuery(QStringLiteral("limit=20&q=%20North%20&state=active&plan=pro&region=us-east&isolation=shared&sort=-created_at")));
        QVERIFY(std::holds_alternative<TenantListQuery>(parsed));
        const auto &q = std::get<TenantListQuery>(parsed);
        QCOMPARE(q.limit, 20);
        QCOMPARE(q.search, QStringLiteral("North"));
        QCOMPARE(q.state, QStringLiteral("active"));
        QCOMPARE(q.plan, QStringLiteral("pro"));
        QCOMPARE(q.isolation, QStringLiteral("shared"));
        QCOMPARE(sortKeyName(q.sortKey), QStringLiteral("created_at"));
        QVERIFY(q.descending);
    }

    void defaults()
    {
        const auto q = std::get<TenantListQuery>(TenantListQuery::fromUrlQuery(QUrlQuery()));
        QCOMPARE(q.limit, TenantListQuery::kDefaultLimit);
        QCOMPARE(q.sortParameter(), QStringLiteral("name"));
        QVERIFY(!q.exactTotal); // exact up to the server's threshold, estimated above it
        QVERIFY(std::get<TenantListQuery>(TenantListQuery::fromUrlQuery(QUrlQuery(QStringLiteral("total=exact")))).exactTotal);
        QVERIFY(!std::get<TenantListQuery>(TenantListQuery::fromUrlQuery(QUrlQuery(QStringLiteral("total=auto")))).exactTotal);
    }

    // A whole id in q is a search by id (any case, braces or not); anything less is a substring search.
    void searchById_data()
    {
        QTest::addColumn<QString>("q");
        QTest::addColumn<bool>("isId");
        const QString id = QStringLiteral("6f1c2a9e-0b1c-4d2e-8f00-00000000000a");
        QTest::newRow("canonical") << id << true;
        QTest::newRow("upper case") << id.toUpper() << true;
        QTest::newRow("braces") << QStringLiteral("{%1}").arg(id) << true;
        QTest::newRow("spaces around") << QStringLiteral("  %1 ").arg(id) << true;
        QTest::newRow("one brace") << QStringLiteral("{%1").arg(id) << false;
        QTest::newRow("truncated") << id.left(35) << false;
        QTest::newRow("without dashes") << QString(id).remove(QLatin1Char('-')) << false;
        QTest::newRow("inside text") << QStringLiteral("tenant %1").arg(id) << false;
        QTest::newRow("nil") << QStringLiteral("00000000-0000-0000-0000-000000000000") << false;
        QTest::newRow("a name") << QStringLiteral("acme") << false;
    }
    void searchById()
    {
        QFETCH(QString, q);
        QFETCH(bool, isId);
        QUrlQuery url;
        url.addQueryItem(QStringLiteral("q"), QString::fromLatin1(QUrl::toPercentEncoding(q)));
        const auto parsed = TenantListQuery::fromUrlQuery(url);
        QVERIFY(std::holds_alternative<TenantListQuery>(parsed));
        const auto id = std::get<TenantListQuery>(parsed).searchId();
        QCOMPARE(bool(id), isId);
        if (id)
            QCOMPARE(*id, QUuid::fromString(QStringLiteral("6f1c2a9e-0b1c-4d2e-8f00-00000000000a")));
    }

    void roundTripsThroughUrl_data()
    {
        QTest::addColumn<QString>("search");
        QTest::newRow("plain") << "acme";
        QTest::newRow("ampersand and equals") << "a&b=c";
        QTest::newRow("percent and plus") << "100% + more";
        QTest::newRow("unicode") << "Zoë ß";
    }
    void roundTripsThroughUrl()
    {
        QFETCH(QString, search);
        TenantListQuery q;
        q.search = search;
        q.plan = QStringLiteral("enterprise");
        q.sortKey = TenantSortKey::Slug;
        q.descending = true;
        q.limit = 7;
        q.exactTotal = true;
        // What the client sends is what the server parses.
        const QUrlQuery wire(q.toUrlQuery().toString(QUrl::FullyEncoded));
        const auto parsed = TenantListQuery::fromUrlQuery(wire);
        const auto *problem = std::get_if<Problem>(&parsed);
        QVERIFY2(!problem, problem ? qPrintable(problem->detail) : "");
        QCOMPARE(std::get<TenantListQuery>(parsed), q);
    }
};

QTEST_GUILESS_MAIN(TestTenantQuery)
#include "tst_tenantquery.moc"
