#pragma once
// The console's main window: tenant browser (left) and tenant details (right) in a splitter,
// connection status in the status bar, problems in an inline banner.

#include "client/apiclient.h"
#include "models/connectionprofile.h"
#include <QMainWindow>

class QAction;
class QLabel;
class QSplitter;

namespace portico {

class ProblemBanner;
class TenantBrowser;
class TenantDetailModel;
class TenantDetailPanel;
class TenantListModel;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(ApiClient *client, const ConnectionProfile &profile, const QString &signedInAs, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Loads the first page; the first tenant's details follow.
    void start();
    // Once the first page and the first tenant's details are shown, save the window as PNG and emit
    // screenshotTaken. Gives up (ok = false) after `timeout`.
    void armScreenshot(const QString &path, std::chrono::milliseconds timeout = std::chrono::seconds(60));

    [[nodiscard]] TenantBrowser *browser() const { return m_browser; }
    [[nodiscard]] TenantDetailPanel *detailPanel() const { return m_detailPanel; }
    [[nodiscard]] TenantListModel *listModel() const { return m_listModel; }
    [[nodiscard]] TenantDetailModel *detailModel() const { return m_detailModel; }
    [[nodiscard]] ProblemBanner *banner() const { return m_banner; }
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

    ApiClient *m_client;
    ConnectionProfile m_profile;
    TenantListModel *m_listModel;
    TenantDetailModel *m_detailModel;
    TenantListModel *m_quickOpenModel;
    TenantBrowser *m_browser;
    TenantDetailPanel *m_detailPanel;
    ProblemBanner *m_banner;
    QSplitter *m_splitter;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_readOnlyBadge = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_searchAction = nullptr;
    QAction *m_quickOpenAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_exportAction = nullptr;
    QList<QAction *> m_writeActions; // everything that changes data, disabled together
    QString m_screenshotPath;
    bool m_firstPageSelected = false;
};

} // namespace portico
