#include "views/confirmdialog.h"
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <utility>

namespace portico {
namespace {
std::optional<QString> g_nextAnswer;
QString g_lastText;
} // namespace

void ConfirmDialog::setNextAnswer(const QString &reason)
{
    g_nextAnswer = reason;
}

QString ConfirmDialog::lastText()
{
    return g_lastText;
}

ConfirmDialog::ConfirmDialog(QWidget *parent, const QString &title, const QString &what, const QString &details, const QString &confirmText)
    : QDialog(parent), m_reason(new QLineEdit(this))
{
    setObjectName(QStringLiteral("confirmDialog"));
    setWindowTitle(title);
    auto *layout = new QVBoxLayout(this);
    auto *label = new QLabel(what, this);
    label->setWordWrap(true);
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    layout->addWidget(label);
    if (!details.isEmpty()) {
        auto *text = new QPlainTextEdit(details, this);
        text->setReadOnly(true);
        text->setMinimumSize(520, 160);
        layout->addWidget(text, 1);
    }
    auto *form = new QFormLayout;
    m_reason->setPlaceholderText(tr("Why? (recorded in the audit log)"));
    m_reason->setMaxLength(500);
    form->addRow(tr("&Reason:"), m_reason);
    layout->addLayout(form);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_ok = buttons->addButton(confirmText, QDialogButtonBox::AcceptRole);
    m_ok->setEnabled(false);
    connect(m_reason, &QLineEdit::textChanged, this, [this](const QString &t) { m_ok->setEnabled(!t.trimmed().isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
}

std::optional<QString> ConfirmDialog::ask(QWidget *parent, const QString &title, const QString &what, const QString &details,
                                          const QString &confirmText)
{
    g_lastText = details.isEmpty() ? what : what + QStringLiteral("\n\n") + details;
    if (g_nextAnswer) {
        const QString reason = std::exchange(g_nextAnswer, std::nullopt)->trimmed();
        return reason.isEmpty() ? std::nullopt : std::optional<QString>(reason);
    }
    ConfirmDialog dialog(parent, title, what, details, confirmText);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.m_reason->text().trimmed();
}

} // namespace portico
