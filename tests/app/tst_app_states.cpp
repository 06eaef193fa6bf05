// The Tenant menu's lifecycle and the console's offline mode, offscreen against a real server:
// Create tenant… in every isolation model ends with the tenant listed and current and its reason in
// the audit log; a slug the server refuses is explained on the slug field; the lifecycle actions
// the server does not have yet are present, disabled and say what they will do; a profile whose
// server cannot be reached opens offline from the connection dialog on its cached list, with every
// write disabled and saying why.
#include "app/connectioncontroller.h"
#include "app/localworkspace.h"
#include "app/mainwindow.h"
#include "tests/support/await.h"
#include "tests/support/liveserver.h"
#include "models/directorycache.h"
#include "models/directorysync.h"
#include "models/tenantdetailmodel.h"
#include "models/tenantlistmodel.h"
#include "views/confirmdialog.h"
#include "views/connectiondialog.h"
#include "views/createtenantdialog.h"
#include "views/tenantconfigview.h"
#include "models/configusersmodel.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QCompleter>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace portico;
using namespace portico::test;

class TestStates : public QObject
{
    Q_OBJECT
    LiveServer m_live;

    std::unique_ptr<MainWindow> openWindow(ApiClient &client, const QString &profileName)
    {
        ConnectionController controller(&client, nullptr, nullptr);
        QSignalSpy connected(&controller, &ConnectionController::connected);
        ConnectionProfile profile;
        profile.name = profileName;
        profile.url = m_live.server->baseUrl();
        controller.connectWithToken(profile, m_live.server->operatorToken(), {.rememberToken = false, .saveProfile = false});
        if (!connected.wait(20000))
            return nullptr;
        auto window = std::make_unique<MainWindow>(&client, profile, controller.me().displayName());
        window->resize(1480, 880);
        window->show();
        window->start();
        return window;
    }

    QJsonObject lastAudit(const QString &tenant, const QString &action) const
    {
        HttpTestClient op(m_live.server->baseUrl(), m_live.server->operatorToken());
        const auto page = op.get(QStringLiteral("/v1/audit?tenant=%1&action=%2&limit=1").arg(tenant, action));
        return page.json().value(QStringLiteral("items")).toArray().first().toObject();
    }

    static void fill(CreateTenantDialog *d, const QString &name, IsolationModel model, const QString &slug = {})
    {
        d->nameEdit()->setText(name);
        if (!slug.isEmpty()) {
            d->slugEdit()->setText(slug);
            Q_EMIT d->slugEdit()->textEdited(slug);
        }
        d->adminEmailEdit()->setText(QStringLiteral("admin@states.example"));
        d->isolationCombo()->setCurrentIndex(d->isolationCombo()->findData(toString(model)));
        d->planCombo()->setCurrentText(QStringLiteral("pro"));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_live.start(LiveServer::Seed::None), qPrintable(m_live.errorString())); }

    void createTenantInEachModel_data()
    {
        QTest::addColumn<QString>("modelName");
        QTest::newRow("shared") << QStringLiteral("shared");
        QTest::newRow("schema") << QStringLiteral("schema");
        QTest::newRow("database") << QStringLiteral("database");
    }
    void createTenantInEachModel()
    {
        QFETCH(QString, modelName);
        const IsolationModel model = *parseIsolationModel(modelName);
        auto client = m_live.newClient();
        auto w = openWindow(*client, QStringLiteral("states create"));
        QVERIFY(w);
        QTRY_VERIFY_WITH_TIMEOUT(w->createTenantAction()->isEnabled(), 15000); // no tenant needed to create one
        if (w->listModel()->rowCount() > 0) // let the first tenant's selection settle before the new one is picked
            QTRY_VERIFY_WITH_TIMEOUT(w->detailModel()->tenant().has_value(), 15000);
        CreateTenantDialog *dialog = w->openCreateTenant();
        QPointer<CreateTenantDialog> alive(dialog);
        const QString name = QStringLiteral("States %1 Tenant").arg(toString(model));
        fill(dialog, name, model);
        const QString slug = dialog->newTenant().slug;
        QCOMPARE(slug, QStringLiteral("states-%1-tenant").arg(toString(model))); // suggested from the name
        QVERIFY(dialog->createButton()->isEnabled());
        const QString reason = QStringLiteral("onboarding %1 (states test)").arg(toString(model));
        ConfirmDialog::setNextAnswer(reason);
        dialog->createButton()->click();
        QVERIFY(ConfirmDialog::lastText().contains(CreateTenantDialog::isolationLabel(model)));
        QTRY_VERIFY_WITH_TIMEOUT(!alive || !alive->isVisible(), 30000);
        // Current: the details and the header are the new tenant's; listed: its row is in the list.
        QTRY_VERIFY_WITH_TIMEOUT(w->detailModel()->tenant() && w->detailModel()->tenant()->slug == slug, 15000);
        const Tenant t = *w->detailModel()->tenant();
        QCOMPARE(toString(t.placement.model), toString(model));
        QCOMPARE(toString(t.plan), QStringLiteral("pro"));
        QTRY_VERIFY_WITH_TIMEOUT(w->listModel()->rowOf(t.id) >= 0, 15000);
        QVERIFY(w->tenantHeader()->text().contains(slug));
        // The reason reached the audit log.
        const QJsonObject entry = lastAudit(idToString(t.id), QStringLiteral("tenant.created"));
        QCOMPARE(entry.value(QStringLiteral("reason")).toString(), reason);
    }

    void refusedSlugShowsTheServersDetail()
    {
        const auto taken = m_live.makeTenant(QStringLiteral("States Taken Slug"));
        QVERIFY2(taken.error.isEmpty(), qPrintable(taken.error));
        auto client = m_live.newClient();
        auto w = openWindow(*client, QStringLiteral("states refused"));
        QVERIFY(w);
        QTRY_VERIFY_WITH_TIMEOUT(w->createTenantAction()->isEnabled(), 15000);
        CreateTenantDialog *dialog = w->openCreateTenant();
        fill(dialog, QStringLiteral("Another Name"), IsolationModel::Shared, QStringLiteral("states-taken-slug"));
        QVERIFY(dialog->fieldError(QStringLiteral("slug")).isEmpty());
        ConfirmDialog::setNextAnswer(QStringLiteral("try a taken slug"));
        dialog->createButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->fieldError(QStringLiteral("slug")).isEmpty(), 15000);
        // The server's own sentence, on the field it names; the dialog stays for a correction.
        HttpTestClient op(m_live.server->baseUrl(), m_live.server->operatorToken());
        const auto again = op.post(QStringLiteral("/v1/tenants"), {{QStringLiteral("name"), QStringLiteral("x")},
                                                                   {QStringLiteral("slug"), QStringLiteral("states-taken-slug")},
                                                                   {QStringLiteral("admin_email"), QStringLiteral("a@b.example")}});
        QCOMPARE(again.status, 409);
        QCOMPARE(dialog->fieldError(QStringLiteral("slug")), again.json().value(QStringLiteral("detail")).toString());
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->fieldError(QStringLiteral("name")).isEmpty());
        // A slug the console can already tell is wrong is explained before anything is sent.
        dialog->slugEdit()->setText(QStringLiteral("No_Way"));
        Q_EMIT dialog->slugEdit()->textEdited(QStringLiteral("No_Way"));
        QVERIFY(!dialog->fieldError(QStringLiteral("slug")).isEmpty());
        QVERIFY(!dialog->createButton()->isEnabled());
        dialog->reject();
    }

    void plannedLifecycleActionsSayWhatTheyWillDo()
    {
        auto client = m_live.newClient();
        auto w = openWindow(*client, QStringLiteral("states planned"));
        QVERIFY(w);
        QMenu *tenantMenu = nullptr;
        for (QAction *a : w->menuBar()->actions())
            if (a->menu() && a->text().remove(QLatin1Char('&')) == QLatin1String("Tenant"))
                tenantMenu = a->menu();
        QVERIFY(tenantMenu);
        QVERIFY(tenantMenu->actions().contains(w->createTenantAction()));
        const QList<QAction *> planned = w->plannedLifecycleActions();
        QCOMPARE(planned.size(), 3);
        QTRY_VERIFY_WITH_TIMEOUT(w->detailModel()->tenant().has_value(), 15000); // even with a tenant shown
        for (QAction *a : planned) {
            QVERIFY2(tenantMenu->actions().contains(a), qPrintable(a->text()));
            QVERIFY2(!a->isEnabled(), qPrintable(a->text()));
            QVERIFY2(a->toolTip().contains(QLatin1String("Arrives with its issue")), qPrintable(a->toolTip()));
        }
    }

    // View as user: the picker suggests the tenant's users with settings of their own as one
    // types (from the server), and says when a typed id has none.
    void viewAsUserSuggestsAndExplains()
    {
        const auto t = m_live.makeTenant(QStringLiteral("States View As"));
        QVERIFY2(t.error.isEmpty(), qPrintable(t.error));
        HttpTestClient op(m_live.server->baseUrl(), m_live.server->operatorToken());
        for (const QString &user : {QStringLiteral("carol.k"), QStringLiteral("carl"), QStringLiteral("dave")})
            QCOMPARE(op.request("PUT", QStringLiteral("/v1/tenants/%1/config/branding.theme?user=%2").arg(t.id, user),
                                R"({"value":"dark","reason":"setup"})", {{"Content-Type", "application/json"}, {"If-Match", "*"}})
                         .status,
                     200);
        auto client = m_live.newClient();
        auto w = openWindow(*client, QStringLiteral("states view as"));
        QVERIFY(w);
        w->showTenantTab(MainWindow::TenantTab::Configuration);
        // The window opens on the list's first tenant; let that pick settle before loading ours,
        // or the first page's answer can land after it and replace it.
        QTRY_VERIFY_WITH_TIMEOUT(w->listModel()->rowCount() > 0 && w->detailModel()->tenant().has_value(), 20000);
        w->detailModel()->load(t.id);
        TenantConfigView *view = w->configView();
        QTRY_VERIFY_WITH_TIMEOUT(w->detailModel()->tenant() && idToString(w->detailModel()->tenant()->id) == t.id, 15000);
        auto *users = view->findChild<QCompleter *>() ? qobject_cast<ConfigUsersModel *>(view->userPicker()->completer()->model()) : nullptr;
        QVERIFY(users);
        QTRY_COMPARE_WITH_TIMEOUT(users->tenantId(), t.id, 15000);
        // Typing "car" asks the server; the suggestions are its users, not the others.
        view->userPicker()->lineEdit()->setFocus();
        QTest::keyClicks(view->userPicker()->lineEdit(), QStringLiteral("car"));
        QTRY_COMPARE_WITH_TIMEOUT(users->stringList(), (QStringList{QStringLiteral("carl"), QStringLiteral("carol.k")}), 15000);
        // A user without settings of their own is said to see the tenant's values…
        view->setUser(QStringLiteral("nobody.here"));
        QTRY_COMPARE_WITH_TIMEOUT(view->userNoteText(), QStringLiteral("no settings of its own for this user: showing the tenant's values"), 15000);
        // … and one with settings is not.
        view->setUser(QStringLiteral("carl"));
        QTRY_VERIFY_WITH_TIMEOUT(view->userNoteText().isEmpty(), 15000);
        QSignalSpy checked(users, &ConfigUsersModel::userChecked);
        view->setUser(QStringLiteral("dave"));
        QTRY_COMPARE_WITH_TIMEOUT(checked.count(), 1, 15000);
        QCOMPARE(checked.first().at(1).toBool(), true);
        QVERIFY(view->userNoteText().isEmpty());
    }

    void openOfflineFromTheConnectionDialog()
    {
        const QString profileName = QStringLiteral("states offline");
        const auto seen = m_live.makeTenant(QStringLiteral("States Cached"));
        QVERIFY2(seen.error.isEmpty(), qPrintable(seen.error));
        int cached = 0;
        {
            // A session with the server fills the profile's local directory.
            auto client = m_live.newClient();
            auto w = openWindow(*client, profileName);
            QVERIFY(w);
            QSignalSpy synced(w->localWorkspace()->sync(), &DirectorySync::finished);
            QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 1, 20000);
            QVERIFY(synced.first().at(0).toBool());
            cached = w->localWorkspace()->directory()->count();
            QVERIFY(cached > 0);
        }
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        QUrl dead(QStringLiteral("http://127.0.0.1/"));
        dead.setPort(closed.serverPort());
        closed.close(); // nothing listens there now
        ConnectionProfile profile;
        profile.name = profileName;
        profile.url = dead;

        ApiClient client;
        client.setTimeout(std::chrono::milliseconds(3000));
        ConnectionController controller(&client, nullptr, nullptr);
        ConnectionDialog dialog({profile}, profileName);
        controller.attach(&dialog);
        dialog.show();
        QVERIFY(dialog.offlineButton()->isHidden());
        QSignalSpy connected(&controller, &ConnectionController::connected);
        controller.connectWithToken(profile, m_live.server->operatorToken(), {.rememberToken = false, .saveProfile = false});
        QTRY_VERIFY2_WITH_TIMEOUT(!dialog.offlineButton()->isHidden(), qPrintable(dialog.errorText() + QStringLiteral(" / cache: ")
                                                                                    + ConnectionController::localCacheSummary(profileName)), 15000);
        QVERIFY(dialog.offlineButton()->toolTip().contains(QLatin1String("last known tenant list")));
        QCOMPARE(connected.count(), 0);
        dialog.offlineButton()->click();
        QCOMPARE(connected.count(), 1);
        QVERIFY(!dialog.isVisible());

        MainWindow w(&client, controller.profile(), QString());
        w.show();
        w.start();
        QTRY_VERIFY_WITH_TIMEOUT(w.isOffline(), 15000);
        QCOMPARE(w.listModel()->rowCount(), cached);
        QTRY_VERIFY_WITH_TIMEOUT(w.detailModel()->currentKey().size() > 0 || w.listModel()->rowCount() > 0, 15000);
        // Every write is off, and says why.
        QVERIFY(!w.writeActions().isEmpty());
        QVERIFY(w.writeActions().contains(w.createTenantAction()));
        QVERIFY(w.writeActions().contains(w.editAction()));
        for (QAction *a : w.writeActions()) {
            QVERIFY2(!a->isEnabled(), qPrintable(a->text()));
            QVERIFY2(a->toolTip().startsWith(QLatin1String("offline: showing the tenant list as of ")), qPrintable(a->toolTip()));
            QVERIFY(a->toolTip().endsWith(QLatin1String("; changes need the server")));
        }
        QCOMPARE(w.offlineReason(), w.editAction()->toolTip());
    }
};

QTEST_MAIN(TestStates)
#include "tst_app_states.moc"
