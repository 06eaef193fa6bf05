#include "views/flagsview.h"
#include "models/tones.h"
#include "models/flagmodels.h"
#include "views/tablesetup.h"
#include "views/confirmdialog.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSlider>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace portico {

FlagsView::FlagsView(FlagsModel *flags, FlagOverridesModel *overrides, QWidget *parent)
    : QWidget(parent), m_model(flags), m_overrides(overrides),
      m_table(setUpTable(new QTableView(this), QStringLiteral("flagsTable"), TableKind::Choice)), m_title(new QLabel(this)),
      m_details(new QLabel(this)), m_slider(new QSlider(Qt::Horizontal, this)), m_spin(new QDoubleSpinBox(this)),
      m_impact(new QLabel(this)), m_saveRollout(new QPushButton(tr("Save rollout…"), this)),
      m_overridesTable(setUpTable(new QTableView(this), QStringLiteral("flagOverrides"), TableKind::Choice)),
      m_overridesTitle(new QLabel(this)), m_bulkPlan(new QComboBox(this)), m_bulkValue(new QComboBox(this)),
      m_bulkButton(new QPushButton(tr("Preview bulk override…"), this)), m_previewTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("flagsView"));
    m_table->setModel(m_model);
    m_table->setColumnWidth(FlagsModel::KeyColumn, 170);
    m_table->setColumnWidth(FlagsModel::OwnerColumn, 120);
    m_table->setColumnWidth(FlagsModel::OwnerColumn, 110);
    m_table->setColumnWidth(FlagsModel::KindColumn, 160);
    m_table->setColumnWidth(FlagsModel::StateColumn, 55);
    m_table->setColumnWidth(FlagsModel::RolloutColumn, 115);
    m_table->setColumnWidth(FlagsModel::OverridesColumn, 70);
    m_table->setColumnWidth(FlagsModel::StaleColumn, 230);
    m_overridesTable->setModel(m_overrides);
    m_overridesTable->setColumnWidth(FlagOverridesModel::TenantColumn, 220);
    m_overridesTable->setColumnWidth(FlagOverridesModel::ReasonColumn, 200);

    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_details->setWordWrap(true);
    m_slider->setObjectName(QStringLiteral("rolloutSlider"));
    m_slider->setRange(0, 100);
    m_slider->setTickPosition(QSlider::TicksBelow);
    m_slider->setTickInterval(10);
    m_spin->setRange(0, 100);
    m_spin->setDecimals(0);
    m_spin->setSuffix(tr(" %"));
    m_impact->setObjectName(QStringLiteral("rolloutImpact"));
    m_impact->setWordWrap(true);
    m_impact->setStyleSheet(QStringLiteral("QLabel { %1 border-radius: 3px; padding: 6px; }").arg(toneBoxStyle(Tone::Info)));
    m_saveRollout->setObjectName(QStringLiteral("saveRollout"));
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(250);

    auto *rolloutBox = new QGroupBox(tr("Rollout"), this);
    auto *rolloutLayout = new QVBoxLayout(rolloutBox);
    auto *sliderRow = new QHBoxLayout;
    sliderRow->addWidget(m_slider, 1);
    sliderRow->addWidget(m_spin);
    sliderRow->addWidget(m_saveRollout);
    rolloutLayout->addLayout(sliderRow);
    rolloutLayout->addWidget(m_impact);

    m_bulkPlan->setObjectName(QStringLiteral("bulkPlan"));
    m_bulkPlan->addItem(tr("every Free tenant"), QStringLiteral("free"));
    m_bulkPlan->addItem(tr("every Pro tenant"), QStringLiteral("pro"));
    m_bulkPlan->addItem(tr("every Enterprise tenant"), QStringLiteral("enterprise"));
    m_bulkValue->setObjectName(QStringLiteral("bulkValue"));
    m_bulkButton->setObjectName(QStringLiteral("bulkOverride"));
    auto *bulkRow = new QHBoxLayout;
    bulkRow->addWidget(new QLabel(tr("Bulk: override for"), this));
    bulkRow->addWidget(m_bulkPlan);
    bulkRow->addWidget(new QLabel(tr("to"), this));
    bulkRow->addWidget(m_bulkValue);
    bulkRow->addWidget(m_bulkButton);
    bulkRow->addStretch(1);
    auto *overridesBox = new QGroupBox(tr("Tenants that override this flag"), this);
    auto *overridesLayout = new QVBoxLayout(overridesBox);
    overridesLayout->addWidget(m_overridesTitle);
    overridesLayout->addWidget(m_overridesTable, 1);
    overridesLayout->addLayout(bulkRow);

    auto *detail = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_title);
    detailLayout->addWidget(m_details);
    detailLayout->addWidget(rolloutBox);
    detailLayout->addWidget(overridesBox, 1);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("flagsSplitter"));
    split->addWidget(m_table);
    split->addWidget(detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    split->setSizes({880, 560});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        showFlag(current.siblingAtColumn(0).data(FlagsModel::KeyRole).toString());
    });
    connect(m_model, &FlagsModel::loaded, this, [this] {
        int row = m_model->rowOf(m_key);
        if (row < 0 && m_model->rowCount() > 0)
            row = 0;
        if (row >= 0) {
            const QSignalBlocker block(m_table->selectionModel());
            m_table->selectRow(row);
            m_key = m_model->flagAt(row)->key;
        }
        showFlag(m_key);
    });
    connect(m_overrides, &FlagOverridesModel::loaded, this, [this] {
        m_overridesTitle->setText(m_overrides->rowCount() == 0 ? tr("No tenant overrides %1.").arg(m_key)
                                                               : tr("Overrides: %1.").arg(m_overrides->rowCount()));
        if (isSettled())
            Q_EMIT settled();
    });
    connect(m_slider, &QSlider::valueChanged, this, &FlagsView::sliderMoved);
    connect(m_spin, &QDoubleSpinBox::valueChanged, this, [this](double v) { m_slider->setValue(int(v)); });
    connect(m_previewTimer, &QTimer::timeout, this, [this] {
        if (!m_key.isEmpty())
            m_model->previewRollout(m_key, m_slider->value());
    });
    connect(m_model, &FlagsModel::rolloutPreviewed, this, [this](const QString &key, double pct, const FlagImpact &impact) {
        if (key != m_key || int(pct) != m_slider->value())
            return;
        m_previewedPercentage = pct;
        m_previewedChanged = impact.changed;
        QString text = tr("<b>%1 → %2 %: %3 of %4 tenants would change value.</b> Tenants not at the default: %5 → %6.")
                           .arg(rolloutText(*m_model->flag(key)))
                           .arg(pct)
                           .arg(impact.changed)
                           .arg(impact.tenants)
                           .arg(impact.nonDefaultBefore)
                           .arg(impact.nonDefaultAfter);
        if (!impact.changedSlugs.isEmpty())
            text += tr("<br>For example: %1%2").arg(impact.changedSlugs.mid(0, 8).join(QStringLiteral(", ")),
                                                     impact.changedSlugs.size() > 8 || impact.truncated ? tr(", …") : QString());
        text += tr("<br>Nothing is saved until you press Save rollout.");
        m_impact->setText(text);
        updateEnabled();
    });
    connect(m_model, &FlagsModel::rolloutApplied, this, [this](const QString &key, const FlagImpact &impact) {
        Q_EMIT statusMessage(tr("Rollout of %1 saved; %2 tenants changed value.").arg(key).arg(impact.changed));
    });
    connect(m_model, &FlagsModel::conflict, this, [this](const QString &key, const Problem &) {
        m_impact->setText(tr("<b>%1 was changed by someone else — reloaded.</b> Check the rollout and preview again.").arg(key));
    });
    connect(m_saveRollout, &QPushButton::clicked, this, &FlagsView::saveRollout);
    connect(m_bulkButton, &QPushButton::clicked, this, &FlagsView::startBulk);
    connect(m_model, &FlagsModel::bulkPreviewed, this, [this](const QString &key, const BulkOverrideResult &r) {
        QStringList lines;
        for (const auto &c : r.changes)
            lines << tr("%1 (%2): override %3 → %4, value %5 → %6")
                         .arg(c.slug, c.plan, c.overrideBefore.isNull() ? tr("none") : jsonText(c.overrideBefore),
                              c.overrideAfter.isNull() ? tr("none") : jsonText(c.overrideAfter), jsonText(c.valueBefore), jsonText(c.valueAfter));
        const QString value = m_pendingBulk.value.isNull() ? tr("remove the override of %1").arg(key)
                                                           : tr("override %1 to %2").arg(key, jsonText(m_pendingBulk.value));
        ChangeRequest change;
        change.title = tr("Bulk override");
        change.what = tr("%1 for %2 tenants on the %3 plan (%4 targeted)?").arg(value).arg(r.changed).arg(m_pendingBulk.plan).arg(r.targets);
        change.details = lines.isEmpty() ? tr("Nothing would change.") : lines.join(QLatin1Char('\n'));
        change.confirmText = tr("Apply");
        const auto reason = ConfirmDialog::confirm(this, change);
        if (!reason || r.changed == 0)
            return;
        BulkOverrideRequest request = m_pendingBulk;
        request.reason = *reason;
        m_model->applyBulk(key, request, r.previewEtag);
    });
    connect(m_model, &FlagsModel::bulkApplied, this, [this](const QString &key, const BulkOverrideResult &r) {
        Q_EMIT statusMessage(tr("Bulk override of %1 applied to %2 tenants.").arg(key).arg(r.changed));
        m_overrides->reload();
    });
    connect(m_model, &FlagsModel::problemOccurred, this, &FlagsView::problemOccurred);
    connect(m_overrides, &FlagOverridesModel::problemOccurred, this, &FlagsView::problemOccurred);
    showFlag({});
}

void FlagsView::ensureLoaded()
{
    if (m_loadRequested)
        return;
    m_loadRequested = true;
    m_model->reload();
}

void FlagsView::reload()
{
    m_loadRequested = true;
    m_model->reload();
}

bool FlagsView::isSettled() const
{
    return m_model->hasLoaded() && (m_key.isEmpty() || m_overrides->hasLoaded());
}

void FlagsView::setReadOnly(bool readOnly, const QString &why)
{
    m_readOnly = readOnly;
    m_readOnlyWhy = why.isEmpty() ? tr("This connection profile is read-only.") : why;
    updateEnabled();
}

void FlagsView::selectFlag(const QString &key)
{
    const int row = m_model->rowOf(key);
    if (row >= 0)
        m_table->selectRow(row);
}

QString FlagsView::impactText() const
{
    return m_impact->text();
}

void FlagsView::showFlag(const QString &key)
{
    m_key = key;
    m_previewTimer->stop();
    m_previewedPercentage = -1;
    m_previewedChanged = -1;
    const FlagInfo *f = m_model->flag(key);
    {
        const QSignalBlocker b1(m_slider), b2(m_spin);
        const int pct = f && f->rolloutPercentage ? int(*f->rolloutPercentage) : 0;
        m_slider->setValue(pct);
        m_spin->setValue(pct);
    }
    {
        const QSignalBlocker block(m_bulkValue);
        m_bulkValue->clear();
        if (f) {
            for (const QJsonValue &v : f->values())
                m_bulkValue->addItem(jsonText(v), v.toVariant());
            m_bulkValue->addItem(tr("(remove the override)"));
        }
    }
    if (!f) {
        m_title->setText(tr("Choose a flag"));
        m_details->clear();
        m_impact->setText(tr("Select a flag to change its rollout and see who overrides it."));
        m_overrides->load({});
        m_overridesTitle->clear();
        updateEnabled();
        return;
    }
    m_title->setText(f->key);
    QStringList facts;
    facts << f->description.toHtmlEscaped();
    facts << tr("Owner: %1 · Rollout: %2 · Version %3").arg(f->owner.isEmpty() ? tr("nobody") : f->owner, rolloutText(*f)).arg(f->version);
    if (!f->enabled)
        facts << toneSpan(Tone::Bad, tr("<b>Kill switch on:</b> everyone gets the default."));
    if (f->stale)
        facts << toneSpan(Tone::Warning, tr("<b>Stale:</b> %1").arg(f->staleReason.toHtmlEscaped()));
    m_details->setText(facts.join(QStringLiteral("<br>")));
    m_impact->setText(f->rolloutPercentage ? tr("Move the slider to see how many tenants a new percentage affects.")
                                           : tr("No rollout yet: move the slider to start one by tenant."));
    if (f->rolloutBy == QLatin1String("user"))
        m_impact->setText(m_impact->text() + tr(" (Rolled out by user: the count is of tenants whose tenant-level value changes.)"));
    m_overrides->load(key);
    updateEnabled();
}

void FlagsView::sliderMoved(int value)
{
    {
        const QSignalBlocker block(m_spin);
        m_spin->setValue(value);
    }
    m_previewedPercentage = -1;
    m_previewedChanged = -1;
    m_impact->setText(tr("Counting the tenants %1 % would affect…").arg(value));
    updateEnabled();
    m_previewTimer->start();
}

void FlagsView::updateEnabled()
{
    const FlagInfo *f = m_model->flag(m_key);
    const double current = f && f->rolloutPercentage ? *f->rolloutPercentage : -1;
    // Saving needs the server's count for exactly the shown percentage.
    m_saveRollout->setEnabled(f && !m_readOnly && m_previewedPercentage == m_slider->value() && m_previewedPercentage != current);
    m_slider->setEnabled(f != nullptr);
    m_spin->setEnabled(f != nullptr);
    m_bulkButton->setEnabled(f && !m_readOnly);
    m_bulkPlan->setEnabled(f && !m_readOnly);
    m_bulkValue->setEnabled(f && !m_readOnly);
    const QString ro = m_readOnly ? m_readOnlyWhy : QString();
    m_saveRollout->setToolTip(ro);
    m_bulkButton->setToolTip(ro);
}

void FlagsView::saveRollout()
{
    const FlagInfo *f = m_model->flag(m_key);
    if (!f || m_previewedPercentage < 0)
        return;
    const double pct = m_previewedPercentage;
    QString details = m_impact->text();
    details.replace(QStringLiteral("<br>"), QStringLiteral("\n"));
    details.remove(QStringLiteral("<b>"));
    details.remove(QStringLiteral("</b>"));
    ChangeRequest change;
    change.title = tr("Change rollout");
    change.what = tr("Change the rollout of %1 from %2 to %3 %? %4 tenants change value.")
                      .arg(f->key, rolloutText(*f))
                      .arg(pct)
                      .arg(m_previewedChanged);
    change.before = rolloutText(*f);
    change.after = tr("%1 %").arg(pct);
    change.details = details;
    change.confirmText = tr("Save rollout");
    const auto reason = ConfirmDialog::confirm(this, change);
    if (!reason)
        return;
    m_model->applyRollout(f->key, pct, *reason);
}

void FlagsView::startBulk()
{
    if (m_key.isEmpty())
        return;
    m_pendingBulk = {};
    m_pendingBulk.plan = m_bulkPlan->currentData().toString();
    m_pendingBulk.value = m_bulkValue->currentData().isValid() ? QJsonValue::fromVariant(m_bulkValue->currentData()) : QJsonValue();
    m_model->previewBulk(m_key, m_pendingBulk);
}

} // namespace portico
