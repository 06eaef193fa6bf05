#pragma once
// Feature flags as pure logic: definitions, the sticky rollout hash, and evaluation from an
// immutable in-memory snapshot (no I/O). Reasons follow OpenFeature: STATIC, DEFAULT,
// TARGETING_MATCH, SPLIT, DISABLED, ERROR.
//
// Evaluation order (the first step that decides wins):
//  1. unknown key                          -> ERROR (FLAG_NOT_FOUND)
//  2. kill switch (enabled = false)        -> default value, DISABLED
//  3. schedule says off at `now`           -> default value, DISABLED
//  4. a prerequisite does not have its required value -> default value, DEFAULT (rule "prerequisite");
//     a missing or cyclic prerequisite    -> default value, ERROR (GENERAL)
//  5. user override (tenant + user)        -> TARGETING_MATCH
//  6. tenant override                      -> TARGETING_MATCH
//  7. plan entitlement of the tenant's plan -> TARGETING_MATCH
//  8. percentage rollout (and/or variant weights) -> SPLIT, in or out; by user without a user
//     -> default value, ERROR (TARGETING_KEY_MISSING)
//  9. otherwise the default: DEFAULT when the flag has any targeting, STATIC when it has none.
//
// Rollout hash (sticky; documented so SDKs and tools can reproduce it):
//   s      = FNV-1a-64(seed)                                  seed as UTF-8 (the flag key unless set)
//   t      = FNV-1a-64(tenant)              rollout by tenant  tenant: the 36-character lower-case UUID
//          = FNV-1a-64(tenant ":" user)     rollout by user    user as UTF-8
//            FNV-1a-64: offset basis 0xcbf29ce484222325, prime 0x100000001b3, over the bytes.
//   bucket = fmix64(s XOR t) mod 100000      (fmix64: the MurmurHash3 64-bit finaliser)
//   in the rollout  <=>  bucket < round(percentage * 1000)   (percentage 0..100, 3 decimals)
//   variant pick (weights w1..wn): fmix64(s XOR t XOR 0x9e3779b97f4a7c15) mod (w1+..+wn), cumulative.
// t is computed once per request and s once per snapshot, so an evaluation hashes nothing itself.
// A bucket never changes for (seed, tenant, user), so raising the percentage only adds members.

#include "core/config.h"
#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUuid>
#include <array>
#include <memory>
#include <optional>
#include <vector>

namespace portico::flags {

enum class Reason { Static, Default, TargetingMatch, Split, Disabled, Error };
enum class ErrorCode { None, FlagNotFound, ParseError, TargetingKeyMissing, InvalidContext, General };
enum class Rule { None, KillSwitch, Schedule, Prerequisite, UserOverride, TenantOverride, Plan, Rollout, Fallthrough };
enum class RolloutBy { Tenant, User };

QString toString(Reason r);    // "TARGETING_MATCH"
const QByteArray &reasonJson(Reason r); // "\"TARGETING_MATCH\"", shared, for fast response building
QString toString(ErrorCode e); // "FLAG_NOT_FOUND"; "" for None
QString toString(Rule r);      // "tenant_override"

// The hash above, step by step so that a per-flag prefix can be computed once.
quint64 fnv1a(quint64 state, const char *data, qsizetype size);
inline constexpr quint64 kFnvOffset = 0xcbf29ce484222325ULL;
inline quint64 fmix64(quint64 k) // inline: one per evaluation of a rollout
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}
int rolloutBucket(const QString &seed, const QUuid &tenant, const QString &user = {}); // 0..99999

// A tenant id as a hash key (QUuid's own qHash folds its fields with XOR and clusters badly).
struct IdKey
{
    quint64 hi = 0, lo = 0;
    bool operator==(const IdKey &) const = default;
};
IdKey idKey(const QUuid &id);
// The final mixing step of the keys' qHash: QHash's open addressing needs well-spread low bits.
inline size_t mixForHash(quint64 h) noexcept
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return size_t(h);
}
inline size_t qHash(const IdKey &k, size_t seed = 0) noexcept { return mixForHash(k.hi ^ (k.lo * 0x9e3779b97f4a7c15ULL) ^ seed); }

// A user override's key, tenant id "/" user, with its hash computed once when the Context is
// built: an evaluation then finds the override without hashing the bytes again (hashing them
// was most of a targeted flag's evaluation).
struct UserKey
{
    QByteArray bytes;
    quint64 hash = 0;
    bool operator==(const UserKey &o) const { return hash == o.hash && bytes == o.bytes; }
};
UserKey userKey(const QByteArray &bytes);
inline size_t qHash(const UserKey &k, size_t seed = 0) noexcept { return mixForHash(k.hash ^ seed); }

struct Variant
{
    QString name;
    QJsonValue value;
    int weight = 0;
    QByteArray valueJson; // compact JSON of value, for fast response building
    QByteArray nameJson;  // the name as a JSON string, quotes included
    // An evaluation serving this variant, up to its reason, as the tenant API writes it:
    QByteArray itemJson;  // ,{"key":K,"value":V,"variant":N,"reason":   (the list's element, after its comma)
    QByteArray entryJson; // ,K:{"value":V,"variant":N,"reason":         (the map's member, after its comma)
};

struct ScheduleEntry
{
    qint64 atMs = 0; // UTC milliseconds since the epoch
    bool on = true;
};

struct Prerequisite
{
    QString flag;
    QJsonValue value;
    int flagIndex = -1;    // filled by Snapshot::link
    int variantIndex = -1; // index into the prerequisite flag's variants
};

struct Rollout
{
    double percentage = 0;   // 0..100
    int threshold = 0;       // round(percentage * 1000), compared with the bucket
    RolloutBy by = RolloutBy::Tenant;
    int variant = -1;        // the value of those in; -1 = pick by variant weights
};

struct Flag
{
    QString key;
    QString description;
    bool boolean = true;           // kind "boolean" (variants on/off) or "variant"
    QList<Variant> variants;
    int defaultVariant = 0;
    bool enabled = true;           // the kill switch: false serves the default to everyone
    std::array<int, 3> planVariant{-1, -1, -1}; // by portico::Plan; -1 = no entitlement
    std::optional<Rollout> rollout;
    QList<ScheduleEntry> schedule;
    QList<Prerequisite> prerequisites;
    QString owner;
    QDateTime expiresAt;
    QString seed;
    qint64 version = 1;
    QDateTime createdAt, updatedAt;

    // Overrides, loaded beside the definition.
    QHash<IdKey, int> tenantOverrides;
    QHash<UserKey, int> userOverrides; // key: Context::userOverrideKey

    // Derived by prepare(): FNV-1a-64 of the seed, and whether any targeting exists.
    quint64 seedState = kFnvOffset;
    QByteArray keyJson; // the key as a JSON string, quotes included
    int weightTotal = 0;
    bool targeted = false;

    [[nodiscard]] int variantOf(const QJsonValue &value) const; // -1 when no variant has this value
    [[nodiscard]] bool scheduledOn(qint64 nowMs) const;
    // Why the flag counts as stale ("" when it does not): past its expiry, or fully rolled out
    // (100 %, or serving one value to everyone) and unchanged for 30 days.
    [[nodiscard]] QString staleReason(const QDateTime &now) const;
    void prepare();

    // The definition as the API shows and stores it (without overrides).
    [[nodiscard]] QJsonObject toJson() const;
    // Parses a definition; on failure nullopt with *error naming the member.
    static std::optional<Flag> fromJson(const QJsonObject &o, config::ValueError *error);
};

// A flag key as a hash key, hashed with FNV-1a over its UTF-16 code units. On the AVX-512
// development VM, Debian's Qt 6.4 string hash (its VAES path) took about 250 ns per lookup in
// bench_flags, more than the whole evaluation.
struct FlagKey
{
    QString key;
    quint64 hash = 0;
    bool operator==(const FlagKey &o) const { return hash == o.hash && key == o.key; }
};
FlagKey flagKey(const QString &key);
inline size_t qHash(const FlagKey &k, size_t seed = 0) noexcept { return mixForHash(k.hash ^ seed); }

// Who a flag is evaluated for. Build it once per request; evaluation reads only prepared bytes.
struct Context
{
    QUuid tenant;
    int plan = -1;              // portico::Plan as int, -1 unknown
    QString user;               // empty = no user
    qint64 nowMs = 0;
    QByteArray tenantKey;       // 36-character lower-case id
    QByteArray userKey;         // user as UTF-8
    UserKey userOverrideKey;    // tenantKey + '/' + userKey
    IdKey tenantId;
    quint64 tenantHash = 0;     // FNV-1a-64(tenant)
    quint64 userHash = 0;       // FNV-1a-64(tenant ":" user), 0 without a user

    static Context make(const QUuid &tenant, int plan, const QString &user, qint64 nowMs);
};

struct Evaluation
{
    int variant = -1;                 // -1 only for FLAG_NOT_FOUND
    Reason reason = Reason::Static;
    ErrorCode error = ErrorCode::None;
    Rule rule = Rule::None;
    int bucket = -1;                  // the rollout bucket when a split decided
};

// An immutable set of flags with their overrides and the tenants' plans. Shared between threads
// through std::shared_ptr<const Snapshot>; a change builds a new one.
class Snapshot
{
public:
    void add(Flag f);
    // Resolves prerequisites to indices and prepares every flag; call once after the last add.
    void link();
    void setTenantPlan(const QUuid &tenant, int plan) { m_tenantPlans.insert(tenant, plan); }
    [[nodiscard]] int tenantPlan(const QUuid &tenant) const { return m_tenantPlans.value(tenant, -1); }
    [[nodiscard]] const QHash<QUuid, int> &tenantPlans() const { return m_tenantPlans; }

    [[nodiscard]] int indexOf(const QString &key) const { return m_index.value(flagKey(key), -1); }
    [[nodiscard]] const Flag *find(const QString &key) const;
    [[nodiscard]] const std::vector<Flag> &flags() const { return m_flags; }

    [[nodiscard]] Evaluation evaluate(int index, const Context &ctx) const { return evaluate(index, ctx, 0); }
    [[nodiscard]] Evaluation evaluate(const QString &key, const Context &ctx) const;

    qint64 version = 0; // bumped by the loader; part of ETags

private:
    Evaluation evaluate(int index, const Context &ctx, int depth) const;
    std::vector<Flag> m_flags;
    QHash<FlagKey, int> m_index;
    QHash<QUuid, int> m_tenantPlans;
};

// The value an evaluation serves (the default variant's value for errors other than not-found).
QJsonValue valueOf(const Flag &f, const Evaluation &e);

// Every flag of the snapshot evaluated for ctx, as the tenant API answers it:
//   {"tenant_id":T,"user":U|null,"flags":[{"key":K,"value":V,"variant":N,"reason":R[,"error_code":E]},...]}
// or, asMap, "flags":{K:{"value":V,"variant":N,"reason":R[,"error_code":E]},...}, in snapshot order.
// Written from bytes encoded when the snapshot was built (each variant's members, each reason's),
// so a request copies two pieces per flag and formats nothing.
QByteArray evaluationsJson(const Snapshot &snap, const Context &ctx, bool asMap);

} // namespace portico::flags
