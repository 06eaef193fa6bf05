#include "views/valueeditor.h"
#include "client/configtypes.h"
#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <limits>

namespace portico {

using config::ValueType;

ValueEditor::ValueEditor(QWidget *parent) : QWidget(parent), m_holder(new QWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_holder);
    new QHBoxLayout(m_holder);
    m_holder->layout()->setContentsMargins(0, 0, 0, 0);
}

void ValueEditor::clear()
{
    m_def.reset();
    delete m_editor;
    m_editor = nullptr;
    // The colour field adds a button beside the editor.
    while (QLayoutItem *item = m_holder->layout()->takeAt(0)) {
        delete item->widget();
        delete item;
    }
}

void ValueEditor::setKey(const config::KeyDef &def, const QJsonValue &value)
{
    clear();
    m_def = def;
    m_editor = makeEditor(def, value);
    m_editor->setObjectName(QStringLiteral("valueEditor"));
    m_holder->layout()->addWidget(m_editor);
    if (def.type == ValueType::Color) {
        auto *pick = new QToolButton(m_holder);
        pick->setText(tr("Pick…"));
        auto *edit = static_cast<QLineEdit *>(m_editor);
        connect(pick, &QToolButton::clicked, this, [this, edit] {
            const QColor c = QColorDialog::getColor(QColor(edit->text()), this);
            if (c.isValid())
                edit->setText(c.name());
        });
        m_holder->layout()->addWidget(pick);
    }
}

QWidget *ValueEditor::makeEditor(const config::KeyDef &def, const QJsonValue &value)
{
    switch (def.type) {
    case ValueType::Bool: {
        auto *box = new QCheckBox(tr("On"), m_holder);
        box->setChecked(value.toBool());
        connect(box, &QCheckBox::toggled, this, &ValueEditor::edited);
        return box;
    }
    case ValueType::Int: {
        // The full range: the constraints are checked (and explained) by core validation, so an
        // out-of-range value shows why instead of silently snapping to a limit.
        auto *spin = new QSpinBox(m_holder);
        spin->setRange(std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
        spin->setValue(value.toInt());
        connect(spin, &QSpinBox::valueChanged, this, &ValueEditor::edited);
        return spin;
    }
    case ValueType::Number: {
        auto *spin = new QDoubleSpinBox(m_holder);
        spin->setDecimals(3);
        spin->setRange(-1e12, 1e12);
        spin->setValue(value.toDouble());
        connect(spin, &QDoubleSpinBox::valueChanged, this, &ValueEditor::edited);
        return spin;
    }
    case ValueType::Enum: {
        auto *combo = new QComboBox(m_holder);
        combo->addItems(def.allowed);
        combo->setCurrentText(value.toString());
        connect(combo, &QComboBox::currentTextChanged, this, &ValueEditor::edited);
        return combo;
    }
    case ValueType::Json: {
        auto *text = new QPlainTextEdit(m_holder);
        const QByteArray json = value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented)
                                                : QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented);
        text->setPlainText(QString::fromUtf8(json).trimmed());
        QFont mono(QStringLiteral("monospace"));
        mono.setStyleHint(QFont::TypeWriter);
        text->setFont(mono);
        text->setMinimumHeight(120);
        connect(text, &QPlainTextEdit::textChanged, this, &ValueEditor::edited);
        return text;
    }
    case ValueType::Duration:
    case ValueType::Color:
    case ValueType::String: {
        auto *line = new QLineEdit(value.toString(), m_holder);
        if (def.type == ValueType::Duration)
            line->setPlaceholderText(tr("e.g. 30s, 15m, 8h, 90d"));
        else if (def.type == ValueType::Color)
            line->setPlaceholderText(tr("#rrggbb"));
        connect(line, &QLineEdit::textChanged, this, &ValueEditor::edited);
        return line;
    }
    }
    return new QWidget(m_holder);
}

std::optional<QJsonValue> ValueEditor::value() const
{
    if (!m_def || !m_editor)
        return std::nullopt;
    switch (m_def->type) {
    case ValueType::Bool: return QJsonValue(static_cast<QCheckBox *>(m_editor)->isChecked());
    case ValueType::Int: return QJsonValue(static_cast<QSpinBox *>(m_editor)->value());
    case ValueType::Number: return QJsonValue(static_cast<QDoubleSpinBox *>(m_editor)->value());
    case ValueType::Enum: return QJsonValue(static_cast<QComboBox *>(m_editor)->currentText());
    case ValueType::Json: {
        QJsonParseError error{};
        const QByteArray text = static_cast<QPlainTextEdit *>(m_editor)->toPlainText().toUtf8();
        // Wrapped in an array so scalars parse too.
        const QJsonDocument doc = QJsonDocument::fromJson("[" + text + "]", &error);
        if (error.error != QJsonParseError::NoError || doc.array().size() != 1)
            return std::nullopt;
        return doc.array().first();
    }
    case ValueType::Duration:
    case ValueType::Color:
    case ValueType::String: return QJsonValue(static_cast<QLineEdit *>(m_editor)->text());
    }
    return std::nullopt;
}

QString ValueEditor::errorText() const
{
    if (!m_def)
        return {};
    const auto v = value();
    if (!v)
        return tr("This is not valid JSON.");
    if (const auto e = config::validateValue(*m_def, *v))
        return e->path.isEmpty() ? e->message : tr("%1: %2").arg(e->path, e->message);
    return {};
}

void ValueEditor::setEditable(bool editable)
{
    m_holder->setEnabled(editable);
}

} // namespace portico
