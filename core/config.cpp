#include "core/config.h"
#include <QRegularExpression>
#include <QSet>
#include <cmath>

namespace portico::config {

namespace {

const QStringList kTypes{QStringLiteral("bool"), QStringLiteral("int"), QStringLiteral("number"), QStringLiteral("string"),
                         QStringLiteral("enum"), QStringLiteral("color"), QStringLiteral("duration"), QStringLiteral("json")};
const QStringList kLayers{QStringLiteral("default"), QStringLiteral("plan"), QStringLiteral("tenant"), QStringLiteral("user")};

QString num(double d) { return QString::number(d, 'g', 15); }

QString jsonTypeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("boolean");
    case QJsonValue::Double: return QStringLiteral("number");
    case QJsonValue::String: return QStringLiteral("string");
    case QJsonValue::Array: return QStringLiteral("array");
    case QJsonValue::Object: return QStringLiteral("object");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("nothing");
}

bool isWhole(double d) { return std::isfinite(d) && std::floor(d) == d && std::fabs(d) <= 9007199254740992.0; }

bool matchesType(const QString &t, const QJsonValue &v)
{
    if (t == QLatin1String("integer"))
        return v.isDouble() && isWhole(v.toDouble());
    if (t == QLatin1String("number"))
        return v.isDouble();
    if (t == QLatin1String("boolean"))
        return v.isBool();
    return jsonTypeName(v) == t;
}

QString join(const QString &path, const QString &member) { return path.isEmpty() ? member : path + QLatin1Char('.') + member; }

std::optional<ValueError> err(const QString &path, const QString &message) { return ValueError{path, message}; }

bool fullMatch(const QString &pattern, const QString &s)
{
    const QRegularExpression re(QRegularExpression::anchoredPattern(pattern));
    return re.isValid() && re.match(s).hasMatch();
}

} // namespace

QString toString(ValueType t) { return kTypes.value(int(t)); }
QString toString(Layer l) { return kLayers.value(int(l)); }
std::optional<ValueType> parseValueType(const QString &s)
{
    const int i = int(kTypes.indexOf(s));
    return i < 0 ? std::nullopt : std::optional<ValueType>(static_cast<ValueType>(i));
}
std::optional<Layer> parseLayer(const QString &s)
{
    const int i = int(kLayers.indexOf(s));
    return i < 0 ? std::nullopt : std::optional<Layer>(static_cast<Layer>(i));
}

std::optional<qint64> parseDurationMs(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^([0-9]{1,12})(ms|s|m|h|d)$"));
    const auto m = re.match(s);
    if (!m.hasMatch())
        return std::nullopt;
    const qint64 n = m.captured(1).toLongLong();
    const QString unit = m.captured(2);
    const qint64 factor = unit == QLatin1String("ms") ? 1 : unit == QLatin1String("s") ? 1000 : unit == QLatin1String("m") ? 60000
                        : unit == QLatin1String("h") ? 3600000 : 86400000;
    return n * factor;
}

// ---- JSON-Schema subset ------------------------------------------------------------------------

std::optional<ValueError> checkJsonSchema(const QJsonObject &schema, const QString &path)
{
    static const QSet<QString> known{QStringLiteral("type"), QStringLiteral("properties"), QStringLiteral("required"),
                                     QStringLiteral("additionalProperties"), QStringLiteral("items"), QStringLiteral("enum"),
                                     QStringLiteral("const"), QStringLiteral("minimum"), QStringLiteral("maximum"),
                                     QStringLiteral("minLength"), QStringLiteral("maxLength"), QStringLiteral("pattern"),
                                     QStringLiteral("minItems"), QStringLiteral("maxItems"), QStringLiteral("description"),
                                     QStringLiteral("title")};
    static const QStringList types{QStringLiteral("object"), QStringLiteral("array"), QStringLiteral("string"), QStringLiteral("number"),
                                   QStringLiteral("integer"), QStringLiteral("boolean"), QStringLiteral("null")};
    for (auto it = schema.begin(); it != schema.end(); ++it)
        if (!known.contains(it.key()))
            return err(join(path, it.key()), QStringLiteral("'%1' is not part of the supported JSON-Schema subset.").arg(it.key()));
    if (schema.contains(QStringLiteral("type"))) {
        const QJsonValue t = schema.value(QStringLiteral("type"));
        QJsonArray list = t.isArray() ? t.toArray() : QJsonArray{t};
        for (const auto v : list)
            if (!types.contains(v.toString()))
                return err(join(path, QStringLiteral("type")), QStringLiteral("type must be one of: %1.").arg(types.join(QStringLiteral(", "))));
    }
    for (const char *n : {"minimum", "maximum"})
        if (schema.contains(QLatin1String(n)) && !schema.value(QLatin1String(n)).isDouble())
            return err(join(path, QLatin1String(n)), QStringLiteral("%1 must be a number.").arg(QLatin1String(n)));
    for (const char *n : {"minLength", "maxLength", "minItems", "maxItems"})
        if (schema.contains(QLatin1String(n))) {
            const QJsonValue v = schema.value(QLatin1String(n));
            if (!v.isDouble() || !isWhole(v.toDouble()) || v.toDouble() < 0)
                return err(join(path, QLatin1String(n)), QStringLiteral("%1 must be a whole number of at least 0.").arg(QLatin1String(n)));
        }
    if (schema.contains(QStringLiteral("pattern"))
        && (!schema.value(QStringLiteral("pattern")).isString() || !QRegularExpression(schema.value(QStringLiteral("pattern")).toString()).isValid()))
        return err(join(path, QStringLiteral("pattern")), QStringLiteral("pattern must be a valid regular expression."));
    if (schema.contains(QStringLiteral("enum")) && !schema.value(QStringLiteral("enum")).isArray())
        return err(join(path, QStringLiteral("enum")), QStringLiteral("enum must be an array."));
    if (schema.contains(QStringLiteral("required"))) {
        const QJsonValue r = schema.value(QStringLiteral("required"));
        if (!r.isArray())
            return err(join(path, QStringLiteral("required")), QStringLiteral("required must be an array of names."));
        for (const auto v : r.toArray())
            if (!v.isString())
                return err(join(path, QStringLiteral("required")), QStringLiteral("required must be an array of names."));
    }
    if (schema.contains(QStringLiteral("additionalProperties")) && !schema.value(QStringLiteral("additionalProperties")).isBool())
        return err(join(path, QStringLiteral("additionalProperties")), QStringLiteral("additionalProperties must be true or false."));
    if (schema.contains(QStringLiteral("properties"))) {
        const QJsonValue p = schema.value(QStringLiteral("properties"));
        if (!p.isObject())
            return err(join(path, QStringLiteral("properties")), QStringLiteral("properties must be an object of schemas."));
        const QJsonObject props = p.toObject();
        for (auto it = props.begin(); it != props.end(); ++it) {
            if (!it.value().isObject())
                return err(join(join(path, QStringLiteral("properties")), it.key()), QStringLiteral("Each property needs a schema object."));
            if (auto e = checkJsonSchema(it.value().toObject(), join(join(path, QStringLiteral("properties")), it.key())))
                return e;
        }
    }
    if (schema.contains(QStringLiteral("items"))) {
        if (!schema.value(QStringLiteral("items")).isObject())
            return err(join(path, QStringLiteral("items")), QStringLiteral("items must be a schema object."));
        if (auto e = checkJsonSchema(schema.value(QStringLiteral("items")).toObject(), join(path, QStringLiteral("items"))))
            return e;
    }
    return std::nullopt;
}

std::optional<ValueError> validateJsonSchema(const QJsonObject &schema, const QJsonValue &value, const QString &path)
{
    if (schema.contains(QStringLiteral("type"))) {
        const QJsonValue t = schema.value(QStringLiteral("type"));
        const QJsonArray list = t.isArray() ? t.toArray() : QJsonArray{t};
        bool ok = false;
        QStringList names;
        for (const auto v : list) {
            names << v.toString();
            ok = ok || matchesType(v.toString(), value);
        }
        if (!ok)
            return err(path, QStringLiteral("Expected %1, got %2.").arg(names.join(QStringLiteral(" or ")), jsonTypeName(value)));
    }
    if (schema.contains(QStringLiteral("const")) && schema.value(QStringLiteral("const")) != value)
        return err(path, QStringLiteral("Must equal the value the schema gives in const."));
    if (schema.contains(QStringLiteral("enum")) && !schema.value(QStringLiteral("enum")).toArray().contains(value))
        return err(path, QStringLiteral("Must be one of the values the schema lists in enum."));
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (schema.contains(QStringLiteral("minimum")) && d < schema.value(QStringLiteral("minimum")).toDouble())
            return err(path, QStringLiteral("Must be at least %1.").arg(num(schema.value(QStringLiteral("minimum")).toDouble())));
        if (schema.contains(QStringLiteral("maximum")) && d > schema.value(QStringLiteral("maximum")).toDouble())
            return err(path, QStringLiteral("Must be at most %1.").arg(num(schema.value(QStringLiteral("maximum")).toDouble())));
    }
    if (value.isString()) {
        const QString s = value.toString();
        if (schema.contains(QStringLiteral("minLength")) && s.size() < schema.value(QStringLiteral("minLength")).toInt())
            return err(path, QStringLiteral("Must be at least %1 characters.").arg(schema.value(QStringLiteral("minLength")).toInt()));
        if (schema.contains(QStringLiteral("maxLength")) && s.size() > schema.value(QStringLiteral("maxLength")).toInt())
            return err(path, QStringLiteral("Must be at most %1 characters.").arg(schema.value(QStringLiteral("maxLength")).toInt()));
        if (schema.contains(QStringLiteral("pattern"))) {
            // JSON Schema patterns are unanchored searches.
            const QRegularExpression re(schema.value(QStringLiteral("pattern")).toString());
            if (!re.match(s).hasMatch())
                return err(path, QStringLiteral("Must match the pattern %1.").arg(re.pattern()));
        }
    }
    if (value.isArray()) {
        const QJsonArray a = value.toArray();
        if (schema.contains(QStringLiteral("minItems")) && a.size() < schema.value(QStringLiteral("minItems")).toInt())
            return err(path, QStringLiteral("Must have at least %1 items.").arg(schema.value(QStringLiteral("minItems")).toInt()));
        if (schema.contains(QStringLiteral("maxItems")) && a.size() > schema.value(QStringLiteral("maxItems")).toInt())
            return err(path, QStringLiteral("Must have at most %1 items.").arg(schema.value(QStringLiteral("maxItems")).toInt()));
        if (schema.contains(QStringLiteral("items"))) {
            const QJsonObject items = schema.value(QStringLiteral("items")).toObject();
            for (qsizetype i = 0; i < a.size(); ++i)
                if (auto e = validateJsonSchema(items, a.at(i), QStringLiteral("%1[%2]").arg(path).arg(i)))
                    return e;
        }
    }
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        const QJsonObject props = schema.value(QStringLiteral("properties")).toObject();
        for (const auto r : schema.value(QStringLiteral("required")).toArray())
            if (!o.contains(r.toString()))
                return err(join(path, r.toString()), QStringLiteral("'%1' is required.").arg(r.toString()));
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (props.contains(it.key())) {
                if (auto e = validateJsonSchema(props.value(it.key()).toObject(), it.value(), join(path, it.key())))
                    return e;
            } else if (!schema.value(QStringLiteral("additionalProperties")).toBool(true)) {
                return err(join(path, it.key()), QStringLiteral("'%1' is not an allowed member.").arg(it.key()));
            }
        }
    }
    return std::nullopt;
}

// ---- Keys ----------------------------------------------------------------------------------------

QString KeyDef::group() const
{
    const qsizetype dot = key.lastIndexOf(QLatin1Char('.'));
    return dot < 0 ? QString() : key.left(dot);
}

QJsonObject KeyDef::toJson() const
{
    QJsonObject o{{QStringLiteral("key"), key},
                  {QStringLiteral("type"), toString(type)},
                  {QStringLiteral("default"), defaultValue},
                  {QStringLiteral("description"), description},
                  {QStringLiteral("tenant_visible"), tenantVisible},
                  {QStringLiteral("group"), group()}};
    QJsonArray layers;
    for (Layer l : overridable)
        layers.append(toString(l));
    o.insert(QStringLiteral("layers"), layers);
    QJsonObject c;
    if (minimum)
        c.insert(QStringLiteral("minimum"), *minimum);
    if (maximum)
        c.insert(QStringLiteral("maximum"), *maximum);
    if (maxLength)
        c.insert(QStringLiteral("max_length"), *maxLength);
    if (!pattern.isEmpty())
        c.insert(QStringLiteral("pattern"), pattern);
    if (!allowed.isEmpty())
        c.insert(QStringLiteral("allowed"), QJsonArray::fromStringList(allowed));
    if (!jsonSchema.isEmpty())
        c.insert(QStringLiteral("json_schema"), jsonSchema);
    o.insert(QStringLiteral("constraints"), c);
    return o;
}

std::optional<KeyDef> KeyDef::fromJson(const QJsonObject &o, ValueError *error)
{
    const auto fail = [&](const QString &path, const QString &message) -> std::optional<KeyDef> {
        if (error)
            *error = {path, message};
        return std::nullopt;
    };
    KeyDef d;
    d.key = o.value(QStringLiteral("key")).toString();
    if (!fullMatch(QStringLiteral("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*"), d.key) || d.key.size() > 128)
        return fail(QStringLiteral("key"), QStringLiteral("key must be dotted lower-case words (a-z, 0-9, _), at most 128 characters."));
    const auto type = parseValueType(o.value(QStringLiteral("type")).toString());
    if (!type)
        return fail(QStringLiteral("type"), QStringLiteral("type must be one of: %1.").arg(kTypes.join(QStringLiteral(", "))));
    d.type = *type;
    d.description = o.value(QStringLiteral("description")).toString();
    d.tenantVisible = o.value(QStringLiteral("tenant_visible")).toBool(false);
    if (o.contains(QStringLiteral("layers"))) {
        d.overridable.clear();
        for (const auto v : o.value(QStringLiteral("layers")).toArray()) {
            const auto l = parseLayer(v.toString());
            if (!l || *l == Layer::Default)
                return fail(QStringLiteral("layers"), QStringLiteral("layers lists the layers that may override the default: plan, tenant, user."));
            d.overridable.append(*l);
        }
    }
    const QJsonObject c = o.value(QStringLiteral("constraints")).toObject();
    if (c.contains(QStringLiteral("minimum")))
        d.minimum = c.value(QStringLiteral("minimum")).toDouble();
    if (c.contains(QStringLiteral("maximum")))
        d.maximum = c.value(QStringLiteral("maximum")).toDouble();
    if (c.contains(QStringLiteral("max_length")))
        d.maxLength = c.value(QStringLiteral("max_length")).toInt();
    d.pattern = c.value(QStringLiteral("pattern")).toString();
    if (!d.pattern.isEmpty() && !QRegularExpression(d.pattern).isValid())
        return fail(QStringLiteral("constraints.pattern"), QStringLiteral("pattern must be a valid regular expression."));
    for (const auto v : c.value(QStringLiteral("allowed")).toArray())
        d.allowed << v.toString();
    if (d.type == ValueType::Enum && d.allowed.isEmpty())
        return fail(QStringLiteral("constraints.allowed"), QStringLiteral("An enum key needs its allowed values."));
    d.jsonSchema = c.value(QStringLiteral("json_schema")).toObject();
    if (auto e = checkJsonSchema(d.jsonSchema, QStringLiteral("constraints.json_schema")))
        return fail(e->path, e->message);
    d.defaultValue = o.value(QStringLiteral("default"));
    if (auto e = validateValue(d, d.defaultValue))
        return fail(e->path.isEmpty() ? QStringLiteral("default") : QStringLiteral("default.") + e->path, e->message);
    return d;
}

std::optional<ValueError> validateValue(const KeyDef &def, const QJsonValue &v)
{
    switch (def.type) {
    case ValueType::Bool:
        if (!v.isBool())
            return err({}, QStringLiteral("Expected true or false, got %1.").arg(jsonTypeName(v)));
        return std::nullopt;
    case ValueType::Int:
    case ValueType::Number: {
        if (!v.isDouble() || (def.type == ValueType::Int && !isWhole(v.toDouble())))
            return err({}, QStringLiteral("Expected %1, got %2.").arg(def.type == ValueType::Int ? QStringLiteral("a whole number") : QStringLiteral("a number"), jsonTypeName(v)));
        const double d = v.toDouble();
        if (def.minimum && d < *def.minimum)
            return err({}, QStringLiteral("Must be at least %1.").arg(num(*def.minimum)));
        if (def.maximum && d > *def.maximum)
            return err({}, QStringLiteral("Must be at most %1.").arg(num(*def.maximum)));
        return std::nullopt;
    }
    case ValueType::String: {
        if (!v.isString())
            return err({}, QStringLiteral("Expected a string, got %1.").arg(jsonTypeName(v)));
        const QString s = v.toString();
        if (s.contains(QChar(0)))
            return err({}, QStringLiteral("Must not contain the NUL character."));
        if (def.maxLength && s.size() > *def.maxLength)
            return err({}, QStringLiteral("Must be at most %1 characters.").arg(*def.maxLength));
        if (!def.pattern.isEmpty() && !fullMatch(def.pattern, s))
            return err({}, QStringLiteral("Must match the pattern %1.").arg(def.pattern));
        return std::nullopt;
    }
    case ValueType::Enum:
        if (!v.isString() || !def.allowed.contains(v.toString()))
            return err({}, QStringLiteral("Must be one of: %1.").arg(def.allowed.join(QStringLiteral(", "))));
        return std::nullopt;
    case ValueType::Color:
        if (!v.isString() || !fullMatch(QStringLiteral("#[0-9a-fA-F]{6}"), v.toString()))
            return err({}, QStringLiteral("Expected a colour written #rrggbb."));
        return std::nullopt;
    case ValueType::Duration: {
        const auto ms = v.isString() ? parseDurationMs(v.toString()) : std::nullopt;
        if (!ms)
            return err({}, QStringLiteral("Expected a duration such as \"30s\", \"15m\", \"8h\" or \"90d\" (units ms, s, m, h, d)."));
        const double seconds = double(*ms) / 1000.0;
        if (def.minimum && seconds < *def.minimum)
            return err({}, QStringLiteral("Must be at least %1 seconds.").arg(num(*def.minimum)));
        if (def.maximum && seconds > *def.maximum)
            return err({}, QStringLiteral("Must be at most %1 seconds.").arg(num(*def.maximum)));
        return std::nullopt;
    }
    case ValueType::Json:
        if (v.isUndefined())
            return err({}, QStringLiteral("A value is required."));
        return validateJsonSchema(def.jsonSchema, v);
    }
    return std::nullopt;
}

std::optional<ValueError> checkLayerWrite(const KeyDef &def, Layer layer, const QJsonValue &value)
{
    if (!def.allows(layer) || layer == Layer::Default)
        return err({}, QStringLiteral("The %1 layer may not override %2 (allowed: %3).")
                           .arg(toString(layer), def.key, [&] {
                               QStringList names;
                               for (Layer l : def.overridable)
                                   names << toString(l);
                               return names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "));
                           }()));
    return validateValue(def, value);
}

// ---- Resolution ----------------------------------------------------------------------------------

QJsonObject Resolved::toJson(bool withLayers) const
{
    QJsonObject o{{QStringLiteral("key"), key}, {QStringLiteral("type"), toString(type)}, {QStringLiteral("value"), value},
                  {QStringLiteral("source"), toString(source)}};
    if (withLayers) {
        const auto opt = [](const std::optional<QJsonValue> &v) { return v ? *v : QJsonValue(); };
        o.insert(QStringLiteral("layers"), QJsonObject{{QStringLiteral("default"), defaultValue},
                                                       {QStringLiteral("plan"), opt(layers.plan)},
                                                       {QStringLiteral("tenant"), opt(layers.tenant)},
                                                       {QStringLiteral("user"), opt(layers.user)}});
        o.insert(QStringLiteral("set"), QJsonObject{{QStringLiteral("plan"), layers.plan.has_value()},
                                                    {QStringLiteral("tenant"), layers.tenant.has_value()},
                                                    {QStringLiteral("user"), layers.user.has_value()}});
        if (!ignored.isEmpty())
            o.insert(QStringLiteral("ignored"), QJsonArray::fromStringList(ignored));
    }
    return o;
}

Resolved resolve(const KeyDef &def, const LayerValues &layers)
{
    Resolved r;
    r.key = def.key;
    r.type = def.type;
    r.defaultValue = def.defaultValue;
    r.layers = layers;
    r.value = def.defaultValue;
    r.source = Layer::Default;
    const std::pair<Layer, const std::optional<QJsonValue> *> order[] = {
        {Layer::User, &layers.user}, {Layer::Tenant, &layers.tenant}, {Layer::Plan, &layers.plan}};
    bool decided = false;
    for (const auto &[layer, value] : order) {
        if (!value->has_value())
            continue;
        if (!def.allows(layer)) {
            r.ignored << toString(layer) + QStringLiteral(": layer not allowed");
            continue;
        }
        if (validateValue(def, **value)) {
            r.ignored << toString(layer) + QStringLiteral(": value no longer valid");
            continue;
        }
        if (!decided) {
            r.value = **value;
            r.source = layer;
            decided = true;
        }
    }
    return r;
}

const KeyDef *Schema::find(const QString &key) const
{
    const auto it = m_keys.constFind(key);
    return it == m_keys.cend() ? nullptr : &it.value();
}

QJsonArray Schema::toJson(bool tenantVisibleOnly) const
{
    QJsonArray a;
    for (const KeyDef &d : m_keys)
        if (!tenantVisibleOnly || d.tenantVisible)
            a.append(d.toJson());
    return a;
}

// ---- Diff ---------------------------------------------------------------------------------------

namespace {
void diffInto(QJsonArray &out, const QString &path, const QJsonValue &a, const QJsonValue &b)
{
    if (a == b)
        return;
    if (a.isObject() && b.isObject()) {
        const QJsonObject oa = a.toObject(), ob = b.toObject();
        QStringList keys = oa.keys();
        for (const QString &k : ob.keys())
            if (!oa.contains(k))
                keys << k;
        keys.sort();
        for (const QString &k : keys)
            diffInto(out, join(path, k), oa.value(k), ob.value(k));
        return;
    }
    QJsonObject e{{QStringLiteral("path"), path}};
    if (!a.isUndefined())
        e.insert(QStringLiteral("before"), a);
    if (!b.isUndefined())
        e.insert(QStringLiteral("after"), b);
    out.append(e);
}
} // namespace

QJsonArray diff(const QJsonValue &before, const QJsonValue &after)
{
    QJsonArray out;
    diffInto(out, QString(), before, after);
    return out;
}

} // namespace portico::config
