// Operator login, tokens (hashed, revocable, expiring) and role checks.
#include "server/auth/crypto.h"
#include "tests/support/serverfixture.h"
#include <QTest>

using namespace portico::test;

class TestServerAuth : public QObject
{
    Q_OBJECT
    ServerFixture m_fx;

    QString login(const QString &email, const QString &password, int *status = nullptr)
    {
        HttpTestClient c(m_fx.baseUrl());
        const auto r = c.post(QStringLiteral("/v1/auth/login"), {{QStringLiteral("email"), email}, {QStringLiteral("password"), password}});
        if (status)
            *status = r.status;
        return r.json().value(QStringLiteral("token")).toString();
    }

    void addOperator(const QString &email, const QString &role, const QString &password)
    {
        QVERIFY(portico::auth::initCrypto());
        const QString hash = portico::auth::hashPassword(password);
        const QString out = m_fx.cluster().psql(m_fx.server().database(),
                                           QStringLiteral("INSERT INTO operators (id, email, display_name, role, password_hash) "
                                                          "VALUES (gen_random_uuid(), '%1', 'Test', '%2', '%3')").arg(email, role, hash));
        QVERIFY(!out.isNull());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_fx.start(), qPrintable(m_fx.errorString()));
    }

    void loginReturnsAWorkingToken()
    {
        int status = 0;
        const QString token = login(m_fx.server().adminEmail().toUpper(), m_fx.server().adminPassword(), &status);
        QCOMPARE(status, 200);
        QVERIFY(token.startsWith(QLatin1String("pto_")));
        HttpTestClient c(m_fx.baseUrl(), token);
        const auto me = c.get(QStringLiteral("/v1/me"));
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json().value(QStringLiteral("kind")).toString(), QStringLiteral("operator"));
        QCOMPARE(me.json().value(QStringLiteral("operator")).toObject().value(QStringLiteral("role")).toString(), QStringLiteral("admin"));
    }

    void wrongPasswordAndUnknownEmailLookAlike()
    {
        int s1 = 0, s2 = 0;
        QVERIFY(login(m_fx.server().adminEmail(), QStringLiteral("wrong"), &s1).isEmpty());
        QVERIFY(login(QStringLiteral("nobody@portico.test"), QStringLiteral("wrong"), &s2).isEmpty());
        QCOMPARE(s1, 401);
        QCOMPARE(s2, 401);
    }

    void tokensAreStoredOnlyAsHashes()
    {
        const QString token = login(m_fx.server().adminEmail(), m_fx.server().adminPassword());
        QVERIFY(!token.isEmpty());
        const QString hex = QString::fromLatin1(portico::auth::sha256(token.toUtf8()).toHex());
        QCOMPARE(m_fx.sql(QStringLiteral("SELECT count(*) FROM api_tokens WHERE token_hash = '\\x%1'::bytea").arg(hex)), QStringLiteral("1"));
        // The secret itself appears in no column of any token row.
        QCOMPARE(m_fx.sql(QStringLiteral("SELECT count(*) FROM api_tokens t WHERE row_to_json(t)::text LIKE '%%1%'").arg(token.mid(4, 24))), QStringLiteral("0"));
    }

    void logoutRevokes()
    {
        const QString token = login(m_fx.server().adminEmail(), m_fx.server().adminPassword());
        HttpTestClient c(m_fx.baseUrl(), token);
        QCOMPARE(c.get(QStringLiteral("/v1/me")).status, 200);
        QCOMPARE(c.request("POST", QStringLiteral("/v1/auth/logout")).status, 204);
        QCOMPARE(c.get(QStringLiteral("/v1/me")).status, 401);
    }

    void expiredTokenIsRefused()
    {
        const QString token = login(m_fx.server().adminEmail(), m_fx.server().adminPassword());
        const QString hex = QString::fromLatin1(portico::auth::sha256(token.toUtf8()).toHex());
        m_fx.sql(QStringLiteral("UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE token_hash = '\\x%1'::bytea").arg(hex));
        HttpTestClient c(m_fx.baseUrl(), token);
        QCOMPARE(c.get(QStringLiteral("/v1/me")).status, 401);
    }

    void rolesLimitWrites_data()
    {
        QTest::addColumn<QString>("role");
        QTest::addColumn<int>("listStatus");
        QTest::addColumn<int>("createStatus");
        QTest::newRow("viewer") << "viewer" << 200 << 403;
        QTest::newRow("account manager") << "account_manager" << 200 << 403;
        QTest::newRow("support") << "support" << 200 << 201;
    }
    void rolesLimitWrites()
    {
        QFETCH(QString, role);
        QFETCH(int, listStatus);
        QFETCH(int, createStatus);
        const QString email = role + QStringLiteral("@portico.test");
        addOperator(email, role, QStringLiteral("pw-") + role);
        HttpTestClient c(m_fx.baseUrl(), login(email, QStringLiteral("pw-") + role));
        QCOMPARE(c.get(QStringLiteral("/v1/tenants")).status, listStatus);
        const auto created = c.post(QStringLiteral("/v1/tenants"), {{QStringLiteral("name"), QStringLiteral("Made By ") + role},
                                                                     {QStringLiteral("admin_email"), QStringLiteral("x@made.example")}});
        QCOMPARE(created.status, createStatus);
    }

    void tenantTokenSeesOnlyItsTenant()
    {
        HttpTestClient &op = m_fx.op();
        QCOMPARE(op.post(QStringLiteral("/v1/tenants"), {{QStringLiteral("name"), QStringLiteral("Me Corp")}, {QStringLiteral("admin_email"), QStringLiteral("a@me.example")}}).status, 201);
        const auto issued = op.request("POST", QStringLiteral("/v1/tenants/me-corp/tokens"), R"({"label":"ci","expires_in_days":1})");
        QCOMPARE(issued.status, 201);
        QVERIFY(issued.json().value(QStringLiteral("token")).toString().startsWith(QLatin1String("ptt_")));
        HttpTestClient tenant(m_fx.baseUrl(), issued.json().value(QStringLiteral("token")).toString());
        const auto me = tenant.get(QStringLiteral("/v1/me"));
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json().value(QStringLiteral("tenant")).toObject().value(QStringLiteral("slug")).toString(), QStringLiteral("me-corp"));
        // Revoked through the operator API: refused at once.
        const QString id = issued.json().value(QStringLiteral("id")).toString();
        QCOMPARE(op.request("DELETE", QStringLiteral("/v1/tenants/me-corp/tokens/") + id).status, 204);
        QCOMPARE(tenant.get(QStringLiteral("/v1/me")).status, 401);
        QCOMPARE(op.request("DELETE", QStringLiteral("/v1/tenants/me-corp/tokens/") + id).status, 404);
    }
};

QTEST_GUILESS_MAIN(TestServerAuth)
#include "tst_server_auth.moc"
