// Alerts through their life: acknowledged and resolved with who, when and why, each transition on
// the platform audit chain; transitions that do not apply; the state filter; who may change them.
#include "tests/support/serverfixture.h"
#include "server/auth/crypto.h"
#include <QJsonArray>
#include <QSet>
#include <QTest>
#include <QUuid>

using namespace portico::test;

class TestServerAlerts : public QObject
{
    Q_OBJECT
    ServerFixture m_fx;

    // An alert as a guard would raise it (as the superuser: raising is not an API).
    QString raise(const QString &detail)
    {
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m_fx.sql(QStringLiteral("INSERT INTO alerts (id, severity, kind, tenant_id, detail, request_id) "
                                "VALUES ('%1', 'warning', 'test.alert', NULL, '%2', 'rid-%1')").arg(id, detail));
        return id;
    }

    HttpResult change(HttpTestClient &c, const QString &id, const char *action, const QByteArray &reason)
    {
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!reason.isNull())
            headers.append({"X-Portico-Reason", reason});
        return c.request("POST", QStringLiteral("/v1/alerts/%1/%2").arg(id, QLatin1String(action)), {}, headers);
    }

    QJsonObject listed(const QString &id, const QString &query = {})
    {
        const auto r = m_fx.op().get(QStringLiteral("/v1/alerts?limit=500") + query);
        for (const auto v : r.json().value(QStringLiteral("items")).toArray())
            if (v.toObject().value(QStringLiteral("id")).toString() == id)
                return v.toObject();
        return {};
    }

    // The platform chain's entries about one alert, oldest first.
    QList<QJsonObject> auditOf(const QString &id)
    {
        QList<QJsonObject> out;
        const auto r = m_fx.op().get(QStringLiteral("/v1/audit?limit=200"));
        for (const auto v : r.json().value(QStringLiteral("items")).toArray())
            if (v.toObject().value(QStringLiteral("target")).toString() == QStringLiteral("alert/") + id)
                out.prepend(v.toObject());
        return out;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_fx.start(), qPrintable(m_fx.errorString())); }

    void raisedAlertsAreOpen()
    {
        const QString id = raise(QStringLiteral("fresh"));
        const QJsonObject a = listed(id);
        QCOMPARE(a.value(QStringLiteral("state")).toString(), QStringLiteral("open"));
        for (const char *field : {"acknowledged_at", "acknowledged_by", "acknowledged_reason", "resolved_at", "resolved_by", "resolved_reason"}) {
            QVERIFY2(a.contains(QLatin1String(field)), field);
            QVERIFY2(a.value(QLatin1String(field)).isNull(), field);
        }
    }

    void acknowledgeThenResolveRecordsWhoWhenAndWhy()
    {
        const QString id = raise(QStringLiteral("to be handled"));
        const QString admin = m_fx.server().adminEmail();

        // A reason is required, and nothing changes without one.
        const auto noReason = change(m_fx.op(), id, "acknowledge", {});
        QCOMPARE(noReason.status, 422);
        QCOMPARE(noReason.json().value(QStringLiteral("field")).toString(), QStringLiteral("X-Portico-Reason"));
        QCOMPARE(listed(id).value(QStringLiteral("state")).toString(), QStringLiteral("open"));

        const auto acked = change(m_fx.op(), id, "acknowledge", "INC-1 looking into it");
        QCOMPARE(acked.status, 200);
        QCOMPARE(acked.json().value(QStringLiteral("state")).toString(), QStringLiteral("acknowledged"));
        QCOMPARE(acked.json().value(QStringLiteral("acknowledged_by")).toString(), admin);
        QCOMPARE(acked.json().value(QStringLiteral("acknowledged_reason")).toString(), QStringLiteral("INC-1 looking into it"));
        QVERIFY(QDateTime::fromString(acked.json().value(QStringLiteral("acknowledged_at")).toString(), Qt::ISODateWithMs).isValid());
        QVERIFY(acked.json().value(QStringLiteral("resolved_at")).isNull());
        QCOMPARE(listed(id), acked.json());

        // Acknowledging again changes nothing: the first acknowledgement stays, no second entry.
        const auto again = change(m_fx.op(), id, "acknowledge", "someone else too");
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json(), acked.json());

        const auto resolved = change(m_fx.op(), id, "resolve", "INC-1 fixed: the policy is back");
        QCOMPARE(resolved.status, 200);
        QCOMPARE(resolved.json().value(QStringLiteral("state")).toString(), QStringLiteral("resolved"));
        QCOMPARE(resolved.json().value(QStringLiteral("resolved_by")).toString(), admin);
        QCOMPARE(resolved.json().value(QStringLiteral("resolved_reason")).toString(), QStringLiteral("INC-1 fixed: the policy is back"));
        QCOMPARE(resolved.json().value(QStringLiteral("acknowledged_reason")).toString(), QStringLiteral("INC-1 looking into it"));
        QVERIFY(QDateTime::fromString(resolved.json().value(QStringLiteral("resolved_at")).toString(), Qt::ISODateWithMs).isValid());

        // A resolved alert takes no further transition.
        for (const char *action : {"resolve", "acknowledge"}) {
            const auto conflict = change(m_fx.op(), id, action, "once more");
            QCOMPARE(conflict.status, 409);
            QCOMPARE(conflict.json().value(QStringLiteral("type")).toString(), QStringLiteral("urn:portico:problem:alert-state-conflict"));
            QVERIFY(conflict.header("Content-Type").startsWith("application/problem+json"));
            QCOMPARE(conflict.json().value(QStringLiteral("field")).toString(), QStringLiteral("state"));
        }
        QCOMPARE(listed(id), resolved.json());

        // Exactly one audit entry per transition, with the operator and the reason.
        const QList<QJsonObject> entries = auditOf(id);
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[0].value(QStringLiteral("action")).toString(), QStringLiteral("alert.acknowledged"));
        QCOMPARE(entries[0].value(QStringLiteral("reason")).toString(), QStringLiteral("INC-1 looking into it"));
        QCOMPARE(entries[0].value(QStringLiteral("actor")).toString(), QStringLiteral("operator:") + admin);
        QCOMPARE(entries[0].value(QStringLiteral("details")).toObject().value(QStringLiteral("after")).toString(), QStringLiteral("acknowledged"));
        QCOMPARE(entries[1].value(QStringLiteral("action")).toString(), QStringLiteral("alert.resolved"));
        QCOMPARE(entries[1].value(QStringLiteral("reason")).toString(), QStringLiteral("INC-1 fixed: the policy is back"));
        QCOMPARE(entries[1].value(QStringLiteral("details")).toObject().value(QStringLiteral("before")).toString(), QStringLiteral("acknowledged"));
        QCOMPARE(m_fx.op().get(QStringLiteral("/v1/audit/verify")).json().value(QStringLiteral("ok")).toBool(), true);
    }

    void resolvingAnOpenAlertSkipsTheAcknowledgement()
    {
        const QString id = raise(QStringLiteral("false alarm"));
        const auto resolved = change(m_fx.op(), id, "resolve", "false alarm: test traffic");
        QCOMPARE(resolved.status, 200);
        QCOMPARE(resolved.json().value(QStringLiteral("state")).toString(), QStringLiteral("resolved"));
        QVERIFY(resolved.json().value(QStringLiteral("acknowledged_at")).isNull());
        QCOMPARE(auditOf(id).size(), 1);
    }

    void unknownAlertsAreNotFound_data()
    {
        QTest::addColumn<QString>("id");
        QTest::newRow("unknown id") << QUuid::createUuid().toString(QUuid::WithoutBraces);
        QTest::newRow("not an id") << QStringLiteral("not-an-alert");
    }
    void unknownAlertsAreNotFound()
    {
        QFETCH(QString, id);
        for (const char *action : {"acknowledge", "resolve"}) {
            const auto r = change(m_fx.op(), id, action, "probe");
            QCOMPARE(r.status, 404);
            QCOMPARE(r.json().value(QStringLiteral("type")).toString(), QStringLiteral("urn:portico:problem:not-found"));
        }
    }

    void readersMayNotChangeAlerts()
    {
        QVERIFY(portico::auth::initCrypto());
        const QString hash = portico::auth::hashPassword(QStringLiteral("pw-viewer"));
        QVERIFY(!m_fx.sql(QStringLiteral("INSERT INTO operators (id, email, display_name, role, password_hash) "
                                         "VALUES (gen_random_uuid(), 'viewer@portico.test', 'Viewer', 'viewer', '%1')").arg(hash)).isNull());
        HttpTestClient anonymous(m_fx.baseUrl());
        const auto login = anonymous.post(QStringLiteral("/v1/auth/login"), {{QStringLiteral("email"), QStringLiteral("viewer@portico.test")},
                                                                              {QStringLiteral("password"), QStringLiteral("pw-viewer")}});
        QCOMPARE(login.status, 200);
        HttpTestClient viewer(m_fx.baseUrl(), login.json().value(QStringLiteral("token")).toString());
        const QString id = raise(QStringLiteral("not yours to close"));
        QCOMPARE(viewer.get(QStringLiteral("/v1/alerts")).status, 200);
        for (const char *action : {"acknowledge", "resolve"})
            QCOMPARE(change(viewer, id, action, "probe").status, 403);
        QCOMPARE(listed(id).value(QStringLiteral("state")).toString(), QStringLiteral("open"));
        QCOMPARE(auditOf(id).size(), 0);
    }

    void listFiltersByState()
    {
        const QString open = raise(QStringLiteral("filter open"));
        const QString acked = raise(QStringLiteral("filter acknowledged"));
        const QString resolved = raise(QStringLiteral("filter resolved"));
        QCOMPARE(change(m_fx.op(), acked, "acknowledge", "filter").status, 200);
        QCOMPARE(change(m_fx.op(), resolved, "resolve", "filter").status, 200);

        const auto has = [this](const QString &query, const QString &id) { return !listed(id, query).isEmpty(); };
        QVERIFY(has(QStringLiteral("&state=open"), open));
        QVERIFY(!has(QStringLiteral("&state=open"), acked));
        QVERIFY(!has(QStringLiteral("&state=open"), resolved));
        QVERIFY(has(QStringLiteral("&state=open,acknowledged"), open));
        QVERIFY(has(QStringLiteral("&state=open,acknowledged"), acked));
        QVERIFY(!has(QStringLiteral("&state=open,acknowledged"), resolved));
        QVERIFY(has(QStringLiteral("&state=resolved"), resolved));
        QVERIFY(!has(QStringLiteral("&state=resolved"), open));
        for (const QString &id : {open, acked, resolved})
            QVERIFY(has(QString(), id)); // no filter: every state
        for (const auto v : m_fx.op().get(QStringLiteral("/v1/alerts?limit=500&state=acknowledged")).json().value(QStringLiteral("items")).toArray())
            QCOMPARE(v.toObject().value(QStringLiteral("state")).toString(), QStringLiteral("acknowledged"));

        const auto bad = m_fx.op().get(QStringLiteral("/v1/alerts?state=open,closed"));
        QCOMPARE(bad.status, 422);
        QCOMPARE(bad.json().value(QStringLiteral("field")).toString(), QStringLiteral("state"));
    }

    // Pages under a state filter join up: every matching alert once, in order.
    void statePagesJoinUp()
    {
        QStringList raised;
        for (int i = 0; i < 5; ++i)
            raised << raise(QStringLiteral("paged %1").arg(i));
        QStringList seen;
        QString cursor;
        do {
            const auto r = m_fx.op().get(QStringLiteral("/v1/alerts?limit=2&state=open") + (cursor.isEmpty() ? QString() : QStringLiteral("&cursor=") + cursor));
            QCOMPARE(r.status, 200);
            for (const auto v : r.json().value(QStringLiteral("items")).toArray()) {
                QCOMPARE(v.toObject().value(QStringLiteral("state")).toString(), QStringLiteral("open"));
                seen << v.toObject().value(QStringLiteral("id")).toString();
            }
            cursor = r.json().value(QStringLiteral("next_cursor")).toString();
        } while (!cursor.isEmpty());
        QCOMPARE(QSet<QString>(seen.begin(), seen.end()).size(), seen.size());
        for (const QString &id : raised)
            QVERIFY(seen.contains(id));
    }
};

QTEST_GUILESS_MAIN(TestServerAlerts)
#include "tst_server_alerts.moc"
