#include "views/tenanteditdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace portico {

TenantEditDialog::TenantEditDialog(const Tenant &tenant, QWidget *parent)
    : QDialog(parent), m_tenant(tenant), m_name(new QLineEdit(tenant.name, this)), m_state(new QComboBox(this)),
      m_plan(new QComboBox(this)), m_confirmLabel(new QLabel(this)), m_confirm(new QLineEdit(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Edit tenant %1 (%2)").arg(tenant.name, tenant.slug));
    m_state->addItems(allTenantStates());
    m_state->setCurrentText(toString(tenant.state));
    m_plan->addItems(allPlans());
    m_plan->setCurrentText(toString(tenant.plan));
    m_confirmLabel->setText(tr("Suspending locks out every user of this tenant. Type the slug <b>%1</b> to confirm:").arg(tenant.slug.toHtmlEscaped()));
    m_confirmLabel->setWordWrap(true);

    auto *form = new QFormLayout(this);
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("State"), m_state);
    form->addRow(tr("Plan"), m_plan);
    form->addRow(m_confirmLabel);
    form->addRow(m_confirm);
    form->addRow(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, &TenantEditDialog::validate);
    connect(m_state, &QComboBox::currentIndexChanged, this, &TenantEditDialog::validate);
    connect(m_plan, &QComboBox::currentIndexChanged, this, &TenantEditDialog::validate);
    connect(m_confirm, &QLineEdit::textChanged, this, &TenantEditDialog::validate);
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
    const bool suspending = p.state == TenantState::Suspended;
    m_confirmLabel->setVisible(suspending);
    m_confirm->setVisible(suspending);
    const bool ok = !p.isEmpty() && !m_name->text().trimmed().isEmpty() && (!suspending || m_confirm->text() == m_tenant.slug);
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(ok);
}

} // namespace portico
