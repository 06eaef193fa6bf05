#pragma once
// The one confirmation every write from the console goes through: it names the tenant (or says the
// change is platform-wide), what changes with its value before and after, any impact the caller
// could work out, and asks for a reason that goes to the audit log; an irreversible change also
// needs the tenant's slug typed. Enter confirms (once the reason is filled), Escape cancels.
// Modal, with a test hook in the manner of KeePassXC's MessageBox::setNextAnswer: tests queue the
// answer instead of clicking a dialog.

#include <QDialog>
#include <QString>
#include <optional>

class QLineEdit;
class QPushButton;

namespace portico {

// One change, as the operator is asked to confirm it.
struct ChangeRequest
{
    QString title;       // the window title ("Save configuration")
    QString tenant;      // "Acme Corp (acme)"; empty: not one tenant's (platform-wide, several tenants)
    QString slug;        // what an irreversible change asks to type
    QString what;        // the question ("Set security.password.min_length at the tenant layer?")
    QString before;      // the value now ("" when the change has no single value)
    QString after;       // the value after
    QString details;     // preview, impact; plain text
    QString confirmText; // the confirming button ("Save")
    bool irreversible = false; // needs the slug typed
};

// "Acme Corp (acme)", or the id while the name is not known.
[[nodiscard]] QString tenantLabel(const QString &name, const QString &slug, const QString &id = {});

class ConfirmDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Unsaved { Save, Discard, Cancel };
    // An edit not saved yet would be dropped (another tenant was picked): Save (through
    // confirm()), Discard, or Cancel (stay). `what` names the edit and the tenant.
    static Unsaved askUnsaved(QWidget *parent, const QString &what);
    // Test hook for askUnsaved(), in the manner of setNextAnswer.
    static void setNextUnsavedAnswer(Unsaved answer);
    // How many times askUnsaved() was called (with or without the hook), for tests.
    static int unsavedAsked();

    // The reason when confirmed (never empty), nullopt when cancelled. Every write asks here.
    static std::optional<QString> confirm(QWidget *parent, const ChangeRequest &change);

    // Test hook: the next confirm() shows nothing and answers this (reason empty: cancelled). An
    // irreversible change is confirmed only when typedSlug is its slug.
    static void setNextAnswer(const QString &reason, const QString &typedSlug = {});
    // What the last confirm() showed or would have shown (tenant, what, before/after, details).
    static QString lastText();
    // The text a change is shown with (and lastText() returns).
    [[nodiscard]] static QString describe(const ChangeRequest &change);

    [[nodiscard]] QLineEdit *reasonEdit() const { return m_reason; }
    [[nodiscard]] QLineEdit *slugEdit() const { return m_slug; }
    [[nodiscard]] QPushButton *confirmButton() const { return m_ok; }

private:
    ConfirmDialog(QWidget *parent, const ChangeRequest &change);
    void validate();

    ChangeRequest m_change;
    QLineEdit *m_reason;
    QLineEdit *m_slug = nullptr;
    QPushButton *m_ok = nullptr;
};

} // namespace portico
