#pragma once
// Hierarchical configuration as pure logic: the schema of keys, validation of values against it
// (including a JSON-Schema subset for object values), layered resolution (default, plan, tenant,
// user) that always reports the source layer and the values of every layer, and a structural diff.
// Qt Core only: the server validates and resolves with it, a console can do the same offline.

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

namespace portico::config {

enum class ValueType { Bool, Int, Number, String, Enum, Color, Duration, Json };
enum class Layer { Default, Plan, Tenant, User };

QString toString(ValueType t);
QString toString(Layer l);
std::optional<ValueType> parseValueType(const QString &s);
std::optional<Layer> parseLayer(const QString &s);

// A validation failure: path is the offending place inside the checked value ("" = the value
// itself, "logo.width", "steps[2]"), message a human sentence.
struct ValueError
{
    QString path;
    QString message;
};

// One declared configuration key.
struct KeyDef
{
    QString key;                 // dotted, e.g. "security.session.idle_timeout"
    ValueType type = ValueType::String;
    QJsonValue defaultValue;
    std::optional<double> minimum;   // int, number; duration in seconds
    std::optional<double> maximum;
    std::optional<int> maxLength;    // string, color
    QString pattern;                 // string: a regular expression the whole value must match
    QStringList allowed;             // enum: the allowed values
    QJsonObject jsonSchema;          // json: a JSON-Schema subset (see validateJsonSchema)
    QList<Layer> overridable{Layer::Plan, Layer::Tenant}; // layers that may override the default
    QString description;
    bool tenantVisible = false;      // shown by the tenant API's GET /v1/config
    QString group() const;           // the key up to its last dot: "security.session"

    [[nodiscard]] bool allows(Layer l) const { return l == Layer::Default || overridable.contains(l); }
    [[nodiscard]] QJsonObject toJson() const;
    // Parses and checks a definition (types, constraints, and that the default validates).
    // On failure returns nullopt and sets *error (path names the member of the definition).
    static std::optional<KeyDef> fromJson(const QJsonObject &o, ValueError *error);
};

// Checks a value against a key's type and constraints.
std::optional<ValueError> validateValue(const KeyDef &def, const QJsonValue &value);

// The JSON-Schema subset: type (object, array, string, number, integer, boolean, null, or a list
// of them), properties, required, additionalProperties (boolean), items, enum, const, minimum,
// maximum, minLength, maxLength, pattern, minItems, maxItems. Unknown keywords are refused when a
// schema is declared (checkJsonSchema), so a schema never silently checks less than it says.
std::optional<ValueError> validateJsonSchema(const QJsonObject &schema, const QJsonValue &value, const QString &path = {});
std::optional<ValueError> checkJsonSchema(const QJsonObject &schema, const QString &path = QStringLiteral("json_schema"));

// Durations are written "<n><unit>" with unit ms, s, m, h or d ("30m", "90d"); nullopt otherwise.
std::optional<qint64> parseDurationMs(const QString &s);

// The values set at each layer for one key; an absent optional = nothing set at that layer.
struct LayerValues
{
    std::optional<QJsonValue> plan;
    std::optional<QJsonValue> tenant;
    std::optional<QJsonValue> user;
};

struct Resolved
{
    QString key;
    ValueType type = ValueType::String;
    QJsonValue value;
    Layer source = Layer::Default;
    QJsonValue defaultValue;
    LayerValues layers;
    QStringList ignored; // layers whose value was not used: not overridable, or no longer valid
    [[nodiscard]] QJsonObject toJson(bool withLayers = true) const;
};

// The most specific layer that the key allows and whose value still validates wins; the others
// are reported with the reason they were ignored. Never fails: the default always validates.
Resolved resolve(const KeyDef &def, const LayerValues &layers);

// The schema: every key, in key order.
class Schema
{
public:
    void insert(const KeyDef &d) { m_keys.insert(d.key, d); }
    [[nodiscard]] const KeyDef *find(const QString &key) const;
    [[nodiscard]] const QMap<QString, KeyDef> &keys() const { return m_keys; }
    [[nodiscard]] QJsonArray toJson(bool tenantVisibleOnly = false) const;

private:
    QMap<QString, KeyDef> m_keys;
};

// Structural difference of two JSON values: one entry per changed leaf, objects compared member by
// member, arrays and scalars as a whole. Each entry {path, before?, after?} (absent = did not exist).
QJsonArray diff(const QJsonValue &before, const QJsonValue &after);

// Accepts the layer values a key may hold: the layer must be allowed and the value must validate.
// field is how the caller names the value in problems ("value"). Returns the error or nullopt.
std::optional<ValueError> checkLayerWrite(const KeyDef &def, Layer layer, const QJsonValue &value);

} // namespace portico::config
