#pragma once
// The console's main window: two pages in tabs, "Tenants" (tenant browser left, tenant details
// right, in a splitter) and "Isolation health"; connection status in the status bar, problems in an
// inline banner above the pages.

#include "client/apiclient.h"
#include "models/connectionprofile.h"
#include <QMainWindow>

class QAction;
class QLabel;
class QSplitter;
class QTabWidget;

namespace portico {

class AlertsModel;
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
    enum class Page { Tenants, Isolation };
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

    void showPage(Page page);
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
    QList<QAction *> m_writeActions; // everything that changes data, disabled together
    QString m_screenshotPath;
    Page m_screenshotPage = Page::Tenants;
    bool m_firstPageSelected = false;
};

} // namespace portico
