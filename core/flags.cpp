#include "core/flags.h"
#include "core/jsonwriter.h"
#include "core/tenant.h"
#include "core/timeutil.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimeZone>
#include <QtEndian>
#include <cmath>
#include <cstring>

namespace portico::flags {

QString toString(Reason r)
{
    switch (r) {
    case Reason::Static: return QStringLiteral("STATIC");
    case Reason::Default: return QStringLiteral("DEFAULT");
    case Reason::TargetingMatch: return QStringLiteral("TARGETING_MATCH");
    case Reason::Split: return QStringLiteral("SPLIT");
    case Reason::Disabled: return QStringLiteral("DISABLED");
    case Reason::Error: return QStringLiteral("ERROR");
    }
    return {};
}

const QByteArray &reasonJson(Reason r)
{
    static const QByteArray names[] = {"\"STATIC\"", "\"DEFAULT\"", "\"TARGETING_MATCH\"", "\"SPLIT\"", "\"DISABLED\"", "\"ERROR\""};
    return names[int(r)];
}

QString toString(ErrorCode e)
{
    switch (e) {
    case ErrorCode::None: return {};
    case ErrorCode::FlagNotFound: return QStringLiteral("FLAG_NOT_FOUND");
    case ErrorCode::ParseError: return QStringLiteral("PARSE_ERROR");
    case ErrorCode::TargetingKeyMissing: return QStringLiteral("TARGETING_KEY_MISSING");
    case ErrorCode::InvalidContext: return QStringLiteral("INVALID_CONTEXT");
    case ErrorCode::General: return QStringLiteral("GENERAL");
    }
    return {};
}

QString toString(Rule r)
{
    switch (r) {
    case Rule::None: return QStringLiteral("none");
    case Rule::KillSwitch: return QStringLiteral("kill_switch");
    case Rule::Schedule: return QStringLiteral("schedule");
    case Rule::Prerequisite: return QStringLiteral("prerequisite");
    case Rule::UserOverride: return QStringLiteral("user_override");
    case Rule::TenantOverride: return QStringLiteral("tenant_override");
    case Rule::Plan: return QStringLiteral("plan");
    case Rule::Rollout: return QStringLiteral("rollout");
    case Rule::Fallthrough: return QStringLiteral("default");
    }
    return {};
}

// ---- Hash -----------------------------------------------------------------------------------------

quint64 fnv1a(quint64 state, const char *data, qsizetype size)
{
    for (qsizetype i = 0; i < size; ++i) {
        state ^= quint8(data[i]);
        state *= 0x100000001b3ULL;
    }
    return state;
}

namespace {
constexpr quint64 kGolden = 0x9e3779b97f4a7c15ULL;

quint64 seedHash(const QString &seed)
{
    const QByteArray s = seed.toUtf8();
    return fnv1a(kFnvOffset, s.constData(), s.size());
}

quint64 contextHash(quint64 seed, RolloutBy by, const Context &ctx)
{
    return seed ^ (by == RolloutBy::User ? ctx.userHash : ctx.tenantHash);
}
} // namespace

IdKey idKey(const QUuid &id)
{
    // The RFC 4122 bytes (big-endian fields), as toRfc4122() gives them, without its allocation.
    uchar raw[16];
    qToBigEndian(id.data1, raw);
    qToBigEndian(id.data2, raw + 4);
    qToBigEndian(id.data3, raw + 6);
    memcpy(raw + 8, id.data4, 8);
    IdKey k;
    memcpy(&k.hi, raw, 8);
    memcpy(&k.lo, raw + 8, 8);
    return k;
}

FlagKey flagKey(const QString &key)
{
    return {key, fnv1a(kFnvOffset, reinterpret_cast<const char *>(key.utf16()), key.size() * 2)};
}

UserKey userKey(const QByteArray &bytes)
{
    return {bytes, fnv1a(kFnvOffset, bytes.constData(), bytes.size())};
}

int rolloutBucket(const QString &seed, const QUuid &tenant, const QString &user)
{
    const Context ctx = Context::make(tenant, -1, user, 0);
    return int(fmix64(contextHash(seedHash(seed), user.isEmpty() ? RolloutBy::Tenant : RolloutBy::User, ctx)) % 100000);
}

namespace {
// idToString's form (36 characters, lower case, no braces) as bytes, in one allocation.
QByteArray uuidBytes(const QUuid &id)
{
    static constexpr char hex[] = "0123456789abcdef";
    uchar raw[16];
    qToBigEndian(id.data1, raw);
    qToBigEndian(id.data2, raw + 4);
    qToBigEndian(id.data3, raw + 6);
    memcpy(raw + 8, id.data4, 8);
    QByteArray out(36, Qt::Uninitialized);
    char *p = out.data();
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *p++ = '-';
        *p++ = hex[raw[i] >> 4];
        *p++ = hex[raw[i] & 0xf];
    }
    return out;
}
} // namespace

Context Context::make(const QUuid &tenant, int plan, const QString &user, qint64 nowMs)
{
    Context c;
    c.tenant = tenant;
    c.plan = plan;
    c.user = user;
    c.nowMs = nowMs;
    c.tenantKey = uuidBytes(tenant);
    c.userKey = user.toUtf8();
    c.tenantId = idKey(tenant);
    c.tenantHash = fnv1a(kFnvOffset, c.tenantKey.constData(), c.tenantKey.size());
    // The hashes of tenant "/" user and tenant ":" user continue the tenant's: FNV-1a is a fold
    // over the bytes, so the joined strings need not be built to be hashed.
    QByteArray overrideKey;
    overrideKey.reserve(c.tenantKey.size() + 1 + c.userKey.size());
    overrideKey.append(c.tenantKey).append('/').append(c.userKey);
    c.userOverrideKey = {std::move(overrideKey), fnv1a(fnv1a(c.tenantHash, "/", 1), c.userKey.constData(), c.userKey.size())};
    if (!user.isEmpty())
        c.userHash = fnv1a(fnv1a(c.tenantHash, ":", 1), c.userKey.constData(), c.userKey.size());
    return c;
}

// ---- Flag -----------------------------------------------------------------------------------------

int Flag::variantOf(const QJsonValue &value) const
{
    for (int i = 0; i < variants.size(); ++i)
        if (variants[i].value == value)
            return i;
    return -1;
}

bool Flag::scheduledOn(qint64 nowMs) const
{
    if (schedule.isEmpty())
        return true;
    // The last entry at or before now decides; before the first entry the opposite of it holds
    // (a flag scheduled to switch on at T is off until T).
    bool state = !schedule.first().on;
    for (const ScheduleEntry &e : schedule) {
        if (e.atMs > nowMs)
            break;
        state = e.on;
    }
    return state;
}

QString Flag::staleReason(const QDateTime &now) const
{
    if (expiresAt.isValid() && expiresAt <= now)
        return QStringLiteral("expired on %1").arg(toIsoUtc(expiresAt));
    const bool unchanged = updatedAt.isValid() && updatedAt.addDays(30) <= now;
    if (unchanged && rollout && rollout->threshold >= 100000)
        return QStringLiteral("rolled out to 100 % and unchanged for 30 days");
    return {};
}

void Flag::prepare()
{
    for (Variant &v : variants) {
        v.valueJson = writeJson(v.value);
        v.nameJson = writeJson(v.name);
    }
    keyJson = writeJson(key);
    for (Variant &v : variants) {
        const QByteArray members = "\"value\":" + v.valueJson + ",\"variant\":" + v.nameJson + ",\"reason\":";
        // With the separator in front: every element but the first is written with it.
        v.itemJson = ",{\"key\":" + keyJson + ',' + members;
        v.entryJson = ',' + keyJson + ":{" + members;
    }
    seedState = seedHash(seed.isEmpty() ? key : seed);
    weightTotal = 0;
    if (!boolean)
        for (const Variant &v : variants)
            weightTotal += v.weight;
    targeted = !tenantOverrides.isEmpty() || !userOverrides.isEmpty() || rollout.has_value() || weightTotal > 0
               || !schedule.isEmpty() || !prerequisites.isEmpty()
               || planVariant[0] >= 0 || planVariant[1] >= 0 || planVariant[2] >= 0;
}

QJsonObject Flag::toJson() const
{
    QJsonObject o{{QStringLiteral("key"), key},
                  {QStringLiteral("description"), description},
                  {QStringLiteral("kind"), boolean ? QStringLiteral("boolean") : QStringLiteral("variant")},
                  {QStringLiteral("default"), variants.value(defaultVariant).value},
                  {QStringLiteral("enabled"), enabled},
                  {QStringLiteral("owner"), owner},
                  {QStringLiteral("seed"), seed},
                  {QStringLiteral("version"), version},
                  {QStringLiteral("expires_at"), expiresAt.isValid() ? QJsonValue(toIsoUtc(expiresAt)) : QJsonValue()}};
    if (!boolean) {
        QJsonArray vs;
        for (const Variant &v : variants)
            vs.append(QJsonObject{{QStringLiteral("name"), v.name}, {QStringLiteral("value"), v.value}, {QStringLiteral("weight"), v.weight}});
        o.insert(QStringLiteral("variants"), vs);
    }
    QJsonObject plans;
    for (int p = 0; p < 3; ++p)
        if (planVariant[size_t(p)] >= 0)
            plans.insert(portico::toString(static_cast<Plan>(p)), variants.value(planVariant[size_t(p)]).value);
    o.insert(QStringLiteral("plans"), plans);
    if (rollout) {
        QJsonObject r{{QStringLiteral("percentage"), rollout->percentage},
                      {QStringLiteral("by"), rollout->by == RolloutBy::Tenant ? QStringLiteral("tenant") : QStringLiteral("user")}};
        if (rollout->variant >= 0)
            r.insert(QStringLiteral("value"), variants.value(rollout->variant).value);
        o.insert(QStringLiteral("rollout"), r);
    } else {
        o.insert(QStringLiteral("rollout"), QJsonValue());
    }
    QJsonArray sched;
    for (const ScheduleEntry &e : schedule)
        sched.append(QJsonObject{{QStringLiteral("at"), toIsoUtc(utcFromMs(e.atMs))},
                                 {QStringLiteral("state"), e.on ? QStringLiteral("on") : QStringLiteral("off")}});
    o.insert(QStringLiteral("schedule"), sched);
    QJsonArray pre;
    for (const Prerequisite &p : prerequisites)
        pre.append(QJsonObject{{QStringLiteral("flag"), p.flag}, {QStringLiteral("value"), p.value}});
    o.insert(QStringLiteral("prerequisites"), pre);
    return o;
}

std::optional<Flag> Flag::fromJson(const QJsonObject &o, config::ValueError *error)
{
    const auto fail = [&](const QString &path, const QString &message) -> std::optional<Flag> {
        if (error)
            *error = {path, message};
        return std::nullopt;
    };
    static const QStringList known{QStringLiteral("key"), QStringLiteral("description"), QStringLiteral("kind"), QStringLiteral("default"),
                                   QStringLiteral("variants"), QStringLiteral("enabled"), QStringLiteral("plans"), QStringLiteral("rollout"),
                                   QStringLiteral("schedule"), QStringLiteral("prerequisites"), QStringLiteral("owner"),
                                   QStringLiteral("expires_at"), QStringLiteral("seed"), QStringLiteral("version")};
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!known.contains(it.key()))
            return fail(it.key(), QStringLiteral("Unknown field '%1'. Known fields: %2.").arg(it.key(), known.join(QStringLiteral(", "))));
    static const QRegularExpression keyRe(QStringLiteral("^[a-z0-9][a-z0-9._-]{0,127}$"));
    Flag f;
    f.key = o.value(QStringLiteral("key")).toString();
    if (!keyRe.match(f.key).hasMatch())
        return fail(QStringLiteral("key"), QStringLiteral("key must be 1 to 128 of a-z, 0-9, '.', '_', '-', starting with a letter or digit."));
    f.description = o.value(QStringLiteral("description")).toString();
    if (f.description.size() > 1000)
        return fail(QStringLiteral("description"), QStringLiteral("description may be at most 1000 characters."));
    f.owner = o.value(QStringLiteral("owner")).toString();
    if (f.owner.size() > 200)
        return fail(QStringLiteral("owner"), QStringLiteral("owner may be at most 200 characters."));
    f.seed = o.value(QStringLiteral("seed")).toString(f.key);
    if (f.seed.isEmpty())
        f.seed = f.key;
    if (!keyRe.match(f.seed).hasMatch())
        return fail(QStringLiteral("seed"), QStringLiteral("seed uses the same characters as a key."));
    const QString kind = o.value(QStringLiteral("kind")).toString(QStringLiteral("boolean"));
    if (kind != QLatin1String("boolean") && kind != QLatin1String("variant"))
        return fail(QStringLiteral("kind"), QStringLiteral("kind must be boolean or variant."));
    f.boolean = kind == QLatin1String("boolean");
    if (f.boolean) {
        if (o.contains(QStringLiteral("variants")) && !o.value(QStringLiteral("variants")).isNull())
            return fail(QStringLiteral("variants"), QStringLiteral("A boolean flag has the fixed variants on (true) and off (false)."));
        f.variants = {{QStringLiteral("on"), true, 0, {}}, {QStringLiteral("off"), false, 0, {}}};
    } else {
        const QJsonArray vs = o.value(QStringLiteral("variants")).toArray();
        if (vs.size() < 2 || vs.size() > 50)
            return fail(QStringLiteral("variants"), QStringLiteral("A variant flag needs 2 to 50 variants {name, value, weight?}."));
        for (qsizetype i = 0; i < vs.size(); ++i) {
            const QJsonObject v = vs.at(i).toObject();
            const QString path = QStringLiteral("variants[%1]").arg(i);
            Variant var{v.value(QStringLiteral("name")).toString(), v.value(QStringLiteral("value")), 0, {}};
            if (!keyRe.match(var.name).hasMatch())
                return fail(path + QStringLiteral(".name"), QStringLiteral("A variant needs a name of a-z, 0-9, '.', '_', '-'."));
            if (var.value.isUndefined() || var.value.isNull())
                return fail(path + QStringLiteral(".value"), QStringLiteral("A variant needs a value."));
            const QJsonValue w = v.value(QStringLiteral("weight"));
            if (!w.isUndefined() && (!w.isDouble() || w.toDouble() < 0 || w.toDouble() > 100000 || std::floor(w.toDouble()) != w.toDouble()))
                return fail(path + QStringLiteral(".weight"), QStringLiteral("weight must be a whole number from 0 to 100000."));
            var.weight = w.toInt(0);
            for (const Variant &other : f.variants)
                if (other.name == var.name || other.value == var.value)
                    return fail(path, QStringLiteral("Variant names and values must be distinct."));
            f.variants.append(var);
        }
    }
    const auto variantField = [&](const QJsonValue &value, const QString &path, int *out) -> bool {
        *out = f.variantOf(value);
        if (*out < 0 && error)
            *error = {path, f.boolean ? QStringLiteral("Expected true or false.") : QStringLiteral("Must be the value of one of the variants.")};
        return *out >= 0;
    };
    if (!o.contains(QStringLiteral("default")))
        return fail(QStringLiteral("default"), QStringLiteral("'default' is required."));
    if (!variantField(o.value(QStringLiteral("default")), QStringLiteral("default"), &f.defaultVariant))
        return std::nullopt;
    const QJsonValue enabled = o.value(QStringLiteral("enabled"));
    if (!enabled.isUndefined() && !enabled.isBool())
        return fail(QStringLiteral("enabled"), QStringLiteral("enabled must be true or false."));
    f.enabled = enabled.toBool(true);
    const QJsonObject plans = o.value(QStringLiteral("plans")).toObject();
    for (auto it = plans.begin(); it != plans.end(); ++it) {
        const auto plan = parsePlan(it.key());
        if (!plan)
            return fail(QStringLiteral("plans.") + it.key(), QStringLiteral("Plans are: %1.").arg(allPlans().join(QStringLiteral(", "))));
        if (!variantField(it.value(), QStringLiteral("plans.") + it.key(), &f.planVariant[size_t(*plan)]))
            return std::nullopt;
    }
    const QJsonValue r = o.value(QStringLiteral("rollout"));
    if (r.isObject()) {
        const QJsonObject ro = r.toObject();
        Rollout rollout;
        const QJsonValue pct = ro.value(QStringLiteral("percentage"));
        if (!pct.isDouble() || pct.toDouble() < 0 || pct.toDouble() > 100)
            return fail(QStringLiteral("rollout.percentage"), QStringLiteral("percentage must be a number from 0 to 100."));
        rollout.percentage = std::round(pct.toDouble() * 1000) / 1000;
        rollout.threshold = int(std::lround(pct.toDouble() * 1000));
        const QString by = ro.value(QStringLiteral("by")).toString(QStringLiteral("tenant"));
        if (by != QLatin1String("tenant") && by != QLatin1String("user"))
            return fail(QStringLiteral("rollout.by"), QStringLiteral("by must be tenant or user."));
        rollout.by = by == QLatin1String("tenant") ? RolloutBy::Tenant : RolloutBy::User;
        if (ro.contains(QStringLiteral("value"))) {
            if (!variantField(ro.value(QStringLiteral("value")), QStringLiteral("rollout.value"), &rollout.variant))
                return std::nullopt;
        } else if (f.boolean) {
            rollout.variant = 0; // on
        }
        f.rollout = rollout;
    } else if (!r.isUndefined() && !r.isNull()) {
        return fail(QStringLiteral("rollout"), QStringLiteral("rollout is {percentage, by: tenant|user, value?} or null."));
    }
    if (f.rollout && f.rollout->variant < 0) {
        int total = 0;
        for (const Variant &v : f.variants)
            total += v.weight;
        if (total == 0)
            return fail(QStringLiteral("rollout.value"), QStringLiteral("Give the value of those in the rollout, or weights on the variants."));
    }
    const QJsonArray sched = o.value(QStringLiteral("schedule")).toArray();
    for (qsizetype i = 0; i < sched.size(); ++i) {
        const QJsonObject e = sched.at(i).toObject();
        const QDateTime at = fromIsoUtc(e.value(QStringLiteral("at")).toString());
        const QString state = e.value(QStringLiteral("state")).toString();
        if (!at.isValid())
            return fail(QStringLiteral("schedule[%1].at").arg(i), QStringLiteral("at must be an RFC 3339 time."));
        if (state != QLatin1String("on") && state != QLatin1String("off"))
            return fail(QStringLiteral("schedule[%1].state").arg(i), QStringLiteral("state must be on or off."));
        if (!f.schedule.isEmpty() && f.schedule.last().atMs >= at.toMSecsSinceEpoch())
            return fail(QStringLiteral("schedule[%1].at").arg(i), QStringLiteral("Schedule entries must be in increasing time order."));
        f.schedule.append({at.toMSecsSinceEpoch(), state == QLatin1String("on")});
    }
    const QJsonArray pre = o.value(QStringLiteral("prerequisites")).toArray();
    for (qsizetype i = 0; i < pre.size(); ++i) {
        const QJsonObject p = pre.at(i).toObject();
        Prerequisite prq{p.value(QStringLiteral("flag")).toString(), p.value(QStringLiteral("value")), -1, -1};
        if (prq.value.isUndefined())
            prq.value = true;
        if (!keyRe.match(prq.flag).hasMatch() || prq.flag == f.key)
            return fail(QStringLiteral("prerequisites[%1].flag").arg(i), QStringLiteral("A prerequisite names another flag's key."));
        f.prerequisites.append(prq);
    }
    const QJsonValue exp = o.value(QStringLiteral("expires_at"));
    if (!exp.isUndefined() && !exp.isNull()) {
        f.expiresAt = fromIsoUtc(exp.toString());
        if (!f.expiresAt.isValid())
            return fail(QStringLiteral("expires_at"), QStringLiteral("expires_at must be an RFC 3339 time or null."));
    }
    f.version = o.value(QStringLiteral("version")).toInteger(1);
    f.prepare();
    return f;
}

// ---- Snapshot -------------------------------------------------------------------------------------

void Snapshot::add(Flag f)
{
    m_index.insert(flagKey(f.key), int(m_flags.size()));
    m_flags.push_back(std::move(f));
}

void Snapshot::link()
{
    for (Flag &f : m_flags) {
        for (Prerequisite &p : f.prerequisites) {
            p.flagIndex = indexOf(p.flag);
            p.variantIndex = p.flagIndex >= 0 ? m_flags[size_t(p.flagIndex)].variantOf(p.value) : -1;
        }
        f.prepare();
    }
}

const Flag *Snapshot::find(const QString &key) const
{
    const int i = indexOf(key);
    return i < 0 ? nullptr : &m_flags[size_t(i)];
}

Evaluation Snapshot::evaluate(const QString &key, const Context &ctx) const
{
    const int i = indexOf(key);
    if (i < 0)
        return {-1, Reason::Error, ErrorCode::FlagNotFound, Rule::None, -1};
    return evaluate(i, ctx, 0);
}


Evaluation Snapshot::evaluate(int index, const Context &ctx, int depth) const
{
    const Flag &f = m_flags[size_t(index)];
    const int def = f.defaultVariant;
    if (!f.enabled)
        return {def, Reason::Disabled, ErrorCode::None, Rule::KillSwitch, -1};
    if (!f.schedule.isEmpty() && !f.scheduledOn(ctx.nowMs))
        return {def, Reason::Disabled, ErrorCode::None, Rule::Schedule, -1};
    for (const Prerequisite &p : f.prerequisites) {
        if (p.flagIndex < 0 || p.variantIndex < 0 || depth >= 8)
            return {def, Reason::Error, ErrorCode::General, Rule::Prerequisite, -1};
        const Evaluation pe = evaluate(p.flagIndex, ctx, depth + 1);
        if (pe.error != ErrorCode::None && pe.error != ErrorCode::TargetingKeyMissing)
            return {def, Reason::Error, ErrorCode::General, Rule::Prerequisite, -1};
        if (pe.variant != p.variantIndex)
            return {def, Reason::Default, ErrorCode::None, Rule::Prerequisite, -1};
    }
    if (!f.userOverrides.isEmpty() && !ctx.userKey.isEmpty()) {
        const auto it = f.userOverrides.constFind(ctx.userOverrideKey);
        if (it != f.userOverrides.cend())
            return {it.value(), Reason::TargetingMatch, ErrorCode::None, Rule::UserOverride, -1};
    }
    if (!f.tenantOverrides.isEmpty()) {
        const auto it = f.tenantOverrides.constFind(ctx.tenantId);
        if (it != f.tenantOverrides.cend())
            return {it.value(), Reason::TargetingMatch, ErrorCode::None, Rule::TenantOverride, -1};
    }
    if (ctx.plan >= 0 && ctx.plan < 3 && f.planVariant[size_t(ctx.plan)] >= 0)
        return {f.planVariant[size_t(ctx.plan)], Reason::TargetingMatch, ErrorCode::None, Rule::Plan, -1};
    if (f.rollout || f.weightTotal > 0) {
        const RolloutBy by = f.rollout ? f.rollout->by : RolloutBy::Tenant;
        if (by == RolloutBy::User && ctx.userKey.isEmpty())
            return {def, Reason::Error, ErrorCode::TargetingKeyMissing, Rule::Rollout, -1};
        const quint64 h = contextHash(f.seedState, by, ctx);
        const int bucket = int(fmix64(h) % 100000);
        if (f.rollout && bucket >= f.rollout->threshold)
            return {def, Reason::Split, ErrorCode::None, Rule::Rollout, bucket};
        if (f.rollout && f.rollout->variant >= 0)
            return {f.rollout->variant, Reason::Split, ErrorCode::None, Rule::Rollout, bucket};
        int pick = int(fmix64(h + kGolden) % quint64(f.weightTotal));
        for (int i = 0; i < f.variants.size(); ++i) {
            pick -= f.variants[i].weight;
            if (pick < 0)
                return {i, Reason::Split, ErrorCode::None, Rule::Rollout, bucket};
        }
        return {def, Reason::Split, ErrorCode::None, Rule::Rollout, bucket};
    }
    return {def, f.targeted ? Reason::Default : Reason::Static, ErrorCode::None, Rule::Fallthrough, -1};
}

QJsonValue valueOf(const Flag &f, const Evaluation &e)
{
    return e.variant >= 0 ? f.variants.value(e.variant).value : QJsonValue();
}

namespace {
// An evaluation's members from its reason on, closing its object: "STATIC"} or
// "ERROR","error_code":"GENERAL"}; by reason and error code.
constexpr int kReasons = int(Reason::Error) + 1;
constexpr int kErrorCodes = int(ErrorCode::General) + 1;
struct ReasonTails
{
    QByteArray tail[kReasons][kErrorCodes];
    ReasonTails()
    {
        for (int r = 0; r < kReasons; ++r)
            for (int e = 0; e < kErrorCodes; ++e) {
                QByteArray &t = tail[r][e];
                t = reasonJson(Reason(r));
                if (ErrorCode(e) != ErrorCode::None)
                    t += ",\"error_code\":" + writeJson(toString(ErrorCode(e)));
                t += '}';
            }
    }
};
} // namespace

namespace {
// Bytes appended back to back into one buffer: the answer is a concatenation of pieces the one
// writer (JsonWriter) encoded, so nothing here escapes or formats, and a flag costs two copies
// without a writer's per-value bookkeeping (about 120 instructions a flag, of 180).
struct Pieces
{
    QByteArray out;
    char *p;
    char *end;
    explicit Pieces(qsizetype n) : out(n, Qt::Uninitialized), p(out.data()), end(p + n) {}
    Q_NEVER_INLINE void grow(qsizetype n)
    {
        const qsizetype used = p - out.data();
        out.resize(qMax(used + n, out.size() * 2));
        p = out.data() + used;
        end = out.data() + out.size();
    }
    Q_ALWAYS_INLINE void put(QByteArrayView a)
    {
        if (end - p < a.size()) [[unlikely]]
            grow(a.size());
        memcpy(p, a.data(), size_t(a.size()));
        p += a.size();
    }
    QByteArray take()
    {
        out.resize(p - out.data());
        return std::move(out);
    }
};
} // namespace

QByteArray evaluationsJson(const Snapshot &snap, const Context &ctx, bool asMap)
{
    static const ReasonTails tails;
    static const QByteArray noVariant = QByteArrayLiteral("\"value\":null,\"variant\":null,\"reason\":");
    const std::vector<Flag> &flags = snap.flags();
    QByteArray userJson = QByteArrayLiteral("null");
    if (!ctx.user.isEmpty()) {
        JsonWriter w(ctx.user.size() * 6 + 2);
        w.string(ctx.user);
        userJson = w.take();
    }
    Pieces out(qsizetype(flags.size()) * 100 + 128 + userJson.size());
    // The tenant key is 36 characters of hex digits and dashes: nothing to escape.
    out.put("{\"tenant_id\":\"");
    out.put(ctx.tenantKey);
    out.put("\",\"user\":");
    out.put(userJson);
    out.put(asMap ? ",\"flags\":{" : ",\"flags\":[");
    for (int i = 0; i < int(flags.size()); ++i) {
        const Flag &f = flags[size_t(i)];
        const Evaluation e = snap.evaluate(i, ctx);
        if (e.variant >= 0) {
            const Variant &v = f.variants[e.variant];
            const QByteArrayView piece(asMap ? v.entryJson : v.itemJson);
            out.put(i > 0 ? piece : piece.sliced(1));
        } else {
            if (i > 0)
                out.put(",");
            if (asMap) {
                out.put(f.keyJson);
                out.put(":{");
            } else {
                out.put("{\"key\":");
                out.put(f.keyJson);
                out.put(",");
            }
            out.put(noVariant);
        }
        out.put(tails.tail[int(e.reason)][int(e.error)]);
    }
    out.put(asMap ? "}}" : "]}");
    return out.take();
}

} // namespace portico::flags
