#pragma once
// An inline, dismissable message strip: errors are shown where they happened, not as modal popups.

#include "core/problem.h"
#include <QFrame>

class QLabel;

namespace portico {

class ProblemBanner : public QFrame
{
    Q_OBJECT
public:
    explicit ProblemBanner(QWidget *parent = nullptr);

    void showProblem(const Problem &problem);
    void showMessage(const QString &text);
    void dismiss();
    [[nodiscard]] QString text() const;

private:
    QLabel *m_label;
};

} // namespace portico
