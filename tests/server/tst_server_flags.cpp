// Feature flags through the real server: definitions (validation, conflicts), per-tenant evaluation
// and overrides with preview, bulk overrides whose preview equals the change, OFREP responses and
// error codes, the tenant coming from the token only, snapshot ETag/304, NOTIFY propagation to a
// second server instance on the same database, and audit entries.
#include "tests/support/serverfixture.h"
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace portico::test;

namespace {
QByteArray json(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }
const QList<QPair<QByteArray, QByteArray>> kJson{{"Content-Type", "application/json"}};
QJsonObject flagIn(const QJsonObject &evaluation, const QString &key)
{
    for (const auto v : evaluation.value(QStringLiteral("flags")).toArray())
        if (v.toObject().value(QStringLiteral("key")).toString() == key)
            return v.toObject();
    return {};
}
} // namespace

class TestServerFlags : public QObject
{
    Q_OBJECT
    ServerFixture m_fx;
    std::unique_ptr<HttpTestClient> m_a, m_b;
    QString m_idA, m_idB;

    QString makeTenant(const QString &name, const QString &plan, std::unique_ptr<HttpTestClient> &client)
    {
        const TestTenant t = m_fx.makeTenant({.name = name, .plan = plan, .adminEmail = QStringLiteral("a@x.example")});
        client = m_fx.client(t.token);
        return t.ok() ? t.id : QString();
    }

    HttpResult createFlag(const char *definition) { return m_fx.op().request("POST", QStringLiteral("/v1/flags"), definition, kJson); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_fx.start(), qPrintable(m_fx.errorString()));
        m_idA = makeTenant(QStringLiteral("Flags Alpha"), QStringLiteral("free"), m_a);
        m_idB = makeTenant(QStringLiteral("Flags Bravo"), QStringLiteral("enterprise"), m_b);
        QVERIFY(!m_idA.isEmpty() && !m_idB.isEmpty());
    }

    void definitions()
    {
        const auto created = createFlag(R"({"key":"beta-ui","description":"New UI","default":false,"plans":{"enterprise":true},"owner":"team-web"})");
        QCOMPARE(created.status, 201);
        QCOMPARE(created.header("location"), QByteArray("/v1/flags/beta-ui"));
        QCOMPARE(created.json().value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(createFlag(R"({"key":"beta-ui","default":false})").status, 409);
        const auto bad = createFlag(R"({"key":"x1","default":false,"rollout":{"percentage":101}})");
        QCOMPARE(bad.status, 422);
        QCOMPARE(bad.json().value(QStringLiteral("field")).toString(), QStringLiteral("rollout.percentage"));
        const auto badPre = createFlag(R"({"key":"x2","default":false,"prerequisites":[{"flag":"missing"}]})");
        QCOMPARE(badPre.json().value(QStringLiteral("field")).toString(), QStringLiteral("prerequisites[0].flag"));
        const auto list = m_fx.op().get(QStringLiteral("/v1/flags"));
        QCOMPARE(list.status, 200);
        QCOMPARE(list.json().value(QStringLiteral("items")).toArray().size(), 1);
        // PATCH with If-Match; a stale tag is a 412.
        const QByteArray etag = m_fx.op().get(QStringLiteral("/v1/flags/beta-ui")).header("etag");
        const auto patched = m_fx.op().request("PATCH", QStringLiteral("/v1/flags/beta-ui"), R"({"description":"New UI, phase 2"})",
                                           {{"Content-Type", "application/json"}, {"If-Match", etag}});
        QCOMPARE(patched.status, 200);
        QCOMPARE(patched.json().value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(m_fx.op().request("PATCH", QStringLiteral("/v1/flags/beta-ui"), R"({"owner":"x"})", {{"Content-Type", "application/json"}, {"If-Match", etag}}).status, 412);
        QCOMPARE(m_fx.op().request("PATCH", QStringLiteral("/v1/flags/beta-ui"), R"({"kind":"variant"})", kJson).json().value(QStringLiteral("field")).toString(), QStringLiteral("kind"));
    }

    void evaluationAndOverrides()
    {
        // Enterprise Bravo is entitled, free Alpha is not.
        QCOMPARE(flagIn(m_b->get(QStringLiteral("/v1/flags/evaluate")).json(), QStringLiteral("beta-ui")).value(QStringLiteral("reason")).toString(), QStringLiteral("TARGETING_MATCH"));
        const QJsonObject a = flagIn(m_a->get(QStringLiteral("/v1/flags/evaluate")).json(), QStringLiteral("beta-ui"));
        QCOMPARE(a.value(QStringLiteral("value")).toBool(), false);
        QCOMPARE(a.value(QStringLiteral("reason")).toString(), QStringLiteral("DEFAULT"));
        // The override preview says what would change and writes nothing.
        const QString path = QStringLiteral("/v1/tenants/%1/flags/beta-ui").arg(m_idA);
        const auto preview = m_fx.op().request("PUT", path + QStringLiteral("?dry_run=true"), R"({"value":true,"reason":"pilot"})", kJson);
        QCOMPARE(preview.status, 200);
        QCOMPARE(preview.json().value(QStringLiteral("changes_value")).toBool(), true);
        QCOMPARE(preview.json().value(QStringLiteral("after")).toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("TARGETING_MATCH"));
        QCOMPARE(m_fx.op().get(path).json().value(QStringLiteral("value")).toBool(), false);
        QCOMPARE(m_fx.op().request("PUT", path, R"({"value":"yes"})", kJson).json().value(QStringLiteral("field")).toString(), QStringLiteral("value"));
        QCOMPARE(m_fx.op().request("PUT", path, R"({"value":true,"reason":"pilot"})", kJson).status, 200);
        const auto evaluated = m_fx.op().get(path).json();
        QCOMPARE(evaluated.value(QStringLiteral("value")).toBool(), true);
        QCOMPARE(evaluated.value(QStringLiteral("rule")).toString(), QStringLiteral("tenant_override"));
        QCOMPARE(evaluated.value(QStringLiteral("tenant_override_info")).toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("pilot"));
        QCOMPARE(flagIn(m_a->get(QStringLiteral("/v1/flags/evaluate")).json(), QStringLiteral("beta-ui")).value(QStringLiteral("value")).toBool(), true);
        const auto overrides = m_fx.op().get(QStringLiteral("/v1/flags/beta-ui/overrides")).json().value(QStringLiteral("items")).toArray();
        QCOMPARE(overrides.size(), 1);
        QCOMPARE(overrides.at(0).toObject().value(QStringLiteral("tenant_id")).toString(), m_idA);
        QCOMPARE(m_fx.op().get(QStringLiteral("/v1/tenants/%1/flags").arg(m_idA)).json().value(QStringLiteral("items")).toArray().size(), 1);
        // Audit on the tenant's chain, with before and after.
        const auto audit = m_fx.op().get(QStringLiteral("/v1/audit?tenant=%1&action=flag.override_set").arg(m_idA)).json().value(QStringLiteral("items")).toArray();
        QCOMPARE(audit.size(), 1);
        QCOMPARE(audit.at(0).toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("pilot"));
        QVERIFY(audit.at(0).toObject().value(QStringLiteral("details")).toObject().value(QStringLiteral("before")).isNull());
        QCOMPARE(audit.at(0).toObject().value(QStringLiteral("details")).toObject().value(QStringLiteral("after")).toBool(), true);
        QCOMPARE(m_fx.op().get(QStringLiteral("/v1/audit?tenant=platform&action=flag.created")).json().value(QStringLiteral("items")).toArray().size(), 1);
        QCOMPARE(m_fx.op().request("DELETE", path).status, 204);
        QCOMPARE(m_fx.op().request("DELETE", path).status, 404);
    }

    void bulkOverridePreviewEqualsApplied()
    {
        QCOMPARE(createFlag(R"({"key":"bulk-target","default":false})").status, 201);
        const QJsonObject request{{QStringLiteral("tenants"), QJsonArray{m_idA, m_idB}}, {QStringLiteral("value"), true}, {QStringLiteral("reason"), QStringLiteral("launch")}};
        QJsonObject dry = request;
        dry.insert(QStringLiteral("dry_run"), true);
        const auto preview = m_fx.op().post(QStringLiteral("/v1/flags/bulk-target/overrides/bulk"), dry).json();
        QCOMPARE(preview.value(QStringLiteral("changed")).toInt(), 2);
        QCOMPARE(m_fx.op().get(QStringLiteral("/v1/flags/bulk-target/overrides")).json().value(QStringLiteral("items")).toArray().size(), 0);
        const auto applied = m_fx.op().request("POST", QStringLiteral("/v1/flags/bulk-target/overrides/bulk"), json(request),
                                           {{"Content-Type", "application/json"}, {"If-Match", preview.value(QStringLiteral("preview_etag")).toString().toLatin1()}});
        QCOMPARE(applied.status, 200);
        QCOMPARE(applied.json().value(QStringLiteral("changes")), preview.value(QStringLiteral("changes")));
        QCOMPARE(m_fx.op().get(QStringLiteral("/v1/flags/bulk-target/overrides")).json().value(QStringLiteral("items")).toArray().size(), 2);
        QCOMPARE(m_fx.op().post(QStringLiteral("/v1/flags/bulk-target/overrides/bulk"), dry).json().value(QStringLiteral("changed")).toInt(), 0);
    }

    void rolloutImpactPreview()
    {
        QCOMPARE(createFlag(R"({"key":"gradual","default":false,"rollout":{"percentage":0,"by":"tenant"}})").status, 201);
        const auto r = m_fx.op().request("PATCH", QStringLiteral("/v1/flags/gradual?dry_run=true"), R"({"rollout":{"percentage":100,"by":"tenant"}})", kJson);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("impact")).toObject().value(QStringLiteral("changed")).toInt(), 2);
        QCOMPARE(m_fx.op().get(QStringLiteral("/v1/flags/gradual")).json().value(QStringLiteral("version")).toInt(), 1);
    }

    void ofrep()
    {
        QCOMPARE(createFlag(R"({"key":"per-user","default":false,"rollout":{"percentage":100,"by":"user"}})").status, 201);
        QCOMPARE(createFlag(R"({"key":"theme","kind":"variant","default":"blue","variants":[{"name":"blue","value":"blue"},{"name":"red","value":"red"}],"plans":{"enterprise":"red"}})").status, 201);
        const auto one = m_b->request("POST", QStringLiteral("/ofrep/v1/evaluate/flags/theme"), R"({"context":{"targetingKey":"user-1"}})", kJson);
        QCOMPARE(one.status, 200);
        const QJsonObject o = one.json();
        QCOMPARE(o.value(QStringLiteral("key")).toString(), QStringLiteral("theme"));
        QCOMPARE(o.value(QStringLiteral("value")).toString(), QStringLiteral("red"));
        QCOMPARE(o.value(QStringLiteral("variant")).toString(), QStringLiteral("red"));
        QCOMPARE(o.value(QStringLiteral("reason")).toString(), QStringLiteral("TARGETING_MATCH"));
        QVERIFY(o.value(QStringLiteral("metadata")).isObject());
        const auto notFound = m_b->request("POST", QStringLiteral("/ofrep/v1/evaluate/flags/nope"), R"({"context":{}})", kJson);
        QCOMPARE(notFound.status, 404);
        QCOMPARE(notFound.json().value(QStringLiteral("errorCode")).toString(), QStringLiteral("FLAG_NOT_FOUND"));
        QCOMPARE(notFound.json().value(QStringLiteral("key")).toString(), QStringLiteral("nope"));
        const auto parse = m_b->request("POST", QStringLiteral("/ofrep/v1/evaluate/flags/theme"), "{nope", kJson);
        QCOMPARE(parse.status, 400);
        QCOMPARE(parse.json().value(QStringLiteral("errorCode")).toString(), QStringLiteral("PARSE_ERROR"));
        const auto invalid = m_b->request("POST", QStringLiteral("/ofrep/v1/evaluate/flags/theme"), R"({"context":[1]})", kJson);
        QCOMPARE(invalid.status, 400);
        QCOMPARE(invalid.json().value(QStringLiteral("errorCode")).toString(), QStringLiteral("INVALID_CONTEXT"));
        const auto missing = m_b->request("POST", QStringLiteral("/ofrep/v1/evaluate/flags/per-user"), R"({"context":{}})", kJson);
        QCOMPARE(missing.status, 400);
        QCOMPARE(missing.json().value(QStringLiteral("errorCode")).toString(), QStringLiteral("TARGETING_KEY_MISSING"));
        QCOMPARE(m_b->request("POST", QStringLiteral("/ofrep/v1/evaluate/flags/per-user"), R"({"context":{"targetingKey":"u7"}})", kJson).json().value(QStringLiteral("reason")).toString(),
                 QStringLiteral("SPLIT"));
        // Bulk: every flag, errors inline, ETag and 304.
        const auto bulk = m_b->request("POST", QStringLiteral("/ofrep/v1/evaluate/flags"), R"({"context":{}})", kJson);
        QCOMPARE(bulk.status, 200);
        const QJsonObject perUser = flagIn(bulk.json(), QStringLiteral("per-user"));
        QCOMPARE(perUser.value(QStringLiteral("errorCode")).toString(), QStringLiteral("TARGETING_KEY_MISSING"));
        QCOMPARE(flagIn(bulk.json(), QStringLiteral("theme")).value(QStringLiteral("value")).toString(), QStringLiteral("red"));
        const QByteArray etag = bulk.header("etag");
        QVERIFY(!etag.isEmpty());
        const auto again = m_b->request("POST", QStringLiteral("/ofrep/v1/evaluate/flags"), R"({"context":{}})", {{"Content-Type", "application/json"}, {"If-None-Match", etag}});
        QCOMPARE(again.status, 304);
        QVERIFY(again.body.isEmpty());
        QCOMPARE(m_fx.op().request("POST", QStringLiteral("/ofrep/v1/evaluate/flags"), "{}", kJson).status, 403); // operators have no tenant
    }

    void contextClaimingAnotherTenantIsIgnored()
    {
        // Bravo (enterprise) gets red; Alpha (free) claims to be Bravo in every spelling and still gets blue.
        const QString claim = QStringLiteral(R"({"context":{"targetingKey":"u1","tenant":"%1","tenant_id":"%1","tenantId":"%1","plan":"enterprise"}})").arg(m_idB);
        const auto r = m_a->request("POST", QStringLiteral("/ofrep/v1/evaluate/flags/theme"), claim.toUtf8(), kJson);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("value")).toString(), QStringLiteral("blue"));
        QCOMPARE(r.json().value(QStringLiteral("metadata")).toObject().value(QStringLiteral("tenant_id")).toString(), m_idA);
        QCOMPARE(m_a->request("GET", QStringLiteral("/v1/flags/evaluate"), {}, {{"X-Portico-Tenant", m_idB.toLatin1()}}).status, 400);
        QCOMPARE(m_a->get(QStringLiteral("/v1/flags/evaluate")).json().value(QStringLiteral("tenant_id")).toString(), m_idA);
    }

    void snapshotEtag()
    {
        const auto first = m_a->get(QStringLiteral("/v1/flags/snapshot"));
        QCOMPARE(first.status, 200);
        QVERIFY(first.json().value(QStringLiteral("flags")).toObject().contains(QStringLiteral("theme")));
        const QByteArray etag = first.header("etag");
        QCOMPARE(m_a->request("GET", QStringLiteral("/v1/flags/snapshot"), {}, {{"If-None-Match", etag}}).status, 304);
        QCOMPARE(m_fx.op().request("PUT", QStringLiteral("/v1/tenants/%1/flags/theme").arg(m_idA), R"({"value":"red"})", kJson).status, 200);
        const auto changed = m_a->request("GET", QStringLiteral("/v1/flags/snapshot"), {}, {{"If-None-Match", etag}});
        QCOMPARE(changed.status, 200);
        QCOMPARE(changed.json().value(QStringLiteral("flags")).toObject().value(QStringLiteral("theme")).toObject().value(QStringLiteral("value")).toString(), QStringLiteral("red"));
    }

    void notifyReachesAnotherInstanceWithinASecond()
    {
        ServerProcess second(m_fx.cluster());
        second.setDatabase(m_fx.server().database());
        QVERIFY2(second.start(), qPrintable(second.errorString()));
        HttpTestClient a2(second.baseUrl());
        const auto token = m_fx.op().request("POST", QStringLiteral("/v1/tenants/%1/tokens").arg(m_idA), "{}", kJson);
        a2.setToken(token.json().value(QStringLiteral("token")).toString());
        const auto valueOnSecond = [&] { return flagIn(a2.get(QStringLiteral("/v1/flags/evaluate")).json(), QStringLiteral("beta-ui")).value(QStringLiteral("reason")).toString(); };
        QCOMPARE(valueOnSecond(), QStringLiteral("DEFAULT"));
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(m_fx.op().request("PATCH", QStringLiteral("/v1/flags/beta-ui"), R"({"enabled":false})", kJson).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(valueOnSecond(), QStringLiteral("DISABLED"), 1000);
        qInfo("second instance saw the kill switch after %lld ms", timer.elapsed());
        // A new flag too.
        QCOMPARE(createFlag(R"({"key":"late-arrival","default":true})").status, 201);
        QTRY_VERIFY_WITH_TIMEOUT(!flagIn(a2.get(QStringLiteral("/v1/flags/evaluate")).json(), QStringLiteral("late-arrival")).isEmpty(), 1000);
        // And a plan change of the tenant (plan entitlements follow it).
        QCOMPARE(m_fx.op().request("PATCH", QStringLiteral("/v1/flags/beta-ui"), R"({"enabled":true})", kJson).status, 200);
        QCOMPARE(m_fx.op().request("PATCH", QStringLiteral("/v1/tenants/%1").arg(m_idA), R"({"plan":"enterprise"})", kJson).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(valueOnSecond(), QStringLiteral("TARGETING_MATCH"), 1000);
    }

    // Answers are kept per snapshot, tenant, user and schedule span (server/flags/answercache.h).
    // Each evaluation below is asked twice first, so the one after a change would be served from
    // the cache if the change did not reach it.
    void keptAnswersFollowEveryChange()
    {
        QCOMPARE(createFlag(R"({"key":"cached","default":false,"plans":{"pro":true}})").status, 201);
        const auto cachedIn = [](HttpTestClient &c, const QString &user) {
            const QString path = user.isEmpty() ? QStringLiteral("/v1/flags/evaluate") : QStringLiteral("/v1/flags/evaluate?user=") + user;
            c.get(path); // asked once more: whatever could be kept is kept
            const auto r = c.get(path);
            if (r.status != 200)
                qWarning("%d %s", r.status, r.body.constData());
            return flagIn(r.json(), QStringLiteral("cached"));
        };
        const QString alpha = QStringLiteral("/v1/tenants/%1").arg(m_idA);
        // Many requests follow: room for them under every plan Alpha passes through.
        QCOMPARE(m_fx.op().request("PUT", alpha + QStringLiteral("/limits"), R"({"rate_per_second":1000,"burst":10000,"concurrency":100})",
                                   {{"Content-Type", "application/json"}, {"X-Portico-Reason", "test"}}).status, 200);
        QCOMPARE(cachedIn(*m_a, QStringLiteral("u1")).value(QStringLiteral("value")).toBool(), false);
        // A flag change.
        QCOMPARE(m_fx.op().request("PATCH", QStringLiteral("/v1/flags/cached"), R"({"default":true})", kJson).status, 200);
        QCOMPARE(cachedIn(*m_a, QStringLiteral("u1")).value(QStringLiteral("value")).toBool(), true);
        QCOMPARE(m_fx.op().request("PATCH", QStringLiteral("/v1/flags/cached"), R"({"default":false})", kJson).status, 200);
        QCOMPARE(cachedIn(*m_a, QStringLiteral("u1")).value(QStringLiteral("value")).toBool(), false);
        // A tenant override, then a user override: only that user's answer changes.
        QCOMPARE(m_fx.op().request("PUT", alpha + QStringLiteral("/flags/cached"), R"({"value":true,"reason":"t"})", kJson).status, 200);
        QCOMPARE(cachedIn(*m_a, QStringLiteral("u1")).value(QStringLiteral("reason")).toString(), QStringLiteral("TARGETING_MATCH"));
        QCOMPARE(m_fx.op().request("DELETE", alpha + QStringLiteral("/flags/cached")).status, 204);
        QCOMPARE(cachedIn(*m_a, QStringLiteral("u1")).value(QStringLiteral("value")).toBool(), false);
        QCOMPARE(cachedIn(*m_a, QStringLiteral("u2")).value(QStringLiteral("value")).toBool(), false);
        QCOMPARE(m_fx.op().request("PUT", alpha + QStringLiteral("/flags/cached?user=u1"), R"({"value":true,"reason":"u"})", kJson).status, 200);
        QCOMPARE(cachedIn(*m_a, QStringLiteral("u1")).value(QStringLiteral("value")).toBool(), true);
        // Two contexts never share an answer: u2 and no user keep theirs, each naming its own user.
        QCOMPARE(cachedIn(*m_a, QStringLiteral("u2")).value(QStringLiteral("value")).toBool(), false);
        QCOMPARE(cachedIn(*m_a, {}).value(QStringLiteral("value")).toBool(), false);
        QCOMPARE(m_a->get(QStringLiteral("/v1/flags/evaluate?user=u1")).json().value(QStringLiteral("user")).toString(), QStringLiteral("u1"));
        QCOMPARE(m_a->get(QStringLiteral("/v1/flags/evaluate?user=u2")).json().value(QStringLiteral("user")).toString(), QStringLiteral("u2"));
        QVERIFY(m_a->get(QStringLiteral("/v1/flags/evaluate")).json().value(QStringLiteral("user")).isNull());
        QCOMPARE(m_a->get(QStringLiteral("/v1/flags/snapshot?user=u1")).json().value(QStringLiteral("flags")).toObject()
                     .value(QStringLiteral("cached")).toObject().value(QStringLiteral("value")).toBool(), true);
        // Another tenant, same user: its own answer (its tenant, no override of Alpha's user).
        const QJsonObject bravo = m_b->get(QStringLiteral("/v1/flags/evaluate?user=u1")).json();
        QCOMPARE(bravo.value(QStringLiteral("tenant_id")).toString(), m_idB);
        QCOMPARE(flagIn(bravo, QStringLiteral("cached")).value(QStringLiteral("value")).toBool(), false);
        QCOMPARE(m_a->get(QStringLiteral("/v1/flags/evaluate?user=u1")).json().value(QStringLiteral("tenant_id")).toString(), m_idA);
        // A plan change of the tenant (the entitlement follows it).
        const QString alphaPlan = m_fx.op().get(alpha).json().value(QStringLiteral("plan")).toString();
        QCOMPARE(cachedIn(*m_a, QStringLiteral("u2")).value(QStringLiteral("reason")).toString(), alphaPlan == QLatin1String("pro") ? QStringLiteral("TARGETING_MATCH") : QStringLiteral("DEFAULT"));
        QCOMPARE(m_fx.op().request("PATCH", alpha, R"({"plan":"pro"})", kJson).status, 200);
        QCOMPARE(cachedIn(*m_a, QStringLiteral("u2")).value(QStringLiteral("reason")).toString(), QStringLiteral("TARGETING_MATCH"));
        QCOMPARE(m_fx.op().request("PATCH", alpha, R"({"plan":"free"})", kJson).status, 200);
        QCOMPARE(cachedIn(*m_a, QStringLiteral("u2")).value(QStringLiteral("reason")).toString(), QStringLiteral("DEFAULT"));
        QCOMPARE(m_fx.op().request("PATCH", alpha, QStringLiteral(R"({"plan":"%1"})").arg(alphaPlan).toUtf8(), kJson).status, 200);
    }

    // A kept answer holds only until the next schedule entry of any flag: the flag switches on at
    // its time with nothing written.
    void keptAnswersEndAtAScheduleEntry()
    {
        const QString at = QDateTime::currentDateTimeUtc().addMSecs(1500).toString(Qt::ISODateWithMs);
        const QByteArray def = QStringLiteral(R"({"key":"timed","default":false,"schedule":[{"at":"%1","state":"on"}]})").arg(at).toUtf8();
        QCOMPARE(m_fx.op().request("POST", QStringLiteral("/v1/flags"), def, kJson).status, 201);
        const auto reason = [&] { return flagIn(m_a->get(QStringLiteral("/v1/flags/evaluate?user=u9")).json(), QStringLiteral("timed")).value(QStringLiteral("reason")).toString(); };
        QCOMPARE(reason(), QStringLiteral("DISABLED"));
        QCOMPARE(reason(), QStringLiteral("DISABLED"));
        QTRY_COMPARE_WITH_TIMEOUT(reason(), QStringLiteral("DEFAULT"), 10000);
    }

    void deleteRefusesPrerequisites()
    {
        QCOMPARE(createFlag(R"({"key":"child","default":false,"plans":{"free":true},"prerequisites":[{"flag":"late-arrival","value":true}]})").status, 201);
        QCOMPARE(m_fx.op().request("DELETE", QStringLiteral("/v1/flags/late-arrival")).status, 409);
        QCOMPARE(m_fx.op().request("DELETE", QStringLiteral("/v1/flags/child")).status, 204);
        QCOMPARE(m_fx.op().request("DELETE", QStringLiteral("/v1/flags/late-arrival")).status, 204);
        QCOMPARE(m_fx.op().get(QStringLiteral("/v1/flags/late-arrival")).status, 404);
        QCOMPARE(m_fx.op().get(QStringLiteral("/v1/audit?tenant=platform&action=flag.deleted")).json().value(QStringLiteral("items")).toArray().size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestServerFlags)
#include "tst_server_flags.moc"
