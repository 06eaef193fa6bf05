#pragma once
// Tenant ▸ Create tenant…: name, slug (suggested from the name until edited, checked as the server
// checks it, core/slug), plan, isolation model (every placement the server provisions) and region,
// plus the first admin the server requires. The dialog only collects input: "Review and create…"
// emits createRequested, the window confirms the change and sends it, and a refusal comes back
// through showProblem, under the field the server names.

#include "client/apitypes.h"
#include "core/problem.h"
#include <QDialog>
#include <QMap>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace portico {

class CreateTenantDialog : public QDialog
{
    Q_OBJECT
public:
    // regions: the choices offered (the server may know more; an unknown one is refused on the field).
    explicit CreateTenantDialog(const QStringList &regions, QWidget *parent = nullptr);

    [[nodiscard]] NewTenant newTenant() const;

    // The words an operator reads for a placement ("Database per tenant").
    [[nodiscard]] static QString isolationLabel(IsolationModel model);

    // The server refused: its detail under the field it names (name, slug, plan, isolation,
    // region, admin_email, admin_name), otherwise above the buttons.
    void showProblem(const Problem &problem);
    void setBusy(bool busy);

    // For tests: the fields, and the error text shown under a field ("" when none).
    [[nodiscard]] QLineEdit *nameEdit() const { return m_name; }
    [[nodiscard]] QLineEdit *slugEdit() const { return m_slug; }
    [[nodiscard]] QLineEdit *adminEmailEdit() const { return m_adminEmail; }
    [[nodiscard]] QComboBox *planCombo() const { return m_plan; }
    [[nodiscard]] QComboBox *isolationCombo() const { return m_isolation; }
    [[nodiscard]] QComboBox *regionCombo() const { return m_region; }
    [[nodiscard]] QPushButton *createButton() const { return m_create; }
    [[nodiscard]] QString fieldError(const QString &field) const;

Q_SIGNALS:
    void createRequested();

private:
    QLabel *addErrorLabel(const QString &field);
    void validate();
    void clearErrors();

    QLineEdit *m_name;
    QLineEdit *m_slug;
    QComboBox *m_plan;
    QComboBox *m_isolation;
    QComboBox *m_region;
    QLineEdit *m_adminEmail;
    QLineEdit *m_adminName;
    QLabel *m_general;
    QDialogButtonBox *m_buttons;
    QPushButton *m_create = nullptr;
    QMap<QString, QLabel *> m_errors; // field name as the server spells it -> the label under it
    bool m_slugEdited = false;        // once typed in, the slug no longer follows the name
    bool m_busy = false;
};

} // namespace portico
