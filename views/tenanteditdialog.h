#pragma once
// Edits what PATCH /v1/tenants/{id} allows: name, state, plan. Names the tenant it edits, and asks
// to type the slug before a suspension (it locks the tenant's users out).

#include "client/apitypes.h"
#include "core/tenant.h"
#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace portico {

class TenantEditDialog : public QDialog
{
    Q_OBJECT
public:
    explicit TenantEditDialog(const Tenant &tenant, QWidget *parent = nullptr);

    // Only what differs from the tenant as loaded.
    [[nodiscard]] TenantPatch patch() const;

private:
    void validate();

    Tenant m_tenant;
    QLineEdit *m_name;
    QComboBox *m_state;
    QComboBox *m_plan;
    QLabel *m_confirmLabel;
    QLineEdit *m_confirm;
    QDialogButtonBox *m_buttons;
};

} // namespace portico
