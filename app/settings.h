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
// Logging: trace, debug, info, warn, error
inline const Setting<QString> LogLevel{"log/level", QStringLiteral("info")};
// Saved layouts (versioned keys)
inline const Setting<QByteArray> MainWindowGeometry{"layout/v1/mainWindow/geometry", QByteArray()};
inline const Setting<QByteArray> MainWindowState{"layout/v1/mainWindow/state", QByteArray()};
inline const Setting<QByteArray> MainSplitterState{"layout/v1/mainWindow/splitter", QByteArray()};
inline const Setting<QByteArray> TenantTableHeader{"layout/v1/tenantTable/header", QByteArray()};
// "tenants" or "isolation": the main window's page when it was last closed.
inline const Setting<QString> MainCurrentPage{"layout/v1/mainWindow/currentPage", QStringLiteral("tenants")};
// Splitters and table headers of the isolation view (IsolationView::saveLayout carries its own version too).
inline const Setting<QByteArray> IsolationViewLayout{"layout/v1/isolationView/state", QByteArray()};
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
