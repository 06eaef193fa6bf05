#pragma once
// The console's main window: pages in tabs, "Tenants" (tenant browser left; the tenant's Details,
// Usage, Configuration and Flags tabs right, in a splitter), "Isolation health", "Audit", "Fleet
// usage" and "Flags"; connection status in the status bar, problems in an inline banner above the pages.
//
// The composition root of the console: it makes every model over the one ApiClient, hands them to
// the views, wires their signals and keeps the layout in the settings. Nothing else: the
// screenshots for the docs are ScreenshotDirector's (app/screenshotdirector.h).

#include "client/apiclient.h"
#include "client/apitypes.h"
#include "core/tenant.h"
#include "models/connectionprofile.h"
#include <QMainWindow>
#include <array>
#include <chrono>

class QAction;
class QActionGroup;
class QLabel;
class QSplitter;
class QTabWidget;

namespace portico {

class AlertsModel;
class AppMenus;
class AuditChainVerifier;
class AuditModel;
class AuditView;
class ConfigHistoryModel;
class ConfigTreeModel;
class FindingsModel;
class FlagEvaluationsModel;
class FlagOverridesModel;
class FlagsModel;
class FlagsView;
class FleetUsageModel;
class FleetUsageView;
class PlanImpact;
class IsolationView;
class JournalModel;
class LocalWorkspace;
class ProblemBanner;
class QuickOpenDialog;
class QuickOpenModel;
class TenantBrowser;
class TenantConfigView;
class TenantDetailModel;
class TenantDetailPanel;
class TenantFlagsView;
class TenantListModel;
class TenantUsagePanel;
class UsageMetricsModel;
class UsageSeriesModel;

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

    // The page's name in the settings and on the command line ("tenants", "isolation", "audit",
    // "fleet", "flags"); an unknown name is the Tenants page.
    [[nodiscard]] static QString pageName(Page page);
    [[nodiscard]] static Page pageNamed(const QString &name);

    // Loads the first page; the first tenant's details follow.
    void start();
    // Opens the Audit page on this tenant's chain ("platform" for the platform's).
    void openAudit(const QString &chain, const QString &name = {});

    void showPage(Page page);
    void showTenantTab(TenantTab tab);
    [[nodiscard]] Page currentPage() const;

    [[nodiscard]] TenantBrowser *browser() const { return m_browser; }
    [[nodiscard]] TenantDetailPanel *detailPanel() const { return m_detailPanel; }
    [[nodiscard]] TenantListModel *listModel() const { return m_listModel; }
    [[nodiscard]] TenantDetailModel *detailModel() const { return m_detailModel; }
    [[nodiscard]] ProblemBanner *banner() const { return m_banner; }
    [[nodiscard]] QSplitter *splitter() const { return m_splitter; } // browser | tenant tabs
    [[nodiscard]] IsolationView *isolationView() const { return m_isolationView; }
    [[nodiscard]] FindingsModel *findingsModel() const { return m_findingsModel; }
    [[nodiscard]] AlertsModel *alertsModel() const { return m_alertsModel; }
    [[nodiscard]] QTabWidget *pages() const { return m_pages; }
    [[nodiscard]] QTabWidget *tenantTabs() const { return m_tenantTabs; } // in TenantTab order
    // Above the tenant's tabs: name · slug · state · plan of the one tenant every tab and action is about.
    [[nodiscard]] QLabel *tenantHeader() const { return m_tenantHeader; }
    [[nodiscard]] TenantUsagePanel *usagePanel() const { return m_usagePanel; }
    [[nodiscard]] AuditView *auditView() const { return m_auditView; }
    [[nodiscard]] AuditModel *auditModel() const { return m_auditModel; }
    [[nodiscard]] AuditChainVerifier *auditVerifier() const { return m_auditVerifier; }
    [[nodiscard]] FleetUsageView *fleetView() const { return m_fleetView; }
    [[nodiscard]] FleetUsageModel *fleetModel() const { return m_fleetModel; }
    [[nodiscard]] TenantConfigView *configView() const { return m_configView; }
    [[nodiscard]] TenantFlagsView *tenantFlagsView() const { return m_tenantFlagsView; }
    [[nodiscard]] FlagsView *flagsView() const { return m_flagsView; }
    // Ctrl+1 … Ctrl+5: shows the page.
    [[nodiscard]] QAction *pageAction(Page page) const { return m_pageActions.at(std::size_t(page)); }
    [[nodiscard]] QAction *showTenantsAction() const { return pageAction(Page::Tenants); }
    [[nodiscard]] QAction *showIsolationAction() const { return pageAction(Page::Isolation); }
    [[nodiscard]] QAction *showAuditAction() const { return pageAction(Page::Audit); }
    [[nodiscard]] QAction *showFleetAction() const { return pageAction(Page::Fleet); }
    [[nodiscard]] QAction *showFlagsAction() const { return pageAction(Page::Flags); }
    [[nodiscard]] QAction *auditLogAction() const { return m_auditLogAction; }
    [[nodiscard]] QAction *editAction() const { return m_editAction; }
    // Tenant ▸ Create tenant… (works now), and the lifecycle actions whose server side is still to
    // come (always disabled, their tooltip says what they will do).
    [[nodiscard]] QAction *createTenantAction() const { return m_createTenantAction; }
    [[nodiscard]] QList<QAction *> plannedLifecycleActions() const { return m_plannedActions; }
    // Everything that changes data, disabled together on a read-only profile or offline.
    [[nodiscard]] QList<QAction *> writeActions() const { return m_writeActions; }
    // Offline: the server gave no answer and the Tenants page shows the cached list. Every edit is
    // off then, with why(): "offline: showing the tenant list as of 14:02; changes need the server".
    [[nodiscard]] bool isOffline() const;
    [[nodiscard]] QString offlineReason() const;
    // Opens the Create tenant dialog (deleted on close); for tests too.
    class CreateTenantDialog *openCreateTenant();
    [[nodiscard]] QAction *refreshAction() const { return m_refreshAction; }
    [[nodiscard]] QAction *quickOpenAction() const { return m_quickOpenAction; }
    [[nodiscard]] QAction *journalAction() const { return m_journalAction; } // Tools ▸ Activity journal (Ctrl+J)
    [[nodiscard]] LocalWorkspace *localWorkspace() const { return m_local; }   // the profile's journal and directory cache
    [[nodiscard]] JournalModel *journalModel() const { return m_journalModel; }
    [[nodiscard]] QString connectionText() const; // the status bar's connection part, for tests
    // Connection, Settings and Help (app/appmenus.h).
    [[nodiscard]] AppMenus *appMenus() const { return m_menus; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    static constexpr int kPageCount = int(Page::Flags) + 1;

    // One page of the main tabs, in Page order: `content` with the page's margins.
    void addPage(Page page, QWidget *content, const char *objectName, const QString &title, const QString &toolTip);
    // The tenant detail area as tabs, in TenantTab order. The one place they are made.
    QWidget *buildTenantTabs();
    void buildActions();
    void buildMenus(); // the application's own menus: Connection, Settings, Help
    void updateWindowTitle();
    void signedOut();
    QAction *makePageAction(Page page, const QString &text, QActionGroup *group);
    void buildStatusBar(const QString &signedInAs);
    void connectModels();
    void connectViews();
    void restoreLayout();
    void saveLayout() const;
    void updateWriteActions(); // the one place that enables or disables actions that change data
    void updateConnectionState(ApiClient::ConnectionState state);
    // The one way a note reaches the status bar.
    void showStatus(const QString &text, std::chrono::milliseconds timeout = std::chrono::seconds(5));
    void showProblem(const Problem &problem);
    // Quick open over the unfiltered list, deleted on close; the caller connects tenantChosen.
    QuickOpenDialog *quickOpenDialog();
    void openQuickOpen();
    void openJournal();
    void showOffline(bool offline); // the Tenants page shows the last known list
    void chooseAuditTenant();
    void editCurrentTenant();
    // The dialog's request as a ChangeRequest, confirmed with a reason, then POST /v1/tenants; a
    // refusal goes back to the dialog's field, success makes the new tenant the current one.
    void confirmCreateTenant(class CreateTenantDialog *dialog);
    // The edit as a ChangeRequest (a plan change with its impact, a suspension with the slug),
    // confirmed, then patched with the reason.
    void confirmTenantPatch(const Tenant &tenant, const TenantPatch &patch, const QString &impact);
    // The one current tenant: a pick in the list, quick open, an alert, … all go through here.
    void pickTenant(const QString &id);
    // False when an unsaved edit of the shown tenant should keep it (the operator cancelled).
    bool mayLeaveTenant(const QString &nextId);
    // The list's selection follows the tenant shown: its row, or none when the list does not hold it.
    void syncBrowserSelection();
    void listPageLoaded(int firstRow, int count);
    void refreshCurrentPage();
    void pageChanged();
    void openTenant(const QString &id);
    void openTenantUsage(const QString &id, const QString &metric);
    void tenantShown();
    void pushTenantToTabs(); // the shown tenant to the visible tenant tab (loaded lazily)

    ApiClient *m_client;
    ConnectionProfile m_profile;
    LocalWorkspace *m_local; // before the models: quick-open and the tenant list read its cache
    // Models, one set per window, all over m_client.
    TenantListModel *m_listModel;
    TenantDetailModel *m_detailModel;
    QuickOpenModel *m_quickOpenModel;
    JournalModel *m_journalModel;
    FindingsModel *m_findingsModel;
    AlertsModel *m_alertsModel;
    UsageMetricsModel *m_usageMetrics; // shared by the Usage tab and the Fleet page
    UsageSeriesModel *m_usageSeries;
    AuditModel *m_auditModel;
    AuditChainVerifier *m_auditVerifier;
    FleetUsageModel *m_fleetModel;
    UsageSeriesModel *m_fleetSeries;
    ConfigTreeModel *m_configTree;
    ConfigHistoryModel *m_configHistory;
    FlagEvaluationsModel *m_tenantFlags;
    FlagsModel *m_tenantFlagDefinitions;
    FlagsModel *m_flagsModel;
    FlagOverridesModel *m_flagOverrides;
    PlanImpact *m_planImpact;
    // Views, in the order they are made (the focus chain's).
    TenantBrowser *m_browser;
    TenantDetailPanel *m_detailPanel;
    ProblemBanner *m_banner;
    QSplitter *m_splitter;
    IsolationView *m_isolationView;
    TenantUsagePanel *m_usagePanel;
    QTabWidget *m_tenantTabs;
    AuditView *m_auditView;
    FleetUsageView *m_fleetView;
    TenantConfigView *m_configView;
    TenantFlagsView *m_tenantFlagsView;
    FlagsView *m_flagsView;
    QTabWidget *m_pages;
    QLabel *m_tenantHeader = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_readOnlyBadge = nullptr;
    std::array<QAction *, kPageCount> m_pageActions{};
    QAction *m_refreshAction = nullptr;
    QAction *m_quickOpenAction = nullptr;
    QAction *m_journalAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_auditLogAction = nullptr;
    QAction *m_createTenantAction = nullptr;
    QList<QAction *> m_plannedActions;
    AppMenus *m_menus = nullptr;
    QList<QAction *> m_writeActions; // everything that changes data, disabled together
    QList<QAction *> m_tenantWriteActions; // those of them that need a current tenant
    bool m_firstPageSelected = false;
    bool m_queryChanged = false; // a filter or search changed: the first page decides if the shown tenant stays
};

} // namespace portico
