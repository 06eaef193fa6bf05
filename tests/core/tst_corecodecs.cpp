// Slugs, cursors, problems and tenant JSON: the values every other part relies on.
#include "core/alert.h"
#include "core/cursor.h"
#include "core/document.h"
#include "core/problem.h"
#include "core/slug.h"
#include "core/tenant.h"
#include "core/timeutil.h"
#include <QTest>

using namespace portico;

class TestCoreCodecs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void slugValidity_data()
    {
        QTest::addColumn<QString>("slug");
        QTest::addColumn<bool>("valid");
        QTest::newRow("simple") << "acme" << true;
        QTest::newRow("with dash") << "acme-corp" << true;
        QTest::newRow("digits") << "a1b" << true;
        QTest::newRow("too short") << "ab" << false;
        QTest::newRow("upper case") << "Acme" << false;
        QTest::newRow("leading dash") << "-acme" << false;
        QTest::newRow("trailing dash") << "acme-" << false;
        QTest::newRow("double dash") << "ac--me" << false;
        QTest::newRow("underscore") << "ac_me" << false;
        QTest::newRow("64 chars") << QString(64, QLatin1Char('a')) << false;
        QTest::newRow("63 chars") << QString(63, QLatin1Char('a')) << true;
    }
    void slugValidity()
    {
        QFETCH(QString, slug);
        QFETCH(bool, valid);
        QCOMPARE(isValidSlug(slug), valid);
    }

    void slugify_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("slug");
        QTest::newRow("spaces") << "Acme Corp" << "acme-corp";
        QTest::newRow("accents") << "Zoë & Co. GmbH" << "zoe-co-gmbh";
        QTest::newRow("punctuation runs") << "  A -- B  " << "a-b";
        QTest::newRow("digits") << "Studio 54" << "studio-54";
        QTest::newRow("cut at 63 never ends with a dash") << (QString(62, QLatin1Char('a')) + QStringLiteral(" b")) << QString(62, QLatin1Char('a'));
    }
    void slugify()
    {
        QFETCH(QString, name);
        QFETCH(QString, slug);
        QCOMPARE(portico::slugify(name), slug);
    }

    void cursorRoundTrip()
    {
        const QString id = QStringLiteral("6f1c2a9e-0000-4000-8000-000000000001");
        const QJsonArray key{QStringLiteral("name"), QStringLiteral("zoë"), id};
        const auto decoded = CursorKey::decode(u"tenants", encodeCursor(u"tenants", key), 3);
        QVERIFY(decoded);
        QCOMPARE(decoded->text(0).value_or(QString()), QStringLiteral("name"));
        QCOMPARE(decoded->text(1).value_or(QString()), QStringLiteral("zoë"));
        QCOMPARE(decoded->id(2).value_or(QUuid()), QUuid::fromString(id));
        // Each reader refuses a field of another type.
        QVERIFY(!decoded->id(1));
        QVERIFY(!decoded->integer(0, 0, 10));
        QVERIFY(!decoded->utcTime(1));
    }
    void cursorIsBoundToItsListing()
    {
        const QString cursor = encodeCursor(u"alerts", {QStringLiteral("2026-01-01T00:00:00.000000Z"), QStringLiteral("6f1c2a9e-0000-4000-8000-000000000001")});
        QVERIFY(CursorKey::decode(u"alerts", cursor, 2));
        QVERIFY(!CursorKey::decode(u"documents", cursor, 2));
        QVERIFY(!CursorKey::decode(u"alerts", cursor, 3)); // another shape
    }
    void cursorRejectsTampering_data()
    {
        QTest::addColumn<QString>("cursor");
        const auto b64 = [](const QByteArray &json) { return QString::fromLatin1(json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)); };
        QTest::newRow("empty") << "";
        QTest::newRow("old version") << QString(QLatin1Char('1') + b64(R"(["2026-01-01T00:00:00Z",1])"));
        QTest::newRow("not base64") << "2***";
        QTest::newRow("not an array") << QString(QLatin1Char('2') + b64("{}"));
        QTest::newRow("listing not a string") << QString(QLatin1Char('2') + b64("[1,1]"));
        QTest::newRow("too long") << QString(2000, QLatin1Char('2'));
    }
    void cursorRejectsTampering()
    {
        QFETCH(QString, cursor);
        QVERIFY(!CursorKey::decode(u"audit", cursor, 1));
    }
    void cursorFieldsAreChecked_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<bool>("time");
        QTest::addColumn<bool>("integer");
        QTest::newRow("micros") << QJsonValue(QStringLiteral("2026-12-02T20:28:00.123456Z")) << true << false;
        QTest::newRow("millis") << QJsonValue(QStringLiteral("2026-12-02T20:28:00.123Z")) << true << false;
        QTest::newRow("seconds") << QJsonValue(QStringLiteral("2026-12-02T20:28:00Z")) << true << false;
        QTest::newRow("13th month") << QJsonValue(QStringLiteral("2026-13-02T20:28:00Z")) << false << false;
        QTest::newRow("30 February") << QJsonValue(QStringLiteral("2026-02-30T20:28:00Z")) << false << false;
        QTest::newRow("hour 24") << QJsonValue(QStringLiteral("2026-12-02T24:00:00Z")) << false << false;
        QTest::newRow("year 0") << QJsonValue(QStringLiteral("0000-01-01T00:00:00Z")) << false << false;
        QTest::newRow("offset") << QJsonValue(QStringLiteral("2026-12-02T20:28:00+01:00")) << false << false;
        QTest::newRow("garbage") << QJsonValue(QStringLiteral("garbage")) << false << false;
        QTest::newRow("one") << QJsonValue(1) << false << true;
        QTest::newRow("zero") << QJsonValue(0) << false << false;
        QTest::newRow("fraction") << QJsonValue(1.5) << false << false;
        QTest::newRow("huge") << QJsonValue(1e300) << false << false;
        QTest::newRow("digits as text") << QJsonValue(QStringLiteral("7")) << false << false;
        QTest::newRow("null") << QJsonValue() << false << false;
    }
    void cursorFieldsAreChecked()
    {
        QFETCH(QJsonValue, value);
        QFETCH(bool, time);
        QFETCH(bool, integer);
        const auto key = CursorKey::decode(u"x", encodeCursor(u"x", {value}), 1);
        QVERIFY(key);
        QCOMPARE(bool(key->utcTime(0)), time);
        QCOMPARE(bool(key->integer(0, 1, 1000)), integer);
    }

    // Which transition applies: the server refuses the others and the console offers only these.
    void alertTransitions_data()
    {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("action");
        QTest::addColumn<int>("outcome");
        const auto row = [](const char *name, AlertState from, AlertAction action, AlertTransition outcome) {
            QTest::newRow(name) << int(from) << int(action) << int(outcome);
        };
        row("acknowledge open", AlertState::Open, AlertAction::Acknowledge, AlertTransition::Apply);
        row("acknowledge acknowledged", AlertState::Acknowledged, AlertAction::Acknowledge, AlertTransition::Unchanged);
        row("acknowledge resolved", AlertState::Resolved, AlertAction::Acknowledge, AlertTransition::Conflict);
        row("resolve open", AlertState::Open, AlertAction::Resolve, AlertTransition::Apply);
        row("resolve acknowledged", AlertState::Acknowledged, AlertAction::Resolve, AlertTransition::Apply);
        row("resolve resolved", AlertState::Resolved, AlertAction::Resolve, AlertTransition::Conflict);
    }
    void alertTransitions()
    {
        QFETCH(int, from);
        QFETCH(int, action);
        QFETCH(int, outcome);
        QCOMPARE(int(alertTransition(AlertState(from), AlertAction(action))), outcome);
        for (const QString &name : allAlertStates())
            QCOMPARE(alertStateName(parseAlertState(name).value()), name);
        QVERIFY(!parseAlertState(QStringLiteral("closed")));
    }

    void problemJsonRoundTrip()
    {
        Problem p = Problem::validation(QStringLiteral("limit"), QStringLiteral("limit must be positive."));
        p.instance = QStringLiteral("/v1/tenants");
        p.requestId = QStringLiteral("r-1");
        const Problem back = Problem::fromJson(p.toJson());
        QCOMPARE(back.type, QString::fromLatin1(problem::Validation));
        QCOMPARE(back.status, 422);
        QCOMPARE(back.field, QStringLiteral("limit"));
        QCOMPARE(back.instance, QStringLiteral("/v1/tenants"));
        QCOMPARE(back.requestId, QStringLiteral("r-1"));
        QCOMPARE(back.toDisplayString(), QStringLiteral("limit must be positive. (limit)"));
    }

    void tenantJsonRoundTrip()
    {
        Tenant t;
        t.id = QUuid::createUuid();
        t.slug = QStringLiteral("acme");
        t.name = QStringLiteral("Acme");
        t.state = TenantState::Suspended;
        t.plan = Plan::Enterprise;
        t.region = QStringLiteral("us-east");
        t.placement = {IsolationModel::Shared, QStringLiteral("us-east"), QStringLiteral("home"), QStringLiteral("portico"), QStringLiteral("public")};
        t.createdAt = QDateTime::fromString(QStringLiteral("2026-01-02T03:04:05.678Z"), Qt::ISODateWithMs);
        t.updatedAt = t.createdAt;
        t.stats = TenantStats{3, 40, 5000};
        const auto json = t.toJson();
        QCOMPARE(json.value(QStringLiteral("created_at")).toString(), QStringLiteral("2026-01-02T03:04:05.678Z"));
        const auto back = Tenant::fromJson(json);
        QVERIFY(back);
        QCOMPARE(back->id, t.id);
        QCOMPARE(toString(back->state), QStringLiteral("suspended"));
        QCOMPARE(toString(back->plan), QStringLiteral("enterprise"));
        QCOMPARE(back->placement, t.placement);
        QCOMPARE(back->createdAt, t.createdAt);
        QVERIFY(back->stats);
        QCOMPARE(back->stats->documents, 40);
    }
    void tenantJsonRejectsIncomplete()
    {
        QVERIFY(!Tenant::fromJson(QJsonObject{{QStringLiteral("slug"), QStringLiteral("x")}}));
        QVERIFY(!Tenant::fromJson(QJsonObject{{QStringLiteral("id"), idToString(QUuid::createUuid())}, {QStringLiteral("slug"), QStringLiteral("abc")},
                                              {QStringLiteral("state"), QStringLiteral("gone")}, {QStringLiteral("plan"), QStringLiteral("pro")}}));
    }

    void timesAreUtc()
    {
        const QDateTime local = QDateTime::fromString(QStringLiteral("2026-06-01T12:00:00.000+02:00"), Qt::ISODateWithMs);
        QCOMPARE(toIsoUtc(local), QStringLiteral("2026-06-01T10:00:00.000Z"));
        QCOMPARE(fromIsoUtc(QStringLiteral("2026-06-01T10:00:00.000Z")).toMSecsSinceEpoch(), local.toMSecsSinceEpoch());
        QVERIFY(!fromIsoUtc(QStringLiteral("yesterday")).isValid());
    }

    void documentValidation_data()
    {
        QTest::addColumn<QString>("collection");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("badField");
        QTest::newRow("ok") << "invoices" << "inv-1" << "";
        QTest::newRow("upper collection") << "Invoices" << "k" << "collection";
        QTest::newRow("empty collection") << "" << "k" << "collection";
        QTest::newRow("empty key") << "invoices" << "" << "key";
        QTest::newRow("control char key") << "invoices" << "a\nb" << "key";
        QTest::newRow("long key") << "invoices" << QString(257, QLatin1Char('k')) << "key";
    }
    void documentValidation()
    {
        QFETCH(QString, collection);
        QFETCH(QString, key);
        QFETCH(QString, badField);
        auto p = validateCollection(collection);
        if (!p)
            p = validateDocumentKey(key);
        QCOMPARE(p ? p->field : QString(), badField);
    }
};

QTEST_GUILESS_MAIN(TestCoreCodecs)
#include "tst_corecodecs.moc"
