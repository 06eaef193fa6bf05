#pragma once
// Edits what PATCH /v1/tenants/{id} allows: name, state, plan. Names the tenant it edits and says
// what a suspension does; Save hands the patch on, and the caller confirms it (ConfirmDialog: the
// reason, and the slug typed before a suspension) before anything is written.

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
    [[nodiscard]] QLineEdit *nameEdit() const { return m_name; }
    [[nodiscard]] QComboBox *stateCombo() const { return m_state; }
    [[nodiscard]] QComboBox *planCombo() const { return m_plan; }

private:
    void validate();

    Tenant m_tenant;
    QLineEdit *m_name;
    QComboBox *m_state;
    QComboBox *m_plan;
    QLabel *m_warning;
    QDialogButtonBox *m_buttons;
};

} // namespace portico
