// Hostile bodies on every route that takes one (read from the served OpenAPI document): lone
// surrogates, NUL, invalid UTF-8, huge and fractional numbers, deep nesting, wrong types and
// random byte damage, from a fixed seed. Never a 5xx; every error is problem+json with a type and
// a detail; the server still answers afterwards.
#include "tests/support/serverfixture.h"
#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QtTest>

using namespace portico::test;

namespace {
struct BodyRoute
{
    QByteArray method;
    QString path;
    QStringList fields;
    bool tenantRoute;
};
} // namespace

#ifdef Q_MOC_RUN
// moc sees the declarations only (it mis-reads raw strings holding escapes).
class TestInputFuzz : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void textChecksNameTheField();
    void hugeIntegersAreRefusedNotWrapped();
    void mutatedBodiesAreRefusedCleanly();
};
#else
class TestInputFuzz : public QObject
{
    Q_OBJECT
    ServerFixture m_fx;
    TestTenant m_tenant;
    QList<BodyRoute> m_routes;
    QJsonObject m_spec;

    QJsonObject resolve(QJsonObject schema) const
    {
        for (int depth = 0; depth < 4 && schema.contains(QStringLiteral("$ref")); ++depth) {
            QJsonValue v = m_spec;
            for (const QString &part : schema.value(QStringLiteral("$ref")).toString().mid(2).split(QLatin1Char('/')))
                v = v.toObject().value(part);
            schema = v.toObject();
        }
        return schema;
    }

    QStringList fieldsOf(const QJsonObject &operation) const
    {
        const QJsonObject schema = resolve(operation.value(QStringLiteral("requestBody")).toObject().value(QStringLiteral("content")).toObject()
                                               .value(QStringLiteral("application/json")).toObject().value(QStringLiteral("schema")).toObject());
        QStringList fields = resolve(schema).value(QStringLiteral("properties")).toObject().keys();
        for (const auto &part : schema.value(QStringLiteral("allOf")).toArray())
            fields += resolve(part.toObject()).value(QStringLiteral("properties")).toObject().keys();
        if (fields.isEmpty())
            fields = {QStringLiteral("name"), QStringLiteral("key"), QStringLiteral("value")};
        return fields;
    }

    // Mutated bodies for one route; raw bytes, so they can hold what no JSON library writes.
    QList<QByteArray> mutations(const BodyRoute &route, QRandomGenerator &rng) const
    {
        QList<QByteArray> out;
        const QByteArray f = route.fields.at(int(rng.bounded(route.fields.size()))).toUtf8();
        const QByteArray g = route.fields.at(int(rng.bounded(route.fields.size()))).toUtf8();
        out << R"({")" + f + R"(":"\ud800"})"
            << R"({")" + f + R"(":"ok\udc00"})"
            << R"({")" + f + R"(":"\ud800\u0041"})"
            << R"({"\ud83d":1})"
            << R"({")" + f + R"(":{"\udfff":"x"}})"
            << R"({")" + f + R"(":["a","\ud800"]})"
            << R"({")" + f + R"(":"nul\u0000here"})"
            << "{\"" + f + "\":\"\xff\xfe\"}"
            << "{\"" + f + "\":\"\xed\xa0\x80\"}"
            << "{\"" + f + "\":\"\xc0\xaf\"}"
            << R"({")" + f + R"(":9223372036854775808})"
            << R"({")" + f + R"(":-9223372036854775809})"
            << R"({")" + f + R"(":1e400})"
            << R"({")" + f + R"(":1.5})"
            << R"({")" + f + R"(":18446744073709551616})"
            << R"({")" + f + R"(":{"limit":9223372036854775808,"policy":"block"}})"
            << R"({")" + f + R"(":{"requests":{"limit":1e300,"policy":"block"}}})"
            << QByteArray(5000, '[') + QByteArray(5000, ']')
            << R"({")" + f + R"(":)" + QByteArray(600, '[') + QByteArray(600, ']') + "}"
            << R"([1,2,3])" << R"("text")" << R"(null)" << R"({})";
        for (const QByteArray &wrong : {QByteArray("[]"), QByteArray("{}"), QByteArray("true"), QByteArray("\"s\""), QByteArray("-1"), QByteArray("null")})
            out << "{\"" + f + "\":" + wrong + ",\"" + g + "\":" + wrong + "}";
        // Random damage to a plausible body.
        const QByteArray base = "{\"" + f + "\":\"value\",\"" + g + "\":12}";
        for (int i = 0; i < 6; ++i) {
            QByteArray b = base;
            for (int k = 0; k < 3; ++k)
                b[int(rng.bounded(b.size()))] = char(rng.bounded(256));
            out << b;
        }
        return out;
    }

    QString concretePath(QString path) const
    {
        static const QRegularExpression param(QStringLiteral("\\{([a-z_]+)\\}"));
        path.replace(QStringLiteral("{id}"), m_tenant.id);
        path.replace(QStringLiteral("{plan}"), QStringLiteral("pro"));
        return path.replace(param, QStringLiteral("fuzz"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_fx.start(), qPrintable(m_fx.errorString()));
        m_tenant = m_fx.makeTenant({QStringLiteral("Fuzz Co"), QStringLiteral("shared"), {}, {}, QStringLiteral("active"),
                                    QStringLiteral("admin@fuzz.example"), {}, true});
        QVERIFY2(m_tenant.ok(), qPrintable(m_tenant.error));
        const auto spec = m_fx.client()->get(QStringLiteral("/v1/openapi.json"));
        QCOMPARE(spec.status, 200);
        m_spec = spec.json();
        const QJsonObject paths = m_spec.value(QStringLiteral("paths")).toObject();
        for (auto p = paths.begin(); p != paths.end(); ++p) {
            // Signing out or revoking would spend the tokens the rest of the run needs.
            if (p.key().contains(QLatin1String("logout")) || p.key().contains(QLatin1String("tokens/")))
                continue;
            const QJsonObject ops = p.value().toObject();
            for (auto m = ops.begin(); m != ops.end(); ++m)
                if (m.value().toObject().contains(QStringLiteral("requestBody")))
                    m_routes.append({m.key().toUpper().toLatin1(), p.key(), fieldsOf(m.value().toObject()),
                                     !p.key().startsWith(QLatin1String("/v1/tenants")) && !p.key().startsWith(QLatin1String("/v1/config"))});
        }
        QVERIFY2(m_routes.size() >= 10, qPrintable(QString::number(m_routes.size())));
    }

    void textChecksNameTheField()
    {
        auto asTenant = m_fx.client(m_tenant.token);
        auto r = asTenant->request("POST", QStringLiteral("/v1/documents"), R"({"collection":"c","key":"k\ud800","body":{}})");
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(QStringLiteral("type")).toString(), QStringLiteral("urn:portico:problem:invalid-text"));
        QCOMPARE(r.json().value(QStringLiteral("field")).toString(), QStringLiteral("key"));
        // A document key in the body's own object, stored as '?' before.
        r = asTenant->request("POST", QStringLiteral("/v1/documents"), R"({"collection":"c","key":"k","body":{"a":[1,{"\udc00x":2}]}})");
        QCOMPARE(r.status, 400);
        QVERIFY(r.json().value(QStringLiteral("field")).toString().startsWith(QLatin1String("body/a/1/")));
        // A valid pair is text.
        r = asTenant->request("POST", QStringLiteral("/v1/documents"), R"({"collection":"c","key":"smile","body":{"s":"\ud83d\ude00"}})");
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json().value(QStringLiteral("body")).toObject().value(QStringLiteral("s")).toString(), QStringLiteral("\U0001F600"));
        // Login too: a 400 naming the field, not a 500.
        r = m_fx.client()->request("POST", QStringLiteral("/v1/auth/login"), R"({"email":"a\ud800@x.example","password":"p"})");
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(QStringLiteral("field")).toString(), QStringLiteral("email"));
        // Query parameters as sent.
        r = m_fx.client(m_fx.server().operatorToken())->get(QStringLiteral("/v1/audit?actor=%FF"));
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(QStringLiteral("field")).toString(), QStringLiteral("actor"));
    }

    void hugeIntegersAreRefusedNotWrapped()
    {
        auto op = m_fx.client(m_fx.server().operatorToken());
        const QString limits = QStringLiteral("/v1/tenants/%1/limits").arg(m_tenant.id);
        auto r = op->request("PUT", limits, R"({"quotas":{"requests":{"limit":9223372036854775808,"policy":"block"}}})", {{"X-Portico-Reason", "t"}});
        QCOMPARE(r.status, 422);
        QVERIFY2(r.json().value(QStringLiteral("field")).toString().contains(QLatin1String("limit")), r.body.constData());
        r = op->request("PUT", limits, R"({"burst":9223372036854775808})", {{"X-Portico-Reason", "t"}});
        QCOMPARE(r.status, 422);
        QCOMPARE(r.json().value(QStringLiteral("field")).toString(), QStringLiteral("burst"));
        r = op->request("PUT", limits, R"({"burst":2.5})", {{"X-Portico-Reason", "t"}});
        QCOMPARE(r.status, 422);
        const QJsonObject after = op->get(limits).json();
        QVERIFY2(!QJsonDocument(after).toJson().contains("-9223372036854775808"), QJsonDocument(after).toJson().constData());
    }

    void mutatedBodiesAreRefusedCleanly()
    {
        QRandomGenerator rng(20261202);
        auto asOperator = m_fx.client(m_fx.server().operatorToken());
        auto asTenant = m_fx.client(m_tenant.token);
        int sent = 0, refused = 0;
        for (const BodyRoute &route : std::as_const(m_routes)) {
            for (const QByteArray &body : mutations(route, rng)) {
                for (HttpTestClient *c : {asOperator.get(), asTenant.get()}) {
                    const auto r = c->request(route.method, concretePath(route.path), body, {{"X-Portico-Reason", "fuzz"}});
                    ++sent;
                    const QString what = QStringLiteral("%1 %2 %3 -> %4 %5").arg(QString::fromLatin1(route.method), route.path,
                                                                                QString::fromLatin1(body.left(120).toPercentEncoding("{}\":,[]")))
                                             .arg(r.status).arg(QString::fromUtf8(r.body.left(300)));
                    QVERIFY2(r.status >= 200 && r.status < 500, qPrintable(what));
                    if (r.status >= 400 && route.path.startsWith(QLatin1String("/ofrep/"))) {
                        // OFREP answers in the OpenFeature protocol's own error shape.
                        ++refused;
                        QVERIFY2(!r.json().value(QStringLiteral("errorCode")).toString().isEmpty()
                                     || r.header("Content-Type").startsWith("application/problem+json"), qPrintable(what));
                    } else if (r.status >= 400) {
                        ++refused;
                        QVERIFY2(r.header("Content-Type").startsWith("application/problem+json"), qPrintable(what));
                        const QJsonObject p = r.json();
                        QVERIFY2(p.value(QStringLiteral("type")).toString().startsWith(QLatin1String("urn:portico:problem:")), qPrintable(what));
                        QVERIFY2(!p.value(QStringLiteral("detail")).toString().isEmpty(), qPrintable(what));
                    }
                }
            }
        }
        QVERIFY(refused > sent / 2);
        QCOMPARE(m_fx.client()->get(QStringLiteral("/v1/health")).status, 200);
    }

};
#endif

QTEST_GUILESS_MAIN(TestInputFuzz)
#include "tst_input_fuzz.moc"
