// Demo flags and configuration values, seeded with the demo fleet: a dozen flags covering every
// kind of targeting (rollouts by tenant and by user, plan entitlements, a schedule, a prerequisite,
// a kill switch, variants with weights, a stale flag), a few tenant overrides, and tenant-layer
// configuration values with their history for some tenants.
#include "server/demo/demoseeder.h"
#include "core/flags.h"
#include "server/store/database.h"
#include "server/store/tenantsession.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <spdlog/spdlog.h>

namespace portico::demo {

namespace {
const char *const kFlags = R"json([
 {"key":"new-dashboard","description":"The redesigned home dashboard.","default":false,"rollout":{"percentage":20,"by":"tenant"},"owner":"team-web","expires_at":"2027-06-30T00:00:00.000Z"},
 {"key":"dark-mode","description":"Dark theme available in the portal.","default":true,"owner":"team-web"},
 {"key":"ai-summaries","description":"AI summaries of long documents (Enterprise).","default":false,"plans":{"enterprise":true},"owner":"team-ml"},
 {"key":"sso-saml","description":"SAML single sign-on (Enterprise).","default":false,"plans":{"enterprise":true},"owner":"team-identity"},
 {"key":"advanced-workflows","description":"Multi-step approval workflows (Pro and Enterprise).","default":false,"plans":{"pro":true,"enterprise":true},"owner":"team-workflow"},
 {"key":"parallel-approvals","description":"Approval steps that run in parallel; needs advanced workflows.","default":false,"rollout":{"percentage":50,"by":"tenant"},
  "prerequisites":[{"flag":"advanced-workflows","value":true}],"owner":"team-workflow"},
 {"key":"checkout-layout","description":"A/B test of the upgrade checkout.","kind":"variant","default":"control",
  "variants":[{"name":"control","value":"control","weight":50},{"name":"one-page","value":"one-page","weight":25},{"name":"two-step","value":"two-step","weight":25}],
  "rollout":{"percentage":100,"by":"user"},"owner":"team-growth","expires_at":"2027-03-31T00:00:00.000Z"},
 {"key":"holiday-banner","description":"Seasonal banner on the sign-in page.","default":true,
  "schedule":[{"at":"2026-12-01T00:00:00.000Z","state":"on"},{"at":"2027-01-06T00:00:00.000Z","state":"off"}],"owner":"team-marketing"},
 {"key":"legacy-export","description":"The old CSV export; to be removed.","default":true,"owner":"team-data","expires_at":"2025-12-31T00:00:00.000Z"},
 {"key":"search-v2","description":"New search ranking, per user.","default":false,"rollout":{"percentage":5,"by":"user"},"owner":"team-search"},
 {"key":"bulk-import","description":"Bulk document import; switched off after an incident.","default":false,"enabled":false,"plans":{"pro":true,"enterprise":true},"owner":"team-data"},
 {"key":"api-rate-tier","description":"Rate-limit tier of the tenant API.","kind":"variant","default":120,
  "variants":[{"name":"standard","value":120},{"name":"elevated","value":1200},{"name":"unlimited","value":100000}],
  "plans":{"pro":1200,"enterprise":100000},"owner":"team-platform"},
 {"key":"new-billing-page","description":"The new billing page, fully rolled out.","default":false,"rollout":{"percentage":100,"by":"tenant"},"owner":"team-billing"}
])json";
} // namespace

void seedDemoFlags(store::Database &db)
{
    auto lease = db.control();
    auto &c = *lease;
    const QJsonArray flags = QJsonDocument::fromJson(kFlags).array();
    for (const auto v : flags) {
        // Stored as the API would store it: parsed, checked and normalised.
        config::ValueError error;
        const auto parsed = flags::Flag::fromJson(v.toObject(), &error);
        if (!parsed) {
            spdlog::error("demo flag {} is invalid: {}: {}", v.toObject().value(QStringLiteral("key")).toString().toStdString(),
                          error.path.toStdString(), error.message.toStdString());
            continue;
        }
        QJsonObject f = parsed->toJson();
        f.remove(QStringLiteral("version"));
        // The fully rolled-out flag has been untouched for two months: the console shows it as stale.
        const bool old = f.value(QStringLiteral("key")).toString() == QLatin1String("new-billing-page");
        c.exec(QStringLiteral("INSERT INTO flags (key, definition, updated_by, created_at, updated_at) VALUES ($1, $2::jsonb, 'demo', "
                              "now() - make_interval(days => $3), now() - make_interval(days => $3)) ON CONFLICT (key) DO NOTHING"),
               {f.value(QStringLiteral("key")).toString(), QJsonDocument(f).toJson(QJsonDocument::Compact), old ? 60 : 3});
    }
    // Overrides: a handful of tenants opted in or out.
    const auto tenants = c.exec(QStringLiteral("SELECT t.id, t.plan, p.model, p.region, p.cluster, p.database_name, p.schema_name "
                                               "FROM tenants t JOIN placements p ON p.tenant_id = t.id ORDER BY t.created_at, t.id LIMIT 12"));
    for (int i = 0; i < tenants.rows(); ++i) {
        const QUuid id = tenants.uuid(i, 0);
        if (i < 4)
            c.exec(QStringLiteral("INSERT INTO flag_overrides (flag_key, tenant_id, value, reason, updated_by) VALUES ('new-dashboard', $1, $2::jsonb, $3, 'demo') "
                                  "ON CONFLICT DO NOTHING"),
                   {id, i % 2 == 0 ? "true" : "false", i % 2 == 0 ? "design partner" : "asked to wait until training"});
        if (i == 5)
            c.exec(QStringLiteral("INSERT INTO flag_overrides (flag_key, tenant_id, value, reason, updated_by) VALUES ('ai-summaries', $1, 'true', "
                                  "'pilot before upgrade', 'demo') ON CONFLICT DO NOTHING"), {id});
        // Tenant-layer configuration with its history.
        Placement p;
        p.model = parseIsolationModel(tenants.text(i, 2)).value_or(IsolationModel::Shared);
        p.region = tenants.text(i, 3);
        p.cluster = tenants.text(i, 4);
        p.database = tenants.text(i, 5);
        p.schema = tenants.text(i, 6);
        static const char *const kColors[] = {"#0b7285", "#5f3dc4", "#c92a2a", "#2b8a3e", "#e67700", "#1864ab"};
        store::TenantSession session(db, {id, p});
        const QByteArray color = QByteArray("\"") + kColors[i % 6] + '"';
        session.exec(QStringLiteral("INSERT INTO tenant_settings (tenant_id, key, value, updated_by) VALUES (public.portico_current_tenant(), "
                                    "'branding.primary_color', $1::jsonb, 'demo') ON CONFLICT DO NOTHING"), {color});
        session.exec(QStringLiteral("INSERT INTO config_history (tenant_id, id, key, layer, version, before, after, actor, reason) "
                                    "VALUES (public.portico_current_tenant(), gen_random_uuid(), 'branding.primary_color', 'tenant', 1, NULL, $1::jsonb, 'demo', 'onboarding')"),
                     {color});
        if (i % 3 == 0) {
            session.exec(QStringLiteral("INSERT INTO tenant_settings (tenant_id, key, value, updated_by) VALUES (public.portico_current_tenant(), "
                                        "'security.session.idle_timeout', '\"15m\"', 'demo') ON CONFLICT DO NOTHING"));
            session.exec(QStringLiteral("INSERT INTO config_history (tenant_id, id, key, layer, version, before, after, actor, reason) "
                                        "VALUES (public.portico_current_tenant(), gen_random_uuid(), 'security.session.idle_timeout', 'tenant', 1, NULL, "
                                        "'\"15m\"', 'demo', 'security review')"));
        }
        session.commit();
    }
}

} // namespace portico::demo
