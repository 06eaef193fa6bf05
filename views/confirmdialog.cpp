#include "views/confirmdialog.h"
#include "models/tones.h"
#include <QDialogButtonBox>
#include <QFontMetrics>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>
#include <utility>

namespace portico {
namespace {
struct Answer
{
    QString reason;
    QString typedSlug;
};
std::optional<Answer> g_nextAnswer;
QString g_lastText;
std::optional<ConfirmDialog::Unsaved> g_nextUnsaved;
int g_unsavedAsked = 0;

QLabel *wrappedLabel(const QString &text, QWidget *parent, bool bold = false)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (bold) {
        QFont f = label->font();
        f.setBold(true);
        label->setFont(f);
    }
    return label;
}
} // namespace

QString tenantLabel(const QString &name, const QString &slug, const QString &id)
{
    if (name.isEmpty())
        return slug.isEmpty() ? id : slug;
    return slug.isEmpty() ? name : ConfirmDialog::tr("%1 (%2)").arg(name, slug);
}

void ConfirmDialog::setNextUnsavedAnswer(Unsaved answer)
{
    g_nextUnsaved = answer;
}

int ConfirmDialog::unsavedAsked()
{
    return g_unsavedAsked;
}

ConfirmDialog::Unsaved ConfirmDialog::askUnsaved(QWidget *parent, const QString &what)
{
    ++g_unsavedAsked;
    g_lastText = what;
    if (g_nextUnsaved)
        return *std::exchange(g_nextUnsaved, std::nullopt);
    QMessageBox box(QMessageBox::Warning, tr("Unsaved edit"), what, QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
    box.setObjectName(QStringLiteral("unsavedDialog"));
    box.setInformativeText(tr("Save asks for a reason first. Cancel stays on this tenant."));
    box.setDefaultButton(QMessageBox::Save);
    box.setEscapeButton(QMessageBox::Cancel);
    switch (box.exec()) {
    case QMessageBox::Save: return Unsaved::Save;
    case QMessageBox::Discard: return Unsaved::Discard;
    default: return Unsaved::Cancel;
    }
}

void ConfirmDialog::setNextAnswer(const QString &reason, const QString &typedSlug)
{
    g_nextAnswer = Answer{reason, typedSlug};
}

QString ConfirmDialog::lastText()
{
    return g_lastText;
}

QString ConfirmDialog::describe(const ChangeRequest &change)
{
    QStringList parts;
    parts << (change.tenant.isEmpty() ? tr("Not one tenant's change") : tr("Tenant: %1").arg(change.tenant));
    parts << change.what;
    if (!change.before.isEmpty() || !change.after.isEmpty())
        parts << tr("Before: %1\nAfter: %2").arg(change.before, change.after);
    if (!change.details.isEmpty())
        parts << change.details;
    if (change.irreversible)
        parts << tr("This cannot simply be undone: type the slug %1 to confirm.").arg(change.slug);
    return parts.join(QStringLiteral("\n\n"));
}

ConfirmDialog::ConfirmDialog(QWidget *parent, const ChangeRequest &change)
    : QDialog(parent), m_change(change), m_reason(new QLineEdit(this))
{
    setObjectName(QStringLiteral("confirmDialog"));
    setWindowTitle(change.tenant.isEmpty() ? change.title : tr("%1 — %2").arg(change.title, change.tenant));
    const QFontMetrics fm = fontMetrics();
    auto *layout = new QVBoxLayout(this);
    QLabel *tenant = wrappedLabel(change.tenant.isEmpty() ? tr("Not one tenant's change") : tr("Tenant: %1").arg(change.tenant), this);
    tenant->setObjectName(QStringLiteral("confirmTenant"));
    layout->addWidget(tenant);
    layout->addWidget(wrappedLabel(change.what, this, true));
    if (!change.before.isEmpty() || !change.after.isEmpty()) {
        auto *values = new QFormLayout;
        values->addRow(tr("Before:"), wrappedLabel(change.before, this));
        values->addRow(tr("After:"), wrappedLabel(change.after, this));
        layout->addLayout(values);
    }
    if (!change.details.isEmpty()) {
        auto *text = new QPlainTextEdit(change.details, this);
        text->setReadOnly(true);
        text->setLineWrapMode(QPlainTextEdit::NoWrap);
        const int lines = int(std::min<qsizetype>(change.details.count(QLatin1Char('\n')) + 2, 14));
        text->setMinimumHeight(lines * fm.lineSpacing() + 12);
        layout->addWidget(text, 1);
    }
    auto *form = new QFormLayout;
    m_reason->setObjectName(QStringLiteral("confirmReason"));
    m_reason->setPlaceholderText(tr("Why? (recorded in the audit log)"));
    m_reason->setMaxLength(500);
    form->addRow(tr("&Reason:"), m_reason);
    if (change.irreversible) {
        auto *warning = wrappedLabel(tr("This cannot simply be undone. Type the slug %1 to confirm.").arg(change.slug), this);
        warning->setStyleSheet(QStringLiteral("QLabel { %1 }").arg(toneTextStyle(Tone::Bad)));
        form->addRow(warning);
        m_slug = new QLineEdit(this);
        m_slug->setObjectName(QStringLiteral("confirmSlug"));
        m_slug->setPlaceholderText(change.slug);
        form->addRow(tr("&Slug:"), m_slug);
        connect(m_slug, &QLineEdit::textChanged, this, &ConfirmDialog::validate);
    }
    layout->addLayout(form);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_ok = buttons->addButton(change.confirmText.isEmpty() ? tr("Confirm") : change.confirmText, QDialogButtonBox::AcceptRole);
    m_ok->setObjectName(QStringLiteral("confirmButton"));
    // Enter presses the confirming button (once it is enabled), Escape cancels; Cancel never
    // becomes the default, not even when it has had focus.
    buttons->button(QDialogButtonBox::Cancel)->setAutoDefault(false);
    m_ok->setAutoDefault(false);
    m_ok->setDefault(true);
    connect(m_reason, &QLineEdit::textChanged, this, &ConfirmDialog::validate);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    setMinimumWidth(std::max(fm.averageCharWidth() * 64, fm.horizontalAdvance(windowTitle()) + 80));
    validate();
    m_reason->setFocus();
}

void ConfirmDialog::validate()
{
    m_ok->setEnabled(!m_reason->text().trimmed().isEmpty() && (!m_slug || m_slug->text().trimmed() == m_change.slug));
}

std::optional<QString> ConfirmDialog::confirm(QWidget *parent, const ChangeRequest &change)
{
    g_lastText = describe(change);
    if (g_nextAnswer) {
        const Answer answer = *std::exchange(g_nextAnswer, std::nullopt);
        const QString reason = answer.reason.trimmed();
        if (reason.isEmpty() || (change.irreversible && answer.typedSlug.trimmed() != change.slug))
            return std::nullopt;
        return reason;
    }
    ConfirmDialog dialog(parent, change);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.m_reason->text().trimmed();
}

} // namespace portico
