// Slugs, cursors, problems and tenant JSON: the values every other part relies on.
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
        const QJsonArray key{QStringLiteral("name"), QStringLiteral("zoë"), QStringLiteral("6f1c2a9e-0000-4000-8000-000000000001")};
        const auto decoded = decodeCursor(encodeCursor(key));
        QVERIFY(decoded);
        QCOMPARE(*decoded, key);
    }
    void cursorRejectsTampering_data()
    {
        QTest::addColumn<QString>("cursor");
        QTest::newRow("empty") << "";
        QTest::newRow("wrong version") << "2W10";
        QTest::newRow("not base64") << "1***";
        QTest::newRow("not an array") << QString(QLatin1Char('1') + QString::fromLatin1(QByteArray("{}").toBase64(QByteArray::Base64UrlEncoding)));
        QTest::newRow("too long") << QString(2000, QLatin1Char('1'));
    }
    void cursorRejectsTampering()
    {
        QFETCH(QString, cursor);
        QVERIFY(!decodeCursor(cursor));
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
