// server/http/router: which route a method and path reach, in registration order, with the
// parameters in pattern order; 405's Allow list; empty segments ignored; the lane.
#include "server/http/context.h"
#include "server/http/router.h"
#include <QTest>

using namespace portico::http;

namespace {
Handler named(const char *name)
{
    return [name](RequestContext &) { Response r; r.body = name; return r; };
}
} // namespace

class TestRouter : public QObject
{
    Q_OBJECT
    Router router;

private Q_SLOTS:
    void initTestCase()
    {
        router.add("GET", QStringLiteral("/v1/ping"), Access::publicRoute(), named("ping"), Lane::Inline);
        router.add("GET", QStringLiteral("/v1/flags/evaluate"), Access::tenant(), named("evaluate"), Lane::Compute);
        router.add("GET", QStringLiteral("/v1/flags/{key}"), Access::operators(), named("flag"));
        router.add("PATCH", QStringLiteral("/v1/flags/{key}"), Access::writers(), named("patch"));
        router.add("DELETE", QStringLiteral("/v1/flags/{key}"), Access::writers(), named("delete"));
        // Registered after the parameter route of the same shape: the parameter route wins.
        router.add("GET", QStringLiteral("/v1/flags/late"), Access::operators(), named("late"));
        router.add("PUT", QStringLiteral("/v1/tenants/{id}/flags/{key}"), Access::writers(), named("put"));
        router.add("GET", QStringLiteral("/v1/tenants/{id}/flags/{key}"), Access::operators(), named("tenant-flag"));
        router.add("POST", QStringLiteral("/v1/tenants/{id}/flags/{key}/x"), Access::writers(), named("deeper"));
        router.add("GET", QStringLiteral("/"), Access::publicRoute(), named("root"));
        // A parameter as second segment, registered after and before routes whose second segment is a literal.
        router.add("POST", QStringLiteral("/v1/{any}/thing"), Access::publicRoute(), named("wild-later"));
        router.add("GET", QStringLiteral("/v2/{any}/x"), Access::publicRoute(), named("wild-first"));
        router.add("GET", QStringLiteral("/v2/flags/x"), Access::publicRoute(), named("named-second"));
        router.add("GET", QStringLiteral("/v2/flags/y"), Access::publicRoute(), named("named-y"));
    }

    void matches_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("route"); // "" for none
        QTest::addColumn<QStringList>("params");
        QTest::addColumn<QByteArrayList>("allowed");
        QTest::addColumn<int>("lane");
        const QByteArrayList none;
        QTest::newRow("static") << QByteArray("GET") << "/v1/flags/evaluate" << QByteArray("evaluate") << QStringList() << none << int(Lane::Compute);
        QTest::newRow("param before a later static") << QByteArray("GET") << "/v1/flags/late" << QByteArray("flag") << QStringList{"late"} << none << int(Lane::Workers);
        QTest::newRow("param") << QByteArray("PATCH") << "/v1/flags/beta-ui" << QByteArray("patch") << QStringList{"beta-ui"} << none << int(Lane::Workers);
        QTest::newRow("two params, in order") << QByteArray("GET") << "/v1/tenants/acme/flags/beta" << QByteArray("tenant-flag") << QStringList{"acme", "beta"} << none << int(Lane::Workers);
        QTest::newRow("HEAD reaches GET") << QByteArray("HEAD") << "/v1/ping" << QByteArray("ping") << QStringList() << none << int(Lane::Inline);
        QTest::newRow("empty segments ignored") << QByteArray("GET") << "//v1///ping/" << QByteArray("ping") << QStringList() << none << int(Lane::Inline);
        QTest::newRow("root") << QByteArray("GET") << "/" << QByteArray("root") << QStringList() << none << int(Lane::Workers);
        QTest::newRow("empty path is the root") << QByteArray("GET") << "" << QByteArray("root") << QStringList() << none << int(Lane::Workers);
        QTest::newRow("405 names every method of the path") << QByteArray("POST") << "/v1/flags/x" << QByteArray() << QStringList()
                                                            << QByteArrayList{"GET", "HEAD", "PATCH", "DELETE"} << int(Lane::Workers);
        QTest::newRow("405, methods of one shape only") << QByteArray("DELETE") << "/v1/tenants/a/flags/b" << QByteArray() << QStringList()
                                                        << QByteArrayList{"PUT", "GET", "HEAD"} << int(Lane::Workers);
        QTest::newRow("a parameter second segment registered first wins") << QByteArray("GET") << "/v2/flags/x" << QByteArray("wild-first") << QStringList{"flags"} << none << int(Lane::Workers);
        QTest::newRow("a literal second segment") << QByteArray("GET") << "/v2/flags/y" << QByteArray("named-y") << QStringList() << none << int(Lane::Workers);
        QTest::newRow("a later parameter route takes another method") << QByteArray("POST") << "/v1/flags/thing" << QByteArray("wild-later") << QStringList{"flags"} << none << int(Lane::Workers);
        QTest::newRow("405 across both kinds, in order") << QByteArray("PUT") << "/v1/flags/thing" << QByteArray() << QStringList()
                                                         << QByteArrayList{"GET", "HEAD", "PATCH", "DELETE", "POST"} << int(Lane::Workers);
        QTest::newRow("only the parameter route") << QByteArray("GET") << "/v1/other/thing" << QByteArray() << QStringList() << QByteArrayList{"POST"} << int(Lane::Workers);
        QTest::newRow("unknown, same length") << QByteArray("GET") << "/v1/nope/x" << QByteArray() << QStringList() << none << int(Lane::Workers);
        QTest::newRow("unknown, longer than any") << QByteArray("GET") << "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r" << QByteArray() << QStringList() << none << int(Lane::Workers);
        QTest::newRow("case matters") << QByteArray("GET") << "/V1/PING" << QByteArray() << QStringList() << none << int(Lane::Workers);
        QTest::newRow("method case matters") << QByteArray("get") << "/v1/ping" << QByteArray() << QStringList() << QByteArrayList{"GET", "HEAD"} << int(Lane::Workers);
        QTest::newRow("a prefix is not the route") << QByteArray("GET") << "/v1/pingx" << QByteArray() << QStringList() << none << int(Lane::Workers);
    }

    void matches()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, route);
        QFETCH(QStringList, params);
        QFETCH(QByteArrayList, allowed);
        QFETCH(int, lane);
        const Router::Match m = router.match(method, path);
        if (route.isEmpty()) {
            QVERIFY(!m.route);
            QCOMPARE(m.allowedMethods, allowed);
        } else {
            QVERIFY(m.route);
            Request request;
            RequestContext ctx{request, {}};
            QCOMPARE(m.route->handler(ctx).body, route);
            QCOMPARE(m.params, params);
        }
        QCOMPARE(int(router.laneOf(method, path)), lane);
    }
};

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"
