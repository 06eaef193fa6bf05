#include "views/problembanner.h"
#include "models/tones.h"
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace portico {

ProblemBanner::ProblemBanner(QWidget *parent) : QFrame(parent), m_label(new QLabel(this))
{
    setObjectName(QStringLiteral("problemBanner"));
    setFrameShape(QFrame::StyledPanel);
    // A tint of its own rather than palette roles: it must stand out (models/tones has a dark set).
    const ToneColors bad = toneColors(Tone::Bad);
    setStyleSheet(QStringLiteral("#problemBanner { background: %1; border: 1px solid %2; } #problemBanner QLabel { color: %3; }")
                      .arg(bad.background.name(), bad.border.name(), bad.text.name()));
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
