// Hierarchical configuration through the real server: resolution with sources and layer values,
// field-level validation, ETag/If-Match (412, 428), history with diff and revert, the user layer,
// bulk set whose preview equals the applied change, the tenant-visible filter, and audit entries.
#include "tests/support/serverfixture.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace portico::test;

namespace {
QJsonObject item(const QJsonArray &items, const QString &key)
{
    for (const auto v : items)
        if (v.toObject().value(QStringLiteral("key")).toString() == key)
            return v.toObject();
    return {};
}
QByteArray json(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }
} // namespace

class TestServerConfig : public QObject
{
    Q_OBJECT
    ServerFixture m_fx;
    std::unique_ptr<HttpTestClient> m_tenantA;
    QString m_a, m_b, m_c;

    QString makeTenant(const QString &name, const QString &plan, QString *token = nullptr)
    {
        const TestTenant t = m_fx.makeTenant({.name = name, .plan = plan, .adminEmail = QStringLiteral("a@x.example")});
        if (token)
            *token = t.token;
        return t.ok() ? t.id : QString();
    }

    HttpResult put(const QString &path, const QJsonObject &body, const QByteArray &ifMatch)
    {
        QList<QPair<QByteArray, QByteArray>> headers{{"Content-Type", "application/json"}};
        if (!ifMatch.isEmpty())
            headers.append({"If-Match", ifMatch});
        return m_fx.op().request("PUT", path, json(body), headers);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_fx.start(), qPrintable(m_fx.errorString()));
        QString tokenA;
        m_a = makeTenant(QStringLiteral("Config Alpha"), QStringLiteral("pro"), &tokenA);
        m_b = makeTenant(QStringLiteral("Config Bravo"), QStringLiteral("enterprise"));
        m_c = makeTenant(QStringLiteral("Config Charlie"), QStringLiteral("enterprise"));
        QVERIFY(!m_a.isEmpty() && !m_b.isEmpty() && !m_c.isEmpty());
        m_tenantA = m_fx.client(tokenA);
    }

    void schemaIsSeeded()
    {
        const auto r = m_fx.op().get(QStringLiteral("/v1/config/schema"));
        QCOMPARE(r.status, 200);
        const QJsonArray items = r.json().value(QStringLiteral("items")).toArray();
        QVERIFY(items.size() >= 20);
        const QJsonObject seats = item(items, QStringLiteral("limits.seats"));
        QCOMPARE(seats.value(QStringLiteral("type")).toString(), QStringLiteral("int"));
        QCOMPARE(seats.value(QStringLiteral("constraints")).toObject().value(QStringLiteral("minimum")).toInt(), 1);
        QVERIFY(!item(items, QStringLiteral("ops.support.internal_notes")).isEmpty());
    }

    void resolutionReportsSourceAndLayers()
    {
        const auto r = m_fx.op().get(QStringLiteral("/v1/tenants/%1/config").arg(m_a));
        QCOMPARE(r.status, 200);
        const QJsonArray items = r.json().value(QStringLiteral("items")).toArray();
        const QJsonObject seats = item(items, QStringLiteral("limits.seats"));
        QCOMPARE(seats.value(QStringLiteral("value")).toInt(), 50);
        QCOMPARE(seats.value(QStringLiteral("source")).toString(), QStringLiteral("plan"));
        QCOMPARE(seats.value(QStringLiteral("layers")).toObject().value(QStringLiteral("default")).toInt(), 5);
        QCOMPARE(seats.value(QStringLiteral("layers")).toObject().value(QStringLiteral("plan")).toInt(), 50);
        QVERIFY(seats.value(QStringLiteral("layers")).toObject().value(QStringLiteral("tenant")).isNull());
        const QJsonObject idle = item(items, QStringLiteral("security.session.idle_timeout"));
        QCOMPARE(idle.value(QStringLiteral("source")).toString(), QStringLiteral("default"));
        QCOMPARE(idle.value(QStringLiteral("value")).toString(), QStringLiteral("30m"));
        // A tenant value wins over the plan.
        QCOMPARE(put(QStringLiteral("/v1/tenants/%1/config/limits.seats").arg(m_a), {{QStringLiteral("value"), 75}, {QStringLiteral("reason"), QStringLiteral("contract 42")}}, "*").status, 200);
        const auto again = m_fx.op().get(QStringLiteral("/v1/tenants/%1/config/limits.seats").arg(m_a)).json();
        QCOMPARE(again.value(QStringLiteral("value")).toInt(), 75);
        QCOMPARE(again.value(QStringLiteral("source")).toString(), QStringLiteral("tenant"));
        QCOMPARE(again.value(QStringLiteral("layers")).toObject().value(QStringLiteral("plan")).toInt(), 50);
    }

    void validationNamesTheField_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("field");
        QTest::newRow("int type") << "limits.seats" << R"({"value":"many"})" << "value";
        QTest::newRow("int range") << "limits.seats" << R"({"value":0})" << "value";
        QTest::newRow("color") << "branding.primary_color" << R"({"value":"blue"})" << "value";
        QTest::newRow("duration") << "security.session.idle_timeout" << R"({"value":"1m"})" << "value";
        QTest::newRow("enum") << "branding.theme" << R"({"value":"neon"})" << "value";
        QTest::newRow("json member") << "workflow.approval.steps" << R"({"value":{"steps":[{"name":"x","role":"boss"}]}})" << "value.steps[0].role";
        QTest::newRow("layer not allowed") << "retention.audit.days" << R"({"value":400})" << "value";
        QTest::newRow("value missing") << "limits.seats" << R"({"reason":"x"})" << "value";
        QTest::newRow("unknown field") << "limits.seats" << R"({"value":5,"colour":1})" << "colour";
    }

    void validationNamesTheField()
    {
        QFETCH(QString, key);
        QFETCH(QString, body);
        QFETCH(QString, field);
        const auto r = m_fx.op().request("PUT", QStringLiteral("/v1/tenants/%1/config/%2").arg(m_a, key), body.toUtf8(),
                                     {{"Content-Type", "application/json"}, {"If-Match", "*"}});
        QCOMPARE(r.status, 422);
        QCOMPARE(r.header("content-type"), QByteArray("application/problem+json"));
        QCOMPARE(r.json().value(QStringLiteral("field")).toString(), field);
        QCOMPARE(m_fx.op().request("PUT", QStringLiteral("/v1/tenants/%1/config/no.such.key").arg(m_a), R"({"value":1})", {{"Content-Type", "application/json"}, {"If-Match", "*"}}).status, 404);
    }

    void ifMatchProtectsConcurrentEdits()
    {
        const QString path = QStringLiteral("/v1/tenants/%1/config/branding.primary_color").arg(m_a);
        const auto read = m_fx.op().get(path);
        const QByteArray etag = read.header("etag");
        QVERIFY(!etag.isEmpty());
        QCOMPARE(put(path, {{QStringLiteral("value"), QStringLiteral("#123456")}}, {}).status, 428);
        const auto first = put(path, {{QStringLiteral("value"), QStringLiteral("#123456")}}, etag);
        QCOMPARE(first.status, 200);
        QVERIFY(first.header("etag") != etag);
        const auto second = put(path, {{QStringLiteral("value"), QStringLiteral("#654321")}}, etag); // the other operator's stale tag
        QCOMPARE(second.status, 412);
        QCOMPARE(second.json().value(QStringLiteral("type")).toString(), QStringLiteral("urn:portico:problem:precondition-failed"));
        QCOMPARE(m_fx.op().get(path).json().value(QStringLiteral("value")).toString(), QStringLiteral("#123456"));
        QCOMPARE(put(path, {{QStringLiteral("value"), QStringLiteral("#654321")}}, first.header("etag")).status, 200);
    }

    void historyDiffAndRevert()
    {
        const QString path = QStringLiteral("/v1/tenants/%1/config/workflow.approval.steps").arg(m_a);
        const QJsonObject v1 = QJsonDocument::fromJson(R"({"steps":[{"name":"review","role":"member"}],"parallel":false})").object();
        const QJsonObject v2 = QJsonDocument::fromJson(R"({"steps":[{"name":"review","role":"member"}],"parallel":true})").object();
        QCOMPARE(put(path, {{QStringLiteral("value"), v1}, {QStringLiteral("reason"), QStringLiteral("first")}}, "*").status, 200);
        QCOMPARE(put(path, {{QStringLiteral("value"), v2}, {QStringLiteral("reason"), QStringLiteral("second")}}, "*").status, 200);
        const auto h = m_fx.op().get(QStringLiteral("/v1/tenants/%1/config/history?key=workflow.approval.steps").arg(m_a));
        QCOMPARE(h.status, 200);
        const QJsonArray items = h.json().value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 2);
        const QJsonObject latest = items.at(0).toObject();
        QCOMPARE(latest.value(QStringLiteral("reason")).toString(), QStringLiteral("second"));
        QCOMPARE(latest.value(QStringLiteral("version")).toInt(), 2);
        QVERIFY(latest.value(QStringLiteral("actor")).toString().startsWith(QStringLiteral("operator:")));
        const QJsonArray diff = latest.value(QStringLiteral("diff")).toArray();
        QCOMPARE(diff.size(), 1);
        QCOMPARE(diff.at(0).toObject().value(QStringLiteral("path")).toString(), QStringLiteral("parallel"));
        QCOMPARE(diff.at(0).toObject().value(QStringLiteral("after")).toBool(), true);
        const QString id = latest.value(QStringLiteral("id")).toString();
        QCOMPARE(m_fx.op().get(QStringLiteral("/v1/tenants/%1/config/history/%2").arg(m_a, id)).json().value(QStringLiteral("id")).toString(), id);
        // Revert the latest change: back to v1, itself a new history entry.
        const auto rev = m_fx.op().request("POST", QStringLiteral("/v1/tenants/%1/config/history/%2/revert").arg(m_a, id), R"({"reason":"undo"})",
                                       {{"Content-Type", "application/json"}});
        QCOMPARE(rev.status, 200);
        QCOMPARE(m_fx.op().get(path).json().value(QStringLiteral("value")).toObject(), v1);
        QCOMPARE(m_fx.op().get(QStringLiteral("/v1/tenants/%1/config/history?key=workflow.approval.steps").arg(m_a)).json().value(QStringLiteral("items")).toArray().size(), 3);
        // Reverting the first entry removes the tenant value: the plan's value shows again.
        const QString firstId = items.at(1).toObject().value(QStringLiteral("id")).toString();
        QCOMPARE(m_fx.op().request("POST", QStringLiteral("/v1/tenants/%1/config/history/%2/revert").arg(m_a, firstId), {}).status, 200);
        QCOMPARE(m_fx.op().get(path).json().value(QStringLiteral("source")).toString(), QStringLiteral("default"));
        QCOMPARE(m_fx.op().get(QStringLiteral("/v1/tenants/%1/config/history/%2").arg(m_a, QUuid::createUuid().toString(QUuid::WithoutBraces))).status, 404);
    }

    void userLayer()
    {
        const QString path = QStringLiteral("/v1/tenants/%1/config/branding.theme").arg(m_a);
        QCOMPARE(put(path, {{QStringLiteral("value"), QStringLiteral("dark")}}, "*").status, 200);
        QCOMPARE(put(path + QStringLiteral("?user=u-1"), {{QStringLiteral("value"), QStringLiteral("system")}}, "*").status, 200);
        const auto asUser = m_fx.op().get(path + QStringLiteral("?user=u-1")).json();
        QCOMPARE(asUser.value(QStringLiteral("value")).toString(), QStringLiteral("system"));
        QCOMPARE(asUser.value(QStringLiteral("source")).toString(), QStringLiteral("user"));
        QCOMPARE(asUser.value(QStringLiteral("layers")).toObject().value(QStringLiteral("tenant")).toString(), QStringLiteral("dark"));
        QCOMPARE(m_fx.op().get(path).json().value(QStringLiteral("value")).toString(), QStringLiteral("dark"));
        QCOMPARE(m_fx.op().get(path + QStringLiteral("?user=u-2")).json().value(QStringLiteral("source")).toString(), QStringLiteral("tenant"));
        // A key without a user layer refuses user values.
        QCOMPARE(put(QStringLiteral("/v1/tenants/%1/config/limits.seats?user=u-1").arg(m_a), {{QStringLiteral("value"), 3}}, "*").status, 422);
    }

    // GET /v1/tenants/{id}/config/users: the users with values of their own, searched as typed.
    void usersWithSettings()
    {
        const auto setFor = [&](const QString &tenant, const QString &user) {
            return put(QStringLiteral("/v1/tenants/%1/config/branding.theme?user=%2").arg(tenant, user),
                       {{QStringLiteral("value"), QStringLiteral("dark")}, {QStringLiteral("reason"), QStringLiteral("test")}}, "*").status;
        };
        for (const QString &user : {QStringLiteral("zanna"), QStringLiteral("bob"), QStringLiteral("ann.lee")})
            QCOMPARE(setFor(m_c, user), 200);
        QCOMPARE(setFor(m_b, QStringLiteral("ann.other")), 200); // another tenant's user never shows
        const auto users = [&](const QString &query) {
            QStringList out;
            const auto r = m_fx.op().get(QStringLiteral("/v1/tenants/%1/config/users%2").arg(m_c, query));
            if (r.status != 200)
                return QStringList{QStringLiteral("HTTP %1").arg(r.status)};
            for (const QJsonValue v : r.json().value(QStringLiteral("items")).toArray()) {
                out << v.toObject().value(QStringLiteral("user")).toString();
                if (v.toObject().value(QStringLiteral("settings")).toInt() < 1)
                    out << QStringLiteral("(no count)");
            }
            return out;
        };
        QCOMPARE(users({}), (QStringList{QStringLiteral("ann.lee"), QStringLiteral("bob"), QStringLiteral("zanna")}));
        // Case-insensitive substring, ids starting with the text first.
        QCOMPARE(users(QStringLiteral("?q=AN")), (QStringList{QStringLiteral("ann.lee"), QStringLiteral("zanna")}));
        QCOMPARE(users(QStringLiteral("?q=%25")), QStringList{}); // a '%' is a character, not a wildcard
        QCOMPARE(users(QStringLiteral("?q=nobody")), QStringList{});
        QCOMPARE(users(QStringLiteral("?limit=1")), QStringList{QStringLiteral("ann.lee")});
        const auto tooLong = m_fx.op().get(QStringLiteral("/v1/tenants/%1/config/users?q=%2").arg(m_c, QString(129, QLatin1Char('x'))));
        QCOMPARE(tooLong.status, 422);
        QCOMPARE(tooLong.json().value(QStringLiteral("field")).toString(), QStringLiteral("q"));
        QCOMPARE(m_fx.op().get(QStringLiteral("/v1/tenants/%1/config/users").arg(QUuid::createUuid().toString(QUuid::WithoutBraces))).status, 404);
    }

    void bulkPreviewEqualsAppliedChange()
    {
        const QJsonObject request{{QStringLiteral("key"), QStringLiteral("retention.documents.days")}, {QStringLiteral("value"), 730},
                                  {QStringLiteral("plan"), QStringLiteral("enterprise")}, {QStringLiteral("reason"), QStringLiteral("legal hold")}};
        // Charlie already has the value: it must not be listed as a change.
        QCOMPARE(put(QStringLiteral("/v1/tenants/%1/config/retention.documents.days").arg(m_c), {{QStringLiteral("value"), 730}}, "*").status, 200);
        QJsonObject dry = request;
        dry.insert(QStringLiteral("dry_run"), true);
        const auto preview = m_fx.op().post(QStringLiteral("/v1/config/bulk"), dry);
        QCOMPARE(preview.status, 200);
        const QJsonObject p = preview.json();
        QCOMPARE(p.value(QStringLiteral("targets")).toInt(), 2);
        QCOMPARE(p.value(QStringLiteral("changed")).toInt(), 1);
        const QJsonObject change = p.value(QStringLiteral("changes")).toArray().at(0).toObject();
        QCOMPARE(change.value(QStringLiteral("tenant_id")).toString(), m_b);
        QCOMPARE(change.value(QStringLiteral("effective_before")).toInt(), 2555);
        QCOMPARE(change.value(QStringLiteral("effective_after")).toInt(), 730);
        // Nothing written by the preview.
        QCOMPARE(m_fx.op().get(QStringLiteral("/v1/tenants/%1/config/retention.documents.days").arg(m_b)).json().value(QStringLiteral("source")).toString(), QStringLiteral("plan"));
        // Applying with a stale preview tag is refused as a whole.
        QCOMPARE(m_fx.op().request("POST", QStringLiteral("/v1/config/bulk"), json(request), {{"Content-Type", "application/json"}, {"If-Match", "\"stale\""}}).status, 412);
        const auto applied = m_fx.op().request("POST", QStringLiteral("/v1/config/bulk"), json(request),
                                           {{"Content-Type", "application/json"}, {"If-Match", p.value(QStringLiteral("preview_etag")).toString().toLatin1()}});
        QCOMPARE(applied.status, 200);
        QCOMPARE(applied.json().value(QStringLiteral("changes")), p.value(QStringLiteral("changes")));
        QCOMPARE(m_fx.op().get(QStringLiteral("/v1/tenants/%1/config/retention.documents.days").arg(m_b)).json().value(QStringLiteral("value")).toInt(), 730);
        QCOMPARE(m_fx.op().post(QStringLiteral("/v1/config/bulk"), dry).json().value(QStringLiteral("changed")).toInt(), 0);
        // Targets by list, with a field-level error for an unknown tenant.
        QJsonObject bad = dry;
        bad.remove(QStringLiteral("plan"));
        bad.insert(QStringLiteral("tenants"), QJsonArray{m_a, QStringLiteral("no-such-tenant")});
        const auto badr = m_fx.op().post(QStringLiteral("/v1/config/bulk"), bad);
        QCOMPARE(badr.status, 422);
        QCOMPARE(badr.json().value(QStringLiteral("field")).toString(), QStringLiteral("tenants[1]"));
    }

    void tenantSeesOnlyVisibleKeys()
    {
        QCOMPARE(put(QStringLiteral("/v1/tenants/%1/config/ops.support.internal_notes").arg(m_a), {{QStringLiteral("value"), QStringLiteral("VIP")}}, "*").status, 200);
        const auto r = m_tenantA->get(QStringLiteral("/v1/config"));
        QCOMPARE(r.status, 200);
        const QJsonArray items = r.json().value(QStringLiteral("items")).toArray();
        QVERIFY(item(items, QStringLiteral("ops.support.internal_notes")).isEmpty());
        QVERIFY(item(items, QStringLiteral("ops.billing.invoice_day")).isEmpty());
        const QJsonObject seats = item(items, QStringLiteral("limits.seats"));
        QCOMPARE(seats.value(QStringLiteral("value")).toInt(), 75);
        QVERIFY(!seats.contains(QStringLiteral("layers")));
        const auto schema = m_tenantA->get(QStringLiteral("/v1/config/schema")).json().value(QStringLiteral("items")).toArray();
        QVERIFY(item(schema, QStringLiteral("ops.support.internal_notes")).isEmpty());
        QVERIFY(!item(schema, QStringLiteral("limits.seats")).isEmpty());
        QCOMPARE(m_tenantA->get(QStringLiteral("/v1/tenants/%1/config").arg(m_a)).status, 403);
    }

    void planLayerAndAudit()
    {
        const auto read = m_fx.op().get(QStringLiteral("/v1/config/plans/pro"));
        QCOMPARE(read.status, 200);
        const QByteArray etag = item(read.json().value(QStringLiteral("items")).toArray(), QStringLiteral("limits.seats")).value(QStringLiteral("etag")).toString().toLatin1();
        QCOMPARE(put(QStringLiteral("/v1/config/plans/pro/limits.seats"), {{QStringLiteral("value"), 60}}, "\"nope\"").status, 412);
        QCOMPARE(put(QStringLiteral("/v1/config/plans/pro/limits.seats"), {{QStringLiteral("value"), 60}, {QStringLiteral("reason"), QStringLiteral("pricing 2027")}}, etag).status, 200);
        QCOMPARE(m_fx.op().get(QStringLiteral("/v1/tenants/%1/config/limits.seats").arg(m_a)).json().value(QStringLiteral("layers")).toObject().value(QStringLiteral("plan")).toInt(), 60);
        const auto audit = m_fx.op().get(QStringLiteral("/v1/audit?tenant=%1&action=config.changed").arg(m_a));
        QCOMPARE(audit.status, 200);
        bool found = false;
        for (const auto v : audit.json().value(QStringLiteral("items")).toArray()) {
            const QJsonObject e = v.toObject();
            const QJsonObject d = e.value(QStringLiteral("details")).toObject();
            if (d.value(QStringLiteral("key")).toString() == QLatin1String("limits.seats") && d.value(QStringLiteral("after")).toInt() == 75) {
                found = true;
                QCOMPARE(e.value(QStringLiteral("reason")).toString(), QStringLiteral("contract 42"));
                QVERIFY(d.value(QStringLiteral("before")).isNull());
                QVERIFY(e.value(QStringLiteral("actor")).toString().startsWith(QStringLiteral("operator:")));
            }
        }
        QVERIFY(found);
        const auto platform = m_fx.op().get(QStringLiteral("/v1/audit?tenant=platform&action=config.plan_changed")).json().value(QStringLiteral("items")).toArray();
        QCOMPARE(platform.size(), 1);
        QCOMPARE(platform.at(0).toObject().value(QStringLiteral("details")).toObject().value(QStringLiteral("after")).toInt(), 60);
    }
};

QTEST_GUILESS_MAIN(TestServerConfig)
#include "tst_server_config.moc"
