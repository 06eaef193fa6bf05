// The audit log: what is recorded, who may read it, that the database refuses to change it, and
// that verification finds every kind of tampering a superuser can do.
#include "core/auditchain.h"
#include "server/auth/crypto.h"
#include "tests/support/serverfixture.h"
#include <QFile>
#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <limits>
#include <sodium.h>

using namespace portico::test;

class TestServerAudit : public QObject
{
    Q_OBJECT
    ServerFixture m_fx;
    QTemporaryDir m_dir;

    QString keyFile() const { return m_dir.filePath(QStringLiteral("audit-signing.key")); }
    QString sql(const QString &statement) const { return m_fx.sql(statement); }

    HttpTestClient op() { return HttpTestClient(m_fx.baseUrl(), m_fx.server().operatorToken()); }

    QJsonArray items(HttpTestClient &c, const QString &query)
    {
        const auto r = c.get(QStringLiteral("/v1/audit") + query);
        if (r.status != 200)
            qWarning() << "GET /v1/audit" << query << r.status << r.body;
        return r.json().value(QStringLiteral("items")).toArray();
    }

    // A tenant whose chain holds "tenant.created" plus one "tenant.updated" per rename.
    QString makeTenant(const QString &name, int renames = 0)
    {
        HttpTestClient c = op();
        const auto created = c.post(QStringLiteral("/v1/tenants"), {{QStringLiteral("name"), name}, {QStringLiteral("admin_email"), QStringLiteral("a@audit.example")}});
        if (created.status != 201)
            return {};
        const QString id = created.json().value(QStringLiteral("id")).toString();
        for (int i = 0; i < renames; ++i)
            c.request("PATCH", QStringLiteral("/v1/tenants/") + id, QJsonDocument(QJsonObject{{QStringLiteral("name"), QStringLiteral("%1 %2").arg(name).arg(i)}}).toJson(),
                      {{"Content-Type", "application/json"}});
        return id;
    }

    QJsonObject verify(HttpTestClient &c, const QString &tenant, int expectStatus = 200)
    {
        const auto r = c.get(QStringLiteral("/v1/audit/verify") + (tenant.isEmpty() ? QString() : QStringLiteral("?tenant=") + tenant));
        if (r.status != expectStatus)
            qWarning() << "verify" << tenant << r.status << r.body;
        return r.status == expectStatus ? r.json() : QJsonObject{{QStringLiteral("status"), r.status}};
    }

    // As the superuser with triggers off: what someone who owns the machine could do.
    bool tamper(const QString &statement) const
    {
        return !sql(QStringLiteral("SET session_replication_role = replica; ") + statement).isNull();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(portico::auth::initCrypto());
        QVERIFY2(m_fx.start({QStringLiteral("--signing-key-file"), keyFile()}), qPrintable(m_fx.errorString()));
    }

    void signingKeyFileIsPrivate()
    {
        QFile f(keyFile());
        QVERIFY(f.exists());
        QCOMPARE(f.permissions() & ~(QFileDevice::ReadUser | QFileDevice::WriteUser | QFileDevice::ReadOwner | QFileDevice::WriteOwner),
                 QFileDevice::Permissions());
        HttpTestClient c = op();
        const auto keys = c.get(QStringLiteral("/v1/audit/keys"));
        QCOMPARE(keys.status, 200);
        const QJsonArray list = keys.json().value(QStringLiteral("items")).toArray();
        QCOMPARE(list.size(), 1);
        QVERIFY(list.at(0).toObject().value(QStringLiteral("current")).toBool());
        QCOMPARE(QByteArray::fromBase64(list.at(0).toObject().value(QStringLiteral("public_key")).toString().toLatin1()).size(), 32);
    }

    void loginsAreAudited()
    {
        HttpTestClient anon(m_fx.baseUrl());
        QCOMPARE(anon.post(QStringLiteral("/v1/auth/login"), {{QStringLiteral("email"), m_fx.server().adminEmail()}, {QStringLiteral("password"), m_fx.server().adminPassword()}}).status, 200);
        QCOMPARE(anon.post(QStringLiteral("/v1/auth/login"), {{QStringLiteral("email"), QStringLiteral("Mallory@Evil.example")}, {QStringLiteral("password"), QStringLiteral("hunter2-secret")}}).status, 401);
        HttpTestClient c = op();
        const QJsonArray platform = items(c, QStringLiteral("?tenant=platform&limit=10"));
        QVERIFY(platform.size() >= 2);
        const QJsonObject failed = platform.at(0).toObject();
        QCOMPARE(failed.value(QStringLiteral("action")).toString(), QStringLiteral("operator.login_failed"));
        QCOMPARE(failed.value(QStringLiteral("chain")).toString(), QStringLiteral("platform"));
        QCOMPARE(failed.value(QStringLiteral("details")).toObject().value(QStringLiteral("email")).toString(), QStringLiteral("Mallory@Evil.example"));
        const QJsonObject ok = platform.at(1).toObject();
        QCOMPARE(ok.value(QStringLiteral("action")).toString(), QStringLiteral("operator.login"));
        QCOMPARE(ok.value(QStringLiteral("actor")).toString(), QStringLiteral("operator:") + m_fx.server().adminEmail());
        QVERIFY(ok.value(QStringLiteral("seq")).toInteger() < failed.value(QStringLiteral("seq")).toInteger());
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM audit_log a WHERE row_to_json(a)::text LIKE '%hunter2%'")), QStringLiteral("0"));
    }

    void tenantChangesAndTokensAreAudited()
    {
        HttpTestClient c = op();
        const auto created = c.request("POST", QStringLiteral("/v1/tenants"), R"({"name":"Audit One","admin_email":"a@one.example"})",
                                       {{"Content-Type", "application/json"}, {"X-Portico-Reason", "ticket 17"}});
        QCOMPARE(created.status, 201);
        const QString id = created.json().value(QStringLiteral("id")).toString();
        QCOMPARE(c.request("PATCH", QStringLiteral("/v1/tenants/audit-one"), R"({"plan":"pro","name":"Audit One"})",
                           {{"Content-Type", "application/json"}, {"X-Portico-Reason", "upgrade requested"}}).status, 200);
        const auto issued = c.request("POST", QStringLiteral("/v1/tenants/audit-one/tokens"), R"({"label":"ci"})", {{"Content-Type", "application/json"}});
        QCOMPARE(issued.status, 201);
        const QString tokenId = issued.json().value(QStringLiteral("id")).toString();
        const QString secret = issued.json().value(QStringLiteral("token")).toString();
        QCOMPARE(c.request("DELETE", QStringLiteral("/v1/tenants/audit-one/tokens/") + tokenId).status, 204);

        const QJsonArray log = items(c, QStringLiteral("?tenant=audit-one"));
        QStringList actions;
        for (const auto &v : log) {
            const QJsonObject e = v.toObject();
            actions << e.value(QStringLiteral("action")).toString();
            QCOMPARE(e.value(QStringLiteral("chain")).toString(), id);
            QCOMPARE(e.value(QStringLiteral("tenant_id")).toString(), id);
            QCOMPARE(e.value(QStringLiteral("actor")).toString(), QStringLiteral("operator:") + m_fx.server().adminEmail());
        }
        QCOMPARE(actions, (QStringList{QStringLiteral("token.revoked"), QStringLiteral("token.issued"), QStringLiteral("tenant.updated"), QStringLiteral("tenant.created")}));
        QCOMPARE(log.at(3).toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("ticket 17"));
        QCOMPARE(log.at(3).toObject().value(QStringLiteral("seq")).toInteger(), 1);
        const QJsonObject updated = log.at(2).toObject();
        QCOMPARE(updated.value(QStringLiteral("reason")).toString(), QStringLiteral("upgrade requested"));
        // Only what changed: the name was sent unchanged.
        QCOMPARE(updated.value(QStringLiteral("details")).toObject(),
                 (QJsonObject{{QStringLiteral("before"), QJsonObject{{QStringLiteral("plan"), QStringLiteral("free")}}},
                              {QStringLiteral("after"), QJsonObject{{QStringLiteral("plan"), QStringLiteral("pro")}}}}));
        QCOMPARE(log.at(1).toObject().value(QStringLiteral("details")).toObject().value(QStringLiteral("token_id")).toString(), tokenId);
        QCOMPARE(log.at(0).toObject().value(QStringLiteral("target")).toString(), QStringLiteral("token/") + tokenId);
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM audit_log a WHERE row_to_json(a)::text LIKE '%%1%'").arg(secret.mid(4, 24))), QStringLiteral("0"));

        // Hashes the client can check itself.
        QList<portico::AuditEntry> entries;
        for (qsizetype i = log.size() - 1; i >= 0; --i)
            entries << *portico::AuditEntry::fromJson(log.at(i).toObject());
        QVERIFY(portico::verifyChain(entries, portico::genesisHash()).ok);
    }

    void untouchedChainsVerify()
    {
        HttpTestClient c = op();
        const QJsonObject platform = verify(c, {});
        QCOMPARE(platform.value(QStringLiteral("chain")).toString(), QStringLiteral("platform"));
        QVERIFY2(platform.value(QStringLiteral("ok")).toBool(), qPrintable(platform.value(QStringLiteral("reason")).toString()));
        QCOMPARE(QString::number(platform.value(QStringLiteral("checked")).toInteger()), sql(QStringLiteral("SELECT count(*) FROM audit_log WHERE chain = 'platform'")));
        QVERIFY(platform.value(QStringLiteral("first_bad_seq")).isNull());
        const QJsonObject tenant = verify(c, QStringLiteral("audit-one"));
        QVERIFY(tenant.value(QStringLiteral("ok")).toBool());
        QCOMPARE(tenant.value(QStringLiteral("checked")).toInteger(), 4);
        QVERIFY(tenant.value(QStringLiteral("checkpoints_ok")).toBool());
    }

    void databaseRefusesChanges_data()
    {
        QTest::addColumn<QString>("statement");
        QTest::newRow("data role update") << "SET ROLE portico_app; UPDATE audit_log SET actor = 'x'";
        QTest::newRow("data role delete") << "SET ROLE portico_app; DELETE FROM audit_log";
        QTest::newRow("data role truncate") << "SET ROLE portico_app; TRUNCATE audit_log";
        QTest::newRow("data role checkpoint delete") << "SET ROLE portico_app; DELETE FROM audit_checkpoints";
        QTest::newRow("owner update") << "SET ROLE portico_owner; UPDATE audit_log SET actor = 'x'";
        QTest::newRow("owner delete") << "SET ROLE portico_owner; DELETE FROM audit_log";
        QTest::newRow("owner truncate") << "SET ROLE portico_owner; TRUNCATE audit_log";
        QTest::newRow("superuser update") << "UPDATE audit_log SET actor = 'x'";
        QTest::newRow("superuser delete") << "DELETE FROM audit_log WHERE seq = 1";
        QTest::newRow("superuser key swap") << "UPDATE audit_signing_keys SET public_key = public_key";
    }
    void databaseRefusesChanges()
    {
        QFETCH(QString, statement);
        const QString before = sql(QStringLiteral("SELECT count(*) || ':' || md5(string_agg(actor || seq, ',' ORDER BY id)) FROM audit_log"));
        QVERIFY(sql(statement).isNull());
        QCOMPARE(sql(QStringLiteral("SELECT count(*) || ':' || md5(string_agg(actor || seq, ',' ORDER BY id)) FROM audit_log")), before);
    }

    void tamperingIsFound_data()
    {
        QTest::addColumn<QString>("statement"); // %1 is the chain
        QTest::addColumn<qint64>("firstBad");
        QTest::newRow("edited row") << "UPDATE audit_log SET reason = 'nothing to see' WHERE chain = '%1' AND seq = 3" << qint64(3);
        QTest::newRow("edited details") << "UPDATE audit_log SET details = details || '{\"after\":{\"name\":\"x\"}}' WHERE chain = '%1' AND seq = 5" << qint64(5);
        QTest::newRow("deleted row") << "DELETE FROM audit_log WHERE chain = '%1' AND seq = 4" << qint64(4);
        QTest::newRow("deleted first row") << "DELETE FROM audit_log WHERE chain = '%1' AND seq = 1" << qint64(1);
        QTest::newRow("contents swapped")
            << "UPDATE audit_log a SET at = b.at, actor = b.actor, action = b.action, target = b.target, reason = b.reason, details = b.details, "
               "prev_hash = b.prev_hash, hash = b.hash FROM audit_log b "
               "WHERE a.chain = '%1' AND b.chain = a.chain AND ((a.seq = 2 AND b.seq = 3) OR (a.seq = 3 AND b.seq = 2))"
            << qint64(2);
        QTest::newRow("rows reordered")
            << "UPDATE audit_log SET seq = 1000004 WHERE chain = '%1' AND seq = 4; UPDATE audit_log SET seq = 4 WHERE chain = '%1' AND seq = 5; "
               "UPDATE audit_log SET seq = 5 WHERE chain = '%1' AND seq = 1000004"
            << qint64(4);
        QTest::newRow("row replaced and renumbered")
            << "DELETE FROM audit_log WHERE chain = '%1' AND seq = 2; UPDATE audit_log SET seq = seq + 1000000 WHERE chain = '%1' AND seq > 2; "
               "UPDATE audit_log SET seq = seq - 1000001 WHERE chain = '%1' AND seq > 1000000"
            << qint64(2);
    }
    void tamperingIsFound()
    {
        QFETCH(QString, statement);
        QFETCH(qint64, firstBad);
        const QString id = makeTenant(QStringLiteral("Tamper %1").arg(QTest::currentDataTag()).left(60), 5);
        QVERIFY(!id.isEmpty());
        HttpTestClient c = op();
        QVERIFY(verify(c, id).value(QStringLiteral("ok")).toBool());
        QVERIFY(tamper(statement.arg(id)));
        const QJsonObject v = verify(c, id);
        QCOMPARE(v.value(QStringLiteral("ok")).toBool(), false);
        QCOMPARE(v.value(QStringLiteral("first_bad_seq")).toInteger(), firstBad);
        QVERIFY(!v.value(QStringLiteral("reason")).toString().isEmpty());
        // Other chains are unaffected.
        QVERIFY(verify(c, QStringLiteral("audit-one")).value(QStringLiteral("ok")).toBool());
    }

    void tenantTokenSeesOnlyItsOwnChain()
    {
        const QString a = makeTenant(QStringLiteral("Reader A"), 1);
        const QString b = makeTenant(QStringLiteral("Reader B"), 1);
        HttpTestClient c = op();
        const auto issued = c.request("POST", QStringLiteral("/v1/tenants/reader-a/tokens"), R"({"label":"auditor"})", {{"Content-Type", "application/json"}});
        QCOMPARE(issued.status, 201);
        HttpTestClient t(m_fx.baseUrl(), issued.json().value(QStringLiteral("token")).toString());
        const QJsonArray own = items(t, {});
        QCOMPARE(own.size(), 3); // created, updated, token issued
        for (const auto &v : own)
            QCOMPARE(v.toObject().value(QStringLiteral("chain")).toString(), a);
        QCOMPARE(items(t, QStringLiteral("?tenant=reader-a")).size(), 3);
        QCOMPARE(items(t, QStringLiteral("?tenant=") + a.toUpper()).size(), 3);
        QCOMPARE(t.get(QStringLiteral("/v1/audit?tenant=reader-b")).status, 404);
        QCOMPARE(t.get(QStringLiteral("/v1/audit?tenant=") + b).status, 404);
        QCOMPARE(t.get(QStringLiteral("/v1/audit?tenant=platform")).status, 404);
        QCOMPARE(t.get(QStringLiteral("/v1/audit?tenant=no-such-tenant")).status, 404);
        const QJsonObject v = verify(t, {});
        QCOMPARE(v.value(QStringLiteral("chain")).toString(), a);
        QVERIFY(v.value(QStringLiteral("ok")).toBool());
        QCOMPARE(v.value(QStringLiteral("checked")).toInteger(), 3);
        QCOMPARE(t.get(QStringLiteral("/v1/audit/verify?tenant=platform")).status, 404);
        QCOMPARE(t.get(QStringLiteral("/v1/audit/verify?tenant=") + b).status, 404);
        QCOMPARE(t.get(QStringLiteral("/v1/audit/keys")).status, 200);
        HttpTestClient anon(m_fx.baseUrl());
        QCOMPARE(anon.get(QStringLiteral("/v1/audit")).status, 401);
    }

    void filtersAndPagination()
    {
        HttpTestClient anon(m_fx.baseUrl());
        for (int i = 0; i < 5; ++i)
            QCOMPARE(anon.post(QStringLiteral("/v1/auth/login"), {{QStringLiteral("email"), QStringLiteral("page%1@nowhere.example").arg(i)}, {QStringLiteral("password"), QStringLiteral("x")}}).status, 401);
        HttpTestClient c = op();
        QSet<qint64> seen;
        QString cursor;
        qint64 lastSeq = std::numeric_limits<qint64>::max();
        int pages = 0;
        do {
            const auto r = c.get(QStringLiteral("/v1/audit?tenant=platform&action=operator.login_failed&limit=2") + (cursor.isEmpty() ? QString() : QStringLiteral("&cursor=") + cursor));
            QCOMPARE(r.status, 200);
            for (const auto &v : r.json().value(QStringLiteral("items")).toArray()) {
                const QJsonObject e = v.toObject();
                QCOMPARE(e.value(QStringLiteral("action")).toString(), QStringLiteral("operator.login_failed"));
                const qint64 seq = e.value(QStringLiteral("seq")).toInteger();
                QVERIFY(seq < lastSeq); // newest first
                QVERIFY(!seen.contains(seq));
                seen.insert(seq);
                lastSeq = seq;
            }
            cursor = r.json().value(QStringLiteral("next_cursor")).toString();
            ++pages;
        } while (!cursor.isEmpty() && pages < 20);
        QCOMPARE(QString::number(seen.size()), sql(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'operator.login_failed'")));
        QVERIFY(pages >= 3);

        for (const auto &v : items(c, QStringLiteral("?actor=operator:") + m_fx.server().adminEmail() + QStringLiteral("&limit=200")))
            QCOMPARE(v.toObject().value(QStringLiteral("actor")).toString(), QStringLiteral("operator:") + m_fx.server().adminEmail());
        // Without tenant an operator sees every chain.
        QSet<QString> chains;
        for (const auto &v : items(c, QStringLiteral("?limit=200")))
            chains.insert(v.toObject().value(QStringLiteral("chain")).toString());
        QVERIFY(chains.contains(QStringLiteral("platform")));
        QVERIFY(chains.size() > 2);
        // Time range: nothing from the future, everything since an hour ago.
        const QString future = QDateTime::currentDateTimeUtc().addDays(1).toString(Qt::ISODateWithMs);
        const QString past = QDateTime::currentDateTimeUtc().addSecs(-3600).toString(Qt::ISODate);
        QCOMPARE(items(c, QStringLiteral("?from=") + future).size(), 0);
        QCOMPARE(items(c, QStringLiteral("?tenant=platform&limit=1&from=") + past + QStringLiteral("&to=") + future).size(), 1);
        QCOMPARE(items(c, QStringLiteral("?tenant=platform&to=") + QUrl::toPercentEncoding(QStringLiteral("2000-01-01T00:00:00+02:00"))).size(), 0);
    }

    void badParametersAreNamed_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("status");
        QTest::newRow("no offset") << "from=2026-01-01T00:00:00" << "from" << 422;
        QTest::newRow("not a time") << "to=yesterday" << "to" << 422;
        QTest::newRow("date only") << "from=2026-01-01" << "from" << 422;
        QTest::newRow("to before from") << "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z" << "to" << 422;
        QTest::newRow("limit zero") << "limit=0" << "limit" << 422;
        QTest::newRow("limit huge") << "limit=201" << "limit" << 422;
        QTest::newRow("limit text") << "limit=ten" << "limit" << 422;
        QTest::newRow("cursor") << "cursor=garbage" << "cursor" << 400;
        QTest::newRow("unknown") << "chain=platform" << "chain" << 422;
    }
    void badParametersAreNamed()
    {
        QFETCH(QString, query);
        QFETCH(QString, field);
        QFETCH(int, status);
        HttpTestClient c = op();
        const auto r = c.get(QStringLiteral("/v1/audit?") + query);
        QCOMPARE(r.status, status); // 400 invalid-cursor for a cursor, 422 validation for the rest
        QCOMPARE(r.json().value(QStringLiteral("field")).toString(), field);
        QCOMPARE(r.header("content-type"), QByteArray("application/problem+json"));
    }

    void checkpointsAreSignedAndChecked()
    {
        // 1 + 100 entries: the 100th append writes a checkpoint.
        const QString id = makeTenant(QStringLiteral("Checkpoint Co"), 100);
        QVERIFY(!id.isEmpty());
        QCOMPARE(sql(QStringLiteral("SELECT string_agg(seq::text, ',') FROM audit_checkpoints WHERE chain = '%1'").arg(id)), QStringLiteral("100"));
        HttpTestClient c = op();
        QJsonObject v = verify(c, id);
        QVERIFY2(v.value(QStringLiteral("ok")).toBool(), qPrintable(v.value(QStringLiteral("reason")).toString()));
        QCOMPARE(v.value(QStringLiteral("checked")).toInteger(), 101);
        QCOMPARE(v.value(QStringLiteral("checkpoints_checked")).toInteger(), 1);
        QVERIFY(v.value(QStringLiteral("checkpoints_ok")).toBool());

        // The signature checks out here too, with the published key and the entry's hash.
        const QByteArray publicKey = QByteArray::fromBase64(
            c.get(QStringLiteral("/v1/audit/keys")).json().value(QStringLiteral("items")).toArray().at(0).toObject().value(QStringLiteral("public_key")).toString().toLatin1());
        const QByteArray signature = QByteArray::fromHex(sql(QStringLiteral("SELECT encode(signature, 'hex') FROM audit_checkpoints WHERE chain = '%1'").arg(id)).toLatin1());
        const QByteArray hash = QByteArray::fromHex(sql(QStringLiteral("SELECT encode(hash, 'hex') FROM audit_log WHERE chain = '%1' AND seq = 100").arg(id)).toLatin1());
        const QByteArray message = portico::checkpointMessage(id, 100, hash);
        QCOMPARE(crypto_sign_verify_detached(reinterpret_cast<const unsigned char *>(signature.constData()),
                                             reinterpret_cast<const unsigned char *>(message.constData()), quint64(message.size()),
                                             reinterpret_cast<const unsigned char *>(publicKey.constData())), 0);

        // Anyone who may insert can add a checkpoint, but not sign it.
        QVERIFY(!sql(QStringLiteral("SET ROLE portico_app; INSERT INTO audit_checkpoints (chain, seq, hash, signature, key_id) "
                                    "SELECT chain, seq, hash, decode(repeat('ab', 64), 'hex'), (SELECT key_id FROM audit_signing_keys LIMIT 1) "
                                    "FROM audit_log WHERE chain = '%1' AND seq = 50").arg(id)).isNull());
        v = verify(c, id);
        QCOMPARE(v.value(QStringLiteral("ok")).toBool(), false);
        QVERIFY(v.value(QStringLiteral("first_bad_seq")).isNull()); // the entries themselves are intact
        QCOMPARE(v.value(QStringLiteral("checkpoints_ok")).toBool(), false);
        QCOMPARE(v.value(QStringLiteral("checkpoints_checked")).toInteger(), 2);
        QCOMPARE(v.value(QStringLiteral("first_bad_checkpoint_seq")).toInteger(), 50);
    }

    void cuttingTheChainShortIsFoundByCheckpoints()
    {
        const QString id = makeTenant(QStringLiteral("Short Chain"), 100);
        QVERIFY(!id.isEmpty());
        HttpTestClient c = op();
        QVERIFY(verify(c, id).value(QStringLiteral("ok")).toBool());
        // The tail after seq 99 goes: the hash chain alone still holds, the checkpoint at 100 does not.
        QVERIFY(tamper(QStringLiteral("DELETE FROM audit_log WHERE chain = '%1' AND seq >= 100").arg(id)));
        const QJsonObject v = verify(c, id);
        QCOMPARE(v.value(QStringLiteral("ok")).toBool(), false);
        QCOMPARE(v.value(QStringLiteral("checked")).toInteger(), 99);
        QCOMPARE(v.value(QStringLiteral("checkpoints_ok")).toBool(), false);
        QCOMPARE(v.value(QStringLiteral("first_bad_checkpoint_seq")).toInteger(), 100);
    }

    void cleanupTestCase() { m_fx.server().stop(); }
};

QTEST_GUILESS_MAIN(TestServerAudit)
#include "tst_server_audit.moc"
