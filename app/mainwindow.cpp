#include "app/mainwindow.h"
#include "app/settings.h"
#include "models/tenantdetailmodel.h"
#include "models/tenantlistmodel.h"
#include "views/problembanner.h"
#include "views/quickopendialog.h"
#include "views/tenantbrowser.h"
#include "views/tenantdetailpanel.h"
#include "views/tenanteditdialog.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPixmap>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace portico {

MainWindow::MainWindow(ApiClient *client, const ConnectionProfile &profile, const QString &signedInAs, QWidget *parent)
    : QMainWindow(parent), m_client(client), m_profile(profile), m_listModel(new TenantListModel(client, this)),
      m_detailModel(new TenantDetailModel(client, this)), m_quickOpenModel(new TenantListModel(client, this)),
      m_browser(new TenantBrowser(m_listModel, this)), m_detailPanel(new TenantDetailPanel(this)),
      m_banner(new ProblemBanner(this)), m_splitter(new QSplitter(Qt::Horizontal, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Portico Console — %1").arg(profile.name));
    m_listModel->setPageSize(settings::value(settings::TenantPageSize));
    m_quickOpenModel->setPageSize(20);
    m_browser->setSearchDebounce(std::chrono::milliseconds(settings::value(settings::SearchDebounceMs)));

    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_browser);
    m_splitter->addWidget(m_detailPanel);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_banner);
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);

    // Selection drives the detail model; the detail model drives the panel.
    connect(m_browser, &TenantBrowser::currentTenantChanged, m_detailModel, &TenantDetailModel::load);
    connect(m_browser, &TenantBrowser::statusMessage, this, [this](const QString &text) { statusBar()->showMessage(text, 5000); });
    connect(m_detailModel, &TenantDetailModel::tenantChanged, this, [this] {
        if (const auto &t = m_detailModel->tenant())
            m_detailPanel->setTenant(*t);
        else
            m_detailPanel->clear();
        updateWriteActions();
        maybeTakeScreenshot();
    });
    connect(m_detailModel, &TenantDetailModel::loadingChanged, m_detailPanel, &TenantDetailPanel::setLoading);
    connect(m_detailModel, &TenantDetailModel::tenantPatched, m_listModel, &TenantListModel::updateTenant);
    connect(m_detailModel, &TenantDetailModel::tenantPatched, this, [this](const Tenant &t) {
        statusBar()->showMessage(tr("Saved %1.").arg(t.name), 5000);
    });
    connect(m_detailModel, &TenantDetailModel::problemOccurred, this, &MainWindow::showProblem);
    connect(m_listModel, &TenantListModel::problemOccurred, this, &MainWindow::showProblem);
    connect(m_listModel, &TenantListModel::modelReset, m_banner, &ProblemBanner::dismiss);
    connect(m_listModel, &TenantListModel::pageLoaded, this, [this](int firstRow, int count) {
        // Show something useful at once: the first tenant of the first page, unless one is chosen.
        if (!m_firstPageSelected && firstRow == 0 && count > 0 && m_detailModel->currentKey().isEmpty()) {
            m_firstPageSelected = true;
            m_browser->selectRow(0);
        }
        maybeTakeScreenshot();
    });
    connect(m_client, &ApiClient::connectionStateChanged, this, &MainWindow::updateConnectionState);
    connect(m_client, &ApiClient::readOnlyChanged, this, &MainWindow::updateWriteActions);

    buildActions();
    buildStatusBar(signedInAs);
    restoreLayout();
    updateWriteActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions()
{
    m_refreshAction = new QAction(tr("&Refresh"), this);
    m_refreshAction->setShortcut(QKeySequence::Refresh); // F5 (and Ctrl+R where that is the platform key)
    connect(m_refreshAction, &QAction::triggered, this, [this] {
        m_banner->dismiss();
        m_listModel->refresh();
        if (!m_detailModel->currentKey().isEmpty())
            m_detailModel->reload();
    });

    m_searchAction = new QAction(tr("&Find tenants"), this);
    m_searchAction->setShortcut(QKeySequence::Find); // Ctrl+F
    connect(m_searchAction, &QAction::triggered, m_browser, &TenantBrowser::focusSearch);

    m_quickOpenAction = new QAction(tr("&Quick open…"), this);
    m_quickOpenAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    connect(m_quickOpenAction, &QAction::triggered, this, &MainWindow::openQuickOpen);

    m_exportAction = new QAction(tr("&Export CSV…"), this);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    connect(m_exportAction, &QAction::triggered, m_browser, &TenantBrowser::exportCsv);

    m_editAction = new QAction(tr("&Edit tenant…"), this);
    m_editAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_editAction, &QAction::triggered, this, &MainWindow::editCurrentTenant);
    m_writeActions << m_editAction;

    auto *quit = new QAction(tr("&Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_exportAction);
    file->addSeparator();
    file->addAction(quit);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_refreshAction);
    view->addAction(m_searchAction);
    view->addAction(m_quickOpenAction);
    QMenu *tenant = menuBar()->addMenu(tr("&Tenant"));
    tenant->addAction(m_editAction);

    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar")); // needed for saveState()
    bar->setMovable(false);
    bar->addAction(m_refreshAction);
    bar->addAction(m_quickOpenAction);
    bar->addAction(m_editAction);
    bar->addAction(m_exportAction);
}

void MainWindow::buildStatusBar(const QString &signedInAs)
{
    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("connectionState"));
    auto *server = new QLabel(m_profile.url.toString(), this);
    auto *profile = new QLabel(signedInAs.isEmpty() ? m_profile.name : tr("%1 · %2").arg(m_profile.name, signedInAs), this);
    m_readOnlyBadge = new QLabel(tr("read-only"), this);
    m_readOnlyBadge->setObjectName(QStringLiteral("readOnlyBadge"));
    m_readOnlyBadge->setStyleSheet(QStringLiteral("QLabel { background: #fff4ce; color: #5c4400; border-radius: 3px; padding: 0 6px; }"));
    statusBar()->addPermanentWidget(m_stateLabel);
    statusBar()->addPermanentWidget(server);
    statusBar()->addPermanentWidget(profile);
    statusBar()->addPermanentWidget(m_readOnlyBadge);
    updateConnectionState(m_client->connectionState());
}

QString MainWindow::connectionText() const
{
    return m_stateLabel->text();
}

void MainWindow::updateConnectionState(ApiClient::ConnectionState state)
{
    QString text;
    QString color;
    switch (state) {
    case ApiClient::ConnectionState::Unknown: text = tr("Connecting…"); color = QStringLiteral("#777777"); break;
    case ApiClient::ConnectionState::Connected: text = tr("Connected"); color = QStringLiteral("#1e7d32"); break;
    case ApiClient::ConnectionState::Unreachable: text = tr("Server unreachable"); color = QStringLiteral("#b3261e"); break;
    case ApiClient::ConnectionState::Unauthorized:
        text = tr("Not authorized");
        color = QStringLiteral("#b3261e");
        m_banner->showMessage(tr("The server no longer accepts this token. Restart the console and sign in again."));
        break;
    }
    m_stateLabel->setText(text);
    m_stateLabel->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(color));
}

void MainWindow::updateWriteActions()
{
    const bool readOnly = m_client->isReadOnly();
    const bool haveTenant = m_detailModel->tenant().has_value();
    for (QAction *action : std::as_const(m_writeActions)) {
        action->setEnabled(!readOnly && haveTenant);
        action->setToolTip(readOnly ? tr("This connection profile is read-only.") : QString());
    }
    m_readOnlyBadge->setVisible(readOnly);
}

void MainWindow::showProblem(const Problem &problem)
{
    m_banner->showProblem(problem);
    statusBar()->showMessage(problem.toDisplayString(), 10000);
}

void MainWindow::start()
{
    m_listModel->refresh();
}

void MainWindow::openQuickOpen()
{
    auto *dialog = new QuickOpenDialog(m_quickOpenModel, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QuickOpenDialog::tenantChosen, m_detailModel, &TenantDetailModel::load);
    // Start from the unfiltered list each time (one request either way).
    if (!m_quickOpenModel->query().search.isEmpty())
        m_quickOpenModel->setSearch(QString());
    else
        m_quickOpenModel->refresh();
    dialog->open();
}

void MainWindow::editCurrentTenant()
{
    const auto &tenant = m_detailModel->tenant();
    if (!tenant)
        return;
    auto *dialog = new TenantEditDialog(*tenant, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { m_detailModel->patch(dialog->patch()); });
    dialog->open();
}

void MainWindow::armScreenshot(const QString &path, std::chrono::milliseconds timeout)
{
    m_screenshotPath = path;
    QTimer::singleShot(timeout, this, [this] {
        if (m_screenshotPath.isEmpty())
            return;
        const QString pending = m_screenshotPath;
        m_screenshotPath.clear();
        qWarning("screenshot: gave up waiting for data after the timeout");
        Q_EMIT screenshotTaken(pending, false);
    });
    maybeTakeScreenshot(); // the data may already be on screen
}

void MainWindow::maybeTakeScreenshot()
{
    if (m_screenshotPath.isEmpty() || !m_listModel->hasLoaded())
        return;
    // An empty server has no first tenant to wait for.
    if (m_listModel->rowCount() > 0 && !m_detailPanel->hasTenant())
        return;
    const QString path = m_screenshotPath;
    m_screenshotPath.clear();
    // One event-loop turn so layouts and the status bar reflect the data before we grab.
    QTimer::singleShot(50, this, [this, path] {
        const bool ok = grab().save(path, "PNG");
        if (!ok)
            qWarning("screenshot: cannot write %s", qUtf8Printable(path));
        Q_EMIT screenshotTaken(path, ok);
    });
}

void MainWindow::restoreLayout()
{
    if (!restoreGeometry(settings::value(settings::MainWindowGeometry)))
        resize(1480, 880);
    restoreState(settings::value(settings::MainWindowState));
    if (!m_splitter->restoreState(settings::value(settings::MainSplitterState)))
        m_splitter->setSizes({1000, 480});
    m_browser->restoreHeaderState(settings::value(settings::TenantTableHeader));
}

void MainWindow::saveLayout() const
{
    settings::setValue(settings::MainWindowGeometry, saveGeometry());
    settings::setValue(settings::MainWindowState, saveState());
    settings::setValue(settings::MainSplitterState, m_splitter->saveState());
    settings::setValue(settings::TenantTableHeader, m_browser->saveHeaderState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

} // namespace portico
