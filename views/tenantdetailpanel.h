#pragma once
// Read-only presentation of one tenant. Gets data pushed in; never fetches anything itself.

#include "core/tenant.h"
#include <QHash>
#include <QWidget>

class QFormLayout;
class QLabel;
class QStackedWidget;

namespace portico {

class TenantDetailPanel : public QWidget
{
    Q_OBJECT
public:
    explicit TenantDetailPanel(QWidget *parent = nullptr);

    void setTenant(const Tenant &tenant);
    void clear();
    void setLoading(bool loading);

    // The shown text of a field ("slug", "documents", "storage", ...); for tests and accessibility.
    [[nodiscard]] QString valueText(const QString &field) const;
    [[nodiscard]] bool hasTenant() const;

private:
    QLabel *addField(QFormLayout *form, const QString &key, const QString &label);

    QStackedWidget *m_stack;
    QLabel *m_title;
    QLabel *m_loading;
    QHash<QString, QLabel *> m_values;
};

} // namespace portico
