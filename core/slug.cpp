#include "core/slug.h"
#include <QRegularExpression>

namespace portico {
bool isValidSlug(const QString &slug)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$"));
    return re.match(slug).hasMatch() && !slug.contains(QStringLiteral("--"));
}

QString slugify(const QString &name)
{
    // Decompose so accents fall away as combining marks, then keep only ASCII letters and digits.
    const QString decomposed = name.normalized(QString::NormalizationForm_KD).toLower();
    QString out;
    bool pendingDash = false;
    for (const QChar c : decomposed) {
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))) {
            if (pendingDash && !out.isEmpty())
                out += QLatin1Char('-');
            pendingDash = false;
            out += c;
        } else if (c.category() != QChar::Mark_NonSpacing) {
            pendingDash = true;
        }
    }
    out.truncate(63);
    while (out.endsWith(QLatin1Char('-')))
        out.chop(1);
    return out;
}
} // namespace portico
