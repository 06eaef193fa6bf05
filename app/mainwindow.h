#pragma once
// The console's main window: pages in tabs, "Tenants" (tenant browser left; the tenant's Details,
// Usage, Configuration and Flags tabs right, in a splitter), "Isolation health", "Audit", "Fleet
// usage" and "Flags"; connection status in the status bar, problems in an inline banner above the pages.

#include "client/apiclient.h"
#include "models/connectionprofile.h"
#include <QMainWindow>

class QAction;
class QLabel;
class QSplitter;
class QTabWidget;

namespace portico {

class AlertsModel;
class AuditChainVerifier;
class AuditModel;
class AuditView;
class FleetUsageModel;
class FleetUsageView;
class TenantUsagePanel;
class UsageMetricsModel;
class UsageSeriesModel;
class FlagsView;
class TenantConfigView;
class TenantFlagsView;
class FindingsModel;
class IsolationView;
class ProblemBanner;
class TenantBrowser;
class TenantDetailModel;
class TenantDetailPanel;
class TenantListModel;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum class Page { Tenants, Isolation, Audit, Fleet, Flags }; // also the order of the main tabs
    enum class TenantTab { Details, Usage, Configuration, Flags }; // the order of the tenant's tabs
    Q_ENUM(TenantTab)
    Q_ENUM(Page)

    MainWindow(ApiClient *client, const ConnectionProfile &profile, const QString &signedInAs, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Loads the first page; the first tenant's details follow.
    void start();
    // Shows `page`; once its data is on screen (Tenants: the first page and the first tenant's
    // details; Isolation: the report and the first page of alerts), saves the window as PNG and
    // emits screenshotTaken. Gives up (ok = false) after `timeout`.
    // Audit: the platform chain with both verdicts; Fleet: the table and the fleet chart.
    void armScreenshot(const QString &path, Page page = Page::Tenants,
                       std::chrono::milliseconds timeout = std::chrono::seconds(60));
    // The Tenants page filtered to enterprise tenants, the first one selected, its Usage tab on
    // 30 days of requests; saved once the chart is drawn.
    void armUsageScreenshot(const QString &path, std::chrono::milliseconds timeout = std::chrono::seconds(60));
    // The tenant detail area's tabs.
    enum class DetailTab { Details, Usage };
    void showDetailTab(DetailTab tab);
    // Opens the Audit page on this tenant's chain ("platform" for the platform's).
    void openAudit(const QString &chain, const QString &name = {});

    // The Tenants page with the first tenant's Configuration tab, once its keys are shown.
    void armConfigScreenshot(const QString &path, std::chrono::milliseconds timeout = std::chrono::seconds(60));

    void showPage(Page page);
    void showTenantTab(TenantTab tab);
    [[nodiscard]] Page currentPage() const;

    [[nodiscard]] TenantBrowser *browser() const { return m_browser; }
    [[nodiscard]] TenantDetailPanel *detailPanel() const { return m_detailPanel; }
    [[nodiscard]] TenantListModel *listModel() const { return m_listModel; }
    [[nodiscard]] TenantDetailModel *detailModel() const { return m_detailModel; }
    [[nodiscard]] ProblemBanner *banner() const { return m_banner; }
    [[nodiscard]] IsolationView *isolationView() const { return m_isolationView; }
    [[nodiscard]] FindingsModel *findingsModel() const { return m_findingsModel; }
    [[nodiscard]] AlertsModel *alertsModel() const { return m_alertsModel; }
    [[nodiscard]] QTabWidget *pages() const { return m_pages; }
    [[nodiscard]] QTabWidget *detailTabs() const { return m_detailTabs; }
    [[nodiscard]] TenantUsagePanel *usagePanel() const { return m_usagePanel; }
    [[nodiscard]] AuditView *auditView() const { return m_auditView; }
    [[nodiscard]] AuditModel *auditModel() const { return m_auditModel; }
    [[nodiscard]] AuditChainVerifier *auditVerifier() const { return m_auditVerifier; }
    [[nodiscard]] FleetUsageView *fleetView() const { return m_fleetView; }
    [[nodiscard]] FleetUsageModel *fleetModel() const { return m_fleetModel; }
    [[nodiscard]] QAction *showAuditAction() const { return m_showAuditAction; }
    [[nodiscard]] QAction *showFleetAction() const { return m_showFleetAction; }
    [[nodiscard]] QAction *auditLogAction() const { return m_auditLogAction; }
    [[nodiscard]] QTabWidget *tenantTabs() const { return m_tenantTabs; }
    [[nodiscard]] TenantConfigView *configView() const { return m_configView; }
    [[nodiscard]] TenantFlagsView *tenantFlagsView() const { return m_tenantFlagsView; }
    [[nodiscard]] FlagsView *flagsView() const { return m_flagsView; }
    [[nodiscard]] QAction *showFlagsAction() const { return m_showFlagsAction; }
    [[nodiscard]] QAction *showTenantsAction() const { return m_showTenantsAction; }
    [[nodiscard]] QAction *showIsolationAction() const { return m_showIsolationAction; }
    [[nodiscard]] QAction *editAction() const { return m_editAction; }
    [[nodiscard]] QAction *refreshAction() const { return m_refreshAction; }
    [[nodiscard]] QAction *quickOpenAction() const { return m_quickOpenAction; }
    [[nodiscard]] QString connectionText() const; // the status bar's connection part, for tests

Q_SIGNALS:
    void screenshotTaken(const QString &path, bool ok);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void buildStatusBar(const QString &signedInAs);
    void restoreLayout();
    void saveLayout() const;
    void updateWriteActions(); // the one place that enables or disables actions that change data
    void updateConnectionState(ApiClient::ConnectionState state);
    void showProblem(const Problem &problem);
    void openQuickOpen();
    void editCurrentTenant();
    void maybeTakeScreenshot();
    void refreshCurrentPage();
    void pageChanged();
    void openTenant(const QString &id);
    void openTenantUsage(const QString &id, const QString &metric);
    void tenantShown();
    // The tenant detail area as tabs: Details, Configuration, Flags. The one place they are made.
    QWidget *buildTenantTabs();
    // The platform Flags page (Ctrl+5). The one place it is made.
    void buildFlagsPage();
    void pushTenantToTabs(); // the shown tenant to the visible tenant tab (loaded lazily)

    ApiClient *m_client;
    ConnectionProfile m_profile;
    TenantListModel *m_listModel;
    TenantDetailModel *m_detailModel;
    TenantListModel *m_quickOpenModel;
    TenantBrowser *m_browser;
    TenantDetailPanel *m_detailPanel;
    ProblemBanner *m_banner;
    QSplitter *m_splitter;
    FindingsModel *m_findingsModel;
    AlertsModel *m_alertsModel;
    IsolationView *m_isolationView;
    UsageMetricsModel *m_usageMetrics;
    UsageSeriesModel *m_usageSeries;
    TenantUsagePanel *m_usagePanel;
    QTabWidget *m_detailTabs;
    AuditModel *m_auditModel;
    AuditChainVerifier *m_auditVerifier;
    AuditView *m_auditView;
    FleetUsageModel *m_fleetModel;
    UsageSeriesModel *m_fleetSeries;
    FleetUsageView *m_fleetView;
    QWidget *m_tenantsPage = nullptr;
    QTabWidget *m_pages = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_readOnlyBadge = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_searchAction = nullptr;
    QAction *m_quickOpenAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_showTenantsAction = nullptr;
    QAction *m_showIsolationAction = nullptr;
    QAction *m_showAuditAction = nullptr;
    QAction *m_showFleetAction = nullptr;
    QAction *m_auditLogAction = nullptr;
    QAction *m_showFlagsAction = nullptr;
    QTabWidget *m_tenantTabs = nullptr;
    TenantConfigView *m_configView = nullptr;
    TenantFlagsView *m_tenantFlagsView = nullptr;
    FlagsView *m_flagsView = nullptr;
    QWidget *m_flagsPage = nullptr;
    bool m_screenshotConfig = false;
    QList<QAction *> m_writeActions; // everything that changes data, disabled together
    QString m_screenshotPath;
    Page m_screenshotPage = Page::Tenants;
    bool m_screenshotUsage = false;
    bool m_firstPageSelected = false;
};

} // namespace portico
