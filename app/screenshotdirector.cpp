#include "app/screenshotdirector.h"
#include "models/configtreemodel.h"
#include "models/flagmodels.h"
#include "models/fleetusagemodel.h"
#include "models/tenantdetailmodel.h"
#include "models/tenantlistmodel.h"
#include "views/auditview.h"
#include "views/flagsview.h"
#include "views/fleetusageview.h"
#include "views/isolationview.h"
#include "views/journaldialog.h"
#include "views/tenantbrowser.h"
#include "views/tenantconfigview.h"
#include "views/tenantdetailpanel.h"
#include "views/tenantusagepanel.h"

#include <QComboBox>
#include <QPixmap>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>

namespace portico {

namespace {
// What the pictures show of the demo seed (server/demo): a flag with a rollout and overrides, a key
// with a tenant value, its editor and its history, and the enterprise plan's tenants.
const QLatin1String kFlagShown("new-dashboard");
const QLatin1String kConfigKeyShown("security.session.idle_timeout");
const QLatin1String kPlanShown("enterprise");
} // namespace

ScreenshotDirector::ScreenshotDirector(MainWindow *window) : QObject(window), m_window(window)
{
    // Connected after the window's own wiring, so each check sees what the window made of the news.
    const auto check = [this] { maybeTakeScreenshot(); };
    connect(window->detailModel(), &TenantDetailModel::tenantChanged, this, check);
    connect(window->listModel(), &TenantListModel::pageLoaded, this, check);
    connect(window->listModel(), &TenantListModel::offlineChanged, this, check);
    connect(window->isolationView(), &IsolationView::settled, this, check);
    connect(window->usagePanel(), &TenantUsagePanel::settled, this, check);
    connect(window->tenantTabs(), &QTabWidget::currentChanged, this, check);
    connect(window->auditView(), &AuditView::settled, this, check);
    connect(window->fleetView(), &FleetUsageView::settled, this, check);
    connect(window->configView()->model(), &ConfigTreeModel::loaded, this, check);
    connect(window->flagsView(), &FlagsView::settled, this, check);
    connect(window->pages(), &QTabWidget::currentChanged, this, check);
}

void ScreenshotDirector::arm(const QString &path, const QString &shot)
{
    if (shot == QLatin1String("usage"))
        armUsageScreenshot(path);
    else if (shot == QLatin1String("config"))
        armConfigScreenshot(path);
    else if (shot == QLatin1String("journal"))
        armJournalScreenshot(path);
    else
        armScreenshot(path, MainWindow::pageNamed(shot));
}

void ScreenshotDirector::armScreenshot(const QString &path, MainWindow::Page page, std::chrono::milliseconds timeout)
{
    armShot(path, page, Shot::Page, timeout);
}

void ScreenshotDirector::armUsageScreenshot(const QString &path, std::chrono::milliseconds timeout)
{
    if (QComboBox *plan = m_window->browser()->filterCombo(TenantListModel::Filter::Plan))
        plan->setCurrentIndex(std::max(0, plan->findData(kPlanShown)));
    TenantUsagePanel *usage = m_window->usagePanel();
    usage->setMetric(QStringLiteral("requests"));
    usage->setRange(TenantUsagePanel::Range::ThisMonth); // the month view: usage against the quota, projected
    usage->setStep(QString());
    m_window->showTenantTab(MainWindow::TenantTab::Usage);
    m_window->splitter()->setSizes({720, 760}); // room for the chart
    armShot(path, MainWindow::Page::Tenants, Shot::Usage, timeout);
}

void ScreenshotDirector::armConfigScreenshot(const QString &path, std::chrono::milliseconds timeout)
{
    m_window->showTenantTab(MainWindow::TenantTab::Configuration);
    m_window->splitter()->setSizes({520, 960}); // room for the layer columns
    armShot(path, MainWindow::Page::Tenants, Shot::Config, timeout);
}

void ScreenshotDirector::armJournalScreenshot(const QString &path)
{
    m_window->journalAction()->trigger();
    // The dialog reads the local journal synchronously; one turn for its layout, then grab it.
    QTimer::singleShot(300, this, [this, path] {
        auto *dialog = m_window->findChild<JournalDialog *>();
        const bool ok = dialog && dialog->grab().save(path, "PNG");
        Q_EMIT screenshotTaken(path, ok);
    });
}

void ScreenshotDirector::armShot(const QString &path, MainWindow::Page page, Shot shot, std::chrono::milliseconds timeout)
{
    m_path = path;
    m_page = page;
    m_shot = shot;
    m_window->showPage(page);
    if (page == MainWindow::Page::Fleet) // the tenants near or over quota first: what the highlight is for
        m_window->fleetView()->tableView()->sortByColumn(FleetUsageModel::QuotaColumn, Qt::DescendingOrder);
    QTimer::singleShot(timeout, this, [this] {
        if (m_path.isEmpty())
            return;
        const QString pending = m_path;
        m_path.clear();
        qWarning("screenshot: gave up waiting for data after the timeout");
        Q_EMIT screenshotTaken(pending, false);
    });
    maybeTakeScreenshot(); // the data may already be on screen
}

bool ScreenshotDirector::isReady()
{
    const MainWindow *w = m_window;
    switch (m_page) {
    case MainWindow::Page::Isolation: return w->isolationView()->isSettled();
    case MainWindow::Page::Audit: return w->auditView()->isSettled();
    case MainWindow::Page::Fleet: return w->fleetView()->isSettled();
    case MainWindow::Page::Flags: {
        FlagsView *flags = w->flagsView();
        if (!flags->isSettled())
            return false;
        if (flags->currentKey() != kFlagShown && flags->model()->rowOf(kFlagShown) >= 0) {
            flags->selectFlag(kFlagShown);
            return false;
        }
        return true;
    }
    case MainWindow::Page::Tenants: break;
    }
    if (m_shot == Shot::Usage) {
        const TenantUsagePanel *usage = w->usagePanel();
        return w->listModel()->hasLoaded() && w->detailPanel()->hasTenant() && w->tenantTabs()->currentWidget() == usage
               && usage->isSettled() && usage->tenantId() == idToString(w->detailModel()->tenant()->id);
    }
    if (m_shot == Shot::Config) {
        TenantConfigView *config = w->configView();
        if (!config->model()->hasLoaded())
            return false;
        if (config->currentKey().isEmpty()) {
            config->selectKey(kConfigKeyShown);
            return !config->currentKey().isEmpty();
        }
        return true;
    }
    // An empty server has no first tenant to wait for; offline, the last known list is the picture.
    if (w->listModel()->isOffline())
        return true;
    return w->listModel()->hasLoaded() && (w->listModel()->rowCount() == 0 || w->detailPanel()->hasTenant());
}

void ScreenshotDirector::maybeTakeScreenshot()
{
    if (m_path.isEmpty() || m_window->currentPage() != m_page || !isReady())
        return;
    const QString path = m_path;
    m_path.clear();
    // One event-loop turn so layouts and the status bar reflect the data before we grab.
    QTimer::singleShot(50, this, [this, path] {
        const bool ok = m_window->grab().save(path, "PNG");
        if (!ok)
            qWarning("screenshot: cannot write %s", qUtf8Printable(path));
        Q_EMIT screenshotTaken(path, ok);
    });
}

} // namespace portico
