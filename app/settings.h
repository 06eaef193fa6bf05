#pragma once
// Every persisted setting, in one typed table with its default. Call sites never spell a key, so a
// rename or a default changes in one place. Saved layouts carry a version in their key ("v1"):
// when the layout of a widget changes incompatibly, bump it and old saved state is simply ignored.

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QVariant>

namespace portico::settings {

template<class T>
struct Setting
{
    const char *key;
    T defaultValue;
};

// Network
inline const Setting<int> RequestTimeoutMs{"network/requestTimeoutMs", 15000};
// Tenant browser
inline const Setting<int> TenantPageSize{"tenants/pageSize", 100};
inline const Setting<int> SearchDebounceMs{"tenants/searchDebounceMs", 250};
// Connection
inline const Setting<QString> LastProfile{"connection/lastProfile", QString()};
// Appearance (Preferences): the language ("" follows the system, or "en", "de": a shipped
// translation; applies on restart) and the theme ("system", "light", "dark"; applies at once).
inline const Setting<QString> Language{"ui/v1/language", QString()};
inline const Setting<QString> Theme{"ui/v1/theme", QStringLiteral("system")};
// Logging: trace, debug, info, warn, error
inline const Setting<QString> LogLevel{"log/level", QStringLiteral("info")};
// Saved layouts (versioned keys)
inline const Setting<QByteArray> MainWindowGeometry{"layout/v1/mainWindow/geometry", QByteArray()};
inline const Setting<QByteArray> MainWindowState{"layout/v1/mainWindow/state", QByteArray()};
inline const Setting<QByteArray> MainSplitterState{"layout/v1/mainWindow/splitter", QByteArray()};
inline const Setting<QByteArray> TenantTableHeader{"layout/v1/tenantTable/header", QByteArray()};
// The main window's page when it was last closed (MainWindow::pageName: "tenants", "isolation",
// "audit", "fleet" or "flags").
inline const Setting<QString> MainCurrentPage{"layout/v1/mainWindow/currentPage", QStringLiteral("tenants")};
// Splitters and table headers of the isolation view (IsolationView::saveLayout carries its own version too).
inline const Setting<QByteArray> IsolationViewLayout{"layout/v1/isolationView/state", QByteArray()};
// The tenant's tab (MainWindow::TenantTab: 0 Details, 1 Usage, 2 Configuration, 3 Flags).
inline const Setting<int> TenantDetailTab{"layout/v1/tenantDetail/tab", 0};
// Splitters and table headers of the audit and fleet usage views (each carries its own version too).
inline const Setting<QByteArray> AuditViewLayout{"layout/v1/auditView/state", QByteArray()};
inline const Setting<QByteArray> FleetViewLayout{"layout/v1/fleetView/state", QByteArray()};
// The Configuration tab's splitters (tree | editor, editor | history; TenantConfigView::saveLayout).
inline const Setting<QByteArray> ConfigViewLayout{"layout/v1/configView/state", QByteArray()};
// The Usage tab's last metric and range preset (TenantUsagePanel::Range), and the fleet view's;
// MainWindow hands them to the views (restoreChoice) and saves what the operator chooses.
inline const Setting<QString> UsageMetric{"usage/v1/metric", QStringLiteral("requests")};
inline const Setting<int> UsageRange{"usage/v1/range", 2};
inline const Setting<QString> FleetMetric{"usage/v1/fleetMetric", QStringLiteral("requests")};
inline const Setting<int> FleetRangeDays{"usage/v1/fleetRangeDays", 30};
// Alerts per page in the isolation view.
inline const Setting<int> AlertPageSize{"isolation/alertPageSize", 100};

template<class T>
T value(const Setting<T> &setting)
{
    const QVariant v = QSettings().value(QLatin1String(setting.key));
    if (!v.isValid() || !v.canConvert<T>())
        return setting.defaultValue;
    return v.value<T>();
}

template<class T>
void setValue(const Setting<T> &setting, const T &value)
{
    QSettings().setValue(QLatin1String(setting.key), QVariant::fromValue(value));
}

} // namespace portico::settings
