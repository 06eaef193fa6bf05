#include "client/apiclient.h"
#include "client/replyparsing.h"
#include "core/urlquery.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>
#include <QUuid>

Q_LOGGING_CATEGORY(lcApi, "portico.client")

namespace portico {
namespace {
// Set on a reply we aborted ourselves because its context died: nobody is waiting for it.
constexpr char kAbandoned[] = "portico_abandoned";

// Adapts a typed callback to the raw JSON one: decodes the body, or passes the Problem through.
template<class T, class Decode>
ApiClient::Callback<QJsonDocument> decodeWith(ApiClient::Callback<T> onDone, const char *what, Decode decode)
{
    return [onDone = std::move(onDone), what, decode](const ApiResult<QJsonDocument> &result) {
        if (!result) {
            onDone(ApiResult<T>(result.problem()));
            return;
        }
        auto value = decode(result.value().object());
        if (!value) {
            onDone(ApiResult<T>(undecodableProblem(200, QString::fromLatin1(what), {})));
            return;
        }
        onDone(ApiResult<T>(std::move(*value)));
    };
}

QString pathSegment(const QString &segment)
{
    // Encoded here and set in TolerantMode below, so a '/' typed into quick-open stays one segment.
    return QString::fromLatin1(QUrl::toPercentEncoding(segment));
}
} // namespace

ApiClient::ApiClient(QObject *parent) : QObject(parent), m_nam(new QNetworkAccessManager(this))
{
    // Replies are deleted by finish handling (deleteLater), which also runs for abandoned ones.
    m_nam->setAutoDeleteReplies(false);
}

ApiClient::~ApiClient() = default;

void ApiClient::setBaseUrl(const QUrl &url)
{
    if (url == m_baseUrl)
        return;
    m_baseUrl = url;
    setConnectionState(ConnectionState::Unknown);
    Q_EMIT baseUrlChanged(url);
}

void ApiClient::setToken(const QString &token)
{
    if (token == m_token)
        return;
    m_token = token;
    if (m_state == ConnectionState::Unauthorized)
        setConnectionState(ConnectionState::Unknown);
}

void ApiClient::setReadOnly(bool readOnly)
{
    if (readOnly == m_readOnly)
        return;
    m_readOnly = readOnly;
    Q_EMIT readOnlyChanged(readOnly);
}

bool ApiClient::isSafeMethod(const QByteArray &verb)
{
    return verb == "GET" || verb == "HEAD" || verb == "OPTIONS";
}

QString ApiClient::newRequestId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

void ApiClient::setConnectionState(ConnectionState state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT connectionStateChanged(state);
}

QUrl ApiClient::urlFor(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_baseUrl;
    QString base = url.path(QUrl::FullyEncoded);
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + path, QUrl::TolerantMode);
    url.setQuery(query);
    return url;
}

WriteRecord ApiClient::writeRecord(const QByteArray &verb, const QString &path, const QUrlQuery &query, const QByteArray &body,
                                   const Headers &headers, const QString &requestId)
{
    WriteRecord w;
    w.verb = verb;
    w.path = QUrl::fromPercentEncoding(path.toUtf8());
    w.query = query.toString(QUrl::FullyDecoded);
    w.body = body;
    w.requestId = requestId;
    w.sentAt = QDateTime::currentDateTimeUtc();
    for (const auto &[name, value] : headers)
        if (name.compare("X-Portico-Reason", Qt::CaseInsensitive) == 0)
            w.reason = QString::fromUtf8(value);
    if (w.reason.isEmpty() && !body.isEmpty())
        w.reason = QJsonDocument::fromJson(body).object().value(QStringLiteral("reason")).toString();
    return w;
}

QString ApiClient::send(const QByteArray &verb, const QString &path, const QUrlQuery &query, const QByteArray &body,
                        QObject *context, Callback<QJsonDocument> onDone, const Headers &extraHeaders, Mutation mutation)
{
    const QString requestId = newRequestId();
    QObject *receiver = context ? context : this;

    if (m_readOnly && mutation == Mutation::Auto && !isSafeMethod(verb)) {
        Problem refused = Problem::make(403, problem::Forbidden,
                                        tr("This connection profile is read-only; %1 %2 was not sent.")
                                            .arg(QString::fromLatin1(verb), path));
        refused.title = tr("Read-only profile");
        refused.instance = path;
        refused.requestId = requestId;
        qCInfo(lcApi, "refused %s %s: read-only profile", verb.constData(), qUtf8Printable(path));
        // Still asynchronous, so callers see one behaviour whatever the outcome.
        QTimer::singleShot(0, receiver, [onDone = std::move(onDone), refused] { onDone(ApiResult<QJsonDocument>(refused)); });
        return requestId;
    }

    QNetworkRequest request(urlFor(path, query));
    request.setTransferTimeout(int(m_timeout.count()));
    request.setRawHeader("Accept", "application/json, application/problem+json");
    request.setRawHeader("X-Request-Id", requestId.toLatin1());
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArray("portico-client/" PORTICO_VERSION));
    const bool sentToken = !m_token.isEmpty();
    if (sentToken)
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json; charset=utf-8"));
    for (const auto &[name, value] : extraHeaders)
        request.setRawHeader(name, value);

    QNetworkReply *reply = verb == "GET" ? m_nam->get(request) : m_nam->sendCustomRequest(request, verb, body);
    ++m_pending;
    Q_EMIT pendingRequestsChanged(m_pending);

    if (context) {
        // Queued: a QWidget emits destroyed() while half torn down; aborting synchronously would
        // deliver finished() into that half-destroyed object.
        connect(context, &QObject::destroyed, reply, [reply] {
            reply->setProperty(kAbandoned, true);
            reply->abort();
        }, Qt::QueuedConnection);
    }

    QElapsedTimer clock;
    clock.start();
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    std::optional<WriteRecord> write;
    if (mutation == Mutation::Auto && !isSafeMethod(verb))
        write = writeRecord(verb, path, query, body, extraHeaders, requestId);
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, verb, path, requestId, sentToken, clock, guard, hasContext, write, onDone = std::move(onDone)]() mutable {
        reply->deleteLater();
        --m_pending;
        Q_EMIT pendingRequestsChanged(m_pending);
        if (reply->property(kAbandoned).toBool()) {
            if (write) {
                write->problem = Problem::make(0, problem::Network, tr("The console stopped waiting for the answer; the change may or may not have been made."));
                write->problem.requestId = requestId;
                Q_EMIT writeFinished(*write);
            }
            return;
        }

        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QString answeredId = QString::fromLatin1(reply->rawHeader("X-Request-Id"));
        if (answeredId.isEmpty())
            answeredId = requestId;

        auto result = [&]() -> ApiResult<QJsonDocument> {
            if (status == 0) {
                setConnectionState(ConnectionState::Unreachable);
                return networkProblem(reply->error(), reply->errorString(), reply->url(), m_timeout);
            }
            setConnectionState(status == 401 && sentToken ? ConnectionState::Unauthorized : ConnectionState::Connected);
            const QByteArray bytes = reply->readAll();
            if (status >= 400)
                return problemFromHttp(status, bytes, answeredId);
            if (bytes.trimmed().isEmpty())
                return QJsonDocument();
            QJsonParseError error{};
            QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
            if (error.error != QJsonParseError::NoError)
                return undecodableProblem(status, QStringLiteral("JSON"), answeredId);
            return doc;
        }();

        qCDebug(lcApi, "%s %s -> %d in %lld ms [%s]", verb.constData(), qUtf8Printable(path), status,
                static_cast<long long>(clock.elapsed()), qUtf8Printable(answeredId));
        if (!result)
            qCInfo(lcApi, "%s %s failed: %s [%s]", verb.constData(), qUtf8Printable(path),
                   qUtf8Printable(result.problem().toDisplayString()), qUtf8Printable(answeredId));

        if (write) {
            write->status = status;
            write->requestId = answeredId;
            if (result)
                write->answer = result.value();
            else
                write->problem = result.problem();
            Q_EMIT writeFinished(*write);
        }
        if (hasContext && !guard)
            return; // the context died after the answer arrived but before we got here
        onDone(result);
    });
    return requestId;
}

QString ApiClient::healthImpl(QObject *context, Callback<HealthInfo> onDone)
{
    return send("GET", QStringLiteral("/v1/health"), {}, {}, context,
                decodeWith<HealthInfo>(std::move(onDone), "health", &HealthInfo::fromJson));
}

QString ApiClient::loginImpl(const QString &email, const QString &password, QObject *context, Callback<LoginResult> onDone)
{
    const QJsonObject body{{QStringLiteral("email"), email}, {QStringLiteral("password"), password}};
    return send("POST", QStringLiteral("/v1/auth/login"), {}, QJsonDocument(body).toJson(QJsonDocument::Compact), context,
                decodeWith<LoginResult>(std::move(onDone), "login", &LoginResult::fromJson), {}, Mutation::Exempt);
}

QString ApiClient::meImpl(QObject *context, Callback<MeInfo> onDone)
{
    return send("GET", QStringLiteral("/v1/me"), {}, {}, context,
                decodeWith<MeInfo>(std::move(onDone), "identity", &MeInfo::fromJson));
}

QString ApiClient::logoutImpl(QObject *context, Callback<Empty> onDone)
{
    return send("POST", QStringLiteral("/v1/auth/logout"), {}, {}, context,
                decodeWith<Empty>(std::move(onDone), "logout", [](const QJsonObject &) { return std::optional<Empty>(Empty{}); }),
                {}, Mutation::Exempt);
}

QString ApiClient::listTenantsImpl(const TenantListQuery &query, QObject *context, Callback<TenantPage> onDone)
{
    return send("GET", QStringLiteral("/v1/tenants"), query.toUrlQuery(), {}, context,
                decodeWith<TenantPage>(std::move(onDone), "tenant page", &TenantPage::fromJson));
}

QString ApiClient::getTenantImpl(const QString &idOrSlug, QObject *context, Callback<Tenant> onDone)
{
    return send("GET", QStringLiteral("/v1/tenants/") + pathSegment(idOrSlug), {}, {}, context,
                decodeWith<Tenant>(std::move(onDone), "tenant", &Tenant::fromJson));
}

QString ApiClient::patchTenantImpl(const QString &idOrSlug, const TenantPatch &patch, QObject *context, Callback<Tenant> onDone)
{
    Headers headers;
    if (!patch.reason.trimmed().isEmpty())
        headers.append({"X-Portico-Reason", patch.reason.trimmed().toUtf8()});
    return send("PATCH", QStringLiteral("/v1/tenants/") + pathSegment(idOrSlug), {},
                QJsonDocument(patch.toJson()).toJson(QJsonDocument::Compact), context,
                decodeWith<Tenant>(std::move(onDone), "tenant", &Tenant::fromJson), headers);
}

QString ApiClient::createTenantImpl(const NewTenant &tenant, QObject *context, Callback<Tenant> onDone)
{
    // A key per logical create, so a retry after a timeout cannot create the tenant twice.
    const QString key = tenant.idempotencyKey.isEmpty() ? newRequestId() : tenant.idempotencyKey;
    return send("POST", QStringLiteral("/v1/tenants"), {}, QJsonDocument(tenant.toJson()).toJson(QJsonDocument::Compact), context,
                decodeWith<Tenant>(std::move(onDone), "tenant", &Tenant::fromJson), {{"Idempotency-Key", key.toUtf8()}});
}

QString ApiClient::isolationReportImpl(QObject *context, Callback<IsolationReport> onDone)
{
    return send("GET", QStringLiteral("/v1/isolation/report"), {}, {}, context,
                decodeWith<IsolationReport>(std::move(onDone), "isolation report", &IsolationReport::fromJson));
}

QString ApiClient::listAlertsImpl(const AlertQuery &query, QObject *context, Callback<AlertPage> onDone)
{
    return send("GET", QStringLiteral("/v1/alerts"), query.toUrlQuery(), {}, context,
                decodeWith<AlertPage>(std::move(onDone), "alert page", &AlertPage::fromJson));
}

QString ApiClient::changeAlertStateImpl(const QString &id, AlertAction action, const QString &reason, QObject *context, Callback<Alert> onDone)
{
    Headers headers;
    if (!reason.trimmed().isEmpty())
        headers.append({"X-Portico-Reason", reason.trimmed().toUtf8()});
    return send("POST", QStringLiteral("/v1/alerts/%1/%2").arg(pathSegment(id), alertActionName(action)), {}, {}, context,
                decodeWith<Alert>(std::move(onDone), "alert", &Alert::fromJson), headers);
}

QString ApiClient::listAuditImpl(const AuditQuery &query, QObject *context, Callback<AuditPage> onDone)
{
    return send("GET", QStringLiteral("/v1/audit"), query.toUrlQuery(), {}, context,
                decodeWith<AuditPage>(std::move(onDone), "audit page", &AuditPage::fromJson));
}

QString ApiClient::verifyAuditImpl(const QString &chain, QObject *context, Callback<AuditVerdict> onDone)
{
    return send("GET", QStringLiteral("/v1/audit/verify"), UrlQueryBuilder().add("tenant", chain).query(), {}, context,
                decodeWith<AuditVerdict>(std::move(onDone), "audit verdict", &AuditVerdict::fromJson));
}

QString ApiClient::usageMetricsImpl(QObject *context, Callback<UsageMetricList> onDone)
{
    return send("GET", QStringLiteral("/v1/usage/metrics"), {}, {}, context,
                decodeWith<UsageMetricList>(std::move(onDone), "usage metrics", &UsageMetricList::fromJson));
}

namespace {
QUrlQuery usageQuery(const QString &metric, const QDateTime &from, const QDateTime &to, const QString &step)
{
    return UrlQueryBuilder().add("metric", metric).addTime("from", from).addTime("to", to).add("step", step).query();
}
} // namespace

QString ApiClient::tenantUsageImpl(const QString &tenant, const QString &metric, const QDateTime &from, const QDateTime &to,
                                   const QString &step, QObject *context, Callback<UsageSeries> onDone)
{
    return send("GET", QStringLiteral("/v1/tenants/%1/usage").arg(pathSegment(tenant)), usageQuery(metric, from, to, step), {}, context,
                decodeWith<UsageSeries>(std::move(onDone), "usage series", &UsageSeries::fromJson));
}

QString ApiClient::usageTopImpl(const QString &metric, const QDateTime &from, const QDateTime &to, int limit, const QString &plan,
                                QObject *context, Callback<UsageTop> onDone)
{
    const QUrlQuery q = UrlQueryBuilder(usageQuery(metric, from, to, {})).addNumber("limit", limit).add("plan", plan).query();
    return send("GET", QStringLiteral("/v1/usage/top"), q, {}, context,
                decodeWith<UsageTop>(std::move(onDone), "top consumers", &UsageTop::fromJson));
}

QString ApiClient::usageFleetImpl(const QString &metric, const QDateTime &from, const QDateTime &to, const QString &step,
                                  QObject *context, Callback<UsageSeries> onDone)
{
    return send("GET", QStringLiteral("/v1/usage/fleet"), usageQuery(metric, from, to, step), {}, context,
                decodeWith<UsageSeries>(std::move(onDone), "fleet usage", &UsageSeries::fromJson));
}

namespace {
QByteArray compact(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }
QUrlQuery userQuery(const QString &user)
{
    return UrlQueryBuilder().add("user", user).query();
}
// The reason goes to the audit log; the header carries it for routes without a body field.
ApiClient::Headers reasonHeader(const QString &reason)
{
    if (reason.trimmed().isEmpty())
        return {};
    return {{"X-Portico-Reason", reason.trimmed().toUtf8()}};
}
} // namespace

QString ApiClient::configSchemaImpl(QObject *context, Callback<ConfigSchema> onDone)
{
    return send("GET", QStringLiteral("/v1/config/schema"), {}, {}, context,
                decodeWith<ConfigSchema>(std::move(onDone), "configuration schema", &ConfigSchema::fromJson));
}

QString ApiClient::planConfigImpl(const QString &plan, QObject *context, Callback<QJsonObject> onDone)
{
    return send("GET", QStringLiteral("/v1/config/plans/") + pathSegment(plan), {}, {}, context,
                decodeWith<QJsonObject>(std::move(onDone), "plan configuration", [](const QJsonObject &o) { return std::optional<QJsonObject>(o); }));
}

QString ApiClient::tenantConfigImpl(const QString &tenant, const QString &user, QObject *context, Callback<TenantConfig> onDone)
{
    return send("GET", QStringLiteral("/v1/tenants/%1/config").arg(pathSegment(tenant)), userQuery(user), {}, context,
                decodeWith<TenantConfig>(std::move(onDone), "tenant configuration", &TenantConfig::fromJson));
}

QString ApiClient::setTenantConfigImpl(const QString &tenant, const QString &key, const QString &user, const std::optional<QJsonValue> &value,
                                       const QString &etag, const QString &reason, QObject *context, Callback<ConfigWrite> onDone)
{
    QJsonObject body{{QStringLiteral("value"), value ? *value : QJsonValue()}};
    if (!reason.trimmed().isEmpty())
        body.insert(QStringLiteral("reason"), reason.trimmed());
    return send("PUT", QStringLiteral("/v1/tenants/%1/config/%2").arg(pathSegment(tenant), pathSegment(key)), userQuery(user),
                compact(body), context, decodeWith<ConfigWrite>(std::move(onDone), "configuration change", &ConfigWrite::fromJson),
                {{"If-Match", etag.isEmpty() ? QByteArray("*") : etag.toLatin1()}});
}

QString ApiClient::configHistoryImpl(const QString &tenant, const QString &key, const QString &user, int limit, QObject *context,
                                     Callback<ConfigHistory> onDone)
{
    const QUrlQuery q = UrlQueryBuilder(userQuery(user)).add("key", key).addNumber("limit", limit).query();
    return send("GET", QStringLiteral("/v1/tenants/%1/config/history").arg(pathSegment(tenant)), q, {}, context,
                decodeWith<ConfigHistory>(std::move(onDone), "configuration history", &ConfigHistory::fromJson));
}

QString ApiClient::revertConfigImpl(const QString &tenant, const QString &entryId, const QString &reason, QObject *context,
                                    Callback<QJsonObject> onDone)
{
    QJsonObject body;
    if (!reason.trimmed().isEmpty())
        body.insert(QStringLiteral("reason"), reason.trimmed());
    return send("POST", QStringLiteral("/v1/tenants/%1/config/history/%2/revert").arg(pathSegment(tenant), pathSegment(entryId)), {},
                compact(body), context,
                decodeWith<QJsonObject>(std::move(onDone), "revert", [](const QJsonObject &o) { return std::optional<QJsonObject>(o); }));
}

QString ApiClient::listFlagsImpl(QObject *context, Callback<FlagList> onDone)
{
    return send("GET", QStringLiteral("/v1/flags"), {}, {}, context,
                decodeWith<FlagList>(std::move(onDone), "flags", &FlagList::fromJson));
}

QString ApiClient::patchFlagImpl(const QString &key, const QJsonObject &patch, const QString &etag, bool dryRun, const QString &reason,
                                 QObject *context, Callback<FlagPatchResult> onDone)
{
    const QUrlQuery q = UrlQueryBuilder().addFlag("dry_run", dryRun).query();
    Headers headers = reasonHeader(reason);
    if (!etag.isEmpty())
        headers.append({"If-Match", etag.toLatin1()});
    // A dry run writes nothing, so a read-only profile may still preview.
    return send("PATCH", QStringLiteral("/v1/flags/%1").arg(pathSegment(key)), q, compact(patch), context,
                decodeWith<FlagPatchResult>(std::move(onDone), "flag change", &FlagPatchResult::fromJson), headers,
                dryRun ? Mutation::Exempt : Mutation::Auto);
}

QString ApiClient::flagOverridesImpl(const QString &key, QObject *context, Callback<FlagOverrideList> onDone)
{
    return send("GET", QStringLiteral("/v1/flags/%1/overrides").arg(pathSegment(key)), {}, {}, context,
                decodeWith<FlagOverrideList>(std::move(onDone), "flag overrides", &FlagOverrideList::fromJson));
}

QString ApiClient::bulkFlagOverridesImpl(const QString &key, const BulkOverrideRequest &request, bool dryRun, const QString &previewEtag,
                                         QObject *context, Callback<BulkOverrideResult> onDone)
{
    Headers headers = reasonHeader(request.reason);
    if (!dryRun && !previewEtag.isEmpty())
        headers.append({"If-Match", previewEtag.toLatin1()});
    return send("POST", QStringLiteral("/v1/flags/%1/overrides/bulk").arg(pathSegment(key)), {}, compact(request.toJson(dryRun)), context,
                decodeWith<BulkOverrideResult>(std::move(onDone), "bulk override", &BulkOverrideResult::fromJson), headers,
                dryRun ? Mutation::Exempt : Mutation::Auto);
}

QString ApiClient::tenantFlagsImpl(const QString &tenant, const QString &user, QObject *context, Callback<TenantFlags> onDone)
{
    return send("GET", QStringLiteral("/v1/tenants/%1/flags").arg(pathSegment(tenant)), userQuery(user), {}, context,
                decodeWith<TenantFlags>(std::move(onDone), "tenant flags", &TenantFlags::fromJson));
}

QString ApiClient::setFlagOverrideImpl(const QString &tenant, const QString &key, const QString &user, const std::optional<QJsonValue> &value,
                                       bool dryRun, const QString &reason, QObject *context, Callback<OverrideChange> onDone)
{
    QUrlQuery q = userQuery(user);
    const QString path = QStringLiteral("/v1/tenants/%1/flags/%2").arg(pathSegment(tenant), pathSegment(key));
    if (!value && !dryRun) {
        // DELETE answers 204: report the removal as an applied change without evaluations.
        return send("DELETE", path, q, {}, context,
                    [onDone = std::move(onDone)](const ApiResult<QJsonDocument> &r) {
                        if (!r) {
                            onDone(ApiResult<OverrideChange>(r.problem()));
                            return;
                        }
                        onDone(ApiResult<OverrideChange>(OverrideChange{}));
                    },
                    reasonHeader(reason));
    }
    q = UrlQueryBuilder(q).addFlag("dry_run", dryRun).query();
    QJsonObject body{{QStringLiteral("value"), value ? *value : QJsonValue()}};
    if (!reason.trimmed().isEmpty())
        body.insert(QStringLiteral("reason"), reason.trimmed());
    return send("PUT", path, q, compact(body), context,
                decodeWith<OverrideChange>(std::move(onDone), "flag override", &OverrideChange::fromJson), reasonHeader(reason),
                dryRun ? Mutation::Exempt : Mutation::Auto);
}

// ---- Tenant lifecycle ------------------------------------------------------------------------------

QString ApiClient::createTenantWithReasonImpl(const NewTenant &tenant, const QString &reason, QObject *context, Callback<Tenant> onDone)
{
    const QString key = tenant.idempotencyKey.isEmpty() ? newRequestId() : tenant.idempotencyKey;
    Headers headers = reasonHeader(reason);
    headers.append({"Idempotency-Key", key.toUtf8()});
    return send("POST", QStringLiteral("/v1/tenants"), {}, QJsonDocument(tenant.toJson()).toJson(QJsonDocument::Compact), context,
                decodeWith<Tenant>(std::move(onDone), "tenant", &Tenant::fromJson), headers);
}

QString ApiClient::configUsersImpl(const QString &tenant, const QString &q, int limit, QObject *context, Callback<QStringList> onDone)
{
    const auto decode = [](const QJsonObject &o) -> std::optional<QStringList> {
        if (!o.value(QLatin1String("items")).isArray())
            return std::nullopt;
        QStringList users;
        for (const QJsonValue v : o.value(QLatin1String("items")).toArray())
            users << v.toObject().value(QLatin1String("user")).toString();
        return users;
    };
    return send("GET", QStringLiteral("/v1/tenants/%1/config/users").arg(pathSegment(tenant)),
                UrlQueryBuilder().add("q", q).addNumber("limit", limit).query(), {}, context,
                decodeWith<QStringList>(std::move(onDone), "config users", decode));
}

} // namespace portico
