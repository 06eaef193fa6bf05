#pragma once
// The encoded answers of the tenant API's flag routes (GET /v1/flags/evaluate and
// /v1/flags/snapshot), kept for the snapshot they were evaluated from. An answer is a function of
// the snapshot (flags, overrides, the tenants' plans), the tenant, the user, the route's shape and
// the time only through flag schedules, so:
//  - each snapshot has a cache of its own (FlagService swaps both together): whatever reloads the
//    snapshot (a write on this instance, NOTIFY portico_flags from any instance, the resync) starts
//    from an empty cache, and no answer outlives the data it was evaluated from;
//  - an answer is kept with the span between the schedule entries around the time it was evaluated
//    at ([validFrom, validUntil)), and used only inside it: every flag's schedule state is constant
//    there, so crossing an entry (or a clock set back over one) evaluates again;
//  - the key is the tenant id (all 128 bits) with the user's text and the shape, compared in full;
//    a tenant's answers are a short list of its own, so another tenant's never match.
// Bounded: at most kPerTenant answers per tenant (its least recently used goes) and kTotalBytes in
// all (the tenants whose first answer is oldest go first, whole).

#include "core/flags.h"
#include <QByteArray>
#include <QHash>
#include <QString>
#include <QUuid>
#include <deque>
#include <mutex>
#include <vector>

namespace portico::flags {

class AnswerCache
{
public:
    static constexpr int kPerTenant = 16;
    static constexpr qsizetype kTotalBytes = 16 * 1024 * 1024;

    struct Answer
    {
        QByteArray body;
        QByteArray etag; // the snapshot shape's ETag (http::etagOf of body); empty for the list shape
    };

    explicit AnswerCache(const Snapshot &snapshot, qsizetype totalBytes = kTotalBytes);

    // The answer of every flag of snapshot (the one this cache was made for) for tenant and user;
    // asMap: the snapshot route's shape, with its ETag. Evaluated and kept on a miss.
    Answer evaluations(const Snapshot &snapshot, const QUuid &tenant, const QString &user, bool asMap, qint64 nowMs);

    struct Stats { qint64 hits = 0, misses = 0, entries = 0, bytes = 0, tenants = 0; };
    [[nodiscard]] Stats stats() const;

private:
    struct Entry
    {
        quint64 userHash = 0;
        QString user;
        bool asMap = false;
        qint64 validFrom = 0, validUntil = 0;
        quint64 lastUse = 0;
        Answer answer;
    };
    struct Tenant { std::vector<Entry> entries; qsizetype bytes = 0; };

    void span(qint64 nowMs, qint64 *from, qint64 *until) const;
    void store(const IdKey &tenant, Entry entry);

    std::vector<qint64> m_boundaries; // every schedule entry's time, sorted
    const qsizetype m_totalBytes;
    mutable std::mutex m_mutex;
    QHash<IdKey, Tenant> m_tenants;
    std::deque<IdKey> m_order; // tenants in the order of their first answer
    qsizetype m_bytes = 0;
    quint64 m_tick = 0;
    qint64 m_hits = 0, m_misses = 0;
};

} // namespace portico::flags
