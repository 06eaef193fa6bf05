#include "app/mainwindow.h"
#include "models/tones.h"
#include "app/appmenus.h"
#include "app/localworkspace.h"
#include "app/settings.h"
#include "models/alertsmodel.h"
#include "models/auditchainverifier.h"
#include "models/auditmodel.h"
#include "models/confighistorymodel.h"
#include "models/csvexport.h"
#include "models/directorycache.h"
#include "models/directorysync.h"
#include "models/configtreemodel.h"
#include "models/configusersmodel.h"
#include "models/findingsmodel.h"
#include "models/flagmodels.h"
#include "models/formatting.h"
#include "models/fleetusagemodel.h"
#include "models/planimpact.h"
#include "models/journalmodel.h"
#include "models/quickopenmodel.h"
#include "models/tenantdetailmodel.h"
#include "models/tenantlistmodel.h"
#include "models/usagemetricsmodel.h"
#include "models/usageseriesmodel.h"
#include "views/auditview.h"
#include "views/confirmdialog.h"
#include "views/createtenantdialog.h"
#include "views/flagsview.h"
#include "views/fleetusageview.h"
#include "views/isolationview.h"
#include "views/journaldialog.h"
#include "views/problembanner.h"
#include "views/quickopendialog.h"
#include "views/tenantbrowser.h"
#include "views/tenantconfigview.h"
#include "views/tenantdetailpanel.h"
#include "views/tenanteditdialog.h"
#include "views/tenantflagsview.h"
#include "views/tenantusagepanel.h"

#include <QAction>
#include <QActionGroup>
#include <QCloseEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMetaMethod>
#include <QMenuBar>
#include <QPointer>
#include <QLocale>
#include <QSet>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace portico {

MainWindow::MainWindow(ApiClient *client, const ConnectionProfile &profile, const QString &signedInAs, QWidget *parent)
    : QMainWindow(parent), m_client(client), m_profile(profile), m_local(new LocalWorkspace(client, profile, this)),
      m_listModel(new TenantListModel(client, this)), m_detailModel(new TenantDetailModel(client, this)),
      m_quickOpenModel(new QuickOpenModel(client, m_local->directory(), this)), m_journalModel(new JournalModel(m_local->journal(), this)),
      m_findingsModel(new FindingsModel(client, this)), m_alertsModel(new AlertsModel(client, this)),
      m_usageMetrics(new UsageMetricsModel(client, this)), m_usageSeries(new UsageSeriesModel(client, this)),
      m_auditModel(new AuditModel(client, this)), m_auditVerifier(new AuditChainVerifier(client, this)),
      m_fleetModel(new FleetUsageModel(client, this)), m_fleetSeries(new UsageSeriesModel(client, this)),
      m_configTree(new ConfigTreeModel(client, this)), m_configHistory(new ConfigHistoryModel(client, this)),
      m_tenantFlags(new FlagEvaluationsModel(client, this)), m_tenantFlagDefinitions(new FlagsModel(client, this)),
      m_flagsModel(new FlagsModel(client, this)), m_flagOverrides(new FlagOverridesModel(client, this)),
      m_planImpact(new PlanImpact(client, this)),
      m_browser(new TenantBrowser(m_listModel, this)), m_detailPanel(new TenantDetailPanel(this)), m_banner(new ProblemBanner(this)),
      m_splitter(new QSplitter(Qt::Horizontal, this)), m_isolationView(new IsolationView(m_findingsModel, m_alertsModel, this)),
      m_usagePanel(new TenantUsagePanel(m_usageMetrics, m_usageSeries, this)), m_tenantTabs(new QTabWidget(this)),
      m_auditView(new AuditView(m_auditModel, m_auditVerifier, this)),
      m_fleetView(new FleetUsageView(m_usageMetrics, m_fleetModel, m_fleetSeries, this)),
      m_configView(new TenantConfigView(m_configTree, m_configHistory, this)),
      m_tenantFlagsView(new TenantFlagsView(m_tenantFlags, m_tenantFlagDefinitions, this)),
      m_flagsView(new FlagsView(m_flagsModel, m_flagOverrides, this)), m_pages(new QTabWidget(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    m_listModel->setPageSize(settings::value(settings::TenantPageSize));
    m_listModel->setDirectoryCache(m_local->directory());
    m_configView->setUserSuggestions(new ConfigUsersModel(client, this));
    connect(m_listModel, &TenantListModel::offlineChanged, this, &MainWindow::showOffline);
    connect(m_listModel, &TenantListModel::offlineChanged, this, &MainWindow::updateWriteActions);
    m_alertsModel->setPageSize(settings::value(settings::AlertPageSize));
    m_browser->setSearchDebounce(std::chrono::milliseconds(settings::value(settings::SearchDebounceMs)));
    m_usagePanel->restoreChoice(settings::value(settings::UsageMetric), TenantUsagePanel::Range(settings::value(settings::UsageRange)));
    m_fleetView->restoreChoice(settings::value(settings::FleetMetric), settings::value(settings::FleetRangeDays));

    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_browser);
    m_splitter->addWidget(buildTenantTabs());
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setChildrenCollapsible(false);

    m_pages->setObjectName(QStringLiteral("mainPages"));
    m_pages->setDocumentMode(true);
    addPage(Page::Tenants, m_splitter, "tenantsPage", tr("Tenants"), tr("Find and manage tenants (Ctrl+1)"));
    addPage(Page::Isolation, m_isolationView, "isolationPage", tr("Isolation health"),
            tr("Verifier findings, alerts and connection pools (Ctrl+2)"));
    addPage(Page::Audit, m_auditView, "auditPage", tr("Audit"),
            tr("The audit log of the platform or a tenant, verified in the console (Ctrl+3)"));
    addPage(Page::Fleet, m_fleetView, "fleetPage", tr("Fleet usage"),
            tr("Top consumers, tenants near quota, growth and the fleet's total (Ctrl+4)"));
    addPage(Page::Flags, m_flagsView, "flagsPage", tr("Flags"), tr("Feature flags: rollouts, overrides, staleness (Ctrl+5)"));

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_banner);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    connectModels();
    connectViews();
    buildActions();
    buildMenus();
    buildStatusBar(signedInAs);
    restoreLayout();
    updateWriteActions();
    connect(m_pages, &QTabWidget::currentChanged, this, &MainWindow::pageChanged);
    pageChanged();
}

MainWindow::~MainWindow() = default;

QString MainWindow::pageName(Page page)
{
    static const std::array<QString, kPageCount> names{QStringLiteral("tenants"), QStringLiteral("isolation"), QStringLiteral("audit"),
                                                       QStringLiteral("fleet"), QStringLiteral("flags")};
    return names.at(std::size_t(page));
}

MainWindow::Page MainWindow::pageNamed(const QString &name)
{
    for (int i = 0; i < kPageCount; ++i)
        if (pageName(Page(i)) == name)
            return Page(i);
    return Page::Tenants;
}

void MainWindow::addPage(Page page, QWidget *content, const char *objectName, const QString &title, const QString &toolTip)
{
    auto *w = new QWidget(this);
    w->setObjectName(QLatin1String(objectName));
    auto *l = new QVBoxLayout(w);
    l->setContentsMargins(6, 6, 6, 6);
    l->addWidget(content);
    const int index = m_pages->addTab(w, title);
    Q_ASSERT(index == int(page));
    m_pages->setTabToolTip(index, toolTip);
}

QWidget *MainWindow::buildTenantTabs()
{
    m_tenantTabs->setObjectName(QStringLiteral("detailTabs"));
    m_tenantTabs->addTab(m_detailPanel, tr("Details"));
    m_tenantTabs->addTab(m_usagePanel, tr("Usage"));
    m_tenantTabs->setTabToolTip(int(TenantTab::Usage), tr("The tenant's usage over time, with its quota"));
    m_tenantTabs->addTab(m_configView, tr("Configuration"));
    m_tenantTabs->addTab(m_tenantFlagsView, tr("Flags"));
    connect(m_tenantTabs, &QTabWidget::currentChanged, this, &MainWindow::pushTenantToTabs);
    auto *area = new QWidget(this);
    auto *layout = new QVBoxLayout(area);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tenantHeader = new QLabel(area);
    m_tenantHeader->setObjectName(QStringLiteral("tenantHeader"));
    m_tenantHeader->setTextFormat(Qt::RichText);
    m_tenantHeader->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tenantHeader->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_tenantHeader);
    layout->addWidget(m_tenantTabs, 1);
    return area;
}

// The models' answers that concern the window: selection, saves, problems.
void MainWindow::connectModels()
{
    connect(m_detailModel, &TenantDetailModel::tenantChanged, this, [this] {
        if (const auto &t = m_detailModel->tenant())
            m_detailPanel->setTenant(*t);
        else
            m_detailPanel->clear();
        tenantShown();
        updateWriteActions();
        pushTenantToTabs();
    });
    connect(m_detailModel, &TenantDetailModel::loadingChanged, m_detailPanel, &TenantDetailPanel::setLoading);
    connect(m_detailModel, &TenantDetailModel::tenantPatched, m_listModel, &TenantListModel::updateTenant);
    connect(m_detailModel, &TenantDetailModel::tenantPatched, this, [this](const Tenant &t) { showStatus(tr("Saved %1.").arg(t.name)); });
    connect(m_detailModel, &TenantDetailModel::problemOccurred, this, &MainWindow::showProblem);
    connect(m_listModel, &TenantListModel::problemOccurred, this, &MainWindow::showProblem);
    connect(m_listModel, &TenantListModel::modelReset, m_banner, &ProblemBanner::dismiss);
    connect(m_listModel, &TenantListModel::queryChanged, this, [this] { m_queryChanged = true; });
    connect(m_listModel, &TenantListModel::pageLoaded, this, &MainWindow::listPageLoaded);
    // The isolation view shows its own failures in its summary; the status bar keeps a note.
    connect(m_findingsModel, &FindingsModel::problemOccurred, this, [this](const Problem &problem) {
        showStatus(tr("Isolation verifier: %1").arg(problem.toDisplayString()), std::chrono::seconds(10));
    });
    connect(m_alertsModel, &AlertsModel::problemOccurred, this, &MainWindow::showProblem);
    connect(m_usageMetrics, &UsageMetricsModel::problemOccurred, this, &MainWindow::showProblem);
    connect(m_client, &ApiClient::connectionStateChanged, this, &MainWindow::updateConnectionState);
    connect(m_client, &ApiClient::readOnlyChanged, this, &MainWindow::updateWriteActions);
}

// What the views ask of the window: notes, problems, opening a tenant, the choices to keep.
void MainWindow::connectViews()
{
    const auto status = [this](const QString &text) { showStatus(text); };
    connect(m_browser, &TenantBrowser::currentTenantChanged, this, &MainWindow::pickTenant);
    connect(m_browser, &TenantBrowser::tenantActivated, this, &MainWindow::openTenant);
    connect(m_browser, &TenantBrowser::statusMessage, this, status);
    connect(m_isolationView, &IsolationView::statusMessage, this, status);
    connect(m_isolationView, &IsolationView::tenantActivated, this, &MainWindow::openTenant);
    connect(m_usagePanel, &TenantUsagePanel::statusMessage, this, status);
    connect(m_usagePanel, &TenantUsagePanel::metricChosen, this, [](const QString &metric) { settings::setValue(settings::UsageMetric, metric); });
    connect(m_usagePanel, &TenantUsagePanel::rangeChosen, this,
            [](TenantUsagePanel::Range range) { settings::setValue(settings::UsageRange, int(range)); });
    connect(m_auditView, &AuditView::statusMessage, this, status);
    connect(m_auditView, &AuditView::chooseTenantRequested, this, &MainWindow::chooseAuditTenant);
    connect(m_fleetView, &FleetUsageView::statusMessage, this, status);
    connect(m_fleetView, &FleetUsageView::tenantActivated, this, &MainWindow::openTenantUsage);
    connect(m_fleetView, &FleetUsageView::metricChosen, this, [](const QString &metric) { settings::setValue(settings::FleetMetric, metric); });
    connect(m_fleetView, &FleetUsageView::rangeDaysChosen, this, [](int days) { settings::setValue(settings::FleetRangeDays, days); });
    connect(m_configView, &TenantConfigView::statusMessage, this, status);
    connect(m_configView, &TenantConfigView::problemOccurred, this, &MainWindow::showProblem);
    connect(m_tenantFlagsView, &TenantFlagsView::statusMessage, this, status);
    connect(m_tenantFlagsView, &TenantFlagsView::problemOccurred, this, &MainWindow::showProblem);
    connect(m_flagsView, &FlagsView::statusMessage, this, status);
    connect(m_flagsView, &FlagsView::problemOccurred, this, &MainWindow::showProblem);
}

void MainWindow::buildActions()
{
    // F5 belongs to the page that has focus: here the tenants page; the isolation view has its own
    // (re-run verifier). The menu and toolbar entries refresh whichever page is shown.
    m_refreshAction = new QAction(tr("&Refresh"), this);
    m_refreshAction->setShortcut(QKeySequence::Refresh); // F5 (and Ctrl+R where that is the platform key)
    m_refreshAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_pages->widget(int(Page::Tenants))->addAction(m_refreshAction);
    connect(m_refreshAction, &QAction::triggered, this, &MainWindow::refreshCurrentPage);

    auto *searchAction = new QAction(tr("&Find tenants"), this);
    searchAction->setShortcut(QKeySequence::Find); // Ctrl+F
    connect(searchAction, &QAction::triggered, this, [this] {
        showPage(Page::Tenants);
        m_browser->focusSearch();
    });

    auto *pageGroup = new QActionGroup(this);
    makePageAction(Page::Tenants, tr("&Tenants"), pageGroup);
    makePageAction(Page::Isolation, tr("&Isolation health"), pageGroup);
    makePageAction(Page::Audit, tr("&Audit"), pageGroup);
    makePageAction(Page::Fleet, tr("&Fleet usage"), pageGroup);
    makePageAction(Page::Flags, tr("&Flags"), pageGroup);

    m_auditLogAction = new QAction(tr("&Audit log…"), this);
    m_auditLogAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_auditLogAction->setToolTip(tr("Open the selected tenant's audit chain (Ctrl+Shift+A)."));
    connect(m_auditLogAction, &QAction::triggered, this, [this] {
        if (const auto &t = m_detailModel->tenant())
            openAudit(idToString(t->id), t->name);
    });
    m_browser->tableView()->addAction(m_auditLogAction);

    m_quickOpenAction = new QAction(tr("&Quick open…"), this);
    m_quickOpenAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    connect(m_quickOpenAction, &QAction::triggered, this, &MainWindow::openQuickOpen);

    // File ▸ Export CSV exports the table of the page that is showing, by one rule: the page's view
    // offers a public slot exportCsv(), found by name so a page gains the menu item by adding
    // the slot. The paged lists export every matching row through their exporters.
    m_browser->setExporter(new TenantCsvExport(m_client, this));
    m_auditView->setExporter(new AuditCsvExport(m_client, this));
    auto *exportAction = new QAction(tr("&Export CSV…"), this);
    exportAction->setObjectName(QStringLiteral("exportCsvAction"));
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    const auto exporterOfPage = [this]() -> QObject * {
        QObject *view = nullptr;
        switch (currentPage()) {
        case Page::Tenants: view = m_browser; break;
        case Page::Isolation: view = m_isolationView; break;
        case Page::Audit: view = m_auditView; break;
        case Page::Fleet: view = m_fleetView; break;
        case Page::Flags: view = m_flagsView; break;
        }
        const QMetaObject *meta = view->metaObject();
        const int index = meta->indexOfMethod("exportCsv()");
        return index >= 0 && meta->method(index).access() == QMetaMethod::Public ? view : nullptr;
    };
    const auto updateExport = [exportAction, exporterOfPage] {
        const bool can = exporterOfPage() != nullptr;
        exportAction->setEnabled(can);
        exportAction->setToolTip(can ? tr("Export the table of this page as CSV (Ctrl+Shift+E).")
                                     : tr("There is nothing to export on this page."));
    };
    connect(m_pages, &QTabWidget::currentChanged, exportAction, updateExport);
    updateExport();
    connect(exportAction, &QAction::triggered, this, [exporterOfPage] {
        if (QObject *view = exporterOfPage())
            QMetaObject::invokeMethod(view, "exportCsv");
    });

    m_editAction = new QAction(tr("&Edit tenant…"), this);
    m_editAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_editAction, &QAction::triggered, this, &MainWindow::editCurrentTenant);
    m_writeActions << m_editAction;
    m_tenantWriteActions << m_editAction;

    m_createTenantAction = new QAction(tr("&Create tenant…"), this);
    m_createTenantAction->setObjectName(QStringLiteral("createTenantAction"));
    m_createTenantAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    connect(m_createTenantAction, &QAction::triggered, this, [this] { openCreateTenant(); });
    m_writeActions << m_createTenantAction;

    // What the server cannot do yet: present, so the menu shows the whole lifecycle, and disabled
    // with what each will do until its issue lands (updateWriteActions never enables them).
    const auto planned = [this](const QString &text, const char *name, const QString &will) {
        auto *action = new QAction(text, this);
        action->setObjectName(QLatin1String(name));
        action->setEnabled(false);
        action->setToolTip(will);
        action->setStatusTip(will);
        m_plannedActions << action;
        return action;
    };
    planned(tr("&Move tenant…"), "moveTenantAction",
            tr("Moves the tenant to another isolation model or region, copying its data while it stays online. "
               "Arrives with its issue (tenant moves); not available yet."));
    planned(tr("E&xport tenant data…"), "exportTenantAction",
            tr("Exports all of the tenant's data and settings as one archive, for the tenant or for a move. "
               "Arrives with its issue (tenant export); not available yet."));
    planned(tr("&Offboard and delete…"), "offboardTenantAction",
            tr("Offboards the tenant (members signed out, tokens revoked, data exported) and then deletes it for good. "
               "Arrives with its issue (offboarding); not available yet."));

    auto *quit = new QAction(tr("&Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(exportAction);
    file->addSeparator();
    file->addAction(quit);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (QAction *action : std::as_const(m_pageActions))
        view->addAction(action);
    view->addSeparator();
    view->addAction(m_refreshAction);
    view->addAction(searchAction);
    view->addAction(m_quickOpenAction);
    QMenu *tenant = menuBar()->addMenu(tr("&Tenant"));
    tenant->setToolTipsVisible(true); // the planned actions explain themselves only there
    tenant->addAction(m_createTenantAction);
    tenant->addSeparator();
    tenant->addAction(m_editAction);
    tenant->addAction(m_auditLogAction);
    tenant->addSeparator();
    for (QAction *action : std::as_const(m_plannedActions))
        tenant->addAction(action);

    m_journalAction = new QAction(tr("Activity &journal…"), this);
    m_journalAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
    m_journalAction->setToolTip(tr("Every change made from this console, searchable and exportable (Ctrl+J)."));
    connect(m_journalAction, &QAction::triggered, this, &MainWindow::openJournal);
    menuBar()->addMenu(tr("T&ools"))->addAction(m_journalAction);

    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar")); // needed for saveState()
    bar->setMovable(false);
    bar->addAction(m_refreshAction);
    bar->addAction(m_quickOpenAction);
    bar->addAction(m_editAction);
    bar->addAction(m_auditLogAction);
    bar->addAction(exportAction);
}

void MainWindow::buildMenus()
{
    m_menus = new AppMenus(this, m_client, m_profile);
    connect(m_menus, &AppMenus::signedOut, this, &MainWindow::signedOut);
    connect(m_menus, &AppMenus::reconnected, this, &MainWindow::refreshCurrentPage);
    connect(m_menus, &AppMenus::problemOccurred, this, &MainWindow::showProblem);
    connect(m_menus, &AppMenus::statusMessage, this, [this](const QString &text) { showStatus(text); });
}

void MainWindow::updateWindowTitle()
{
    setWindowTitle(AppMenus::windowTitle(m_profile.name, m_client->isReadOnly(), m_menus->isSignedOut()));
}

// The token is revoked: nothing more can be asked; Connection ▸ Switch profile connects again.
void MainWindow::signedOut()
{
    m_stateLabel->setText(tr("Signed out"));
    m_stateLabel->setStyleSheet(QStringLiteral("QLabel { %1 }").arg(toneTextStyle(Tone::Muted)));
    m_pages->setEnabled(false);
    for (QAction *action : {m_refreshAction, m_quickOpenAction, m_auditLogAction, m_editAction, m_createTenantAction})
        action->setEnabled(false);
    m_banner->showMessage(tr("Signed out of %1: the token is revoked. Connection ▸ Switch profile… (Ctrl+Shift+P) connects again.")
                              .arg(m_profile.name));
    updateWindowTitle();
}

// Ctrl+1 for the first page, Ctrl+2 for the second, …; checked while the page is shown.
QAction *MainWindow::makePageAction(Page page, const QString &text, QActionGroup *group)
{
    auto *action = new QAction(text, this);
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + int(page))));
    action->setCheckable(true);
    connect(action, &QAction::triggered, this, [this, page] { showPage(page); });
    group->addAction(action);
    m_pageActions.at(std::size_t(page)) = action;
    return action;
}

void MainWindow::buildStatusBar(const QString &signedInAs)
{
    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("connectionState"));
    auto *server = new QLabel(m_profile.url.toString(), this);
    auto *profile = new QLabel(signedInAs.isEmpty() ? m_profile.name : tr("%1 · %2").arg(m_profile.name, signedInAs), this);
    m_readOnlyBadge = new QLabel(tr("read-only"), this);
    m_readOnlyBadge->setObjectName(QStringLiteral("readOnlyBadge"));
    m_readOnlyBadge->setStyleSheet(QStringLiteral("QLabel { %1 border-radius: 3px; padding: 0 6px; }").arg(toneBoxStyle(Tone::Warning)));
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
    if (m_menus && m_menus->isSignedOut())
        return; // answers still under way (401 now) must not turn "Signed out" back into something else
    QString text;
    QString color;
    switch (state) {
    case ApiClient::ConnectionState::Unknown: text = tr("Connecting…"); color = toneText(Tone::Muted).name(); break;
    case ApiClient::ConnectionState::Connected: text = tr("Connected"); color = toneText(Tone::Good).name(); break;
    case ApiClient::ConnectionState::Unreachable: text = tr("Server unreachable"); color = toneText(Tone::Bad).name(); break;
    case ApiClient::ConnectionState::Unauthorized:
        text = tr("Not authorized");
        color = toneText(Tone::Bad).name();
        m_banner->showMessage(tr("The server no longer accepts this token. Connection ▸ Switch profile… (Ctrl+Shift+P) signs in again."));
        break;
    }
    m_stateLabel->setText(text);
    m_stateLabel->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(color));
}

bool MainWindow::isOffline() const
{
    return m_listModel->isOffline();
}

QString MainWindow::offlineReason() const
{
    const auto fetched = m_local->directory()->fetchedAt();
    return fetched ? tr("offline: showing the tenant list as of %1; changes need the server")
                         .arg(QLocale().toString(fetched->toLocalTime().time(), QLocale::ShortFormat))
                   : tr("offline: the server cannot be reached; changes need the server");
}

void MainWindow::updateWriteActions()
{
    const bool readOnly = m_client->isReadOnly();
    const bool offline = isOffline();
    const bool haveTenant = m_detailModel->tenant().has_value();
    // Offline nothing could reach the server anyway; saying why beats a request that times out.
    const QString why = readOnly ? tr("This connection profile is read-only.") : offline ? offlineReason() : QString();
    m_auditLogAction->setEnabled(haveTenant); // reading is allowed on read-only profiles
    for (QAction *action : std::as_const(m_writeActions)) {
        action->setEnabled(why.isEmpty() && (haveTenant || !m_tenantWriteActions.contains(action)));
        action->setToolTip(why);
    }
    m_readOnlyBadge->setText(readOnly ? tr("read-only") : tr("offline"));
    m_readOnlyBadge->setToolTip(why);
    m_readOnlyBadge->setVisible(!why.isEmpty());
    updateWindowTitle();
    m_configView->setReadOnly(!why.isEmpty(), why);
    m_tenantFlagsView->setReadOnly(!why.isEmpty(), why);
    m_flagsView->setReadOnly(!why.isEmpty(), why);
    m_isolationView->setReadOnly(!why.isEmpty());
}

CreateTenantDialog *MainWindow::openCreateTenant()
{
    // The regions the console has seen, the home region first; the server has the last word.
    QStringList regions{QStringLiteral("us-east")};
    for (const Tenant &t : m_local->directory()->search(QString(), 100000))
        if (!t.region.isEmpty() && !regions.contains(t.region))
            regions << t.region;
    for (int r = 0; r < m_listModel->rowCount(); ++r)
        if (const QString region = m_listModel->tenantAt(r).region; !region.isEmpty() && !regions.contains(region))
            regions << region;
    auto *dialog = new CreateTenantDialog(regions, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CreateTenantDialog::createRequested, this, [this, dialog] { confirmCreateTenant(dialog); });
    dialog->open();
    return dialog;
}

void MainWindow::confirmCreateTenant(CreateTenantDialog *dialog)
{
    if (m_client->isReadOnly() || isOffline())
        return;
    const NewTenant n = dialog->newTenant();
    ChangeRequest change;
    change.title = tr("Create tenant");
    change.tenant = tenantLabel(n.name, n.slug);
    change.what = tr("Create %1 on the %2 plan?").arg(n.name, toString(n.plan));
    change.before = tr("(no tenant)");
    change.after = tr("%1 · %2 · %3 · %4").arg(n.slug.isEmpty() ? tr("slug from the name") : n.slug, toString(n.plan),
                                               CreateTenantDialog::isolationLabel(n.isolation), n.region);
    change.details = tr("Isolation: %1 in %2. First admin: %3.").arg(CreateTenantDialog::isolationLabel(n.isolation), n.region, n.adminEmail);
    change.confirmText = tr("Create");
    const auto reason = ConfirmDialog::confirm(this, change);
    if (!reason)
        return;
    dialog->setBusy(true);
    QPointer<CreateTenantDialog> guard(dialog);
    m_client->createTenant(n, *reason, this, [this, guard](const ApiResult<Tenant> &result) {
        if (!result) {
            if (guard)
                guard->showProblem(result.problem());
            else
                showProblem(result.problem());
            return;
        }
        const Tenant &t = result.value();
        m_local->directory()->upsert(t);
        showStatus(tr("Created %1.").arg(tenantLabel(t.name, t.slug)));
        if (guard)
            guard->accept();
        // The list shows the new tenant (searched by its slug) and it becomes the current one.
        {
            const QSignalBlocker block(m_browser->searchEdit());
            m_browser->searchEdit()->setText(t.slug);
        }
        m_listModel->setSearch(t.slug);
        // The search holds the new tenant: its first page must not clear the details of the one
        // still shown while the new one loads (that would cancel the load).
        m_queryChanged = false;
        showPage(Page::Tenants);
        pickTenant(idToString(t.id));
    });
}

void MainWindow::showStatus(const QString &text, std::chrono::milliseconds timeout)
{
    statusBar()->showMessage(text, int(timeout.count()));
}

void MainWindow::showProblem(const Problem &problem)
{
    m_banner->showProblem(problem);
    showStatus(problem.toDisplayString(), std::chrono::seconds(10));
}

void MainWindow::start()
{
    m_listModel->refresh();
    m_local->sync()->start(); // the whole directory, in the background, for quick-open and offline use
}

void MainWindow::openJournal()
{
    m_journalModel->reload();
    auto *dialog = new JournalDialog(m_journalModel, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showOffline(bool offline)
{
    if (!offline) {
        m_banner->dismiss();
        return;
    }
    const auto age = m_local->directory()->age();
    m_banner->showMessage(tr("Offline — the server is unreachable. Showing the last known list from %1 ago (%2), read-only; "
                             "F5 tries again.")
                              .arg(age ? DirectoryCache::describeAge(*age) : tr("an unknown time"),
                                   format::tenantCount(m_local->directory()->count())));
}

QuickOpenDialog *MainWindow::quickOpenDialog()
{
    auto *dialog = new QuickOpenDialog(m_quickOpenModel, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // Start from the unfiltered list each time (the cache at once, then one request).
    if (!m_quickOpenModel->search().isEmpty())
        m_quickOpenModel->setSearch(QString());
    else
        m_quickOpenModel->refresh();
    return dialog;
}

void MainWindow::openQuickOpen()
{
    QuickOpenDialog *dialog = quickOpenDialog();
    connect(dialog, &QuickOpenDialog::tenantChosen, this, &MainWindow::openTenant);
    dialog->open();
}

void MainWindow::chooseAuditTenant()
{
    QuickOpenDialog *dialog = quickOpenDialog();
    connect(dialog, &QuickOpenDialog::tenantChosen, this, [this](const QString &id) {
        // The name follows with the first page; until then the chain is named by the id.
        QString name;
        for (int r = 0; r < m_quickOpenModel->rowCount(); ++r)
            if (m_quickOpenModel->index(r, 0).data(QuickOpenModel::IdRole).toString() == id)
                name = m_quickOpenModel->index(r, QuickOpenModel::NameColumn).data().toString();
        openAudit(id, name);
    });
    dialog->open();
}

void MainWindow::openTenant(const QString &id)
{
    showPage(Page::Tenants);
    pickTenant(id);
}

void MainWindow::pickTenant(const QString &id)
{
    if (id.isEmpty() || id == m_detailModel->currentKey())
        return;
    if (!mayLeaveTenant(id)) {
        syncBrowserSelection(); // back to the tenant that stays
        return;
    }
    m_detailModel->load(id);
}

bool MainWindow::mayLeaveTenant(const QString &nextId)
{
    const auto &t = m_detailModel->tenant();
    if (!t || idToString(t->id) == nextId || !m_configView->hasUnsavedEdit())
        return true;
    const QString what = tr("%1 has an unsaved edit of %2. Save it before leaving the tenant?")
                             .arg(tenantLabel(t->name, t->slug), m_configView->currentKey());
    switch (ConfirmDialog::askUnsaved(this, what)) {
    case ConfirmDialog::Unsaved::Save: return m_configView->save(); // not confirmed: stay
    case ConfirmDialog::Unsaved::Discard: return true;
    case ConfirmDialog::Unsaved::Cancel: return false;
    }
    return false;
}

void MainWindow::syncBrowserSelection()
{
    const auto &t = m_detailModel->tenant();
    const int row = t ? m_listModel->rowOf(t->id) : -1;
    if (row < 0)
        m_browser->clearSelection();
    else if (m_browser->currentTenantId() != idToString(t->id))
        m_browser->selectRow(row);
}

void MainWindow::listPageLoaded(int firstRow, int count)
{
    // Show something useful at once: the first tenant of the first page, unless one is chosen.
    if (!m_firstPageSelected && firstRow == 0 && count > 0 && m_detailModel->currentKey().isEmpty()) {
        m_firstPageSelected = true;
        m_browser->selectRow(0);
        return;
    }
    const auto &t = m_detailModel->tenant();
    if (!t)
        return;
    const int row = m_listModel->rowOf(t->id);
    if (firstRow == 0 && std::exchange(m_queryChanged, false) && row < 0) {
        // A filter or search hides the tenant shown: the details go with it, so nothing shows a
        // tenant the list does not.
        m_detailModel->clear();
        return;
    }
    if (row >= firstRow && row < firstRow + count)
        syncBrowserSelection();
}

void MainWindow::openTenantUsage(const QString &id, const QString &metric)
{
    m_usagePanel->setMetric(metric);
    showTenantTab(TenantTab::Usage);
    openTenant(id);
}

void MainWindow::openAudit(const QString &chain, const QString &name)
{
    showPage(Page::Audit);
    m_auditView->showChain(chain, name);
}

void MainWindow::tenantShown()
{
    const auto &t = m_detailModel->tenant();
    m_tenantHeader->setText(t ? tr("<b>%1</b> &nbsp;·&nbsp; %2 &nbsp;·&nbsp; %3 &nbsp;·&nbsp; %4 plan")
                                    .arg(t->name.toHtmlEscaped(), t->slug.toHtmlEscaped(), toString(t->state), toString(t->plan))
                              : toneSpan(Tone::Muted, tr("No tenant selected")));
    syncBrowserSelection();
    if (t) {
        m_usagePanel->setTenant(idToString(t->id), t->name);
        m_auditView->setSelectedTenant(idToString(t->id), t->name);
    } else {
        m_usagePanel->clear();
    }
}

void MainWindow::refreshCurrentPage()
{
    m_banner->dismiss();
    switch (currentPage()) {
    case Page::Isolation: m_isolationView->rerun(); return;
    case Page::Audit:
        m_auditModel->refresh();
        m_auditView->verify();
        return;
    case Page::Fleet: m_fleetView->reload(); return;
    case Page::Flags: m_flagsView->reload(); return;
    case Page::Tenants: break;
    }
    if (m_tenantTabs->currentWidget() == m_usagePanel)
        m_usagePanel->reload();
    m_listModel->refresh();
    if (!m_detailModel->currentKey().isEmpty())
        m_detailModel->reload();
}

void MainWindow::showPage(Page page)
{
    m_pages->setCurrentIndex(int(page));
}

MainWindow::Page MainWindow::currentPage() const
{
    return Page(std::clamp(m_pages->currentIndex(), 0, kPageCount - 1));
}

void MainWindow::pushTenantToTabs()
{
    const auto &tenant = m_detailModel->tenant();
    if (!tenant) {
        m_configView->setTenant({});
        m_tenantFlagsView->setTenant({});
        return;
    }
    const QString label = tenantLabel(tenant->name, tenant->slug);
    if (m_tenantTabs->currentWidget() == m_configView)
        m_configView->setTenant(idToString(tenant->id), label);
    else if (m_tenantTabs->currentWidget() == m_tenantFlagsView)
        m_tenantFlagsView->setTenant(idToString(tenant->id), label);
}

void MainWindow::showTenantTab(TenantTab tab)
{
    m_tenantTabs->setCurrentIndex(int(tab));
}

void MainWindow::pageChanged()
{
    const Page page = currentPage();
    pageAction(page)->setChecked(true);
    m_refreshAction->setText(page == Page::Isolation ? tr("&Re-run verifier") : tr("&Refresh"));
    switch (page) {
    case Page::Flags:
        m_flagsView->ensureLoaded();
        break;
    case Page::Isolation:
        m_isolationView->ensureLoaded(); // the verifier runs only once someone looks
        m_isolationView->focusFindings();
        break;
    case Page::Audit:
        m_auditView->ensureLoaded();
        m_auditView->tableView()->setFocus(Qt::OtherFocusReason);
        break;
    case Page::Fleet:
        m_fleetView->ensureLoaded();
        m_fleetView->tableView()->setFocus(Qt::OtherFocusReason);
        break;
    case Page::Tenants:
        m_browser->tableView()->setFocus(Qt::OtherFocusReason);
        break;
    }
}

void MainWindow::editCurrentTenant()
{
    const auto &tenant = m_detailModel->tenant();
    if (!tenant)
        return;
    auto *dialog = new TenantEditDialog(*tenant, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, t = *tenant] {
        const TenantPatch patch = dialog->patch();
        if (!patch.plan) {
            confirmTenantPatch(t, patch, {});
            return;
        }
        // A plan change shows what the plan changes first (one computation at a time).
        auto connection = std::make_shared<QMetaObject::Connection>();
        *connection = connect(m_planImpact, &PlanImpact::ready, this, [this, t, patch, connection](const QString &impact) {
            disconnect(*connection);
            confirmTenantPatch(t, patch, impact);
        });
        m_planImpact->compute(toString(t.plan), toString(*patch.plan));
    });
    dialog->open();
}

void MainWindow::confirmTenantPatch(const Tenant &tenant, const TenantPatch &patch, const QString &impact)
{
    QStringList before, after;
    if (patch.name) {
        before << tr("name %1").arg(tenant.name);
        after << tr("name %1").arg(*patch.name);
    }
    if (patch.state) {
        before << tr("state %1").arg(toString(tenant.state));
        after << tr("state %1").arg(toString(*patch.state));
    }
    if (patch.plan) {
        before << tr("plan %1").arg(toString(tenant.plan));
        after << tr("plan %1").arg(toString(*patch.plan));
    }
    ChangeRequest change;
    change.title = tr("Edit tenant");
    change.tenant = tenantLabel(tenant.name, tenant.slug);
    change.slug = tenant.slug;
    change.what = patch.state == TenantState::Suspended ? tr("Suspend %1? Every user of this tenant is locked out.").arg(tenant.name)
                                                        : tr("Change %1?").arg(tenant.name);
    change.before = before.join(QStringLiteral(", "));
    change.after = after.join(QStringLiteral(", "));
    change.details = impact;
    change.confirmText = patch.state == TenantState::Suspended ? tr("Suspend") : tr("Save");
    change.irreversible = patch.state == TenantState::Suspended;
    const auto reason = ConfirmDialog::confirm(this, change);
    if (!reason)
        return;
    // The tenant may have changed while the dialog was open; the patch is for the one confirmed.
    if (!m_detailModel->tenant() || m_detailModel->tenant()->id != tenant.id)
        return;
    TenantPatch withReason = patch;
    withReason.reason = *reason;
    m_detailModel->patch(withReason);
}

void MainWindow::restoreLayout()
{
    if (!restoreGeometry(settings::value(settings::MainWindowGeometry)))
        resize(1480, 880);
    restoreState(settings::value(settings::MainWindowState));
    if (!m_splitter->restoreState(settings::value(settings::MainSplitterState)))
        m_splitter->setSizes({560, 900});
    m_configView->restoreLayout(settings::value(settings::ConfigViewLayout));
    m_browser->restoreHeaderState(settings::value(settings::TenantTableHeader));
    m_isolationView->restoreLayout(settings::value(settings::IsolationViewLayout));
    m_auditView->restoreLayout(settings::value(settings::AuditViewLayout));
    m_fleetView->restoreLayout(settings::value(settings::FleetViewLayout));
    m_tenantTabs->setCurrentIndex(std::clamp(settings::value(settings::TenantDetailTab), 0, int(TenantTab::Flags)));
    showPage(pageNamed(settings::value(settings::MainCurrentPage)));
}

void MainWindow::saveLayout() const
{
    settings::setValue(settings::MainWindowGeometry, saveGeometry());
    settings::setValue(settings::MainWindowState, saveState());
    settings::setValue(settings::MainSplitterState, m_splitter->saveState());
    settings::setValue(settings::TenantTableHeader, m_browser->saveHeaderState());
    settings::setValue(settings::IsolationViewLayout, m_isolationView->saveLayout());
    settings::setValue(settings::AuditViewLayout, m_auditView->saveLayout());
    settings::setValue(settings::FleetViewLayout, m_fleetView->saveLayout());
    settings::setValue(settings::ConfigViewLayout, m_configView->saveLayout());
    settings::setValue(settings::TenantDetailTab, m_tenantTabs->currentIndex());
    settings::setValue(settings::MainCurrentPage, pageName(currentPage()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

} // namespace portico
