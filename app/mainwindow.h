#pragma once
// The console's main window: pages in tabs, "Tenants" (tenant browser left; the tenant's Details,
// Configuration and Flags tabs right, in a splitter), "Isolation health" and "Flags"; connection
// status in the status bar, problems in an inline banner above the pages.

#include "client/apiclient.h"
#include "models/connectionprofile.h"
#include <QMainWindow>

class QAction;
class QLabel;
class QSplitter;
class QTabWidget;

namespace portico {

class AlertsModel;
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
    enum class Page { Tenants, Isolation, Flags };
    enum class TenantTab { Details, Configuration, Flags };
    Q_ENUM(TenantTab)
    Q_ENUM(Page)

    MainWindow(ApiClient *client, const ConnectionProfile &profile, const QString &signedInAs, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Loads the first page; the first tenant's details follow.
    void start();
    // Shows `page`; once its data is on screen (Tenants: the first page and the first tenant's
    // details; Isolation: the report and the first page of alerts), saves the window as PNG and
    // emits screenshotTaken. Gives up (ok = false) after `timeout`.
    void armScreenshot(const QString &path, Page page = Page::Tenants,
                       std::chrono::milliseconds timeout = std::chrono::seconds(60));

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
    bool m_firstPageSelected = false;
};

} // namespace portico
