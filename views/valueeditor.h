#pragma once
// An editor for one configuration value that fits the key's type (a check box for bool, spin
// boxes for numbers, a list for enums, a colour field, a JSON text for objects) and validates
// every edit with core/config's validateValue: the very rules the server applies.

#include "core/config.h"
#include <QWidget>
#include <optional>

class QLabel;
class QStackedWidget;

namespace portico {

class ValueEditor : public QWidget
{
    Q_OBJECT
public:
    explicit ValueEditor(QWidget *parent = nullptr);

    void setKey(const config::KeyDef &def, const QJsonValue &value);
    void clear();
    // The value as entered: nullopt when it cannot be read (not a number, not JSON...).
    [[nodiscard]] std::optional<QJsonValue> value() const;
    // Empty when the value is valid; otherwise what is wrong, as core validation words it.
    [[nodiscard]] QString errorText() const;
    [[nodiscard]] bool isValid() const { return errorText().isEmpty(); }
    [[nodiscard]] QWidget *editor() const { return m_editor; } // the type's widget, for tests
    void setEditable(bool editable);

Q_SIGNALS:
    void edited();

private:
    QWidget *makeEditor(const config::KeyDef &def, const QJsonValue &value);
    std::optional<config::KeyDef> m_def;
    QWidget *m_editor = nullptr;
    QWidget *m_holder;
};

} // namespace portico
