// The problem+json shape survives the socket: through the real binary, errors of each stage of the
// pipeline arrive with their type, headers (Allow, WWW-Authenticate) and request id, and the
// request id a client sends is echoed only when it is safe. The contract row by row (routing,
// limits, authentication, tenant context, every problem shape) is tst_pipeline's, in process.
#include "core/problem.h"
#include "tests/support/serverfixture.h"
#include <QJsonArray>
#include <QTest>

using namespace portico;
using namespace portico::test;

class TestServerErrors : public QObject
{
    Q_OBJECT
    ServerFixture m_fx;
    QString m_tenantToken;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_fx.start(), qPrintable(m_fx.errorString()));
        const TestTenant t = m_fx.makeTenant({.name = QStringLiteral("Error Shapes Ltd"), .state = {}, .adminEmail = QStringLiteral("a@errors.example"), .liftLimits = true});
        QVERIFY2(t.ok(), qPrintable(t.error));
        QCOMPARE(t.slug, QStringLiteral("error-shapes-ltd"));
        m_tenantToken = t.token;
    }

    void problemShapes_data()
    {
        QTest::addColumn<QString>("who");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("field");

        const QByteArray json = "application/json";
        QTest::newRow("unknown route") << "operator" << QByteArray("GET") << "/v1/nothing-here" << QByteArray() << json << 404 << problem::NotFound << "";
        QTest::newRow("unknown root") << "none" << QByteArray("GET") << "/" << QByteArray() << json << 404 << problem::NotFound << "";
        QTest::newRow("wrong method") << "operator" << QByteArray("DELETE") << "/v1/tenants" << QByteArray() << json << 405 << problem::MethodNotAllowed << "";
        QTest::newRow("broken json") << "operator" << QByteArray("POST") << "/v1/tenants" << QByteArray("{\"name\": ") << json << 400 << problem::MalformedJson << "";
        QTest::newRow("oversized body") << "operator" << QByteArray("POST") << "/v1/tenants" << QByteArray(300 * 1024, 'x') << json << 413 << problem::PayloadTooLarge << "";
        QTest::newRow("no token") << "none" << QByteArray("GET") << "/v1/tenants" << QByteArray() << json << 401 << problem::Unauthenticated << "";
        QTest::newRow("garbage token") << "garbage" << QByteArray("GET") << "/v1/tenants" << QByteArray() << json << 401 << problem::Unauthenticated << "";
        QTest::newRow("tenant token on operator route") << "tenant" << QByteArray("GET") << "/v1/tenants" << QByteArray() << json << 403 << problem::Forbidden << "";
        QTest::newRow("operator token on tenant route") << "operator" << QByteArray("GET") << "/v1/documents" << QByteArray() << json << 403 << problem::TenantContextRequired << "";
        QTest::newRow("document not a uuid") << "tenant" << QByteArray("GET") << "/v1/documents/not-a-uuid" << QByteArray() << json << 404 << problem::NotFound << "";
    }
    void problemShapes()
    {
        QFETCH(QString, who);
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(int, status);
        QFETCH(QString, type);
        QFETCH(QString, field);

        HttpTestClient client(m_fx.baseUrl());
        if (who == QLatin1String("operator"))
            client.setToken(m_fx.server().operatorToken());
        else if (who == QLatin1String("tenant"))
            client.setToken(m_tenantToken);
        else if (who == QLatin1String("garbage"))
            client.setToken(QStringLiteral("pto_not-a-real-token"));
        const auto r = client.request(method, path, body, {{"Content-Type", contentType}});
        QCOMPARE(r.status, status);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/problem+json"));
        const QJsonObject o = r.json();
        QCOMPARE(o.value(QStringLiteral("type")).toString(), type);
        QCOMPARE(o.value(QStringLiteral("status")).toInt(), status);
        QVERIFY(!o.value(QStringLiteral("title")).toString().isEmpty());
        QVERIFY(o.value(QStringLiteral("detail")).toString().size() > 10);
        QCOMPARE(o.value(QStringLiteral("instance")).toString(), QUrl(path).path());
        QCOMPARE(o.value(QStringLiteral("request_id")).toString().toLatin1(), r.header("X-Request-Id"));
        QCOMPARE(o.value(QStringLiteral("field")).toString(), field);
        if (status == 405)
            QCOMPARE(r.header("Allow"), QByteArray("GET, HEAD, POST"));
        if (status == 401)
            QVERIFY(r.header("WWW-Authenticate").startsWith("Bearer"));
    }

    // An id is 8-4-4-4-12 hex digits (braces allowed) and nothing else: trailing or leading junk
    // names no tenant or document, in any route. A path segment longer than any id is refused
    // before a handler quotes it, and what a problem quotes of the path is capped.
    void idsAreStrict()
    {
        HttpTestClient op(m_fx.baseUrl(), m_fx.server().operatorToken());
        const auto tenants = op.get(QStringLiteral("/v1/tenants?limit=1"));
        QCOMPARE(tenants.status, 200);
        const QString id = tenants.json().value(QStringLiteral("items")).toArray().first().toObject().value(QStringLiteral("id")).toString();
        QCOMPARE(id.size(), 36);
        QCOMPARE(op.get(QStringLiteral("/v1/tenants/") + id).status, 200);
        QCOMPARE(op.get(QStringLiteral("/v1/tenants/") + id.toUpper()).status, 200);
        for (const QString &junk : {id + QStringLiteral("x"), id + QStringLiteral("00"), QStringLiteral("{") + id + QStringLiteral("}x"),
                                    QStringLiteral("x") + id.mid(1), id.left(35) + QStringLiteral("g"), QString(id).replace(8, 1, QLatin1Char('x'))}) {
            const auto r = op.get(QStringLiteral("/v1/tenants/") + junk);
            QVERIFY2(r.status == 404, qPrintable(junk + QStringLiteral(" -> ") + QString::number(r.status)));
            QCOMPARE(r.json().value(QStringLiteral("type")).toString(), QString::fromLatin1(problem::NotFound));
        }

        HttpTestClient tenant(m_fx.baseUrl(), m_tenantToken);
        const auto created = tenant.post(QStringLiteral("/v1/documents"), {{QStringLiteral("collection"), QStringLiteral("ids")}, {QStringLiteral("key"), QStringLiteral("k")},
                                                                          {QStringLiteral("body"), QJsonObject{}}});
        QCOMPARE(created.status, 201);
        const QString doc = created.json().value(QStringLiteral("id")).toString();
        QCOMPARE(tenant.get(QStringLiteral("/v1/documents/") + doc).status, 200);
        QCOMPARE(tenant.get(QStringLiteral("/v1/documents/") + doc + QStringLiteral("junk")).status, 404);
        QCOMPARE(tenant.request("DELETE", QStringLiteral("/v1/documents/") + doc + QStringLiteral("0")).status, 404);
        QCOMPARE(tenant.get(QStringLiteral("/v1/documents/") + doc).status, 200); // the junk delete touched nothing

        const QString longId(10000, QLatin1Char('a'));
        const auto r = op.get(QStringLiteral("/v1/tenants/") + longId);
        QCOMPARE(r.status, 404);
        QVERIFY2(!r.body.contains(QByteArray(300, 'a')), r.body.left(400).constData());
        QVERIFY(r.json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("10000")));
        const auto noRoute = op.get(QStringLiteral("/v1/") + longId);
        QCOMPARE(noRoute.status, 404);
        QVERIFY(noRoute.body.size() < 1500); // the path is quoted twice (detail and instance), each capped
    }

    void requestIdIsEchoed()
    {
        HttpTestClient client(m_fx.baseUrl());
        const auto r = client.request("GET", QStringLiteral("/v1/health"), {}, {{"X-Request-Id", "trace-42.a_b"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("X-Request-Id"), QByteArray("trace-42.a_b"));
        // A request id that could smuggle text into logs is replaced, not echoed.
        const auto bad = client.request("GET", QStringLiteral("/v1/health"), {}, {{"X-Request-Id", "evil id\twith tab"}});
        QVERIFY(bad.header("X-Request-Id") != "evil id\twith tab");
        QVERIFY(!bad.header("X-Request-Id").isEmpty());
    }

    void publicRoutesIgnoreCredentials()
    {
        HttpTestClient client(m_fx.baseUrl(), QStringLiteral("pto_revoked-or-stale"));
        QCOMPARE(client.get(QStringLiteral("/v1/health")).status, 200);
    }

    void healthAndOpenApi()
    {
        HttpTestClient client(m_fx.baseUrl());
        const auto health = client.get(QStringLiteral("/v1/health"));
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json().value(QStringLiteral("database")).toString(), QStringLiteral("ok"));
        const auto spec = client.get(QStringLiteral("/v1/openapi.json"));
        QCOMPARE(spec.status, 200);
        const QJsonObject paths = spec.json().value(QStringLiteral("paths")).toObject();
        for (const char *p : {"/v1/tenants", "/v1/tenants/{id}", "/v1/documents", "/v1/documents/{id}", "/v1/auth/login", "/v1/me"})
            QVERIFY2(paths.contains(QLatin1String(p)), p);
    }
};

QTEST_GUILESS_MAIN(TestServerErrors)
#include "tst_server_errors.moc"
