// The console's main window, offscreen, against a real seeded server.
#include "app/connectioncontroller.h"
#include "app/mainwindow.h"
#include "app/screenshotdirector.h"
#include "models/alertsmodel.h"
#include "models/findingsmodel.h"
#include "models/formatting.h"
#include "models/quickopenmodel.h"
#include "models/tenantdetailmodel.h"
#include "models/tenantlistmodel.h"
#include "tests/support/await.h"
#include "tests/support/liveserver.h"
#include "views/isolationview.h"
#include "views/problembanner.h"
#include "views/quickopendialog.h"
#include "views/tenantbrowser.h"
#include "views/tenantdetailpanel.h"

#include <QAction>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QRegularExpression>
#include <QTest>

using namespace portico;
using namespace portico::test;

class TestMainWindow : public QObject
{
    Q_OBJECT
    LiveServer m_live;

    // Connects like the console does (token, /v1/me), then builds and starts the window.
    std::unique_ptr<MainWindow> openWindow(ApiClient &client, bool readOnly)
    {
        ConnectionController controller(&client, nullptr, nullptr);
        QSignalSpy connected(&controller, &ConnectionController::connected);
        ConnectionProfile profile;
        profile.name = QStringLiteral("test");
        profile.url = m_live.server->baseUrl();
        profile.readOnly = readOnly;
        controller.connectWithToken(profile, m_live.server->operatorToken(), {.rememberToken = false, .saveProfile = false});
        if (!connected.wait(20000))
            return nullptr;
        auto window = std::make_unique<MainWindow>(&client, profile, controller.me().displayName());
        window->show();
        window->start();
        return window;
    }

    static std::optional<Tenant> fetch(ApiClient &client, const QString &idOrSlug)
    {
        const auto r = await<Tenant>([&](QObject *ctx, auto done) { client.getTenant(idOrSlug, ctx, done); });
        return r && r->ok() ? std::optional<Tenant>(r->value()) : std::nullopt; // the caller checks the optional
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_live.start(), qPrintable(m_live.errorString())); }
    // Every page fits a 1024×700 screen: no page's minimum width forces the window wider (the
    // Audit page's one-row filters once made it 1,362 px at least).
    void fitsA1024Screen()
    {
        ApiClient client;
        auto w = openWindow(client, false);
        QVERIFY(w);
        QTRY_VERIFY_WITH_TIMEOUT(w->listModel()->hasLoaded(), 20000);
        w->resize(1024, 700);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QVERIFY2(w->minimumSizeHint().width() <= 1024, qPrintable(QString::number(w->minimumSizeHint().width())));
        QTRY_COMPARE(w->width(), 1024);
        for (QWidget *page : w->findChildren<QWidget *>(QRegularExpression(QStringLiteral("Page$"))))
            QVERIFY2(page->minimumSizeHint().width() <= 1024, qPrintable(page->objectName() + QLatin1Char(' ') + QString::number(page->minimumSizeHint().width())));
    }

    void connectShowsTenantsAndFirstDetails()
    {
        ApiClient client;
        auto w = openWindow(client, false);
        QVERIFY(w);
        QTRY_VERIFY_WITH_TIMEOUT(w->listModel()->hasLoaded(), 20000);
        QCOMPARE(w->connectionText(), QStringLiteral("Connected"));
        QTRY_COMPARE(w->browser()->totalText(), format::tenantCount(w->listModel()->total()));
        QVERIFY(w->browser()->totalText().endsWith(QStringLiteral(" tenants")));
        // The first tenant is selected and shown without a click.
        const QString firstSlug = w->listModel()->tenantAt(0).slug;
        QTRY_COMPARE_WITH_TIMEOUT(w->detailPanel()->valueText(QStringLiteral("slug")), firstSlug, 20000);
        QVERIFY(w->editAction()->isEnabled());
        QVERIFY(!w->findChild<QLabel *>(QStringLiteral("readOnlyBadge"))->isVisibleTo(w.get()));
    }

    void searchSelectShowsDetails()
    {
        ApiClient client;
        auto w = openWindow(client, false);
        QVERIFY(w);
        QTRY_VERIFY_WITH_TIMEOUT(w->listModel()->hasLoaded(), 20000);
        const Tenant target = w->listModel()->tenantAt(qMin(7, w->listModel()->rowCount() - 1));

        QLineEdit *search = w->browser()->searchEdit();
        search->setFocus();
        QTest::keyClicks(search, target.slug);
        // Debounced: one server search for the whole text.
        QTRY_COMPARE_WITH_TIMEOUT(w->listModel()->query().search, target.slug, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(w->listModel()->hasLoaded() && !w->listModel()->isLoading(), 20000);
        const int row = w->listModel()->rowOf(target.id);
        QVERIFY(row >= 0);
        QVERIFY(w->listModel()->total() < 300);

        w->browser()->selectRow(row);
        QCOMPARE(w->browser()->currentTenantId(), idToString(target.id));
        QTRY_COMPARE_WITH_TIMEOUT(w->detailPanel()->valueText(QStringLiteral("slug")), target.slug, 20000);

        const auto withStats = fetch(client, target.slug);
        QVERIFY(withStats && withStats->stats);
        QCOMPARE(w->detailPanel()->valueText(QStringLiteral("documents")), QLocale().toString(withStats->stats->documents));
        QCOMPARE(w->detailPanel()->valueText(QStringLiteral("members")), QLocale().toString(withStats->stats->members));
        QCOMPARE(w->detailPanel()->valueText(QStringLiteral("id")), idToString(target.id));
        QVERIFY(!w->detailPanel()->valueText(QStringLiteral("storage")).isEmpty());

        // Copy gives exactly the selected row under the shown headers.
        const QString copied = w->browser()->selectionAsText();
        const QStringList lines = copied.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines.at(0).startsWith(QStringLiteral("Name\tSlug\t")));
        QVERIFY(lines.at(1).contains(QLatin1Char('\t') + target.slug + QLatin1Char('\t')));
    }

    void readOnlyProfileRefusesPatch()
    {
        ApiClient client;
        auto w = openWindow(client, true);
        QVERIFY(w);
        QVERIFY(client.isReadOnly());
        QTRY_VERIFY_WITH_TIMEOUT(w->detailModel()->tenant().has_value(), 20000);
        const Tenant before = *w->detailModel()->tenant();
        QVERIFY(!w->editAction()->isEnabled()); // disabled centrally, though a tenant is shown
        QVERIFY(w->findChild<QLabel *>(QStringLiteral("readOnlyBadge"))->isVisibleTo(w.get()));

        // Even if something bypasses the disabled action, the client refuses.
        QSignalSpy problems(w->detailModel(), &TenantDetailModel::problemOccurred);
        TenantPatch patch;
        patch.name = QStringLiteral("renamed through a read-only profile");
        w->detailModel()->patch(patch);
        QTRY_COMPARE(problems.count(), 1);
        QCOMPARE(w->detailModel()->lastProblem().status, 403);
        QVERIFY(w->banner()->isVisibleTo(w.get()));
        QVERIFY(w->banner()->text().contains(QStringLiteral("read-only")));
        const auto after = fetch(client, idToString(before.id));
        QVERIFY(after);
        QCOMPARE(after->name, before.name);
    }

    void quickOpenOpensTenant()
    {
        ApiClient client;
        auto w = openWindow(client, false);
        QVERIFY(w);
        QTRY_VERIFY_WITH_TIMEOUT(w->listModel()->rowCount() > 20, 20000);
        const Tenant target = w->listModel()->tenantAt(20);

        QuickOpenModel model(&client, nullptr);
        QuickOpenDialog dialog(&model);
        QSignalSpy chosen(&dialog, &QuickOpenDialog::tenantChosen);
        dialog.show();
        model.refresh();
        QTest::keyClicks(dialog.searchEdit(), target.slug);
        QTRY_COMPARE_WITH_TIMEOUT(model.search(), target.slug, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(model.source() == QuickOpenModel::Source::Server && !model.isWaitingForServer() && model.rowOf(target.id) >= 0,
                                 20000);
        dialog.resultView()->selectRow(model.rowOf(target.id));
        QTest::keyClick(dialog.searchEdit(), Qt::Key_Return);
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).toString(), idToString(target.id));
    }

    void isolationPageByKeyboard()
    {
        ApiClient client;
        auto w = openWindow(client, false);
        QVERIFY(w);
        w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        QTRY_VERIFY_WITH_TIMEOUT(w->listModel()->hasLoaded() && !w->listModel()->isLoading(), 20000);
        QCOMPARE(w->currentPage(), MainWindow::Page::Tenants);
        QCOMPARE(w->pages()->tabText(1), QStringLiteral("Isolation health"));
        // The verifier runs only once someone looks.
        QVERIFY(!w->findingsModel()->isRunning());
        QVERIFY(!w->findingsModel()->report());

        // F5 on the tenants page reloads the tenants, not the verifier.
        w->browser()->tableView()->setFocus();
        QTRY_VERIFY(w->browser()->tableView()->hasFocus());
        QTest::keyClick(w->browser()->tableView(), Qt::Key_F5);
        QVERIFY(w->listModel()->isLoading());
        QVERIFY(!w->findingsModel()->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!w->listModel()->isLoading(), 20000);

        QTest::keyClick(w.get(), Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(w->currentPage(), MainWindow::Page::Isolation);
        QVERIFY(w->showIsolationAction()->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(w->isolationView()->isSettled(), 20000);
        QCOMPARE(w->isolationView()->verdict(), IsolationView::Verdict::Holds);
        QVERIFY(w->alertsModel()->hasLoaded());

        // F5 here re-runs the verifier (and reloads alerts), not the tenant list.
        QTRY_VERIFY(w->isolationView()->isAncestorOf(QApplication::focusWidget()));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_F5);
        QVERIFY(w->findingsModel()->isRunning());
        QVERIFY(!w->listModel()->isLoading());
        QTRY_VERIFY_WITH_TIMEOUT(w->isolationView()->isSettled(), 20000);

        QTest::keyClick(w.get(), Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(w->currentPage(), MainWindow::Page::Tenants);
        QVERIFY(w->showTenantsAction()->isChecked());
    }

    void currentPageIsRestored()
    {
        ApiClient client;
        {
            auto w = openWindow(client, false);
            QVERIFY(w);
            w->showPage(MainWindow::Page::Isolation);
            w->close(); // saves the layout
        }
        auto w = openWindow(client, false);
        QVERIFY(w);
        QCOMPARE(w->currentPage(), MainWindow::Page::Isolation);
        QTRY_VERIFY_WITH_TIMEOUT(w->isolationView()->isSettled(), 20000); // and it loads at once
        w->showPage(MainWindow::Page::Tenants);
        w->close();
        auto again = openWindow(client, false);
        QVERIFY(again);
        QCOMPARE(again->currentPage(), MainWindow::Page::Tenants);
    }

    void alertOpensItsTenant()
    {
        ApiClient client;
        auto w = openWindow(client, false);
        QVERIFY(w);
        QTRY_VERIFY_WITH_TIMEOUT(w->listModel()->rowCount() > 5, 20000);
        const Tenant target = w->listModel()->tenantAt(5);
        w->showPage(MainWindow::Page::Isolation);
        Q_EMIT w->isolationView()->tenantActivated(idToString(target.id));
        QCOMPARE(w->currentPage(), MainWindow::Page::Tenants);
        QTRY_COMPARE_WITH_TIMEOUT(w->detailPanel()->valueText(QStringLiteral("slug")), target.slug, 20000);
    }

    void screenshotOfIsolationPage()
    {
        ApiClient client;
        auto w = openWindow(client, false);
        QVERIFY(w);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("isolation.png"));
        ScreenshotDirector director(w.get());
        QSignalSpy taken(&director, &ScreenshotDirector::screenshotTaken);
        director.armScreenshot(path, MainWindow::Page::Isolation, std::chrono::seconds(30));
        QCOMPARE(w->currentPage(), MainWindow::Page::Isolation);
        QTRY_COMPARE_WITH_TIMEOUT(taken.count(), 1, 30000);
        QVERIFY(taken.at(0).at(1).toBool());
        QVERIFY(w->isolationView()->isSettled());
        QVERIFY(w->findingsModel()->report().has_value());
        QVERIFY(w->alertsModel()->hasLoaded());
        const QImage image(path);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), w->size());
    }

    void screenshotAfterData()
    {
        ApiClient client;
        auto w = openWindow(client, false);
        QVERIFY(w);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("console.png"));
        w->showPage(MainWindow::Page::Isolation); // --screenshot shows the tenants whatever page was current
        ScreenshotDirector director(w.get());
        QSignalSpy taken(&director, &ScreenshotDirector::screenshotTaken);
        director.armScreenshot(path, MainWindow::Page::Tenants, std::chrono::seconds(30));
        QCOMPARE(w->currentPage(), MainWindow::Page::Tenants);
        QTRY_COMPARE_WITH_TIMEOUT(taken.count(), 1, 30000);
        QVERIFY(taken.at(0).at(1).toBool());
        QVERIFY(w->detailPanel()->hasTenant());
        const QImage image(path);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), w->size());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_app_mainwindow.moc"
