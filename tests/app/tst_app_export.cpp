// File ▸ Export CSV, offscreen against a real seeded server: one action that exports the table of
// the page showing (a page's view offers exportCsv()), every matching tenant with its id, the
// audit entries with their hashes, a cancel that writes nothing, and the empty chain's banner.
#include "app/connectioncontroller.h"
#include "app/mainwindow.h"
#include "models/csvexport.h"
#include "models/formatting.h"
#include "models/tenantlistmodel.h"
#include "tests/support/await.h"
#include "tests/support/csvreader.h"
#include "tests/support/liveserver.h"
#include "views/auditview.h"
#include "views/fleetusageview.h"
#include "views/tenantbrowser.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QFileDialog>
#include <QLineEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace portico;
using namespace portico::test;

class TestAppExport : public QObject
{
    Q_OBJECT
    LiveServer m_live;
    QTemporaryDir m_dir;

    std::unique_ptr<MainWindow> openWindow(ApiClient &client)
    {
        ConnectionController controller(&client, nullptr, nullptr);
        QSignalSpy connected(&controller, &ConnectionController::connected);
        ConnectionProfile profile;
        profile.name = QStringLiteral("test");
        profile.url = m_live.server->baseUrl();
        controller.connectWithToken(profile, m_live.server->operatorToken(), {.rememberToken = false, .saveProfile = false});
        if (!connected.wait(20000))
            return nullptr;
        auto window = std::make_unique<MainWindow>(&client, profile, controller.me().displayName());
        window->show();
        window->start();
        return window;
    }

    static QAction *exportAction(MainWindow &w) { return w.findChild<QAction *>(QStringLiteral("exportCsvAction")); }

    // Answers the save dialog that the action opens with `path` (as an operator would).
    static void answerSaveDialog(const QString &path)
    {
        auto *timer = new QTimer;
        timer->setInterval(20);
        QObject::connect(timer, &QTimer::timeout, timer, [timer, path] {
            auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            timer->stop();
            timer->deleteLater();
            // The name field is what accept() reads; a full path there is what an operator may type.
            auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
            if (name)
                name->setText(path);
            else
                dialog->selectFile(path);
            static_cast<QDialog *>(dialog)->accept(); // QFileDialog::accept is protected; QDialog::accept is not
        });
        timer->start();
    }

    static QList<QStringList> readFile(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? readCsv(f.readAll()) : QList<QStringList>();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_live.start(), qPrintable(m_live.errorString()));
    }

    // One action; it is enabled exactly on the pages whose view offers exportCsv().
    void actionFollowsThePage()
    {
        ApiClient client;
        auto w = openWindow(client);
        QVERIFY(w);
        QAction *action = exportAction(*w);
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
        const auto offers = [](QObject *view) { return view->metaObject()->indexOfMethod("exportCsv()") >= 0; };
        w->showPage(MainWindow::Page::Tenants);
        QVERIFY(action->isEnabled());
        w->showPage(MainWindow::Page::Audit);
        QVERIFY(action->isEnabled());
        w->showPage(MainWindow::Page::Isolation);
        QVERIFY(!action->isEnabled());
        QCOMPARE(action->toolTip(), QStringLiteral("There is nothing to export on this page."));
        w->showPage(MainWindow::Page::Flags);
        QVERIFY(!action->isEnabled());
        // The Fleet page exports once its view has the slot (and never the tenants instead).
        w->showPage(MainWindow::Page::Fleet);
        QCOMPARE(action->isEnabled(), offers(w->fleetView()));
        w->showPage(MainWindow::Page::Tenants);
        QVERIFY(action->isEnabled());
    }

    void tenantsPageExportsEveryMatchingTenant()
    {
        ApiClient client;
        auto w = openWindow(client);
        QVERIFY(w);
        QTRY_VERIFY_WITH_TIMEOUT(w->listModel()->hasLoaded() && !w->listModel()->isLoading(), kAnswerTimeoutMs);
        w->showPage(MainWindow::Page::Tenants);
        const qint64 total = w->listModel()->total();
        QVERIFY(total > w->listModel()->rowCount()); // more than the rows loaded: the old bug
        QSignalSpy done(w->browser(), &TenantBrowser::exportFinished);
        const QString path = m_dir.filePath(QStringLiteral("tenants.csv"));
        answerSaveDialog(path);
        exportAction(*w)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, kAnswerTimeoutMs * 3);
        QCOMPARE(done.first().first().toString(), QStringLiteral("Exported %1 to %2.").arg(format::tenantCount(total), path));
        QCOMPARE(w->statusBar()->currentMessage(), done.first().first().toString());
        const QList<QStringList> rows = readFile(path);
        QCOMPARE(qint64(rows.size()), total + 1);
        QStringList header{QStringLiteral("ID")};
        for (int c : w->browser()->shownColumns())
            header << w->listModel()->headerData(c, Qt::Horizontal).toString();
        QCOMPARE(rows.first(), header);
        QSet<QString> ids;
        for (qsizetype r = 1; r < rows.size(); ++r)
            ids.insert(rows.at(r).first());
        QCOMPARE(qint64(ids.size()), total);
        QTRY_VERIFY(!w->browser()->exportProgress());
    }

    void cancelInTheProgressDialogWritesNothing()
    {
        ApiClient client;
        auto w = openWindow(client);
        QVERIFY(w);
        w->browser()->exporter()->setPageSize(1); // hundreds of pages: time to cancel
        QSignalSpy done(w->browser(), &TenantBrowser::exportFinished);
        QSignalSpy progress(w->browser()->exporter(), &CsvExport::progress);
        const QString path = m_dir.filePath(QStringLiteral("cancelled.csv"));
        w->browser()->exportTo(path);
        QProgressDialog *dialog = w->browser()->exportProgress();
        QVERIFY(dialog);
        QVERIFY(progress.wait(kAnswerTimeoutMs));
        QTRY_VERIFY(dialog->isVisible());
        auto *cancel = dialog->findChild<QPushButton *>();
        QVERIFY(cancel);
        cancel->click();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, kAnswerTimeoutMs);
        QCOMPARE(done.first().first().toString(), QStringLiteral("Export cancelled: nothing was written."));
        QCOMPARE(w->browser()->exporter()->state(), CsvExport::State::Cancelled);
        QTRY_COMPARE_WITH_TIMEOUT(client.pendingRequests(), 0, kAnswerTimeoutMs);
        QVERIFY(!QFile::exists(path));
    }

    void auditPageExportsEntriesWithHashes()
    {
        const auto tenant = m_live.makeTenant(QStringLiteral("App Export Audit"));
        QVERIFY2(tenant.error.isEmpty(), qPrintable(tenant.error));
        ApiClient client;
        auto w = openWindow(client);
        QVERIFY(w);
        w->openAudit(tenant.id, QStringLiteral("App Export Audit"));
        QTRY_VERIFY_WITH_TIMEOUT(w->auditView()->isSettled(), kAnswerTimeoutMs);
        QSignalSpy done(w->auditView(), &AuditView::exportFinished);
        const QString path = m_dir.filePath(QStringLiteral("audit.csv"));
        answerSaveDialog(path);
        exportAction(*w)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, kAnswerTimeoutMs);
        QCOMPARE(done.first().first().toString(), QStringLiteral("Exported 3 audit entries to %1.").arg(path));
        const QList<QStringList> rows = readFile(path);
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows.first(), AuditCsvExport::header());
        QCOMPARE(rows.at(1).first(), QStringLiteral("3"));
        QCOMPARE(rows.at(3).at(AuditCsvExport::header().indexOf(QStringLiteral("prev_hash"))), QString(64, QLatin1Char('0'))); // genesis
        QCOMPARE(rows.at(2).at(AuditCsvExport::header().indexOf(QStringLiteral("prev_hash"))),
                 rows.at(3).at(AuditCsvExport::header().indexOf(QStringLiteral("hash"))));
    }

    // An empty chain is not a green check: the banner is neutral and says there is nothing to verify.
    void emptyChainSaysNothingToVerify()
    {
        ApiClient client;
        auto w = openWindow(client);
        QVERIFY(w);
        w->openAudit(QUuid::createUuid().toString(QUuid::WithoutBraces), QStringLiteral("Nobody"));
        QTRY_VERIFY_WITH_TIMEOUT(w->auditView()->isSettled(), kAnswerTimeoutMs);
        QCOMPARE(w->auditView()->verdict(), AuditView::Verdict::Empty);
        QVERIFY2(w->auditView()->verdictText().startsWith(QStringLiteral("Nothing to verify yet: the chain of Nobody has no entries")),
                 qPrintable(w->auditView()->verdictText()));
        QVERIFY(!w->auditView()->verdictText().contains(QStringLiteral("✔")));
        QVERIFY(!w->auditView()->verdictText().contains(QStringLiteral("holds")));

        const auto tenant = m_live.makeTenant(QStringLiteral("App Export Holds"));
        QVERIFY2(tenant.error.isEmpty(), qPrintable(tenant.error));
        w->openAudit(tenant.id, QStringLiteral("App Export Holds"));
        QTRY_VERIFY_WITH_TIMEOUT(w->auditView()->isSettled() && w->auditView()->chain() == tenant.id, kAnswerTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(w->auditView()->verdict(), AuditView::Verdict::Holds, kAnswerTimeoutMs);
    }
};

QTEST_MAIN(TestAppExport)
#include "tst_app_export.moc"
