// The HTTP contract in milliseconds: HttpServer::process driven in process, without sockets, over
// the server's real router and services on one private cluster. Routing (404, 405 with Allow),
// body limits (413), authentication (missing, malformed, unknown, expired, revoked tokens), access
// and the tenant context (tenant-context-ambiguous, tenant-context-required, tenant-suspended),
// traffic limits (429 quota-exceeded with Retry-After, RateLimit headers), the problem+json shape
// of every refusal and the request id on every answer.
//
// What this needs of the server is built in one place, InProcessServer::build(), the way
// server/main.cpp builds it. What it does not cover: the socket side of HttpServer (dispatch:
// copying a QHttpServerRequest, choosing the request id from X-Request-Id, percent-decoding the
// path), which tst_server_errors checks over HTTP.
#include "core/problem.h"
#include "server/auth/crypto.h"
#include "server/auth/tokenstore.h"
#include "server/flags/flagservice.h"
#include "server/http/httpserver.h"
#include "server/services.h"
#include "server/store/database.h"
#include "server/store/schema.h"
#include "server/usage/usageservice.h"
#include "tests/support/pgcluster.h"
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTest>

using namespace portico;
using namespace portico::test;

namespace {

using Headers = QList<QPair<QByteArray, QByteArray>>;

// The server's objects, built in process on a fresh database of a private cluster.
class InProcessServer
{
public:
    explicit InProcessServer(PgCluster &cluster) : m_cluster(cluster) {}
    ~InProcessServer()
    {
        // The flag service listens on a thread of its own that uses the database: stop it first.
        if (m_flags)
            m_flags->stop();
    }

    // Roles, database, migrations, the tenant schema, the services and every route: as main.cpp does.
    void build()
    {
        m_database = m_cluster.newDatabaseName();
        const QList<store::Cluster> clusters{{QStringLiteral("home"), QStringLiteral("us-east"), m_cluster.socketDir(), m_cluster.port()}};
        m_db = std::make_unique<store::Database>(clusters, m_database);
        store::bootstrapCluster(m_db->config(clusters.first(), QStringLiteral("postgres"), m_cluster.superuser()), {m_database, m_db->poolDatabase()});
        const QString owner = QString::fromLatin1(store::kOwnerRole);
        store::migrateControl(m_db->controlConfig(owner));
        store::PgConnection(m_db->controlConfig(owner))
            .exec(QStringLiteral("INSERT INTO clusters (name, region, host, port) VALUES ($1, $2, $3, $4)"),
                  {clusters.first().name, clusters.first().region, clusters.first().host, clusters.first().port});
        const auto schema = store::TenantSchemaRunner(*m_db).run();
        if (schema.failed > 0)
            throw std::runtime_error(schema.errors.join(QLatin1Char('\n')).toStdString());
        m_tokens = std::make_unique<auth::TokenStore>(*m_db);
        m_flags = std::make_unique<flags::FlagService>(*m_db);
        m_flags->reload();
        m_flags->startListening();
        m_usage = std::make_unique<usage::UsageService>(*m_db);
        m_usage->load();
        m_services.reset(new Services{*m_db, *m_tokens, QDateTime::currentDateTimeUtc(), {}});
        m_services->usage = m_usage.get();
        m_services->flags = m_flags.get();
        registerRoutes(m_router, *m_services);
        m_server = std::make_unique<http::HttpServer>(m_router, *m_tokens, 1);
        m_server->setTrafficPolicy(m_usage.get());
    }

    http::HttpServer &server() { return *m_server; }
    auth::TokenStore &tokens() { return *m_tokens; }
    store::Database &db() { return *m_db; }
    QString sql(const QString &statement) const { return m_cluster.psql(m_database, statement); }

private:
    PgCluster &m_cluster;
    QString m_database;
    std::unique_ptr<store::Database> m_db;
    std::unique_ptr<auth::TokenStore> m_tokens;
    std::unique_ptr<Services> m_services;
    http::Router m_router;
    std::unique_ptr<flags::FlagService> m_flags;
    std::unique_ptr<usage::UsageService> m_usage;
    std::unique_ptr<http::HttpServer> m_server;
};

struct Answer
{
    int status = 0;
    QByteArray contentType;
    QByteArray body;
    Headers headers;
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[k, v] : headers)
            if (k.compare(name, Qt::CaseInsensitive) == 0)
                return v;
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

} // namespace

class TestPipeline : public QObject
{
    Q_OBJECT
    PgCluster m_cluster;
    std::unique_ptr<InProcessServer> m_app;
    QHash<QString, QString> m_tokens; // who -> bearer token
    QHash<QString, QString> m_tenantIds; // who -> tenant id
    QElapsedTimer m_clock;

    // One request through the whole pipeline. authorization overrides the bearer token of who.
    Answer run(const QByteArray &method, const QString &pathAndQuery, const QString &who = {}, const QByteArray &body = {}, const Headers &headers = {},
               const QString &requestId = QStringLiteral("rid-test"))
    {
        http::Request r;
        r.method = method;
        const qsizetype q = pathAndQuery.indexOf(QLatin1Char('?'));
        r.path = pathAndQuery.left(q);
        if (q >= 0)
            r.query = QUrlQuery(pathAndQuery.mid(q + 1));
        if (!who.isEmpty())
            r.headers.append(qMakePair(QByteArray("authorization"), "Bearer " + m_tokens.value(who, who).toLatin1()));
        if (!body.isEmpty())
            r.headers.append(qMakePair(QByteArray("content-type"), QByteArray("application/json")));
        for (const auto &[name, value] : headers) {
            const QByteArray lower = name.toLower();
            r.headers.removeIf([&](const auto &h) { return h.first == lower; });
            r.headers.append(qMakePair(lower, value));
        }
        r.body = body;
        r.requestId = requestId;
        const http::Response out = m_app->server().process(r);
        return {out.status, out.contentType, out.body, out.headers};
    }

    QString newTenant(const QString &name, const QString &state)
    {
        const auto created = run("POST", QStringLiteral("/v1/tenants"), QStringLiteral("operator"),
                                 QJsonDocument(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("state"), state},
                                                           {QStringLiteral("admin_email"), QStringLiteral("a@pipeline.example")}}).toJson());
        if (created.status != 201)
            qFatal("cannot create tenant %s: %s", qPrintable(name), created.body.constData());
        return created.json().value(QStringLiteral("id")).toString();
    }

    QJsonObject newToken(const QString &tenant)
    {
        const auto issued = run("POST", QStringLiteral("/v1/tenants/%1/tokens").arg(tenant), QStringLiteral("operator"), "{}");
        if (issued.status != 201)
            qFatal("cannot issue a token: %s", issued.body.constData());
        return issued.json();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_clock.start();
        QVERIFY(auth::initCrypto());
        QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
        m_app = std::make_unique<InProcessServer>(m_cluster);
        try {
            m_app->build();
        } catch (const std::exception &e) {
            QFAIL(e.what());
        }
        // Operators: an admin and a viewer, with tokens issued as the server issues them.
        auto lease = m_app->db().control();
        for (const QString &role : {QStringLiteral("admin"), QStringLiteral("viewer")}) {
            const QUuid id = QUuid::createUuid();
            lease->exec(QStringLiteral("INSERT INTO operators (id, email, display_name, role, password_hash) VALUES ($1, $2, $3, $4, $5)"),
                        {id, role + QStringLiteral("@pipeline.test"), role, role, auth::hashPassword(QStringLiteral("unused password"))});
            m_tokens.insert(role == QLatin1String("admin") ? QStringLiteral("operator") : role,
                            m_app->tokens().issueOperatorToken(*lease, id, QStringLiteral("pipeline"), 1).secret);
        }
        // Tenants: one active with three tokens (valid, to be expired, to be revoked), one suspended.
        const QString active = newTenant(QStringLiteral("Pipeline Active"), QStringLiteral("active"));
        m_tenantIds.insert(QStringLiteral("tenant"), active);
        QCOMPARE(run("PUT", QStringLiteral("/v1/tenants/%1/limits").arg(active), QStringLiteral("operator"),
                     R"({"rate_per_second": 100000, "burst": 100000, "concurrency": 1000})").status, 200);
        m_tokens.insert(QStringLiteral("tenant"), newToken(active).value(QStringLiteral("token")).toString());
        const QJsonObject expiring = newToken(active);
        m_tokens.insert(QStringLiteral("expired"), expiring.value(QStringLiteral("token")).toString());
        // Expired in the database before its first use, so no cached resolution hides it.
        QVERIFY(!m_app->sql(QStringLiteral("UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE id = '%1'")
                                .arg(expiring.value(QStringLiteral("id")).toString())).isNull());
        const QJsonObject revoked = newToken(active);
        m_tokens.insert(QStringLiteral("revoked"), revoked.value(QStringLiteral("token")).toString());
        QCOMPARE(run("GET", QStringLiteral("/v1/me"), QStringLiteral("revoked")).status, 200); // resolved and cached once
        QCOMPARE(run("DELETE", QStringLiteral("/v1/tenants/%1/tokens/%2").arg(active, revoked.value(QStringLiteral("id")).toString()), QStringLiteral("operator")).status, 204);
        const QString suspended = newTenant(QStringLiteral("Pipeline Suspended"), QStringLiteral("suspended"));
        m_tenantIds.insert(QStringLiteral("suspended"), suspended);
        m_tokens.insert(QStringLiteral("suspended"), newToken(suspended).value(QStringLiteral("token")).toString());
        m_tenantIds.insert(QStringLiteral("other"), newTenant(QStringLiteral("Pipeline Other"), QStringLiteral("active")));
        // A tenant whose monthly request quota (1, blocking) is used up: refused until next month.
        const QString limited = newTenant(QStringLiteral("Pipeline Limited"), QStringLiteral("active"));
        QCOMPARE(run("PUT", QStringLiteral("/v1/tenants/%1/limits").arg(limited), QStringLiteral("operator"),
                     R"({"quotas": {"requests": {"limit": 1, "policy": "block"}}})").status, 200);
        m_tokens.insert(QStringLiteral("limited"), newToken(limited).value(QStringLiteral("token")).toString());
        QCOMPARE(run("GET", QStringLiteral("/v1/limits"), QStringLiteral("limited")).status, 200);
        qInfo("in-process server with four tenants ready in %lld ms", m_clock.restart());
    }

    void contract_data()
    {
        QTest::addColumn<QString>("who");         // operator, viewer, tenant, suspended, limited, expired, revoked; empty: no token; else the raw token
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<Headers>("headers");     // {tenant}, {other} in a value become that tenant's id
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("type");        // empty: not a problem
        QTest::addColumn<QString>("field");
        QTest::addColumn<QByteArray>("allow");
        QTest::addColumn<QByteArray>("authenticate");

        const QString none, op = QStringLiteral("operator"), tenant = QStringLiteral("tenant");
        const Headers no;
        const QByteArray big(http::HttpServer::kMaxBodyBytes + 1, ' ');
        const QByteArray atLimit(http::HttpServer::kMaxBodyBytes, ' ');
        // routing
        QTest::newRow("unknown path") << op << QByteArray("GET") << "/v1/nothing-here" << QByteArray() << no << 404 << problem::NotFound << "" << QByteArray() << QByteArray();
        QTest::newRow("root") << none << QByteArray("GET") << "/" << QByteArray() << no << 404 << problem::NotFound << "" << QByteArray() << QByteArray();
        QTest::newRow("one segment too many") << tenant << QByteArray("GET") << "/v1/documents/a/b" << QByteArray() << no << 404 << problem::NotFound << "" << QByteArray() << QByteArray();
        QTest::newRow("405 lists the methods") << op << QByteArray("DELETE") << "/v1/tenants" << QByteArray() << no << 405 << problem::MethodNotAllowed << "" << QByteArray("GET, HEAD, POST") << QByteArray();
        QTest::newRow("405 on a parameter route") << tenant << QByteArray("POST") << "/v1/documents/00000000-0000-0000-0000-000000000001" << QByteArray() << no << 405 << problem::MethodNotAllowed << "" << QByteArray("GET, HEAD, PUT, DELETE") << QByteArray();
        QTest::newRow("405 before authentication") << none << QByteArray("PATCH") << "/v1/documents" << QByteArray() << no << 405 << problem::MethodNotAllowed << "" << QByteArray("GET, HEAD, POST") << QByteArray();
        QTest::newRow("HEAD of a public route") << none << QByteArray("HEAD") << "/v1/ping" << QByteArray() << no << 200 << "" << "" << QByteArray() << QByteArray();
        // body limit: before routing and before authentication
        QTest::newRow("413 over the limit") << op << QByteArray("POST") << "/v1/tenants" << big << no << 413 << problem::PayloadTooLarge << "" << QByteArray() << QByteArray();
        QTest::newRow("413 without a token") << none << QByteArray("POST") << "/v1/tenants" << big << no << 413 << problem::PayloadTooLarge << "" << QByteArray() << QByteArray();
        QTest::newRow("413 on an unknown path") << none << QByteArray("POST") << "/v1/nothing-here" << big << no << 413 << problem::PayloadTooLarge << "" << QByteArray() << QByteArray();
        QTest::newRow("at the limit is parsed") << op << QByteArray("POST") << "/v1/tenants" << atLimit << no << 400 << problem::MalformedJson << "" << QByteArray() << QByteArray();
        // authentication
        QTest::newRow("no token") << none << QByteArray("GET") << "/v1/tenants" << QByteArray() << no << 401 << problem::Unauthenticated << "" << QByteArray() << QByteArray("Bearer");
        QTest::newRow("no token, any-token route") << none << QByteArray("GET") << "/v1/me" << QByteArray() << no << 401 << problem::Unauthenticated << "" << QByteArray() << QByteArray("Bearer");
        QTest::newRow("no token, tenant route") << none << QByteArray("GET") << "/v1/documents" << QByteArray() << no << 401 << problem::Unauthenticated << "" << QByteArray() << QByteArray("Bearer");
        QTest::newRow("not a bearer") << none << QByteArray("GET") << "/v1/me" << QByteArray() << Headers{{"Authorization", "Basic YTpi"}} << 401 << problem::Unauthenticated << "" << QByteArray() << QByteArray("Bearer");
        QTest::newRow("unknown token") << QStringLiteral("pto_not-a-real-token") << QByteArray("GET") << "/v1/me" << QByteArray() << no << 401 << problem::Unauthenticated << "" << QByteArray() << QByteArray("Bearer error=\"invalid_token\"");
        QTest::newRow("expired token") << QStringLiteral("expired") << QByteArray("GET") << "/v1/me" << QByteArray() << no << 401 << problem::Unauthenticated << "" << QByteArray() << QByteArray("Bearer error=\"invalid_token\"");
        QTest::newRow("revoked token") << QStringLiteral("revoked") << QByteArray("GET") << "/v1/documents" << QByteArray() << no << 401 << problem::Unauthenticated << "" << QByteArray() << QByteArray("Bearer error=\"invalid_token\"");
        QTest::newRow("public route ignores a bad token") << QStringLiteral("pto_stale") << QByteArray("GET") << "/v1/ping" << QByteArray() << no << 200 << "" << "" << QByteArray() << QByteArray();
        QTest::newRow("valid tenant token") << tenant << QByteArray("GET") << "/v1/documents" << QByteArray() << no << 200 << "" << "" << QByteArray() << QByteArray();
        QTest::newRow("flags evaluated from the snapshot") << tenant << QByteArray("GET") << "/v1/flags/evaluate" << QByteArray() << no << 200 << "" << "" << QByteArray() << QByteArray();
        QTest::newRow("OFREP bulk is routed") << tenant << QByteArray("POST") << "/ofrep/v1/evaluate/flags" << QByteArray(R"({"context":{}})") << no << 200 << "" << "" << QByteArray() << QByteArray();
        QTest::newRow("OFREP unknown flag") << tenant << QByteArray("POST") << "/ofrep/v1/evaluate/flags/no-such-flag" << QByteArray(R"({"context":{}})") << no << 404 << "" << "" << QByteArray() << QByteArray();
        // access
        QTest::newRow("tenant token on an operator route") << tenant << QByteArray("GET") << "/v1/tenants" << QByteArray() << no << 403 << problem::Forbidden << "" << QByteArray() << QByteArray();
        QTest::newRow("viewer on a writers' route") << QStringLiteral("viewer") << QByteArray("POST") << "/v1/tenants" << QByteArray(R"({"name":"V","admin_email":"v@x.example"})") << no << 403 << problem::Forbidden << "" << QByteArray() << QByteArray();
        QTest::newRow("viewer reads") << QStringLiteral("viewer") << QByteArray("GET") << "/v1/tenants" << QByteArray() << no << 200 << "" << "" << QByteArray() << QByteArray();
        // the tenant context
        QTest::newRow("operator on a tenant route") << op << QByteArray("GET") << "/v1/documents" << QByteArray() << no << 403 << problem::TenantContextRequired << "" << QByteArray() << QByteArray();
        QTest::newRow("operator naming a tenant") << op << QByteArray("GET") << "/v1/documents" << QByteArray() << Headers{{"X-Portico-Tenant", "{tenant}"}} << 403 << problem::TenantContextRequired << "" << QByteArray() << QByteArray();
        QTest::newRow("another tenant named") << tenant << QByteArray("GET") << "/v1/documents" << QByteArray() << Headers{{"X-Portico-Tenant", "{other}"}} << 400 << problem::TenantContextAmbiguous << "" << QByteArray() << QByteArray();
        QTest::newRow("another tenant named, on a write") << tenant << QByteArray("POST") << "/v1/documents" << QByteArray(R"({"collection":"c","key":"k","body":1})") << Headers{{"X-Portico-Tenant", "{other}"}} << 400 << problem::TenantContextAmbiguous << "" << QByteArray() << QByteArray();
        QTest::newRow("not an id named") << tenant << QByteArray("GET") << "/v1/documents" << QByteArray() << Headers{{"X-Portico-Tenant", "pipeline-active"}} << 400 << problem::TenantContextAmbiguous << "" << QByteArray() << QByteArray();
        QTest::newRow("own tenant named") << tenant << QByteArray("GET") << "/v1/documents" << QByteArray() << Headers{{"X-Portico-Tenant", "{tenant}"}} << 200 << "" << "" << QByteArray() << QByteArray();
        QTest::newRow("own tenant named in braces") << tenant << QByteArray("GET") << "/v1/documents" << QByteArray() << Headers{{"X-Portico-Tenant", "{{tenant}}"}} << 200 << "" << "" << QByteArray() << QByteArray();
        QTest::newRow("suspended tenant") << QStringLiteral("suspended") << QByteArray("GET") << "/v1/documents" << QByteArray() << no << 403 << problem::TenantSuspended << "" << QByteArray() << QByteArray();
        QTest::newRow("suspended, another tenant named") << QStringLiteral("suspended") << QByteArray("GET") << "/v1/documents" << QByteArray() << Headers{{"X-Portico-Tenant", "{other}"}} << 400 << problem::TenantContextAmbiguous << "" << QByteArray() << QByteArray();
        QTest::newRow("quota used up") << QStringLiteral("limited") << QByteArray("GET") << "/v1/documents" << QByteArray() << no << 429 << problem::QuotaExceeded << "" << QByteArray() << QByteArray();
        QTest::newRow("quota used up, another tenant named") << QStringLiteral("limited") << QByteArray("GET") << "/v1/documents" << QByteArray() << Headers{{"X-Portico-Tenant", "{other}"}} << 400 << problem::TenantContextAmbiguous << "" << QByteArray() << QByteArray();
        QTest::newRow("suspended tenant may still ask who it is") << QStringLiteral("suspended") << QByteArray("GET") << "/v1/me" << QByteArray() << no << 200 << "" << "" << QByteArray() << QByteArray();
        // problem shapes of handlers
        QTest::newRow("broken json") << op << QByteArray("POST") << "/v1/tenants" << QByteArray("{\"name\": ") << no << 400 << problem::MalformedJson << "" << QByteArray() << QByteArray();
        QTest::newRow("wrong media type") << op << QByteArray("POST") << "/v1/tenants" << QByteArray("name=x") << Headers{{"Content-Type", "application/x-www-form-urlencoded"}} << 415 << problem::UnsupportedMediaType << "" << QByteArray() << QByteArray();
        QTest::newRow("missing field") << op << QByteArray("POST") << "/v1/tenants" << QByteArray(R"({"name":"X Co"})") << no << 422 << problem::Validation << "admin_email" << QByteArray() << QByteArray();
        QTest::newRow("unknown field") << tenant << QByteArray("POST") << "/v1/documents" << QByteArray(R"({"collection":"c","key":"k","body":1,"colour":"red"})") << no << 422 << problem::Validation << "colour" << QByteArray() << QByteArray();
        QTest::newRow("bad query parameter") << op << QByteArray("GET") << "/v1/tenants?limit=0" << QByteArray() << no << 422 << problem::Validation << "limit" << QByteArray() << QByteArray();
        QTest::newRow("unknown query parameter") << tenant << QByteArray("GET") << "/v1/documents?colour=red" << QByteArray() << no << 422 << problem::Validation << "colour" << QByteArray() << QByteArray();
        QTest::newRow("array body") << op << QByteArray("POST") << "/v1/tenants" << QByteArray("[1,2]") << no << 422 << problem::Validation << "body" << QByteArray() << QByteArray();
        QTest::newRow("bad cursor") << op << QByteArray("GET") << "/v1/tenants?cursor=1abc" << QByteArray() << no << 400 << problem::InvalidCursor << "cursor" << QByteArray() << QByteArray();
        QTest::newRow("repeated query parameter") << tenant << QByteArray("GET") << "/v1/documents?limit=5&limit=6" << QByteArray() << no << 422 << problem::Validation << "limit" << QByteArray() << QByteArray();
        QTest::newRow("unknown body field") << op << QByteArray("POST") << "/v1/tenants" << QByteArray(R"({"name":"X Co","admin_email":"a@x.example","colour":"red"})") << no << 422 << problem::Validation << "colour" << QByteArray() << QByteArray();
        QTest::newRow("wrong field type") << op << QByteArray("POST") << "/v1/tenants" << QByteArray(R"({"name":5,"admin_email":"a@x.example"})") << no << 422 << problem::Validation << "name" << QByteArray() << QByteArray();
        QTest::newRow("bad enum") << op << QByteArray("POST") << "/v1/tenants" << QByteArray(R"({"name":"X Co","admin_email":"a@x.example","plan":"gold"})") << no << 422 << problem::Validation << "plan" << QByteArray() << QByteArray();
        QTest::newRow("NUL in a text field") << op << QByteArray("POST") << "/v1/tenants" << QByteArray(R"({"name":"A\u0000B","admin_email":"a@x.example"})") << no << 400 << problem::InvalidText << "name" << QByteArray() << QByteArray();
        QTest::newRow("region change") << op << QByteArray("PATCH") << "/v1/tenants/pipeline-active" << QByteArray(R"({"region":"eu-central"})") << no << 422 << problem::Validation << "region" << QByteArray() << QByteArray();
        QTest::newRow("null in a patch") << op << QByteArray("PATCH") << "/v1/tenants/pipeline-active" << QByteArray(R"({"plan":null})") << no << 422 << problem::Validation << "plan" << QByteArray() << QByteArray();
        QTest::newRow("NUL in a document body") << tenant << QByteArray("POST") << "/v1/documents" << QByteArray(R"({"collection":"c","key":"k","body":"a\u0000"})") << no << 400 << problem::InvalidText << "body" << QByteArray() << QByteArray();
        QTest::newRow("not a document id") << tenant << QByteArray("GET") << "/v1/documents/not-a-uuid" << QByteArray() << no << 404 << problem::NotFound << "" << QByteArray() << QByteArray();
        QTest::newRow("unknown tenant") << op << QByteArray("GET") << "/v1/tenants/no-such-tenant" << QByteArray() << no << 404 << problem::NotFound << "" << QByteArray() << QByteArray();
    }
    void contract()
    {
        QFETCH(QString, who);
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(Headers, headers);
        QFETCH(int, status);
        QFETCH(QString, type);
        QFETCH(QString, field);
        QFETCH(QByteArray, allow);
        QFETCH(QByteArray, authenticate);
        for (auto &[name, value] : headers)
            value.replace("{tenant}", m_tenantIds.value(QStringLiteral("tenant")).toLatin1()).replace("{other}", m_tenantIds.value(QStringLiteral("other")).toLatin1());
        const QString rid = QStringLiteral("rid-") + QString::number(qHash(QString::fromLatin1(QTest::currentDataTag())), 16);

        const Answer a = run(method, path, who, body, headers, rid);
        QVERIFY2(a.status == status, a.body.constData());
        QCOMPARE(a.header("X-Request-Id"), rid.toLatin1());
        QCOMPARE(a.header("Cache-Control"), QByteArray("no-store"));
        QCOMPARE(a.header("Allow"), allow);
        QCOMPARE(a.header("WWW-Authenticate"), authenticate);
        if (method == "HEAD")
            QVERIFY(a.body.isEmpty());
        if (status == 429)
            QVERIFY(a.header("Retry-After").toLongLong() > 0);
        if (type.isEmpty()) {
            QCOMPARE(a.contentType, QByteArray("application/json"));
            return;
        }
        QCOMPARE(a.contentType, QByteArray("application/problem+json"));
        const QJsonObject o = a.json();
        QCOMPARE(o.value(QStringLiteral("type")).toString(), type);
        QCOMPARE(o.value(QStringLiteral("status")).toInt(), status);
        QCOMPARE(o.value(QStringLiteral("title")).toString(), type == QLatin1String(problem::Validation) ? QStringLiteral("Invalid input") : reasonPhrase(status));
        QVERIFY2(o.value(QStringLiteral("detail")).toString().size() > 10, a.body.constData());
        QCOMPARE(o.value(QStringLiteral("instance")).toString(), path.section(QLatin1Char('?'), 0, 0));
        QCOMPARE(o.value(QStringLiteral("request_id")).toString(), rid);
        QCOMPARE(o.value(QStringLiteral("field")).toString(), field);
        // Nothing but the members of the shape.
        QStringList members = o.keys();
        members.removeAll(QStringLiteral("field"));
        QCOMPARE(members, (QStringList{QStringLiteral("detail"), QStringLiteral("instance"), QStringLiteral("request_id"), QStringLiteral("status"),
                                       QStringLiteral("title"), QStringLiteral("type")}));
    }

    // A tenant's answers carry its rate-limit headers; operators' answers do not.
    // A 'portico_tokens' notification naming one token's hash drops that token's cached
    // resolution and no other; any other payload drops them all. Both tokens are revoked in the
    // database behind the cache's back (this process listens to nothing), so a resolution that
    // still succeeds came from the cache.
    void aNotifiedRevocationDropsThatTokenOnly()
    {
        const QString tenant = m_tenantIds.value(QStringLiteral("tenant"));
        const QJsonObject a = newToken(tenant), b = newToken(tenant);
        const QString secretA = a.value(QStringLiteral("token")).toString(), secretB = b.value(QStringLiteral("token")).toString();
        auth::TokenStore &tokens = m_app->tokens();
        QVERIFY(tokens.resolve(secretA));
        QVERIFY(tokens.resolve(secretB));
        QVERIFY(!m_app->sql(QStringLiteral("UPDATE api_tokens SET revoked_at = now() WHERE id IN ('%1', '%2')")
                                .arg(a.value(QStringLiteral("id")).toString(), b.value(QStringLiteral("id")).toString())).isNull());
        QVERIFY(tokens.resolve(secretA)); // cached
        QVERIFY(tokens.resolve(secretB));
        tokens.dropNotified(auth::sha256(secretA.toUtf8()).toHex().toUpper()); // hex in either case
        QVERIFY(!tokens.resolve(secretA));
        QVERIFY(tokens.resolve(secretB)); // still cached: only A's entry went
        // A secret that differs from B's in one character is not B's entry.
        QString nearB = secretB;
        nearB[nearB.size() - 1] = nearB.back() == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
        QVERIFY(!tokens.resolve(nearB));
        tokens.dropNotified(QByteArrayLiteral("tenant:") + tenant.toLatin1());
        QVERIFY(!tokens.resolve(secretB));
    }

    // ?user= as flag evaluation reads it: percent-decoded, then checked as text (controls and
    // invalid UTF-8 refused, at most 128 characters), printable ASCII taken as it is.
    void userParameterIsDecodedAndChecked_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("user"); // the answer's "user" (null: empty)
        QTest::newRow("absent") << QString() << 200 << QString();
        QTest::newRow("empty") << QStringLiteral("user=") << 200 << QString();
        QTest::newRow("plain") << QStringLiteral("user=u-42") << 200 << QStringLiteral("u-42");
        QTest::newRow("plus stays a plus") << QStringLiteral("user=a+b") << 200 << QStringLiteral("a+b");
        QTest::newRow("percent-encoded slash") << QStringLiteral("user=a%2Fb") << 200 << QStringLiteral("a/b");
        QTest::newRow("UTF-8") << QStringLiteral("user=%C3%A9") << 200 << QStringLiteral("\u00e9");
        QTest::newRow("a space") << QStringLiteral("user=a%20b") << 200 << QStringLiteral("a b");
        QTest::newRow("NUL") << QStringLiteral("user=a%00") << 400 << QString();
        QTest::newRow("a control") << QStringLiteral("user=a%0Ab") << 400 << QString();
        QTest::newRow("invalid UTF-8") << QStringLiteral("user=%C3") << 400 << QString();
        QTest::newRow("128 characters") << QStringLiteral("user=") + QString(128, QLatin1Char('u')) << 200 << QString(128, QLatin1Char('u'));
        QTest::newRow("129 characters") << QStringLiteral("user=") + QString(129, QLatin1Char('u')) << 422 << QString();
        QTest::newRow("129 once decoded") << QStringLiteral("user=") + QString(127, QLatin1Char('u')) + QStringLiteral("%C3%A9%C3%A9") << 422 << QString();
    }

    void userParameterIsDecodedAndChecked()
    {
        QFETCH(QString, query);
        QFETCH(int, status);
        QFETCH(QString, user);
        const Answer a = run("GET", QStringLiteral("/v1/flags/evaluate") + (query.isEmpty() ? QString() : QLatin1Char('?') + query), QStringLiteral("tenant"));
        QCOMPARE(a.status, status);
        if (status == 200)
            QCOMPARE(a.json().value(QStringLiteral("user")), user.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(user));
        else
            QCOMPARE(a.json().value(QStringLiteral("field")).toString(), QStringLiteral("user"));
    }

    void tenantAnswersCarryRateLimitHeaders()
    {
        const Answer t = run("GET", QStringLiteral("/v1/documents"), QStringLiteral("tenant"));
        QCOMPARE(t.status, 200);
        QCOMPARE(t.header("RateLimit-Limit"), QByteArray("100000"));
        QVERIFY(!t.header("RateLimit-Remaining").isEmpty());
        const Answer o = run("GET", QStringLiteral("/v1/tenants"), QStringLiteral("operator"));
        QCOMPARE(o.status, 200);
        QVERIFY(o.header("RateLimit-Limit").isEmpty());
    }

    // The fair scheduler's key (what the transport queues a request under, before any database
    // work): a token's own until a request with it has been authenticated, then its tenant's, so
    // two tokens of one tenant share one turn and one worker share, and another tenant has its own.
    // Without a token: the client address. The routes' lanes: ping inline, health on the probe lane.
    void fairnessKeysFollowTheTenant()
    {
        const QString tenant = m_tenantIds.value(QStringLiteral("tenant"));
        const QString second = newToken(tenant).value(QStringLiteral("token")).toString();
        const QString other = newToken(m_tenantIds.value(QStringLiteral("other"))).value(QStringLiteral("token")).toString();
        const auto request = [](const QString &token, const QString &path = QStringLiteral("/v1/documents")) {
            http::Request r;
            r.method = "GET";
            r.path = path;
            r.peerAddress = QStringLiteral("192.0.2.7");
            if (!token.isEmpty())
                r.headers.append(qMakePair(QByteArray("authorization"), "Bearer " + token.toLatin1()));
            return r;
        };
        http::HttpServer &server = m_app->server();
        const quint64 secondBefore = server.fairnessKey(request(second));
        const quint64 otherBefore = server.fairnessKey(request(other));
        QVERIFY(secondBefore != otherBefore);
        QCOMPARE(run("GET", QStringLiteral("/v1/documents"), QStringLiteral("tenant")).status, 200);
        QCOMPARE(run("GET", QStringLiteral("/v1/documents"), second).status, 200);
        QCOMPARE(run("GET", QStringLiteral("/v1/documents"), other).status, 200);
        const quint64 first = server.fairnessKey(request(m_tokens.value(QStringLiteral("tenant"))));
        QCOMPARE(server.fairnessKey(request(second)), first);
        QVERIFY(first != secondBefore); // learnt: no longer the token's own key
        QVERIFY(server.fairnessKey(request(other)) != first);
        QCOMPARE(server.fairnessKey(request({})), server.fairnessKey(request({})));
        http::Request elsewhere = request({});
        elsewhere.peerAddress = QStringLiteral("198.51.100.9");
        QVERIFY(server.fairnessKey(elsewhere) != server.fairnessKey(request({})));
        QVERIFY(server.laneOf(request({}, QStringLiteral("/v1/ping"))) == http::Lane::Inline);
        QVERIFY(server.laneOf(request({}, QStringLiteral("/v1/health"))) == http::Lane::Probe);
        QVERIFY(server.laneOf(request({}, QStringLiteral("/v1/documents"))) == http::Lane::Workers);
        QVERIFY(server.laneOf(request({}, QStringLiteral("/v1/no-such-route"))) == http::Lane::Workers);
    }

    void cleanupTestCase()
    {
        qInfo("contract rows ran in %lld ms", m_clock.elapsed());
        m_app.reset();
    }
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
