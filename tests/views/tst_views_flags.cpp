// The tenant's Flags tab and the platform Flags page, offscreen against a real server: an override
// changes the evaluated value and its reason; the rollout slider shows the server's dry-run count
// of affected tenants before anything is saved.
#include "tests/support/liveserver.h"
#include "models/flagmodels.h"
#include "views/confirmdialog.h"
#include "views/flagsview.h"
#include "views/tenantflagsview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QPushButton>
#include <QSlider>
#include <QTest>

using namespace portico;
using namespace portico::test;

class TestFlagsViews : public QObject
{
    Q_OBJECT
    LiveServer m_live;

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_live.start(), qPrintable(m_live.errorString())); }

    void overrideChangesValueAndReason()
    {
        const QString tenant = m_live.tenantWithPlan(QStringLiteral("enterprise"), true);
        QVERIFY(!tenant.isEmpty());
        FlagEvaluationsModel evaluations(m_live.client());
        FlagsModel flags(m_live.client());
        TenantFlagsView view(&evaluations, &flags);
        QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        view.resize(1200, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setTenant(tenant);
        QTRY_VERIFY_WITH_TIMEOUT(view.model()->hasLoaded(), 15000);

        const QString key = QStringLiteral("sso-saml"); // enterprise only: off for this tenant
        QCOMPARE(view.model()->evaluation(key)->value, QJsonValue(false));
        QCOMPARE(view.model()->evaluation(key)->reason, QStringLiteral("DEFAULT"));
        view.selectFlag(key);
        QCOMPARE(view.currentKey(), key);
        QTRY_VERIFY(view.overrideChoice()->count() == 3); // none, true, false
        QVERIFY(!view.applyButton()->isEnabled());

        view.overrideChoice()->setCurrentIndex(view.overrideChoice()->findText(QStringLiteral("true")));
        QTRY_VERIFY_WITH_TIMEOUT(view.previewText().contains(QStringLiteral("Would change the value")), 15000);
        QVERIFY2(view.previewText().contains(QStringLiteral("Targeting match (tenant override)")), qPrintable(view.previewText()));
        QVERIFY(view.applyButton()->isEnabled());
        QCOMPARE(view.model()->evaluation(key)->value, QJsonValue(false)); // a preview changes nothing

        ConfirmDialog::setNextAnswer(QStringLiteral("pilot"));
        QTest::mouseClick(view.applyButton(), Qt::LeftButton);
        QVERIFY(ConfirmDialog::lastText().contains(QStringLiteral("Override sso-saml to true")));
        QTRY_COMPARE_WITH_TIMEOUT(view.model()->evaluation(key)->value, QJsonValue(true), 15000);
        QCOMPARE(view.model()->evaluation(key)->reason, QStringLiteral("TARGETING_MATCH"));
        QCOMPARE(view.model()->evaluation(key)->rule, QStringLiteral("tenant_override"));
        QCOMPARE(*view.model()->evaluation(key)->tenantOverride, QJsonValue(true));

        // And removing it restores the default.
        QTRY_COMPARE(view.overrideChoice()->currentText(), QStringLiteral("true"));
        view.overrideChoice()->setCurrentIndex(0);
        QTRY_VERIFY_WITH_TIMEOUT(view.applyButton()->isEnabled(), 15000);
        ConfirmDialog::setNextAnswer(QStringLiteral("pilot over"));
        QTest::mouseClick(view.applyButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(view.model()->evaluation(key)->value, QJsonValue(false), 15000);
        QCOMPARE(view.model()->evaluation(key)->reason, QStringLiteral("DEFAULT"));
    }

    void rolloutSliderShowsServerCountBeforeSaving()
    {
        FlagsModel flags(m_live.client());
        FlagOverridesModel overrides(m_live.client());
        FlagsView view(&flags, &overrides);
        QAbstractItemModelTester t1(view.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        QAbstractItemModelTester t2(view.overridesModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        view.resize(1400, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.ensureLoaded();
        QTRY_VERIFY_WITH_TIMEOUT(view.isSettled(), 15000);
        const QString key = QStringLiteral("new-dashboard");
        view.selectFlag(key);
        QTRY_VERIFY_WITH_TIMEOUT(view.overridesModel()->hasLoaded() && view.overridesModel()->flagKey() == key, 15000);
        QCOMPARE(view.overridesModel()->rowCount(), 4);
        QCOMPARE(view.rolloutSlider()->value(), 20);
        QVERIFY(!view.saveRolloutButton()->isEnabled());

        // What the server says 60 % would do.
        HttpTestClient op(m_live.server->baseUrl(), m_live.server->operatorToken());
        const auto dry = op.request("PATCH", QStringLiteral("/v1/flags/new-dashboard?dry_run=true"),
                                    R"({"rollout":{"percentage":60,"by":"tenant"}})");
        QCOMPARE(dry.status, 200);
        const int expected = dry.json().value(QStringLiteral("impact")).toObject().value(QStringLiteral("changed")).toInt();
        QVERIFY(expected > 0);

        view.rolloutSlider()->setValue(60);
        QVERIFY(!view.saveRolloutButton()->isEnabled()); // not before the count is in
        QTRY_COMPARE_WITH_TIMEOUT(view.previewedChanged(), expected, 15000);
        QVERIFY2(view.impactText().contains(QStringLiteral("%1 of 320 tenants would change value").arg(expected)), qPrintable(view.impactText()));
        QVERIFY(view.saveRolloutButton()->isEnabled());
        // Nothing saved yet.
        QCOMPARE(op.get(QStringLiteral("/v1/flags/new-dashboard")).json().value(QStringLiteral("rollout")).toObject().value(QStringLiteral("percentage")).toDouble(), 20.0);

        ConfirmDialog::setNextAnswer(QStringLiteral("ramp up"));
        QTest::mouseClick(view.saveRolloutButton(), Qt::LeftButton);
        QVERIFY(ConfirmDialog::lastText().contains(QStringLiteral("to 60 %")));
        QTRY_COMPARE_WITH_TIMEOUT(view.model()->flag(key)->rolloutPercentage.value_or(-1), 60.0, 15000);
        QCOMPARE(op.get(QStringLiteral("/v1/flags/new-dashboard")).json().value(QStringLiteral("rollout")).toObject().value(QStringLiteral("percentage")).toDouble(), 60.0);
    }

    void bulkOverrideByPlanWithPreview()
    {
        FlagsModel flags(m_live.client());
        FlagOverridesModel overrides(m_live.client());
        FlagsView view(&flags, &overrides);
        QAbstractItemModelTester t1(view.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        view.ensureLoaded();
        QTRY_VERIFY_WITH_TIMEOUT(view.model()->hasLoaded(), 15000);
        const QString key = QStringLiteral("search-v2");
        view.selectFlag(key);
        QTRY_VERIFY_WITH_TIMEOUT(view.overridesModel()->hasLoaded() && view.overridesModel()->flagKey() == key, 15000);
        QCOMPARE(view.overridesModel()->rowCount(), 0);
        view.bulkPlan()->setCurrentIndex(view.bulkPlan()->findData(QStringLiteral("enterprise")));
        view.bulkValue()->setCurrentIndex(view.bulkValue()->findText(QStringLiteral("true")));
        ConfirmDialog::setNextAnswer(QStringLiteral("enterprise beta"));
        QTest::mouseClick(view.bulkButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(ConfirmDialog::lastText().contains(QStringLiteral("on the enterprise plan")), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(view.overridesModel()->rowCount() > 0, 15000);
        for (int r = 0; r < view.overridesModel()->rowCount(); ++r) {
            QCOMPARE(view.overridesModel()->overrideAt(r)->plan, QStringLiteral("enterprise"));
            QCOMPARE(view.overridesModel()->overrideAt(r)->reason, QStringLiteral("enterprise beta"));
        }
    }
};

QTEST_MAIN(TestFlagsViews)
#include "tst_views_flags.moc"
