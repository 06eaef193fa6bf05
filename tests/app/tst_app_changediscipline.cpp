// One discipline for every change and one current tenant, offscreen against a real server: every
// write goes through ConfirmDialog (tenant, before → after, a reason that reaches the audit log, the
// slug for a suspension), Enter confirms and Escape cancels, the list selection, the detail tabs
// and the actions always name the same tenant, and an unsaved edit is not dropped silently.
#include "app/connectioncontroller.h"
#include "app/mainwindow.h"
#include "tests/support/await.h"
#include "tests/support/liveserver.h"
#include "models/confighistorymodel.h"
#include "models/configtreemodel.h"
#include "models/planimpact.h"
#include "models/tenantdetailmodel.h"
#include "models/tenantlistmodel.h"
#include "views/confirmdialog.h"
#include "views/quickopendialog.h"
#include "views/tenantbrowser.h"
#include "views/tenantconfigview.h"
#include "views/tenantdetailpanel.h"
#include "views/tenanteditdialog.h"
#include "views/valueeditor.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QScopeGuard>
#include <QTimer>
#include <QTreeView>

using namespace portico;
using namespace portico::test;

namespace {
const QString kIntKey = QStringLiteral("security.password.min_length");

// Runs `steps` on the dialog once ConfirmDialog::confirm() has it on screen (a real exec, no hook).
void whenDialogShown(const std::function<void(ConfirmDialog *)> &steps)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, steps] {
        auto *dialog = qobject_cast<ConfirmDialog *>(QApplication::activeModalWidget());
        if (!dialog || !dialog->isVisible())
            return;
        timer->stop();
        timer->deleteLater();
        // A failed check returns early: never leave the dialog open (the test would hang).
        const auto guard = qScopeGuard([dialog] {
            if (dialog->isVisible())
                dialog->reject();
        });
        steps(dialog);
    });
    timer->start();
}

ChangeRequest sampleChange(bool irreversible = false)
{
    ChangeRequest c;
    c.title = QStringLiteral("Revert configuration");
    c.tenant = QStringLiteral("Acme Corp (acme)");
    c.slug = QStringLiteral("acme");
    c.what = QStringLiteral("Set x back to 1?");
    c.before = QStringLiteral("2");
    c.after = QStringLiteral("1");
    c.confirmText = QStringLiteral("Revert");
    c.irreversible = irreversible;
    return c;
}
} // namespace

class TestChangeDiscipline : public QObject
{
    Q_OBJECT
    LiveServer m_live;

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
        window->resize(1480, 880);
        window->show();
        window->start();
        return window;
    }

    QJsonObject tenantJson(const QString &id) const
    {
        HttpTestClient op(m_live.server->baseUrl(), m_live.server->operatorToken());
        return op.get(QStringLiteral("/v1/tenants/") + id).json();
    }

    // The newest audit entry of the tenant's chain with this action.
    QJsonObject lastAudit(const QString &tenant, const QString &action) const
    {
        HttpTestClient op(m_live.server->baseUrl(), m_live.server->operatorToken());
        const auto page = op.get(QStringLiteral("/v1/audit?tenant=%1&action=%2&limit=1").arg(tenant, action));
        return page.json().value(QStringLiteral("items")).toArray().first().toObject();
    }

    static QString shownSlug(const MainWindow &w) { return w.detailPanel()->valueText(QStringLiteral("slug")); }

    // Selects the first listed tenant that fits and waits for its details; an empty Tenant if none.
    static Tenant showFirst(MainWindow &w, const std::function<bool(const Tenant &)> &fits)
    {
        if (!QTest::qWaitFor([&] { return w.listModel()->rowCount() > 3; }, 20000))
            return {};
        for (int r = 0; r < w.listModel()->rowCount(); ++r) {
            const Tenant t = w.listModel()->tenantAt(r);
            if (!fits(t))
                continue;
            w.browser()->selectRow(r);
            return QTest::qWaitFor([&] { return shownSlug(w) == t.slug; }, 20000) ? t : Tenant{};
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_live.start(), qPrintable(m_live.errorString()));
    }

    // Enter in the reason field confirms; with the reason empty it does nothing; Escape cancels.
    void enterConfirmsEscapeCancels()
    {
        std::optional<QString> answer = QStringLiteral("unset");
        bool enterWithoutReasonKeptOpen = false;
        whenDialogShown([&](ConfirmDialog *d) {
            QTRY_VERIFY(d->reasonEdit()->hasFocus());
            QVERIFY(!d->confirmButton()->isEnabled());
            QTest::keyClick(d->reasonEdit(), Qt::Key_Return);
            enterWithoutReasonKeptOpen = d->isVisible();
            QTest::keyClicks(d->reasonEdit(), QStringLiteral("typo in the last change"));
            QVERIFY(d->confirmButton()->isEnabled() && d->confirmButton()->isDefault());
            QTest::keyClick(d->reasonEdit(), Qt::Key_Return);
        });
        answer = ConfirmDialog::confirm(nullptr, sampleChange());
        QVERIFY(enterWithoutReasonKeptOpen);
        QCOMPARE(answer, std::optional<QString>(QStringLiteral("typo in the last change")));

        whenDialogShown([](ConfirmDialog *d) {
            QTest::keyClicks(d->reasonEdit(), QStringLiteral("second thoughts"));
            QTest::keyClick(d->reasonEdit(), Qt::Key_Escape);
        });
        QCOMPARE(ConfirmDialog::confirm(nullptr, sampleChange()), std::nullopt);
    }

    // An irreversible change is confirmed only with the slug typed, by Enter too.
    void irreversibleNeedsTheSlug()
    {
        whenDialogShown([](ConfirmDialog *d) {
            QVERIFY(d->slugEdit());
            QTest::keyClicks(d->reasonEdit(), QStringLiteral("unpaid invoices"));
            QVERIFY(!d->confirmButton()->isEnabled());
            QTest::keyClicks(d->slugEdit(), QStringLiteral("acm"));
            QTest::keyClick(d->slugEdit(), Qt::Key_Return);
            QVERIFY(d->isVisible()); // wrong slug: Enter does nothing
            QTest::keyClicks(d->slugEdit(), QStringLiteral("e"));
            QVERIFY(d->confirmButton()->isEnabled());
            QTest::keyClick(d->slugEdit(), Qt::Key_Return);
        });
        QCOMPARE(ConfirmDialog::confirm(nullptr, sampleChange(true)), std::optional<QString>(QStringLiteral("unpaid invoices")));
        const QString text = ConfirmDialog::lastText();
        QVERIFY2(text.contains(QStringLiteral("Tenant: Acme Corp (acme)")) && text.contains(QStringLiteral("Before: 2\nAfter: 1")), qPrintable(text));
    }

    // A config save asks first: cancelled, nothing is written; confirmed, the value is written
    // and the audit entry carries the reason.
    void configSaveConfirmsAndAuditsTheReason()
    {
        const QString tenant = m_live.tenantWithPlan(QStringLiteral("pro"));
        QVERIFY(!tenant.isEmpty());
        QCOMPARE(m_live.putConfig(tenant, kIntKey, 12), 200);
        ApiClient client;
        client.setBaseUrl(m_live.server->baseUrl());
        client.setToken(m_live.server->operatorToken());
        auto *tree = new ConfigTreeModel(&client);
        auto *history = new ConfigHistoryModel(&client);
        TenantConfigView view(tree, history);
        tree->setParent(&view);
        history->setParent(&view);
        view.resize(1300, 800);
        view.show();
        view.setTenant(tenant, QStringLiteral("Named Tenant (named)"));
        QTRY_VERIFY_WITH_TIMEOUT(tree->hasLoaded(), 15000);
        view.selectKey(kIntKey);
        auto *spin = qobject_cast<QSpinBox *>(view.editor()->editor());
        QVERIFY(spin);
        spin->setValue(15);
        QVERIFY(view.hasUnsavedEdit());

        ConfirmDialog::setNextAnswer(QString()); // cancelled
        QTest::mouseClick(view.saveButton(), Qt::LeftButton);
        const QString text = ConfirmDialog::lastText();
        QVERIFY2(text.contains(QStringLiteral("Named Tenant (named)")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Before: 12\nAfter: 15")), qPrintable(text));
        QTest::qWait(500);
        {
            ConfigTreeModel server(&client); // what the server has now, read afresh
            server.setTenant(tenant);
            QTRY_VERIFY_WITH_TIMEOUT(server.hasLoaded(), 15000);
            QCOMPARE(server.indexOfKey(kIntKey, ConfigTreeModel::TenantColumn).data().toString(), QStringLiteral("12"));
        }
        QVERIFY(view.hasUnsavedEdit()); // the edit stays to save later

        ConfirmDialog::setNextAnswer(QStringLiteral("policy review 2026-12"));
        QTest::mouseClick(view.saveButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tree->indexOfKey(kIntKey, ConfigTreeModel::TenantColumn).data().toString(), QStringLiteral("15"), 15000);
        const QJsonObject entry = lastAudit(tenant, QStringLiteral("config.changed"));
        QCOMPARE(entry.value(QStringLiteral("reason")).toString(), QStringLiteral("policy review 2026-12"));
    }

    // Suspending asks for a reason and the slug; the reason reaches the audit log.
    void suspendNeedsReasonAndSlug()
    {
        ApiClient client;
        auto w = openWindow(client);
        QVERIFY(w);
        const Tenant target = showFirst(*w, [](const Tenant &t) { return t.state == TenantState::Active; });
        QVERIFY(!target.slug.isEmpty());

        const auto suspendThrough = [&](const QString &reason, const QString &slug) {
            ConfirmDialog::setNextAnswer(reason, slug);
            w->editAction()->trigger();
            auto *edit = w->findChild<TenantEditDialog *>();
            QVERIFY(edit);
            edit->stateCombo()->setCurrentText(QStringLiteral("suspended"));
            QTRY_VERIFY(edit->isVisible());
            // Sized to its contents: the name whole, the warning not cut off.
            QVERIFY2(edit->nameEdit()->width() > edit->nameEdit()->fontMetrics().horizontalAdvance(target.name) + 8,
                     qPrintable(QString::number(edit->nameEdit()->width())));
            auto *warning = edit->findChild<QLabel *>(QStringLiteral("suspendWarning"));
            QVERIFY(warning && warning->isVisible());
            QTRY_VERIFY(warning->height() >= warning->heightForWidth(warning->width()));
            QVERIFY2(edit->width() >= 420, qPrintable(QStringLiteral("%1 min %2 hint %3").arg(edit->width()).arg(edit->minimumWidth()).arg(edit->sizeHint().width())));
            QTest::keyClick(edit->nameEdit(), Qt::Key_Return); // Enter: on to the confirmation
            QTRY_VERIFY(!w->findChild<TenantEditDialog *>());
        };
        suspendThrough(QStringLiteral("fraud check"), QStringLiteral("not-the-slug"));
        QVERIFY(ConfirmDialog::lastText().contains(target.slug));
        QTest::qWait(500);
        QCOMPARE(tenantJson(idToString(target.id)).value(QStringLiteral("state")).toString(), QStringLiteral("active"));

        suspendThrough(QString(), target.slug); // no reason
        QTest::qWait(500);
        QCOMPARE(tenantJson(idToString(target.id)).value(QStringLiteral("state")).toString(), QStringLiteral("active"));

        suspendThrough(QStringLiteral("fraud check"), target.slug);
        QTRY_COMPARE_WITH_TIMEOUT(tenantJson(idToString(target.id)).value(QStringLiteral("state")).toString(), QStringLiteral("suspended"), 15000);
        QCOMPARE(lastAudit(idToString(target.id), QStringLiteral("tenant.updated")).value(QStringLiteral("reason")).toString(),
                 QStringLiteral("fraud check"));
        QTRY_VERIFY(w->tenantHeader()->text().contains(QStringLiteral("suspended")));

        // Put it back, through the same path.
        ConfirmDialog::setNextAnswer(QStringLiteral("cleared"));
        w->editAction()->trigger();
        auto *edit = w->findChild<TenantEditDialog *>();
        QVERIFY(edit);
        edit->stateCombo()->setCurrentText(QStringLiteral("active"));
        edit->accept();
        QTRY_COMPARE_WITH_TIMEOUT(tenantJson(idToString(target.id)).value(QStringLiteral("state")).toString(), QStringLiteral("active"), 15000);
    }

    // A plan change shows what the plan changes before it is confirmed.
    void planChangeShowsImpact()
    {
        ApiClient client;
        auto w = openWindow(client);
        QVERIFY(w);
        const Tenant target = showFirst(*w, [](const Tenant &t) { return t.plan == Plan::Free; });
        QVERIFY(!target.slug.isEmpty());

        ConfirmDialog::setNextAnswer(QString()); // look, then cancel
        const QString before = ConfirmDialog::lastText();
        w->editAction()->trigger();
        auto *edit = w->findChild<TenantEditDialog *>();
        QVERIFY(edit);
        edit->planCombo()->setCurrentText(QStringLiteral("enterprise"));
        edit->accept();
        QTRY_VERIFY_WITH_TIMEOUT(ConfirmDialog::lastText() != before, 15000);
        const QString text = ConfirmDialog::lastText();
        QVERIFY2(text.contains(QStringLiteral("plan free")) && text.contains(QStringLiteral("plan enterprise")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("What the plan changes")), qPrintable(text));
        // The seeded plan layer differs between free and enterprise (seats, storage, MFA, …).
        QVERIFY2(text.contains(QStringLiteral(" → ")), qPrintable(text));
        QTest::qWait(300);
        QCOMPARE(tenantJson(idToString(target.id)).value(QStringLiteral("plan")).toString(), QStringLiteral("free"));
    }

    void planImpactDescribesDifferences()
    {
        const auto plan = [](std::initializer_list<std::pair<const char *, QJsonValue>> items) {
            QJsonArray a;
            for (const auto &[k, v] : items)
                a.append(QJsonObject{{QStringLiteral("key"), QLatin1String(k)}, {QStringLiteral("value"), v}});
            return QJsonObject{{QStringLiteral("items"), a}};
        };
        FlagInfo flag;
        flag.key = QStringLiteral("reports.beta");
        flag.plans = QJsonObject{{QStringLiteral("enterprise"), true}};
        const QStringList lines = PlanImpact::describe(QStringLiteral("free"), plan({{"limits.seats", 5}, {"same", 1}}),
                                                       QStringLiteral("enterprise"), plan({{"limits.seats", 500}, {"same", 1}, {"mfa", true}}), {flag});
        QCOMPARE(lines, QStringList({QStringLiteral("limits.seats: 5 → 500"), QStringLiteral("mfa: (default) → true"),
                                     QStringLiteral("flag reports.beta: (not entitled) → true")}));
    }

    // After quick open the list selects that tenant (or nothing when it is not listed); a filter
    // that hides the tenant shown clears the details.
    void selectionAndDetailsAgree()
    {
        ApiClient client;
        auto w = openWindow(client);
        QVERIFY(w);
        QTRY_VERIFY_WITH_TIMEOUT(w->listModel()->rowCount() > 20, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(w->detailModel()->tenant().has_value(), 20000);
        const Tenant target = w->listModel()->tenantAt(12);

        // Quick open (Ctrl+K): a pasted id opens the tenant directly, though the server's search
        // matches names and slugs only.
        w->quickOpenAction()->trigger();
        auto *dialog = w->findChild<QuickOpenDialog *>();
        QVERIFY(dialog);
        QTest::keyClicks(dialog->searchEdit(), idToString(target.id).toUpper());
        QTest::keyClick(dialog->searchEdit(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(shownSlug(*w), target.slug, 20000);
        QCOMPARE(w->browser()->currentTenantId(), idToString(target.id));
        QVERIFY(w->browser()->tableView()->selectionModel()->isRowSelected(12, {}));
        QVERIFY(w->tenantHeader()->text().contains(target.name.toHtmlEscaped()));

        // A filter that hides it: the details clear, and nothing is selected.
        const QString otherState = target.state == TenantState::Suspended ? QStringLiteral("active") : QStringLiteral("suspended");
        QComboBox *state = w->browser()->filterCombo(TenantListModel::Filter::State);
        state->setCurrentIndex(state->findData(otherState));
        QTRY_VERIFY_WITH_TIMEOUT(!w->detailModel()->tenant().has_value(), 20000);
        QVERIFY(w->browser()->currentTenantId().isEmpty() || w->browser()->currentTenantId() != idToString(target.id));
        QVERIFY(!w->editAction()->isEnabled());
        QVERIFY(w->tenantHeader()->text().contains(QStringLiteral("No tenant")));

        // Back to every state: picking a row shows it, and the list and the details agree.
        state->setCurrentIndex(0);
        QTRY_VERIFY_WITH_TIMEOUT(w->listModel()->rowOf(target.id) >= 0 && !w->listModel()->isLoading(), 20000);
        w->browser()->selectRow(w->listModel()->rowOf(target.id));
        QTRY_COMPARE_WITH_TIMEOUT(shownSlug(*w), target.slug, 20000);
    }

    // Picking another tenant with an unsaved configuration edit asks: Cancel keeps the tenant
    // (and its row selected), Discard moves on.
    void unsavedEditAsksBeforeLeaving()
    {
        ApiClient client;
        auto w = openWindow(client);
        QVERIFY(w);
        QTRY_VERIFY_WITH_TIMEOUT(w->listModel()->rowCount() > 5, 20000);
        w->browser()->selectRow(2);
        const Tenant first = w->listModel()->tenantAt(2);
        QTRY_COMPARE_WITH_TIMEOUT(shownSlug(*w), first.slug, 20000);
        w->showTenantTab(MainWindow::TenantTab::Configuration);
        TenantConfigView *config = w->configView();
        QTRY_VERIFY_WITH_TIMEOUT(config->model()->tenantId() == idToString(first.id) && config->model()->hasLoaded(), 20000);
        config->selectKey(kIntKey);
        auto *spin = qobject_cast<QSpinBox *>(config->editor()->editor());
        QVERIFY(spin);
        spin->setValue(spin->value() == 20 ? 21 : 20);
        QVERIFY(config->hasUnsavedEdit());

        const int asked = ConfirmDialog::unsavedAsked();
        ConfirmDialog::setNextUnsavedAnswer(ConfirmDialog::Unsaved::Cancel);
        w->browser()->selectRow(4);
        QCOMPARE(ConfirmDialog::unsavedAsked(), asked + 1);
        QVERIFY(ConfirmDialog::lastText().contains(first.name));
        QCOMPARE(w->browser()->currentTenantId(), idToString(first.id));
        QTest::qWait(300);
        QCOMPARE(shownSlug(*w), first.slug);
        QVERIFY(config->hasUnsavedEdit());

        ConfirmDialog::setNextUnsavedAnswer(ConfirmDialog::Unsaved::Discard);
        w->browser()->selectRow(4);
        QCOMPARE(ConfirmDialog::unsavedAsked(), asked + 2);
        const Tenant second = w->listModel()->tenantAt(4);
        QTRY_COMPARE_WITH_TIMEOUT(shownSlug(*w), second.slug, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(config->model()->tenantId(), idToString(second.id), 20000);
        QCOMPARE(w->browser()->currentTenantId(), idToString(second.id));
    }

    // At 1024×700 the Configuration tab shows values: the editor goes below the tree.
    void configurationWorksAt1024()
    {
        ApiClient client;
        auto w = openWindow(client);
        QVERIFY(w);
        w->resize(1024, 700);
        QTRY_VERIFY_WITH_TIMEOUT(w->detailModel()->tenant().has_value(), 20000);
        w->showTenantTab(MainWindow::TenantTab::Configuration);
        TenantConfigView *config = w->configView();
        QTRY_VERIFY_WITH_TIMEOUT(config->model()->hasLoaded(), 20000);
        QTest::qWait(50);
        const int valueRight = config->tree()->columnViewportPosition(ConfigTreeModel::ValueColumn) + config->tree()->columnWidth(ConfigTreeModel::ValueColumn);
        QVERIFY2(valueRight <= config->tree()->viewport()->width(), qPrintable(QStringLiteral("%1 > %2").arg(valueRight).arg(config->tree()->viewport()->width())));
        w->resize(1480, 880);
        QTRY_COMPARE(config->splitter()->orientation(), Qt::Horizontal);
    }
};

QTEST_MAIN(TestChangeDiscipline)
#include "tst_app_changediscipline.moc"
