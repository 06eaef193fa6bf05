#pragma once
// The typed, asynchronous client of the Portico HTTP API.
//
// Every call takes a `context` QObject and a callback receiving ApiResult<T>. The callback runs on
// the context's thread only while the context is alive: a view closed mid-request never receives a
// late answer (and its request is aborted). Nothing here blocks or spins a nested event loop.
//
// Read-only profiles are enforced here, in one place: while isReadOnly(), every mutating call is
// refused with a Problem before anything goes on the wire.

#include "client/apiresult.h"
#include "client/apitypes.h"
#include "client/configtypes.h"
#include "core/tenantquery.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonDocument>
#include <QList>
#include <QObject>
#include <QPair>
#include <QUrl>
#include <QUrlQuery>
#include <chrono>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace portico {

// One change that went out (a non-GET that is not a dry run, login or logout) and how it ended:
// what ApiClient::writeFinished reports, for the console's activity journal.
struct WriteRecord
{
    QByteArray verb;
    QString path;  // as sent, percent-encoded segments decoded
    QString query; // the URL query, if any
    QByteArray body; // the request body (compact JSON or empty)
    QString reason;  // X-Portico-Reason or the body's "reason"
    QString requestId;
    QDateTime sentAt;     // UTC
    int status = 0;       // 0: no HTTP answer
    Problem problem;      // null when the change succeeded
    QJsonDocument answer; // the decoded answer when it succeeded
    [[nodiscard]] bool ok() const { return problem.isNull(); }
};

class ApiClient : public QObject
{
    Q_OBJECT
public:
    enum class ConnectionState { Unknown, Connected, Unreachable, Unauthorized };
    Q_ENUM(ConnectionState)

    template<class T>
    using Callback = std::function<void(const ApiResult<T> &)>;
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    static constexpr std::chrono::milliseconds kDefaultTimeout{15000};

    explicit ApiClient(QObject *parent = nullptr);
    ~ApiClient() override;

    void setBaseUrl(const QUrl &url);
    [[nodiscard]] QUrl baseUrl() const { return m_baseUrl; }
    void setToken(const QString &token);
    [[nodiscard]] QString token() const { return m_token; }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    [[nodiscard]] std::chrono::milliseconds timeout() const { return m_timeout; }
    void setReadOnly(bool readOnly);
    [[nodiscard]] bool isReadOnly() const { return m_readOnly; }
    [[nodiscard]] ConnectionState connectionState() const { return m_state; }
    [[nodiscard]] int pendingRequests() const { return m_pending; }

    // --- Public ---
    template<class F> QString health(QObject *context, F &&onDone)
    { return healthImpl(context, Callback<HealthInfo>(std::forward<F>(onDone))); }
    // Does not set the token; the caller decides (and may store it).
    template<class F> QString login(const QString &email, const QString &password, QObject *context, F &&onDone)
    { return loginImpl(email, password, context, Callback<LoginResult>(std::forward<F>(onDone))); }

    // --- Any token ---
    template<class F> QString me(QObject *context, F &&onDone)
    { return meImpl(context, Callback<MeInfo>(std::forward<F>(onDone))); }
    template<class F> QString logout(QObject *context, F &&onDone)
    { return logoutImpl(context, Callback<Empty>(std::forward<F>(onDone))); }

    // --- Operator API ---
    template<class F> QString listTenants(const TenantListQuery &query, QObject *context, F &&onDone)
    { return listTenantsImpl(query, context, Callback<TenantPage>(std::forward<F>(onDone))); }
    template<class F> QString getTenant(const QString &idOrSlug, QObject *context, F &&onDone)
    { return getTenantImpl(idOrSlug, context, Callback<Tenant>(std::forward<F>(onDone))); }
    template<class F> QString patchTenant(const QString &idOrSlug, const TenantPatch &patch, QObject *context, F &&onDone)
    { return patchTenantImpl(idOrSlug, patch, context, Callback<Tenant>(std::forward<F>(onDone))); }
    template<class F> QString createTenant(const NewTenant &tenant, QObject *context, F &&onDone)
    { return createTenantImpl(tenant, context, Callback<Tenant>(std::forward<F>(onDone))); }

    // Runs the isolation verifier on the server (10-300 ms) and returns its report with pool state.
    template<class F> QString isolationReport(QObject *context, F &&onDone)
    { return isolationReportImpl(context, Callback<IsolationReport>(std::forward<F>(onDone))); }
    // Alerts, newest first, one page at a time.
    template<class F> QString listAlerts(const AlertQuery &query, QObject *context, F &&onDone)
    { return listAlertsImpl(query, context, Callback<AlertPage>(std::forward<F>(onDone))); }
    // POST /v1/alerts/{id}/acknowledge or /resolve, the reason in X-Portico-Reason; the alert as it now is.
    template<class F> QString changeAlertState(const QString &id, AlertAction action, const QString &reason, QObject *context, F &&onDone)
    { return changeAlertStateImpl(id, action, reason, context, Callback<Alert>(std::forward<F>(onDone))); }

    // The audit log, newest first, one page at a time; and the server's verdict on one chain
    // (empty chain: the platform's).
    template<class F> QString listAudit(const AuditQuery &query, QObject *context, F &&onDone)
    { return listAuditImpl(query, context, Callback<AuditPage>(std::forward<F>(onDone))); }
    template<class F> QString verifyAudit(const QString &chain, QObject *context, F &&onDone)
    { return verifyAuditImpl(chain, context, Callback<AuditVerdict>(std::forward<F>(onDone))); }

    // Usage: the metrics the server meters, a tenant's series, the top consumers and the fleet's
    // total. step: "hour", "day" or "month"; empty leaves the server's default. Times are UTC.
    template<class F> QString usageMetrics(QObject *context, F &&onDone)
    { return usageMetricsImpl(context, Callback<UsageMetricList>(std::forward<F>(onDone))); }
    template<class F> QString tenantUsage(const QString &tenant, const QString &metric, const QDateTime &from, const QDateTime &to,
                                          const QString &step, QObject *context, F &&onDone)
    { return tenantUsageImpl(tenant, metric, from, to, step, context, Callback<UsageSeries>(std::forward<F>(onDone))); }
    // plan: empty for every plan; limit 1..500.
    template<class F> QString usageTop(const QString &metric, const QDateTime &from, const QDateTime &to, int limit, const QString &plan,
                                       QObject *context, F &&onDone)
    { return usageTopImpl(metric, from, to, limit, plan, context, Callback<UsageTop>(std::forward<F>(onDone))); }
    template<class F> QString usageFleet(const QString &metric, const QDateTime &from, const QDateTime &to, const QString &step,
                                         QObject *context, F &&onDone)
    { return usageFleetImpl(metric, from, to, step, context, Callback<UsageSeries>(std::forward<F>(onDone))); }
    // --- Configuration (docs/API.md "Configuration") ---
    template<class F> QString configSchema(QObject *context, F &&onDone)
    { return configSchemaImpl(context, Callback<ConfigSchema>(std::forward<F>(onDone))); }
    // GET /v1/config/plans/{plan}: the plan layer's values ({plan, items: [{key, value, ...}]}).
    template<class F> QString planConfig(const QString &plan, QObject *context, F &&onDone)
    { return planConfigImpl(plan, context, Callback<QJsonObject>(std::forward<F>(onDone))); }
    // user empty: the tenant's view; otherwise that user's (etags are then of the user layer).
    template<class F> QString tenantConfig(const QString &tenant, const QString &user, QObject *context, F &&onDone)
    { return tenantConfigImpl(tenant, user, context, Callback<TenantConfig>(std::forward<F>(onDone))); }
    // Writes the tenant layer (user empty) or the user layer. value nullopt removes the layer's
    // value. etag: the one read (If-Match); a 412 means someone else changed it meanwhile.
    template<class F> QString setTenantConfig(const QString &tenant, const QString &key, const QString &user,
                                              const std::optional<QJsonValue> &value, const QString &etag,
                                              const QString &reason, QObject *context, F &&onDone)
    { return setTenantConfigImpl(tenant, key, user, value, etag, reason, context, Callback<ConfigWrite>(std::forward<F>(onDone))); }
    template<class F> QString configHistory(const QString &tenant, const QString &key, const QString &user, int limit,
                                            QObject *context, F &&onDone)
    { return configHistoryImpl(tenant, key, user, limit, context, Callback<ConfigHistory>(std::forward<F>(onDone))); }
    template<class F> QString revertConfig(const QString &tenant, const QString &entryId, const QString &reason,
                                           QObject *context, F &&onDone)
    { return revertConfigImpl(tenant, entryId, reason, context, Callback<QJsonObject>(std::forward<F>(onDone))); }

    // --- Flags (docs/API.md "Flags") ---
    template<class F> QString listFlags(QObject *context, F &&onDone)
    { return listFlagsImpl(context, Callback<FlagList>(std::forward<F>(onDone))); }
    // PATCH with If-Match (etag may be empty); dryRun answers the impact without writing.
    template<class F> QString patchFlag(const QString &key, const QJsonObject &patch, const QString &etag, bool dryRun,
                                        const QString &reason, QObject *context, F &&onDone)
    { return patchFlagImpl(key, patch, etag, dryRun, reason, context, Callback<FlagPatchResult>(std::forward<F>(onDone))); }
    template<class F> QString flagOverrides(const QString &key, QObject *context, F &&onDone)
    { return flagOverridesImpl(key, context, Callback<FlagOverrideList>(std::forward<F>(onDone))); }
    // previewEtag: the preview's preview_etag when applying (the server refuses a changed set).
    template<class F> QString bulkFlagOverrides(const QString &key, const BulkOverrideRequest &request, bool dryRun,
                                                const QString &previewEtag, QObject *context, F &&onDone)
    { return bulkFlagOverridesImpl(key, request, dryRun, previewEtag, context, Callback<BulkOverrideResult>(std::forward<F>(onDone))); }
    template<class F> QString tenantFlags(const QString &tenant, const QString &user, QObject *context, F &&onDone)
    { return tenantFlagsImpl(tenant, user, context, Callback<TenantFlags>(std::forward<F>(onDone))); }
    // value nullopt removes the override (DELETE; a dry run of a removal is a PUT with null).
    template<class F> QString setFlagOverride(const QString &tenant, const QString &key, const QString &user,
                                              const std::optional<QJsonValue> &value, bool dryRun, const QString &reason,
                                              QObject *context, F &&onDone)
    { return setFlagOverrideImpl(tenant, key, user, value, dryRun, reason, context, Callback<OverrideChange>(std::forward<F>(onDone))); }

    // --- Tenant lifecycle (the console's Tenant menu) ---
    // POST /v1/tenants with the operator's reason as X-Portico-Reason, so tenant.created carries it.
    template<class F> QString createTenant(const NewTenant &tenant, const QString &reason, QObject *context, F &&onDone)
    { return createTenantWithReasonImpl(tenant, reason, context, Callback<Tenant>(std::forward<F>(onDone))); }

    // GET /v1/tenants/{id}/config/users?q=: the ids of the tenant's users with user-layer values
    // (containing q, those starting with it first), for "view as user".
    template<class F> QString configUsers(const QString &tenant, const QString &q, int limit, QObject *context, F &&onDone)
    { return configUsersImpl(tenant, q, limit, context, Callback<QStringList>(std::forward<F>(onDone))); }

    // The raw building block, for endpoints without a typed wrapper yet. The JSON document is empty
    // for 204 answers. Returns the X-Request-Id sent with the request.
    enum class Mutation { Auto, Exempt }; // Exempt: a non-GET that changes no data (login, logout)
    QString send(const QByteArray &verb, const QString &path, const QUrlQuery &query, const QByteArray &body,
                 QObject *context, Callback<QJsonDocument> onDone, const Headers &extraHeaders = {},
                 Mutation mutation = Mutation::Auto);

    static bool isSafeMethod(const QByteArray &verb);
    static QString newRequestId();

Q_SIGNALS:
    void connectionStateChanged(portico::ApiClient::ConnectionState state);
    void readOnlyChanged(bool readOnly);
    void baseUrlChanged(const QUrl &url);
    void pendingRequestsChanged(int pending);
    // Every change sent through send(), once its answer is in (or it was abandoned), before the
    // caller's callback runs. Dry runs, login and logout are not changes.
    void writeFinished(const portico::WriteRecord &record);

private:
    QString healthImpl(QObject *context, Callback<HealthInfo> onDone);
    QString loginImpl(const QString &email, const QString &password, QObject *context, Callback<LoginResult> onDone);
    QString meImpl(QObject *context, Callback<MeInfo> onDone);
    QString logoutImpl(QObject *context, Callback<Empty> onDone);
    QString listTenantsImpl(const TenantListQuery &query, QObject *context, Callback<TenantPage> onDone);
    QString getTenantImpl(const QString &idOrSlug, QObject *context, Callback<Tenant> onDone);
    QString patchTenantImpl(const QString &idOrSlug, const TenantPatch &patch, QObject *context, Callback<Tenant> onDone);
    QString createTenantImpl(const NewTenant &tenant, QObject *context, Callback<Tenant> onDone);
    QString isolationReportImpl(QObject *context, Callback<IsolationReport> onDone);
    QString listAlertsImpl(const AlertQuery &query, QObject *context, Callback<AlertPage> onDone);
    QString changeAlertStateImpl(const QString &id, AlertAction action, const QString &reason, QObject *context, Callback<Alert> onDone);
    QString listAuditImpl(const AuditQuery &query, QObject *context, Callback<AuditPage> onDone);
    QString verifyAuditImpl(const QString &chain, QObject *context, Callback<AuditVerdict> onDone);
    QString usageMetricsImpl(QObject *context, Callback<UsageMetricList> onDone);
    QString tenantUsageImpl(const QString &tenant, const QString &metric, const QDateTime &from, const QDateTime &to,
                            const QString &step, QObject *context, Callback<UsageSeries> onDone);
    QString usageTopImpl(const QString &metric, const QDateTime &from, const QDateTime &to, int limit, const QString &plan,
                         QObject *context, Callback<UsageTop> onDone);
    QString usageFleetImpl(const QString &metric, const QDateTime &from, const QDateTime &to, const QString &step,
                           QObject *context, Callback<UsageSeries> onDone);

    QString configSchemaImpl(QObject *context, Callback<ConfigSchema> onDone);
    QString planConfigImpl(const QString &plan, QObject *context, Callback<QJsonObject> onDone);
    QString tenantConfigImpl(const QString &tenant, const QString &user, QObject *context, Callback<TenantConfig> onDone);
    QString setTenantConfigImpl(const QString &tenant, const QString &key, const QString &user, const std::optional<QJsonValue> &value,
                                const QString &etag, const QString &reason, QObject *context, Callback<ConfigWrite> onDone);
    QString configHistoryImpl(const QString &tenant, const QString &key, const QString &user, int limit, QObject *context,
                              Callback<ConfigHistory> onDone);
    QString revertConfigImpl(const QString &tenant, const QString &entryId, const QString &reason, QObject *context,
                             Callback<QJsonObject> onDone);
    QString listFlagsImpl(QObject *context, Callback<FlagList> onDone);
    QString patchFlagImpl(const QString &key, const QJsonObject &patch, const QString &etag, bool dryRun, const QString &reason,
                          QObject *context, Callback<FlagPatchResult> onDone);
    QString flagOverridesImpl(const QString &key, QObject *context, Callback<FlagOverrideList> onDone);
    QString bulkFlagOverridesImpl(const QString &key, const BulkOverrideRequest &request, bool dryRun, const QString &previewEtag,
                                  QObject *context, Callback<BulkOverrideResult> onDone);
    QString tenantFlagsImpl(const QString &tenant, const QString &user, QObject *context, Callback<TenantFlags> onDone);
    QString setFlagOverrideImpl(const QString &tenant, const QString &key, const QString &user, const std::optional<QJsonValue> &value,
                                bool dryRun, const QString &reason, QObject *context, Callback<OverrideChange> onDone);

    // Tenant lifecycle.
    QString createTenantWithReasonImpl(const NewTenant &tenant, const QString &reason, QObject *context, Callback<Tenant> onDone);
    QString configUsersImpl(const QString &tenant, const QString &q, int limit, QObject *context, Callback<QStringList> onDone);

    void finish(QNetworkReply *reply, bool sentToken);
    static WriteRecord writeRecord(const QByteArray &verb, const QString &path, const QUrlQuery &query, const QByteArray &body,
                                   const Headers &headers, const QString &requestId);
    void setConnectionState(ConnectionState state);
    QUrl urlFor(const QString &path, const QUrlQuery &query) const;

    QNetworkAccessManager *m_nam;
    QUrl m_baseUrl;
    QString m_token;
    std::chrono::milliseconds m_timeout = kDefaultTimeout;
    bool m_readOnly = false;
    ConnectionState m_state = ConnectionState::Unknown;
    int m_pending = 0;
};

} // namespace portico
