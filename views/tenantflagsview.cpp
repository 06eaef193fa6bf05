#include "views/tenantflagsview.h"
#include "models/tones.h"
#include "views/tablesetup.h"
#include "models/flagmodels.h"
#include "views/confirmdialog.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace portico {
namespace {
QString evaluationText(const FlagEvaluation &e)
{
    return TenantFlagsView::tr("%1 — %2").arg(jsonText(e.value), reasonText(e.reason, e.rule));
}
} // namespace

TenantFlagsView::TenantFlagsView(FlagEvaluationsModel *evaluations, FlagsModel *flags, QWidget *parent)
    : QWidget(parent), m_model(evaluations), m_flags(flags),
      m_userPicker(new QComboBox(this)), m_table(new QTableView(this)), m_title(new QLabel(this)), m_state(new QLabel(this)),
      m_choice(new QComboBox(this)), m_preview(new QLabel(this)), m_apply(new QPushButton(tr("Apply override…"), this))
{
    setObjectName(QStringLiteral("tenantFlagsView"));
    m_userPicker->setObjectName(QStringLiteral("flagUserPicker"));
    m_userPicker->setEditable(true);
    m_userPicker->setMinimumContentsLength(18);
    m_userPicker->lineEdit()->setPlaceholderText(tr("user id (empty: the tenant)"));
    m_userPicker->lineEdit()->setClearButtonEnabled(true);
    auto *reload = new QPushButton(tr("Reload"), this);
    auto *top = new QHBoxLayout;
    auto *userLabel = new QLabel(tr("Evaluate for &user:"), this);
    userLabel->setBuddy(m_userPicker);
    top->addWidget(userLabel);
    top->addWidget(m_userPicker);
    top->addStretch(1);
    top->addWidget(reload);

    setUpTable(m_table, QStringLiteral("flagEvaluations"), TableKind::Choice);
    m_table->setModel(m_model);
    m_table->setColumnWidth(FlagEvaluationsModel::KeyColumn, 170);
    m_table->setColumnWidth(FlagEvaluationsModel::ReasonColumn, 230);
    // An error code cut to "TARGETING_…" names nothing: the rule column is as wide as its longest code.
    m_table->horizontalHeader()->setSectionResizeMode(FlagEvaluationsModel::RuleColumn, QHeaderView::ResizeToContents);

    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_state->setWordWrap(true);
    m_choice->setObjectName(QStringLiteral("overrideChoice"));
    m_preview->setObjectName(QStringLiteral("overridePreview"));
    m_preview->setWordWrap(true);
    m_preview->setStyleSheet(QStringLiteral("QLabel { %1 border-radius: 3px; padding: 6px; }").arg(toneBoxStyle(Tone::Info)));
    m_apply->setObjectName(QStringLiteral("overrideApply"));
    auto *box = new QGroupBox(tr("Override"), this);
    auto *boxLayout = new QVBoxLayout(box);
    boxLayout->addWidget(m_title);
    boxLayout->addWidget(m_state);
    auto *row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Set to:"), box));
    row->addWidget(m_choice, 1);
    row->addWidget(m_apply);
    boxLayout->addLayout(row);
    boxLayout->addWidget(m_preview);
    boxLayout->addStretch(1);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(box);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    connect(m_userPicker->lineEdit(), &QLineEdit::editingFinished, this, [this] { setUser(m_userPicker->currentText()); });
    connect(reload, &QPushButton::clicked, this, &TenantFlagsView::reload);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        showFlag(current.siblingAtColumn(0).data(FlagEvaluationsModel::KeyRole).toString());
    });
    connect(m_model, &FlagEvaluationsModel::loaded, this, [this] {
        const int shownRow = m_model->rowOf(m_key);
        if (shownRow >= 0) {
            const QSignalBlocker block(m_table->selectionModel());
            m_table->selectRow(shownRow);
        }
        showFlag(m_key);
    });
    connect(m_flags, &FlagsModel::loaded, this, [this] { showFlag(m_key); });
    connect(m_model, &FlagEvaluationsModel::problemOccurred, this, &TenantFlagsView::problemOccurred);
    connect(m_flags, &FlagsModel::problemOccurred, this, &TenantFlagsView::problemOccurred);
    connect(m_choice, &QComboBox::currentIndexChanged, this, &TenantFlagsView::choiceChanged);
    connect(m_model, &FlagEvaluationsModel::overridePreviewed, this, [this](const QString &key, const OverrideChange &c) {
        if (key != m_key)
            return;
        m_previewReady = true;
        m_preview->setText(c.changesValue ? tr("<b>Would change the value</b><br>now: %1<br>after: %2")
                                                .arg(evaluationText(c.before).toHtmlEscaped(), evaluationText(c.after).toHtmlEscaped())
                                          : tr("<b>Would not change the value</b><br>now: %1<br>after: %2")
                                                .arg(evaluationText(c.before).toHtmlEscaped(), evaluationText(c.after).toHtmlEscaped()));
        m_preview->show();
        m_apply->setEnabled(!m_readOnly);
    });
    connect(m_model, &FlagEvaluationsModel::overrideApplied, this, [this](const QString &key) {
        Q_EMIT statusMessage(tr("Override of %1 saved.").arg(key));
    });
    connect(m_apply, &QPushButton::clicked, this, &TenantFlagsView::apply);
    showFlag({});
}

void TenantFlagsView::setTenant(const QString &tenantId, const QString &label)
{
    m_tenantLabel = label.isEmpty() ? tenantId : label;
    if (tenantId == m_model->tenantId())
        return;
    if (!m_flags->hasLoaded())
        m_flags->reload();
    m_key.clear();
    m_model->setTenant(tenantId);
    showFlag({});
}

void TenantFlagsView::setUser(const QString &user)
{
    if (m_userPicker->currentText() != user.trimmed())
        m_userPicker->setEditText(user.trimmed());
    m_model->setUser(user);
}

void TenantFlagsView::setReadOnly(bool readOnly, const QString &why)
{
    m_readOnly = readOnly;
    m_readOnlyWhy = why.isEmpty() ? tr("This connection profile is read-only.") : why;
    showFlag(m_key);
}

void TenantFlagsView::reload()
{
    m_flags->reload();
    m_model->reload();
}

void TenantFlagsView::selectFlag(const QString &key)
{
    const int row = m_model->rowOf(key);
    if (row >= 0)
        m_table->selectRow(row);
}

QString TenantFlagsView::previewText() const
{
    return m_preview->isHidden() ? QString() : m_preview->text();
}

std::optional<QJsonValue> TenantFlagsView::currentOverride() const
{
    const FlagEvaluation *e = m_model->evaluation(m_key);
    if (!e)
        return std::nullopt;
    return m_model->user().isEmpty() ? e->tenantOverride : e->userOverride;
}

std::optional<QJsonValue> TenantFlagsView::chosen() const
{
    if (m_choice->currentIndex() <= 0)
        return std::nullopt;
    return QJsonValue::fromVariant(m_choice->currentData());
}

void TenantFlagsView::showFlag(const QString &key)
{
    m_key = key;
    m_previewReady = false;
    m_preview->hide();
    const FlagEvaluation *e = m_model->evaluation(key);
    const FlagInfo *f = m_flags->flag(key);
    {
        const QSignalBlocker block(m_choice);
        m_choice->clear();
        if (e) {
            const bool user = !m_model->user().isEmpty();
            m_choice->addItem(user ? tr("No user override") : tr("No tenant override"));
            const QList<QJsonValue> values = f ? f->values() : QList<QJsonValue>{QJsonValue(true), QJsonValue(false)};
            for (const QJsonValue &v : values)
                m_choice->addItem(jsonText(v), v.toVariant());
            const auto current = currentOverride();
            m_choice->setCurrentIndex(current ? std::max(0, m_choice->findText(jsonText(*current))) : 0);
        }
    }
    if (!e) {
        m_title->setText(tr("Choose a flag"));
        m_state->setText(tr("Select a flag above to see why it has its value and to override it for this tenant."));
    } else {
        m_title->setText(e->key);
        const auto current = currentOverride();
        QString text = tr("%1<br>Now: <b>%2</b> — %3. %4")
                           .arg(e->description.toHtmlEscaped(), jsonText(e->value).toHtmlEscaped(), reasonText(e->reason, e->rule),
                                current ? tr("Overridden to %1.").arg(jsonText(*current)) : tr("Not overridden."));
        if (!e->errorCode.isEmpty())
            text += QStringLiteral("<br>") + toneSpan(Tone::Bad, flagErrorText(e->errorCode).toHtmlEscaped());
        m_state->setText(text);
    }
    m_choice->setEnabled(e && !m_readOnly);
    m_apply->setEnabled(false);
    m_apply->setToolTip(m_readOnly ? m_readOnlyWhy : QString());
}

void TenantFlagsView::choiceChanged()
{
    m_previewReady = false;
    m_apply->setEnabled(false);
    const FlagEvaluation *e = m_model->evaluation(m_key);
    if (!e)
        return;
    const auto value = chosen();
    if (value == currentOverride()) {
        m_preview->hide();
        return;
    }
    m_preview->setText(tr("Asking the server what this would change…"));
    m_preview->show();
    m_model->previewOverride(m_key, value);
}

void TenantFlagsView::apply()
{
    if (!m_previewReady || m_readOnly)
        return;
    const auto value = chosen();
    const QString who = m_model->user().isEmpty() ? tr("this tenant") : tr("user %1").arg(m_model->user());
    const QString what = value ? tr("Override %1 to %2 for %3?").arg(m_key, jsonText(*value), who)
                               : tr("Remove the override of %1 for %2?").arg(m_key, who);
    QString details = m_preview->text();
    details.replace(QStringLiteral("<br>"), QStringLiteral("\n"));
    details.remove(QStringLiteral("<b>"));
    details.remove(QStringLiteral("</b>"));
    ChangeRequest change;
    change.title = tr("Flag override");
    change.tenant = m_tenantLabel;
    change.what = what;
    change.before = currentOverride() ? jsonText(*currentOverride()) : tr("(no override)");
    change.after = value ? jsonText(*value) : tr("(no override)");
    change.details = details;
    change.confirmText = value ? tr("Override") : tr("Remove override");
    const auto reason = ConfirmDialog::confirm(this, change);
    if (!reason)
        return;
    m_model->applyOverride(m_key, value, *reason);
}

} // namespace portico
