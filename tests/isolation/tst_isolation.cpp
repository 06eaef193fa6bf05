// The isolation suite: tenants in every model (shared pool, own schema, own database) on two
// clusters. Every route with tenant access, every operator route that names a tenant, and the
// routes that let a tenant token name a tenant in the query, are probed in a data table (route x
// id spelling x model, checked against the served OpenAPI document): another tenant's token with the victim's
// ids in every spelling reveals nothing and changes nothing, with the problem type checked, and
// the owner succeeds with the same spelling where it is valid, so a missing route or a broken
// spelling cannot pass as isolation. The database itself, as the data role, shows a session only
// its tenant's rows; connections to tenant databases stay capped; operators reach tenant data
// only with a reason, audited.
#include "core/problem.h"
#include "tests/support/serverfixture.h"
#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>
#include <optional>

using namespace portico;
using namespace portico::test;

namespace {

struct TenantUnderTest
{
    QString label;     // "shared/us-east"
    QString model;
    QString id;
    QString slug;
    QString token;
    QString tokenId;
    QString docId;     // one document of this tenant
    QString docKey;
    QString configEntry; // one configuration history entry
    QJsonObject placement;
    std::shared_ptr<HttpTestClient> client;
};

// How a route is probed: the id a route takes decides which one the spelling applies to.
enum class Probe {
    TenantClaim,   // tenant route without ids: the spelling is the tenant id claimed in X-Portico-Tenant
    TenantPath,    // tenant route with a document id in the path ({doc})
    OperatorPath,  // operator route with the tenant in the path ({tenant}), perhaps with a sub-resource
    TenantQuery,   // a route open to tenant tokens that names a tenant in its query (?tenant={tenant})
};

// What a control consumes, made afresh for every victim of every row.
enum class Fresh { None, Document, Token, Override };

struct RouteCase
{
    QByteArray method;
    QString path;        // {tenant}, {doc}, {entry}, {token}; {flag} and {key} name a flag and a configuration key; {uniq} a fresh string
    QByteArray body;     // {uniq} and {now} are filled in
    int ok;              // the owner's status
    Fresh fresh = Fresh::None;
    QList<QPair<QByteArray, QByteArray>> headers = {};
};

const QList<QPair<QByteArray, QByteArray>> kJson{{"Content-Type", "application/json"}};
const QList<QPair<QByteArray, QByteArray>> kIfMatchAny{{"Content-Type", "application/json"}, {"If-Match", "*"}};

// Every route whose access is tenant (14), every operator route with a tenant id in the path (21), and
// the routes open to any token that name a tenant in the query (2).
const QList<RouteCase> &routes()
{
    static const QList<RouteCase> all{
        // tenant routes
        {"GET", QStringLiteral("/v1/config"), {}, 200},
        {"GET", QStringLiteral("/v1/documents"), {}, 200},
        {"POST", QStringLiteral("/v1/documents"), R"({"collection":"probes","key":"{uniq}","body":1})", 201},
        {"GET", QStringLiteral("/v1/documents/{doc}"), {}, 200},
        {"PUT", QStringLiteral("/v1/documents/{doc}"), R"({"body":"changed by its owner"})", 200, Fresh::Document},
        {"DELETE", QStringLiteral("/v1/documents/{doc}"), {}, 204, Fresh::Document},
        {"GET", QStringLiteral("/v1/flags/evaluate"), {}, 200},
        {"GET", QStringLiteral("/v1/flags/snapshot"), {}, 200},
        {"POST", QStringLiteral("/ofrep/v1/evaluate/flags/{flag}"), R"({"context":{"targetingKey":"u-1"}})", 200, Fresh::None, kJson},
        {"POST", QStringLiteral("/ofrep/v1/evaluate/flags"), R"({"context":{"targetingKey":"u-1"}})", 200, Fresh::None, kJson},
        {"GET", QStringLiteral("/v1/usage?metric=requests"), {}, 200},
        {"POST", QStringLiteral("/v1/usage/events"), R"({"events":[{"id":"{uniq}","metric":"emails_sent","quantity":1,"time":"{now}"}]})", 200},
        {"GET", QStringLiteral("/v1/usage/verify"), {}, 200},
        {"GET", QStringLiteral("/v1/limits"), {}, 200},
        // any token, a tenant named in the query: a tenant token may name only its own tenant
        {"GET", QStringLiteral("/v1/audit?tenant={tenant}"), {}, 200},
        {"GET", QStringLiteral("/v1/audit/verify?tenant={tenant}"), {}, 200},
        // operator routes naming a tenant
        {"GET", QStringLiteral("/v1/tenants/{tenant}"), {}, 200},
        {"PATCH", QStringLiteral("/v1/tenants/{tenant}"), R"({"state":"active"})", 200, Fresh::None, kJson},
        {"POST", QStringLiteral("/v1/tenants/{tenant}/tokens"), R"({"label":"probe"})", 201, Fresh::None, kJson},
        {"DELETE", QStringLiteral("/v1/tenants/{tenant}/tokens/{token}"), {}, 204, Fresh::Token},
        {"GET", QStringLiteral("/v1/tenants/{tenant}/config"), {}, 200},
        {"GET", QStringLiteral("/v1/tenants/{tenant}/config/history"), {}, 200},
        {"GET", QStringLiteral("/v1/tenants/{tenant}/config/history/{entry}"), {}, 200},
        {"GET", QStringLiteral("/v1/tenants/{tenant}/config/users"), {}, 200},
        {"POST", QStringLiteral("/v1/tenants/{tenant}/config/history/{entry}/revert"), R"({"reason":"probe"})", 200, Fresh::None, kJson},
        {"GET", QStringLiteral("/v1/tenants/{tenant}/config/{key}"), {}, 200},
        {"PUT", QStringLiteral("/v1/tenants/{tenant}/config/{key}"), R"({"value":75,"reason":"probe"})", 200, Fresh::None, kIfMatchAny},
        {"GET", QStringLiteral("/v1/tenants/{tenant}/documents"), {}, 200},
        {"GET", QStringLiteral("/v1/tenants/{tenant}/documents/{doc}"), {}, 200},
        {"DELETE", QStringLiteral("/v1/tenants/{tenant}/documents/{doc}"), {}, 204, Fresh::Document},
        {"GET", QStringLiteral("/v1/tenants/{tenant}/flags"), {}, 200},
        {"GET", QStringLiteral("/v1/tenants/{tenant}/flags/{flag}"), {}, 200},
        {"PUT", QStringLiteral("/v1/tenants/{tenant}/flags/{flag}"), R"({"value":true,"reason":"probe"})", 200, Fresh::None, kJson},
        {"DELETE", QStringLiteral("/v1/tenants/{tenant}/flags/{flag}"), {}, 204, Fresh::Override},
        {"GET", QStringLiteral("/v1/tenants/{tenant}/usage?metric=requests"), {}, 200},
        {"GET", QStringLiteral("/v1/tenants/{tenant}/usage/verify"), {}, 200},
        {"GET", QStringLiteral("/v1/tenants/{tenant}/limits"), {}, 200},
        {"PUT", QStringLiteral("/v1/tenants/{tenant}/limits"), R"({"rate_per_second":100000,"burst":100000,"concurrency":1000})", 200, Fresh::None, kJson},
    };
    return all;
}

Probe probeOf(const RouteCase &r)
{
    if (r.path.contains(QLatin1String("tenant={tenant}")))
        return Probe::TenantQuery;
    if (r.path.contains(QLatin1String("{tenant}")))
        return Probe::OperatorPath;
    return r.path.contains(QLatin1String("{doc}")) ? Probe::TenantPath : Probe::TenantClaim;
}

QString routeName(const RouteCase &r) { return QString::fromLatin1(r.method) + QLatin1Char(' ') + r.path; }

// The four spellings of an id, and for tenants their slug too.
const QStringList kSpellings{QStringLiteral("canonical"), QStringLiteral("upper"), QStringLiteral("braces"), QStringLiteral("percent-encoded")};

QString spell(const QString &id, const QString &slug, const QString &spelling)
{
    if (spelling == QLatin1String("upper"))
        return id.toUpper();
    if (spelling == QLatin1String("braces"))
        return QStringLiteral("{%1}").arg(id);
    if (spelling == QLatin1String("percent-encoded"))
        return QString::fromLatin1(QUrl::toPercentEncoding(id, {}, "-"));
    if (spelling == QLatin1String("slug"))
        return slug;
    return id;
}

// A header carries the id as written: percent-encoding is not decoded there, and a slug is not an id.
bool validInHeader(const QString &spelling) { return spelling != QLatin1String("percent-encoded") && spelling != QLatin1String("slug"); }

} // namespace

class TestIsolation : public QObject
{
    Q_OBJECT
    ServerFixture m_fx;
    PgCluster *m_eu = nullptr;
    QList<TenantUnderTest> m_tenants;
    int m_uniq = 0;

    PgCluster &clusterOf(const TenantUnderTest &t) { return t.placement.value(QStringLiteral("cluster")).toString() == QLatin1String("home") ? m_fx.cluster() : *m_eu; }

    QString createDocument(HttpTestClient &c, const QString &collection, const QString &key, const QJsonValue &body)
    {
        const auto r = c.post(QStringLiteral("/v1/documents"), {{QStringLiteral("collection"), collection}, {QStringLiteral("key"), key}, {QStringLiteral("body"), body}});
        return r.status == 201 ? r.json().value(QStringLiteral("id")).toString() : QString();
    }

    // The sub-resources a route's control uses up, made for this victim; nullopt when that failed.
    struct Subject
    {
        QString doc, token, entry;
    };
    std::optional<Subject> prepare(const RouteCase &route, const TenantUnderTest &victim)
    {
        Subject s{victim.docId, victim.tokenId, victim.configEntry};
        switch (route.fresh) {
        case Fresh::None: return s;
        case Fresh::Document:
            s.doc = createDocument(*victim.client, QStringLiteral("fresh"), QStringLiteral("fresh-%1").arg(++m_uniq), 1);
            return s.doc.isEmpty() ? std::nullopt : std::optional(s);
        case Fresh::Token:
            s.token = m_fx.op().request("POST", QStringLiteral("/v1/tenants/%1/tokens").arg(victim.id), R"({"label":"fresh"})", kJson)
                          .json().value(QStringLiteral("id")).toString();
            return s.token.isEmpty() ? std::nullopt : std::optional(s);
        case Fresh::Override:
            if (m_fx.op().request("PUT", QStringLiteral("/v1/tenants/%1/flags/iso-flag").arg(victim.id), R"({"value":true,"reason":"fresh"})", kJson).status != 200)
                return std::nullopt;
            return s;
        }
        return std::nullopt;
    }

    QString fill(QString text, const QString &tenant, const Subject &s)
    {
        return text.replace(QLatin1String("{tenant}"), tenant)
            .replace(QLatin1String("{doc}"), s.doc)
            .replace(QLatin1String("{token}"), s.token)
            .replace(QLatin1String("{entry}"), s.entry)
            .replace(QLatin1String("{flag}"), QLatin1String("iso-flag"))
            .replace(QLatin1String("{key}"), QLatin1String("limits.seats"))
            .replace(QLatin1String("{uniq}"), QStringLiteral("u-%1").arg(++m_uniq))
            .replace(QLatin1String("{now}"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    }

    HttpResult call(HttpTestClient &c, const RouteCase &route, const QString &path, const QString &body,
                    QList<QPair<QByteArray, QByteArray>> extra = {})
    {
        extra += route.headers;
        extra.append(qMakePair(QByteArray("X-Portico-Reason"), QByteArray("isolation suite")));
        return c.request(route.method, path, body.toUtf8(), extra);
    }

    // A refusal with the exact problem; for 404s, one that the route's handler gave, not the router.
    static bool refused(const HttpResult &r, int status, const char *type, QString *why)
    {
        const QJsonObject o = r.json();
        *why = QStringLiteral("%1 %2").arg(r.status).arg(QString::fromUtf8(r.body));
        return r.status == status && o.value(QStringLiteral("type")).toString() == QLatin1String(type) && o.value(QStringLiteral("status")).toInt() == status
               && !o.value(QStringLiteral("detail")).toString().startsWith(QLatin1String("There is no route"));
    }

    // Nothing of the victim in an answer to someone else, beyond what the request itself sent.
    static bool revealsNothingOf(const HttpResult &r, const TenantUnderTest &victim, const QString &sent = {})
    {
        QString body = QString::fromUtf8(r.body).toLower();
        if (!sent.isEmpty())
            body.remove(QUrl::fromPercentEncoding(sent.toLatin1()).toLower()); // as the server read it
        return !body.contains(victim.id) && !body.contains(victim.slug) && !body.contains(victim.docKey);
    }

    // The owner's own 201 from POST /v1/documents leaves no probe document behind.
    static void dropCreated(HttpTestClient &c, const HttpResult &r)
    {
        if (r.status == 201 && r.header("Location").startsWith("/v1/documents/"))
            QCOMPARE(c.request("DELETE", QString::fromLatin1(r.header("Location"))).status, 204);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_eu = &m_fx.addCluster(QStringLiteral("eu-central"), QStringLiteral("eu-central"));
        QVERIFY2(m_fx.start({QStringLiteral("--tenant-db-connections"), QStringLiteral("3")}), qPrintable(m_fx.errorString()));
        QCOMPARE(m_fx.op().request("POST", QStringLiteral("/v1/flags"), R"({"key":"iso-flag","default":false})", kJson).status, 201);
        // Two tenants in each model, one per region.
        int n = 0;
        for (const QString &model : {QStringLiteral("shared"), QStringLiteral("schema"), QStringLiteral("database")}) {
            for (const QString &region : {QStringLiteral("us-east"), QStringLiteral("eu-central")}) {
                const TestTenant made = m_fx.makeTenant({.name = QStringLiteral("Iso %1 %2").arg(model, region), .isolation = model, .region = region,
                                                         .adminEmail = QStringLiteral("admin@iso%1.example").arg(n++), .liftLimits = true});
                QVERIFY2(made.ok(), qPrintable(made.error));
                TenantUnderTest t;
                t.label = model + QLatin1Char('/') + region;
                t.model = model;
                t.id = made.id;
                t.slug = made.slug;
                t.token = made.token;
                t.placement = made.placement;
                QCOMPARE(t.placement.value(QStringLiteral("model")).toString(), model);
                QCOMPARE(t.placement.value(QStringLiteral("region")).toString(), region);
                t.tokenId = made.tokenId;
                t.client = m_fx.client(t.token);
                t.docKey = QStringLiteral("secret-of-") + t.slug;
                t.docId = createDocument(*t.client, QStringLiteral("secrets"), t.docKey, QJsonObject{{QStringLiteral("owner"), t.id}});
                QVERIFY(!t.docId.isEmpty());
                QCOMPARE(m_fx.op().request("PUT", QStringLiteral("/v1/tenants/%1/config/limits.seats").arg(t.id), R"({"value":70,"reason":"setup"})", kIfMatchAny).status, 200);
                const auto history = m_fx.op().get(QStringLiteral("/v1/tenants/%1/config/history?key=limits.seats").arg(t.id)).json().value(QStringLiteral("items")).toArray();
                QCOMPARE(history.size(), 1);
                t.configEntry = history.at(0).toObject().value(QStringLiteral("id")).toString();
                m_tenants << t;
            }
        }
    }

    void placementsExistWhereTheMapSays()
    {
        for (const auto &t : m_tenants) {
            const QString database = t.placement.value(QStringLiteral("database")).toString();
            const QString schema = t.placement.value(QStringLiteral("schema")).toString();
            PgCluster &c = clusterOf(t);
            // The document is in exactly the placement named, and in no other cluster's pool.
            const QString here = c.psql(database, QStringLiteral("SELECT count(*) FROM %1.documents WHERE tenant_id = '%2'").arg(schema, t.id));
            QCOMPARE(here, QStringLiteral("1"));
            PgCluster &other = &c == &m_fx.cluster() ? *m_eu : m_fx.cluster();
            QCOMPARE(other.psql(m_fx.server().database() + QStringLiteral("_pool"), QStringLiteral("SELECT count(*) FROM public.documents WHERE tenant_id = '%1'").arg(t.id)),
                     QStringLiteral("0"));
            if (t.model == QLatin1String("schema"))
                QVERIFY(schema.startsWith(QLatin1String("t_")));
            if (t.model == QLatin1String("database"))
                QVERIFY(database.contains(QLatin1String("_t_")));
        }
    }

    void ownDataIsReachableInEveryModel()
    {
        for (const auto &t : m_tenants) {
            const auto r = t.client->get(QStringLiteral("/v1/documents/") + t.docId);
            QVERIFY2(r.status == 200, qPrintable(t.label));
            QCOMPARE(r.json().value(QStringLiteral("body")).toObject().value(QStringLiteral("owner")).toString(), t.id);
            QCOMPARE(t.client->get(QStringLiteral("/v1/documents")).json().value(QStringLiteral("items")).toArray().size(), 1);
        }
    }

    // Operators reach a tenant's data only through explicit routes, with a reason, audited.
    void operatorAccessNeedsAReasonAndIsAudited()
    {
        for (qsizetype i = 0; i < m_tenants.size(); ++i) {
            const auto &t = m_tenants.at(i);
            const QString path = QStringLiteral("/v1/tenants/%1/documents/%2").arg(t.slug, t.docId);
            const auto noReason = m_fx.op().get(path);
            QCOMPARE(noReason.status, 422);
            QCOMPARE(noReason.json().value(QStringLiteral("field")).toString(), QStringLiteral("X-Portico-Reason"));
            const QByteArray reason = "ticket 4711: customer asked us to check " + t.slug.toLatin1();
            const auto read = m_fx.op().request("GET", path, {}, {{"X-Portico-Reason", reason}});
            QVERIFY2(read.status == 200, qPrintable(t.label));
            QCOMPARE(read.json().value(QStringLiteral("id")).toString(), t.docId);
            // Another tenant's document id under this tenant's slug is not found: the route does not cross tenants either.
            const auto &other = m_tenants.at((i + 1) % m_tenants.size());
            QCOMPARE(m_fx.op().request("GET", QStringLiteral("/v1/tenants/%1/documents/%2").arg(t.slug, other.docId), {}, {{"X-Portico-Reason", reason}}).status, 404);
            // One audit entry per access, on the tenant's chain, with actor and reason.
            const auto entries = m_fx.op().get(QStringLiteral("/v1/audit?tenant=%1&action=operator.documents_read").arg(t.id)).json().value(QStringLiteral("items")).toArray();
            QCOMPARE(entries.size(), 2);
            const auto newest = entries.at(0).toObject(), first = entries.at(1).toObject();
            QCOMPARE(first.value(QStringLiteral("reason")).toString().toLatin1(), reason);
            QCOMPARE(first.value(QStringLiteral("actor")).toString(), QStringLiteral("operator:") + m_fx.server().adminEmail());
            QCOMPARE(first.value(QStringLiteral("details")).toObject().value(QStringLiteral("documents")).toArray(), QJsonArray{t.docId});
            QCOMPARE(newest.value(QStringLiteral("details")).toObject().value(QStringLiteral("documents")).toArray(), QJsonArray{});
            // A tenant token cannot use the operator route, even for its own tenant.
            QCOMPARE(t.client->request("GET", path, {}, {{"X-Portico-Reason", reason}}).status, 403);
        }
    }

    // The table is the API's: every operation the served OpenAPI document gives to tenant tokens
    // alone, that names a tenant in its path, or that tenant tokens may call with a tenant in the
    // query, has a row, and every row is such an operation.
    void theTableCoversEveryRouteWithTenantAccess()
    {
        const auto spec = m_fx.op().get(QStringLiteral("/v1/openapi.json"));
        QCOMPARE(spec.status, 200);
        static const QRegularExpression parameter(QStringLiteral("\\{[^}]*\\}"));
        const auto shape = [](QString path) { return path.section(QLatin1Char('?'), 0, 0).replace(parameter, QStringLiteral("{}")); };
        QStringList documented;
        const QJsonObject paths = spec.json().value(QStringLiteral("paths")).toObject();
        const QJsonObject shared = spec.json().value(QStringLiteral("components")).toObject().value(QStringLiteral("parameters")).toObject();
        const auto namesTenantInQuery = [&](const QJsonArray &parameters) {
            for (const auto v : parameters) {
                QJsonObject p = v.toObject();
                if (p.contains(QStringLiteral("$ref")))
                    p = shared.value(p.value(QStringLiteral("$ref")).toString().section(QLatin1Char('/'), -1)).toObject();
                if (p.value(QStringLiteral("in")).toString() == QLatin1String("query") && p.value(QStringLiteral("name")).toString() == QLatin1String("tenant"))
                    return true;
            }
            return false;
        };
        for (auto p = paths.begin(); p != paths.end(); ++p) {
            const QJsonObject operations = p.value().toObject();
            for (auto o = operations.begin(); o != operations.end(); ++o) {
                if (o.key() == QLatin1String("parameters"))
                    continue;
                const QJsonArray security = o.value().toObject().value(QStringLiteral("security")).toArray();
                const bool tenantOnly = security.size() == 1 && security.at(0).toObject().keys() == QStringList{QStringLiteral("tenantToken")};
                bool forTenants = false;
                for (const auto scheme : security)
                    forTenants = forTenants || scheme.toObject().contains(QStringLiteral("tenantToken"));
                const bool tenantInQuery = forTenants && (namesTenantInQuery(operations.value(QStringLiteral("parameters")).toArray())
                                                          || namesTenantInQuery(o.value().toObject().value(QStringLiteral("parameters")).toArray()));
                if (tenantOnly || tenantInQuery || p.key().startsWith(QLatin1String("/v1/tenants/{id}")))
                    documented << o.key().toUpper() + QLatin1Char(' ') + shape(p.key());
            }
        }
        QStringList tabled;
        for (const RouteCase &r : routes())
            tabled << QString::fromLatin1(r.method) + QLatin1Char(' ') + shape(r.path);
        documented.sort();
        tabled.sort();
        QCOMPARE(tabled, documented);
        QCOMPARE(tabled.size(), 38); // 14 tenant routes, 22 operator routes naming a tenant, 2 naming one in the query
    }

    // Every route with tenant access, or naming a tenant, in every id spelling, for victims of every model.
    void everyRouteRevealsAndChangesNothing_data()
    {
        QTest::addColumn<int>("route");
        QTest::addColumn<QString>("spelling");
        QTest::addColumn<QString>("model");
        for (qsizetype r = 0; r < routes().size(); ++r) {
            QStringList spellings = kSpellings;
            if (probeOf(routes().at(r)) == Probe::OperatorPath || probeOf(routes().at(r)) == Probe::TenantQuery)
                spellings << QStringLiteral("slug");
            for (const QString &spelling : spellings)
                for (const char *model : {"shared", "schema", "database"})
                    QTest::addRow("%s %s %s", qPrintable(routeName(routes().at(r))), qPrintable(spelling), model) << int(r) << spelling << QString::fromLatin1(model);
        }
    }
    void everyRouteRevealsAndChangesNothing()
    {
        QFETCH(int, route);
        QFETCH(QString, spelling);
        QFETCH(QString, model);
        const RouteCase &rc = routes().at(route);
        const Probe probe = probeOf(rc);
        QString why;
        for (qsizetype v = 0; v < m_tenants.size(); ++v) {
            const TenantUnderTest &victim = m_tenants.at(v);
            if (victim.model != model)
                continue;
            const auto prepared = prepare(rc, victim);
            QVERIFY2(prepared, qPrintable(victim.label + QStringLiteral(": cannot prepare the control")));
            const Subject &subject = *prepared;
            const QString spelledTenant = spell(victim.id, victim.slug, spelling);
            const QString spelledDoc = spelling == QLatin1String("slug") ? subject.doc : spell(subject.doc, {}, spelling); // documents have no slug
            const QString path = fill(rc.path, spelledTenant, {spelledDoc, subject.token, subject.entry});
            const QByteArray claim = spelledTenant.toLatin1();
            const auto body = [&] { return fill(QString::fromLatin1(rc.body), spelledTenant, subject); }; // fresh {uniq} each call
            for (const TenantUnderTest &intruder : m_tenants) {
                if (&intruder == &victim)
                    continue;
                const QString what = intruder.label + QStringLiteral(" -> ") + victim.label + QStringLiteral(": ");
                if (probe == Probe::OperatorPath) {
                    // Closed to tenant tokens, whoever the tenant named.
                    const auto r = call(*intruder.client, rc, path, body());
                    QVERIFY2(refused(r, 403, problem::Forbidden, &why), qPrintable(what + why));
                    continue;
                }
                if (probe == Probe::TenantQuery) {
                    // Naming another tenant finds nothing: not found, as if it did not exist.
                    const auto r = call(*intruder.client, rc, path, body());
                    QVERIFY2(refused(r, 404, problem::NotFound, &why), qPrintable(what + why));
                    QVERIFY2(revealsNothingOf(r, victim, spelledTenant), qPrintable(what + QString::fromUtf8(r.body)));
                    continue;
                }
                // Claiming the victim's tenant in a header is refused, never obeyed.
                const auto claimed = call(*intruder.client, rc, path, body(), {{"X-Portico-Tenant", claim}});
                QVERIFY2(refused(claimed, 400, problem::TenantContextAmbiguous, &why), qPrintable(what + why));
                const auto r = call(*intruder.client, rc, path, body());
                if (probe == Probe::TenantPath) {
                    // The victim's document, in this spelling, is not found for anyone else.
                    QVERIFY2(refused(r, 404, problem::NotFound, &why), qPrintable(what + why));
                } else {
                    // The intruder's own answer holds nothing of the victim.
                    QVERIFY2(r.status == rc.ok, qPrintable(what + QStringLiteral("%1 %2").arg(r.status).arg(QString::fromUtf8(r.body))));
                    dropCreated(*intruder.client, r);
                }
                QVERIFY2(revealsNothingOf(r, victim), qPrintable(what + QString::fromUtf8(r.body)));
            }
            if (probe == Probe::OperatorPath) {
                // A tenant token cannot use it for its own tenant either.
                QVERIFY2(refused(call(*victim.client, rc, path, body()), 403, problem::Forbidden, &why), qPrintable(why));
                // The operator route does not cross tenants: another tenant's sub-resource under this tenant is not found.
                if (rc.path.contains(QLatin1String("{doc}")) || rc.path.contains(QLatin1String("{token}")) || rc.path.contains(QLatin1String("{entry}"))) {
                    const TenantUnderTest &other = m_tenants.at((v + 1) % m_tenants.size());
                    const QString crossed = fill(rc.path, spelledTenant, {other.docId, other.tokenId, other.configEntry});
                    const auto r = call(m_fx.op(), rc, crossed, body());
                    QVERIFY2(refused(r, 404, problem::NotFound, &why), qPrintable(victim.label + QStringLiteral(" with ") + other.label + QStringLiteral("'s id: ") + why));
                    QVERIFY2(revealsNothingOf(r, other), qPrintable(QString::fromUtf8(r.body)));
                }
            } else if (probe == Probe::TenantPath) {
                // The probed document is as its owner wrote it.
                const auto own = victim.client->get(QStringLiteral("/v1/documents/") + subject.doc).json();
                QCOMPARE(own.value(QStringLiteral("version")).toInt(), 1);
            }
            // The control: the owner (the operator, for operator routes) succeeds with the same spelling where it is valid.
            HttpTestClient &owner = probe == Probe::OperatorPath ? m_fx.op() : *victim.client;
            QList<QPair<QByteArray, QByteArray>> ownClaim;
            if (probe == Probe::TenantClaim || probe == Probe::TenantPath)
                ownClaim.append(qMakePair(QByteArray("X-Portico-Tenant"), claim));
            const auto control = call(owner, rc, path, body(), ownClaim);
            if (ownClaim.isEmpty() || validInHeader(spelling)) {
                QVERIFY2(control.status == rc.ok, qPrintable(victim.label + QStringLiteral(" control: %1 %2").arg(control.status).arg(QString::fromUtf8(control.body))));
                if (probe != Probe::OperatorPath)
                    dropCreated(owner, control);
            } else {
                QVERIFY2(refused(control, 400, problem::TenantContextAmbiguous, &why), qPrintable(victim.label + QStringLiteral(" control: ") + why));
                const auto plain = call(owner, rc, path, body());
                QVERIFY2(plain.status == rc.ok, qPrintable(victim.label + QStringLiteral(" control: %1 %2").arg(plain.status).arg(QString::fromUtf8(plain.body))));
                dropCreated(owner, plain);
            }
        }
    }

    void creatingAVictimsKeyCreatesOnesOwnDocument()
    {
        for (const auto &intruder : m_tenants) {
            for (const auto &victim : m_tenants) {
                if (&victim == &intruder)
                    continue;
                const QString mine = createDocument(*intruder.client, QStringLiteral("secrets"), victim.docKey, 0);
                QVERIFY2(!mine.isEmpty() && mine != victim.docId, qPrintable(intruder.label));
                QCOMPARE(intruder.client->request("DELETE", QStringLiteral("/v1/documents/") + mine).status, 204);
            }
        }
    }

    void nothingChanged()
    {
        for (const auto &t : m_tenants) {
            // Every victim's document is as written, version 1, and each list holds only its owner's document.
            const auto r = t.client->get(QStringLiteral("/v1/documents/") + t.docId).json();
            QCOMPARE(r.value(QStringLiteral("version")).toInt(), 1);
            QCOMPARE(r.value(QStringLiteral("body")).toObject().value(QStringLiteral("owner")).toString(), t.id);
            const auto list = t.client->get(QStringLiteral("/v1/documents?limit=500&collection=secrets")).json().value(QStringLiteral("items")).toArray();
            QCOMPARE(list.size(), 1);
            QCOMPARE(list.at(0).toObject().value(QStringLiteral("id")).toString(), t.docId);
            // Its first token still works: no probe revoked it.
            QCOMPARE(t.client->get(QStringLiteral("/v1/me")).status, 200);
        }
    }

    // As the data role, with no WHERE on tenant_id: only the context's rows, none without a context.
    void theDatabaseEnforcesTheContext()
    {
        const QString pool = m_fx.server().database() + QStringLiteral("_pool");
        for (PgCluster *c : {&m_fx.cluster(), m_eu}) {
            QCOMPARE(c->psql(pool, QStringLiteral("SET ROLE portico_app; SELECT count(*) FROM documents")), QStringLiteral("0"));
            QVERIFY(!c->psql(pool, QStringLiteral("SELECT count(*) FROM documents")).isEmpty());
        }
        for (const auto &t : m_tenants) {
            if (t.model != QLatin1String("shared"))
                continue;
            const QString seen = clusterOf(t).psql(pool, QStringLiteral("SET ROLE portico_app; BEGIN; SELECT set_config('portico.tenant_id', '%1', true); "
                                                                         "SELECT string_agg(DISTINCT tenant_id::text, ',') FROM documents; COMMIT;").arg(t.id));
            QCOMPARE(seen.split(QLatin1Char('\n')).last(), t.id);
        }
        // A tenant schema is not reachable from another tenant's context either.
        const auto &schemaTenant = *std::find_if(m_tenants.begin(), m_tenants.end(), [](const auto &t) { return t.label == QLatin1String("schema/us-east"); });
        const QString schema = schemaTenant.placement.value(QStringLiteral("schema")).toString();
        QCOMPARE(m_fx.cluster().psql(pool, QStringLiteral("SET ROLE portico_app; BEGIN; SELECT set_config('portico.tenant_id', '%1', true); "
                                                          "SELECT count(*) FROM %2.documents; COMMIT;").arg(m_tenants.first().id, schema)).split(QLatin1Char('\n')).last(),
                 QStringLiteral("0"));
    }

    void tenantDatabaseConnectionsStayCapped()
    {
        // Touch every database tenant several times; the cap is 3 for all tenant databases together.
        for (int round = 0; round < 3; ++round)
            for (const auto &t : m_tenants)
                if (t.model == QLatin1String("database"))
                    QCOMPARE(t.client->get(QStringLiteral("/v1/documents")).status, 200);
        const auto report = m_fx.op().get(QStringLiteral("/v1/isolation/report")).json();
        int open = 0;
        for (const auto p : report.value(QStringLiteral("pools")).toArray())
            if (p.toObject().value(QStringLiteral("database")).toString().contains(QLatin1String("_t_")))
                open += p.toObject().value(QStringLiteral("open")).toInt();
        QVERIFY(open >= 1);
        QVERIFY2(open <= 3, qPrintable(QString::number(open)));
        // The clusters agree: the data role's connections to tenant databases are within the cap.
        int server = 0;
        for (PgCluster *c : {&m_fx.cluster(), m_eu})
            server += c->psql(QStringLiteral("postgres"), QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE usename = 'portico_app' AND datname LIKE '%\\_t\\_%'")).toInt();
        QVERIFY2(server <= 3, qPrintable(QString::number(server)));
    }
};

QTEST_GUILESS_MAIN(TestIsolation)
#include "tst_isolation.moc"
