// Every route that takes a cursor (as the served OpenAPI document lists them) refuses, with a 400
// invalid-cursor naming `cursor`, every cursor it did not issue: malformed ones, well-formed ones
// with fields of the wrong type or out of range, old-format ones and other routes' genuine ones.
// A crafted but well-formed cursor on /v1/alerts used to reach SQL as a failed cast: a 500.
#include "tests/support/serverfixture.h"
#include <QJsonArray>
#include <QTest>
#include <QUrl>
#include <QUuid>

using namespace portico::test;

namespace {

// Cursors as the server writes them: a version character, then base64url of a JSON array whose
// first element names the listing.
QString cursorOf(const QJsonArray &payload, char version = '2')
{
    const QByteArray json = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(version + json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QJsonArray with(const QString &listing, QJsonArray fields)
{
    fields.prepend(listing);
    return fields;
}

struct CursorRoute
{
    QString path;        // as called, path parameters filled in
    QString baseQuery;   // what makes a second page exist
    bool tenantToken = false;
    QString listing;     // which crafted keys are aimed at it
    QString family;      // routes of one family accept each other's cursors
};

} // namespace

class TestServerCursors : public QObject
{
    Q_OBJECT
    ServerFixture m_fx;
    TestTenant m_tenant;
    QList<CursorRoute> m_routes;

    HttpResult call(const CursorRoute &r, const QString &extraQuery)
    {
        QString query = r.baseQuery;
        if (!extraQuery.isEmpty())
            query += (query.isEmpty() ? QString() : QStringLiteral("&")) + extraQuery;
        const QString url = r.path + (query.isEmpty() ? QString() : QStringLiteral("?") + query);
        if (r.tenantToken)
            return m_fx.client(m_tenant.token)->request("GET", url);
        return m_fx.op().request("GET", url, {}, {{"X-Portico-Reason", "cursor probe"}});
    }

    static QString param(const QString &cursor) { return QStringLiteral("cursor=") + QString::fromLatin1(QUrl::toPercentEncoding(cursor)); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_fx.start(), qPrintable(m_fx.errorString()));
        m_tenant = m_fx.makeTenant({QStringLiteral("Cursor One"), QStringLiteral("shared")});
        QVERIFY2(m_tenant.ok(), qPrintable(m_tenant.error));
        QVERIFY(m_fx.makeTenant({QStringLiteral("Cursor Two"), QStringLiteral("shared")}).ok());
        auto tenant = m_fx.client(m_tenant.token);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(tenant->post(QStringLiteral("/v1/documents"), {{QStringLiteral("collection"), QStringLiteral("notes")},
                                                                    {QStringLiteral("key"), QStringLiteral("n%1").arg(i)},
                                                                    {QStringLiteral("body"), i}}).status, 201);
        for (int i = 0; i < 3; ++i)
            m_fx.sql(QStringLiteral("INSERT INTO alerts (id, severity, kind, detail, request_id) VALUES (gen_random_uuid(), 'info', 'test.cursor', 'c%1', '')").arg(i));
        for (int i = 0; i < 3; ++i)
            m_fx.sql(QStringLiteral("INSERT INTO jobs (id, kind, state, started_by, reason) VALUES (gen_random_uuid(), 'test.cursor', 'succeeded', 'operator:x', 'c%1')").arg(i));

        // The routes from the API's own description: any operation with a `cursor` query parameter.
        const auto spec = m_fx.op().get(QStringLiteral("/v1/openapi.json"));
        QCOMPARE(spec.status, 200);
        const QJsonObject shared = spec.json().value(QStringLiteral("components")).toObject().value(QStringLiteral("parameters")).toObject();
        const auto takesCursor = [&](const QJsonArray &parameters) {
            for (const auto v : parameters) {
                QJsonObject p = v.toObject();
                if (p.contains(QStringLiteral("$ref")))
                    p = shared.value(p.value(QStringLiteral("$ref")).toString().section(QLatin1Char('/'), -1)).toObject();
                if (p.value(QStringLiteral("in")).toString() == QLatin1String("query") && p.value(QStringLiteral("name")).toString() == QLatin1String("cursor"))
                    return true;
            }
            return false;
        };
        const QJsonObject paths = spec.json().value(QStringLiteral("paths")).toObject();
        for (auto p = paths.begin(); p != paths.end(); ++p) {
            const QJsonObject operations = p.value().toObject();
            for (auto o = operations.begin(); o != operations.end(); ++o) {
                if (o.key() == QLatin1String("parameters"))
                    continue;
                const QJsonObject op = o.value().toObject();
                if (!takesCursor(op.value(QStringLiteral("parameters")).toArray()) && !takesCursor(operations.value(QStringLiteral("parameters")).toArray()))
                    continue;
                QCOMPARE(o.key(), QStringLiteral("get"));
                CursorRoute r;
                r.path = p.key();
                r.path.replace(QStringLiteral("{id}"), m_tenant.id);
                QVERIFY2(!r.path.contains(QLatin1Char('{')), qPrintable(QStringLiteral("no value for a parameter of ") + p.key()));
                const QJsonArray security = op.value(QStringLiteral("security")).toArray();
                r.tenantToken = security.size() == 1 && security.at(0).toObject().contains(QStringLiteral("tenantToken"));
                if (r.path.endsWith(QLatin1String("/documents")))
                    r.listing = QStringLiteral("documents");
                else if (r.path == QLatin1String("/v1/tenants"))
                    r.listing = QStringLiteral("tenants");
                else if (r.path == QLatin1String("/v1/audit"))
                    r.listing = QStringLiteral("audit");
                else if (r.path == QLatin1String("/v1/alerts"))
                    r.listing = QStringLiteral("alerts");
                else if (r.path == QLatin1String("/v1/jobs"))
                    r.listing = QStringLiteral("jobs");
                QVERIFY2(!r.listing.isEmpty(), qPrintable(QStringLiteral("a cursor route this test does not know: ") + p.key()));
                r.family = r.listing;
                if (r.listing == QLatin1String("audit"))
                    r.baseQuery = QStringLiteral("tenant=") + m_tenant.id; // its chain: created, token issued
                m_routes << r;
            }
        }
        QCOMPARE(m_routes.size(), 6); // tenants, alerts, audit, jobs, and the tenant's and the operators' documents
    }

    void everyCursorRouteRefusesCursorsItDidNotIssue()
    {
        // Each route's own cursor works (so the refusals below are about the cursor), and is kept
        // to be offered to the other routes.
        QList<QPair<QString, QString>> genuine; // family, cursor
        for (const CursorRoute &r : m_routes) {
            const auto first = call(r, QStringLiteral("limit=1"));
            QCOMPARE(first.status, 200);
            const QString next = first.json().value(QStringLiteral("next_cursor")).toString();
            QVERIFY2(!next.isEmpty(), qPrintable(r.path));
            const auto second = call(r, QStringLiteral("limit=1&") + param(next));
            QVERIFY2(second.status == 200, qPrintable(r.path + QLatin1Char(' ') + QString::fromUtf8(second.body)));
            genuine.append({r.family, next});
        }

        const QString uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString nil = QUuid().toString(QUuid::WithoutBraces);
        const QString nul = QStringLiteral("a") + QChar(0) + QStringLiteral("b");
        const QJsonValue null = QJsonValue::Null;
        // Keys that are well-formed JSON but no cursor of that listing: wrong types, out of range,
        // missing or extra fields.
        const QHash<QString, QList<QJsonArray>> wrongKeys{
            {QStringLiteral("alerts"),
             {{}, {1, 2}, {QStringLiteral("garbage"), uuid}, {QStringLiteral("2026-13-40T00:00:00.000000Z"), uuid},
              {QStringLiteral("2026-02-30T00:00:00Z"), uuid}, {QStringLiteral("2026-01-01T24:00:00Z"), uuid},
              {QStringLiteral("0000-01-01T00:00:00Z"), uuid}, {QStringLiteral("2026-01-01T00:00:00.000000Z"), QStringLiteral("not-a-uuid")},
              {QStringLiteral("2026-01-01T00:00:00.000000Z"), nil}, {QStringLiteral("2026-01-01T00:00:00.000000Z"), uuid, 3},
              {null, null}, {QJsonObject{}, QJsonArray{}}}},
            {QStringLiteral("jobs"),
             {{}, {1, 2}, {QStringLiteral("garbage"), uuid}, {QStringLiteral("2026-13-40T00:00:00.000000Z"), uuid},
              {QStringLiteral("2026-01-01T00:00:00.000000Z"), QStringLiteral("not-a-uuid")}, {QStringLiteral("2026-01-01T00:00:00.000000Z"), nil},
              {QStringLiteral("2026-01-01T00:00:00.000000Z"), uuid, 3}, {null, null}}},
            {QStringLiteral("tenants"),
             {{}, {QStringLiteral("name"), 5, uuid}, {QStringLiteral("name"), QStringLiteral("x"), QStringLiteral("not-a-uuid")},
              {5, QStringLiteral("x"), uuid}, {QStringLiteral("-created_at"), QStringLiteral("garbage"), uuid},
              {QStringLiteral("-created_at"), QStringLiteral("2026-13-01T00:00:00.000Z"), uuid}, {QStringLiteral("name"), nul, uuid},
              {QStringLiteral("name"), null, uuid}, {QStringLiteral("name"), QStringLiteral("x"), uuid, 4}}},
            {QStringLiteral("documents"),
             {{}, {1, 2}, {QStringLiteral("notes"), 2}, {null, QStringLiteral("k")}, {QStringLiteral("notes"), QStringLiteral("k"), QStringLiteral("extra")},
              {nul, QStringLiteral("k")}}},
            {QStringLiteral("audit"),
             {{}, {-1}, {0}, {1.5}, {1e300}, {QStringLiteral("7")}, {null}, {1, 2}}},
        };

        for (const CursorRoute &r : m_routes) {
            QList<QPair<QString, QString>> crafted; // what, cursor
            for (const QJsonArray &key : wrongKeys.value(r.listing))
                crafted.append({QStringLiteral("key ") + QString::fromUtf8(QJsonDocument(key).toJson(QJsonDocument::Compact)), cursorOf(with(r.listing, key))});
            for (const auto &[family, cursor] : genuine)
                if (family != r.family)
                    crafted.append({QStringLiteral("a genuine cursor of ") + family, cursor});
            // The same key under another listing's name, and in the old format that named none.
            crafted.append({QStringLiteral("another listing's name"), cursorOf(with(r.listing == QLatin1String("alerts") ? QStringLiteral("documents") : QStringLiteral("alerts"),
                                                                                        {QStringLiteral("2026-01-01T00:00:00.000000Z"), uuid}))});
            crafted.append({QStringLiteral("version 1"), cursorOf({QStringLiteral("2026-01-01T00:00:00.000000Z"), uuid}, '1')});
            crafted.append({QStringLiteral("not JSON"), QStringLiteral("2") + QString::fromLatin1(QByteArray("not json").toBase64(QByteArray::Base64UrlEncoding))});
            crafted.append({QStringLiteral("not base64"), QStringLiteral("2!!!")});
            crafted.append({QStringLiteral("too long"), cursorOf(with(r.listing, {QString(2000, QLatin1Char('x'))}))});

            // The tenant list reads its key by the sort: try the text sort and the time sort.
            QStringList sorts{QString()};
            if (r.listing == QLatin1String("tenants"))
                sorts << QStringLiteral("sort=-created_at&");
            for (const QString &sort : sorts) {
                for (const auto &[what, cursor] : crafted) {
                    const auto answer = call(r, sort + param(cursor));
                    const QString where = r.path + QLatin1Char(' ') + sort + what;
                    QVERIFY2(answer.status == 400, qPrintable(where + QStringLiteral(": ") + QString::number(answer.status) + QLatin1Char(' ') + QString::fromUtf8(answer.body)));
                    QCOMPARE(answer.json().value(QStringLiteral("type")).toString(), QStringLiteral("urn:portico:problem:invalid-cursor"));
                    QCOMPARE(answer.json().value(QStringLiteral("field")).toString(), QStringLiteral("cursor"));
                }
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestServerCursors)
#include "tst_server_cursors.moc"
