// The Configuration tab offscreen against a real server: inline validation from core/config, the
// diff preview, a conflict on a stale ETag, history with revert, and the user picker.
#include "tests/support/liveserver.h"
#include "models/confighistorymodel.h"
#include "models/configtreemodel.h"
#include "views/confirmdialog.h"
#include "views/tenantconfigview.h"
#include "views/valueeditor.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

using namespace portico;
using namespace portico::test;

namespace {
const QString kIntKey = QStringLiteral("security.password.min_length");
}

class TestConfigView : public QObject
{
    Q_OBJECT
    LiveServer m_live;
    std::unique_ptr<TenantConfigView> m_view;
    std::unique_ptr<QAbstractItemModelTester> m_treeTester, m_historyTester;
    QString m_tenant;

    QSpinBox *intEditor() const { return qobject_cast<QSpinBox *>(m_view->editor()->editor()); }
    QString shown(const QString &key, int column) const { return m_view->model()->indexOfKey(key, column).data().toString(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_live.start(), qPrintable(m_live.errorString()));
        m_tenant = m_live.tenantWithPlan(QStringLiteral("free"));
        QVERIFY(!m_tenant.isEmpty());
    }

    void init()
    {
        auto *tree = new ConfigTreeModel(m_live.client());
        auto *history = new ConfigHistoryModel(m_live.client());
        m_view = std::make_unique<TenantConfigView>(tree, history);
        tree->setParent(m_view.get()); // the view's lifetime, as when it made them itself
        history->setParent(m_view.get());
        m_treeTester = std::make_unique<QAbstractItemModelTester>(m_view->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        m_historyTester = std::make_unique<QAbstractItemModelTester>(m_view->historyModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        m_view->resize(1300, 800);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        m_view->setTenant(m_tenant);
        QTRY_VERIFY_WITH_TIMEOUT(m_view->model()->hasLoaded(), 15000);
    }

    void cleanup()
    {
        m_treeTester.reset();
        m_historyTester.reset();
        m_view.reset();
    }

    void invalidIntShowsCoreErrorAndBlocksSave()
    {
        m_view->selectKey(kIntKey);
        QCOMPARE(m_view->currentKey(), kIntKey);
        QSpinBox *spin = intEditor();
        QVERIFY(spin);
        QVERIFY(m_view->errorText().isEmpty());
        QVERIFY(!m_view->saveButton()->isEnabled()); // nothing changed yet

        spin->setValue(3);
        const auto expected = config::validateValue(*m_view->model()->keyDef(kIntKey), QJsonValue(3));
        QVERIFY(expected);
        QCOMPARE(m_view->errorText(), expected->message);
        QVERIFY(!m_view->saveButton()->isEnabled());
        QVERIFY(m_view->previewText().isEmpty());

        spin->setValue(200); // above the maximum
        QVERIFY(!m_view->errorText().isEmpty());
        QVERIFY(!m_view->saveButton()->isEnabled());

        spin->setValue(14);
        QVERIFY(m_view->errorText().isEmpty());
        QVERIFY(m_view->saveButton()->isEnabled());
        const QString preview = m_view->previewText();
        QVERIFY2(preview.contains(QStringLiteral("→ 14")), qPrintable(preview));
        QVERIFY2(preview.contains(QStringLiteral("tenant layer")), qPrintable(preview));

        m_view->setReadOnly(true);
        QVERIFY(!m_view->saveButton()->isEnabled());
        m_view->setReadOnly(false);
        QVERIFY(m_view->saveButton()->isEnabled());
    }

    void staleEtagShowsConflict()
    {
        QCOMPARE(m_live.putConfig(m_tenant, kIntKey, 12), 200);
        m_view->reload();
        QTRY_COMPARE_WITH_TIMEOUT(shown(kIntKey, ConfigTreeModel::TenantColumn), QStringLiteral("12"), 15000);
        m_view->selectKey(kIntKey);
        intEditor()->setValue(20);
        QVERIFY(m_view->saveButton()->isEnabled());

        // Someone else changes it after we read it.
        QCOMPARE(m_live.putConfig(m_tenant, kIntKey, 30), 200);
        ConfirmDialog::setNextAnswer(QStringLiteral("longer passwords"));
        QTest::mouseClick(m_view->saveButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!m_view->conflictText().isEmpty(), 15000);
        const QString conflict = m_view->conflictText();
        QVERIFY2(conflict.contains(QStringLiteral("someone else")), qPrintable(conflict));
        QVERIFY2(conflict.contains(QStringLiteral("Theirs: 30")), qPrintable(conflict));
        QVERIFY2(conflict.contains(QStringLiteral("yours: 20")), qPrintable(conflict));
        QTRY_COMPARE_WITH_TIMEOUT(shown(kIntKey, ConfigTreeModel::TenantColumn), QStringLiteral("30"), 15000);
        QCOMPARE(intEditor()->value(), 20); // ours kept, to save again or discard

        // Saving again, knowingly, replaces theirs.
        QVERIFY(m_view->saveButton()->isEnabled());
        ConfirmDialog::setNextAnswer(QStringLiteral("longer passwords, knowingly"));
        QTest::mouseClick(m_view->saveButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(shown(kIntKey, ConfigTreeModel::TenantColumn), QStringLiteral("20"), 15000);
        QTRY_VERIFY(m_view->conflictText().isEmpty());
    }

    void historyShowsChangeAndRevertRestores()
    {
        QCOMPARE(m_live.putConfig(m_tenant, kIntKey, 11), 200);
        m_view->reload();
        QTRY_COMPARE_WITH_TIMEOUT(shown(kIntKey, ConfigTreeModel::TenantColumn), QStringLiteral("11"), 15000);
        m_view->selectKey(kIntKey);
        intEditor()->setValue(17);
        ConfirmDialog::setNextAnswer(QStringLiteral("stricter passwords"));
        QTest::mouseClick(m_view->saveButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(shown(kIntKey, ConfigTreeModel::TenantColumn), QStringLiteral("17"), 15000);
        QCOMPARE(shown(kIntKey, ConfigTreeModel::ValueColumn), QStringLiteral("17"));
        QCOMPARE(shown(kIntKey, ConfigTreeModel::SourceColumn), QStringLiteral("tenant"));

        ConfigHistoryModel *history = m_view->historyModel();
        QTRY_VERIFY_WITH_TIMEOUT(history->rowCount() > 0 && history->entry(0)->after.toInt() == 17, 15000);
        QCOMPARE(history->entry(0)->before.toInt(), 11);
        QCOMPARE(history->entry(0)->reason, QStringLiteral("stricter passwords"));

        m_view->historyView()->selectRow(0);
        QVERIFY(m_view->revertButton()->isEnabled());
        // Cancelled: nothing is sent (a revert would be on the wire at once), nothing changes.
        const int entries = history->rowCount();
        QSignalSpy sent(m_live.client(), &ApiClient::pendingRequestsChanged);
        ConfirmDialog::setNextAnswer(QString());
        QTest::mouseClick(m_view->revertButton(), Qt::LeftButton);
        QVERIFY(ConfirmDialog::lastText().contains(QStringLiteral("back to 11")));
        QCOMPARE(sent.count(), 0);
        QCOMPARE(history->rowCount(), entries);
        QCOMPARE(shown(kIntKey, ConfigTreeModel::TenantColumn), QStringLiteral("17"));

        ConfirmDialog::setNextAnswer(QStringLiteral("too strict"));
        QTest::mouseClick(m_view->revertButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(shown(kIntKey, ConfigTreeModel::TenantColumn), QStringLiteral("11"), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(history->rowCount() > 0 && history->entry(0)->after.toInt() == 11 && history->entry(0)->reason == QLatin1String("too strict"), 15000);
    }

    void userPickerShowsTheUsersView()
    {
        const QString key = QStringLiteral("branding.theme");
        QCOMPARE(m_live.putConfig(m_tenant, key, QStringLiteral("system")), 200);
        QCOMPARE(m_live.putConfig(m_tenant, key, QStringLiteral("dark"), QStringLiteral("user-42")), 200);
        m_view->reload();
        QTRY_COMPARE_WITH_TIMEOUT(shown(key, ConfigTreeModel::ValueColumn), QStringLiteral("system"), 15000);
        QCOMPARE(shown(key, ConfigTreeModel::SourceColumn), QStringLiteral("tenant"));

        QLineEdit *edit = m_view->userPicker()->lineEdit();
        edit->setFocus();
        edit->setText(QStringLiteral("user-42"));
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(shown(key, ConfigTreeModel::ValueColumn), QStringLiteral("dark"), 15000);
        QCOMPARE(shown(key, ConfigTreeModel::SourceColumn), QStringLiteral("user"));
        QCOMPARE(shown(key, ConfigTreeModel::UserColumn), QStringLiteral("dark"));
        QCOMPARE(shown(key, ConfigTreeModel::TenantColumn), QStringLiteral("system"));
        QCOMPARE(m_view->model()->editLayer(), QStringLiteral("user"));

        edit->setText(QString());
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(shown(key, ConfigTreeModel::ValueColumn), QStringLiteral("system"), 15000);
    }
};

QTEST_MAIN(TestConfigView)
#include "tst_views_config.moc"
