#include "views/problembanner.h"
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace portico {

ProblemBanner::ProblemBanner(QWidget *parent) : QFrame(parent), m_label(new QLabel(this))
{
    setObjectName(QStringLiteral("problemBanner"));
    setFrameShape(QFrame::StyledPanel);
    // A fixed, readable tint rather than palette roles: it must stand out in light and dark themes.
    setStyleSheet(QStringLiteral("#problemBanner { background: #fdecea; border: 1px solid #f5c2c0; } "
                                 "#problemBanner QLabel { color: #611a15; }"));
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Dismiss"));
    connect(close, &QToolButton::clicked, this, &ProblemBanner::dismiss);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_label, 1);
    layout->addWidget(close, 0, Qt::AlignTop);
    hide();
}

void ProblemBanner::showProblem(const Problem &problem)
{
    QString text = problem.toDisplayString();
    if (!problem.requestId.isEmpty())
        setToolTip(tr("Request id: %1").arg(problem.requestId)); // what support asks for first
    else
        setToolTip({});
    showMessage(text);
}

void ProblemBanner::showMessage(const QString &text)
{
    m_label->setText(text);
    show();
}

void ProblemBanner::dismiss()
{
    m_label->clear();
    hide();
}

QString ProblemBanner::text() const
{
    return m_label->text();
}

} // namespace portico
