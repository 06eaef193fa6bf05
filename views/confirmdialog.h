#pragma once
// Confirmation of a destructive or wide change: names what changes, shows the details (a preview),
// and asks for a reason that goes to the audit log. Modal, with a test hook in the manner of
// KeePassXC's MessageBox::setNextAnswer: tests queue the answer instead of clicking a dialog.

#include <QDialog>
#include <QString>
#include <optional>

class QLineEdit;
class QPushButton;

namespace portico {

class ConfirmDialog : public QDialog
{
    Q_OBJECT
public:
    // The reason when confirmed (never empty), nullopt when cancelled.
    static std::optional<QString> ask(QWidget *parent, const QString &title, const QString &what, const QString &details,
                                      const QString &confirmText);

    // Test hook: the next ask() shows nothing and answers this (reason empty: cancelled).
    static void setNextAnswer(const QString &reason);
    // What the last ask() would have shown ("what\n\ndetails"), with or without the hook.
    static QString lastText();

private:
    ConfirmDialog(QWidget *parent, const QString &title, const QString &what, const QString &details, const QString &confirmText);
    QLineEdit *m_reason;
    QPushButton *m_ok;
};

} // namespace portico
