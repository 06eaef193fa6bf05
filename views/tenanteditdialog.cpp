#include "views/tenanteditdialog.h"
#include "models/tones.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

namespace portico {

TenantEditDialog::TenantEditDialog(const Tenant &tenant, QWidget *parent)
    : QDialog(parent), m_tenant(tenant), m_name(new QLineEdit(tenant.name, this)), m_state(new QComboBox(this)),
      m_plan(new QComboBox(this)), m_warning(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("tenantEditDialog"));
    setWindowTitle(tr("Edit tenant %1 (%2)").arg(tenant.name, tenant.slug));
    m_state->addItems(allTenantStates());
    m_state->setCurrentText(toString(tenant.state));
    m_plan->addItems(allPlans());
    m_plan->setCurrentText(toString(tenant.plan));
    m_warning->setText(tr("Suspending locks out every user of this tenant. You will be asked for a reason and to type the slug %1.")
                           .arg(tenant.slug));
    m_warning->setObjectName(QStringLiteral("suspendWarning"));
    m_warning->setTextFormat(Qt::PlainText);
    m_warning->setWordWrap(true);
    m_warning->setStyleSheet(QStringLiteral("QLabel { %1 }").arg(toneTextStyle(Tone::Bad)));

    auto *heading = new QLabel(tr("%1 · %2 · %3 · %4").arg(tenant.name, tenant.slug, toString(tenant.state), toString(tenant.plan)), this);
    heading->setTextFormat(Qt::PlainText);
    heading->setWordWrap(true);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);

    // Wide enough for a long name and the warning on two lines, never the 200 px of a bare form.
    const QFontMetrics fm = fontMetrics();
    const int width = std::clamp(std::max({fm.horizontalAdvance(QLatin1Char('x')) * 64, fm.horizontalAdvance(tenant.name) + 160,
                                           fm.horizontalAdvance(windowTitle()) + 80}),
                                 440, 900);
    m_name->setMinimumWidth(std::max(width - 140, fm.horizontalAdvance(tenant.name) + 16));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&State:"), m_state);
    form->addRow(tr("&Plan:"), m_plan);
    layout->addLayout(form);
    layout->addWidget(m_warning);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(width);

    QPushButton *save = m_buttons->button(QDialogButtonBox::Save);
    save->setText(tr("&Review and save…"));
    save->setDefault(true); // Enter: on to the confirmation; Escape cancels
    m_buttons->button(QDialogButtonBox::Cancel)->setAutoDefault(false);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, &TenantEditDialog::validate);
    connect(m_state, &QComboBox::currentIndexChanged, this, &TenantEditDialog::validate);
    connect(m_plan, &QComboBox::currentIndexChanged, this, &TenantEditDialog::validate);
    validate();
}

TenantPatch TenantEditDialog::patch() const
{
    TenantPatch p;
    const QString name = m_name->text().trimmed();
    if (name != m_tenant.name)
        p.name = name;
    if (const auto s = parseTenantState(m_state->currentText()); s && *s != m_tenant.state)
        p.state = *s;
    if (const auto pl = parsePlan(m_plan->currentText()); pl && *pl != m_tenant.plan)
        p.plan = *pl;
    return p;
}

void TenantEditDialog::validate()
{
    const TenantPatch p = patch();
    m_warning->setVisible(p.state == TenantState::Suspended);
    const bool ok = !p.isEmpty() && !m_name->text().trimmed().isEmpty();
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(ok);
}

} // namespace portico
