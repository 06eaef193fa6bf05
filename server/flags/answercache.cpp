#include "server/flags/answercache.h"
#include "server/http/http.h"
#include <algorithm>
#include <limits>

namespace portico::flags {

AnswerCache::AnswerCache(const Snapshot &snapshot, qsizetype totalBytes) : m_totalBytes(totalBytes)
{
    for (const Flag &f : snapshot.flags())
        for (const ScheduleEntry &e : f.schedule)
            m_boundaries.push_back(e.atMs);
    std::sort(m_boundaries.begin(), m_boundaries.end());
    m_boundaries.erase(std::unique(m_boundaries.begin(), m_boundaries.end()), m_boundaries.end());
}

void AnswerCache::span(qint64 nowMs, qint64 *from, qint64 *until) const
{
    // Flag::scheduledOn is decided by the last entry at or before now, so nothing changes from
    // that entry up to (not including) the next one.
    const auto next = std::upper_bound(m_boundaries.begin(), m_boundaries.end(), nowMs);
    *until = next == m_boundaries.end() ? std::numeric_limits<qint64>::max() : *next;
    *from = next == m_boundaries.begin() ? std::numeric_limits<qint64>::min() : *(next - 1);
}

AnswerCache::Answer AnswerCache::evaluations(const Snapshot &snapshot, const QUuid &tenant, const QString &user, bool asMap, qint64 nowMs)
{
    const IdKey key = idKey(tenant);
    // Only narrows the full comparison below: a tenant's few answers are scanned, never hashed
    // into a table, so a chosen user text cannot make answers collide or slow a lookup down.
    const quint64 userHash = fnv1a(kFnvOffset, reinterpret_cast<const char *>(user.utf16()), user.size() * 2);
    {
        std::lock_guard lock(m_mutex);
        const auto t = m_tenants.find(key);
        if (t != m_tenants.end()) {
            for (Entry &e : t->entries) {
                if (e.userHash != userHash || e.asMap != asMap || e.user != user)
                    continue;
                if (nowMs >= e.validFrom && nowMs < e.validUntil) {
                    e.lastUse = ++m_tick;
                    ++m_hits;
                    return e.answer;
                }
                break; // another schedule span: evaluated again and replaced below
            }
        }
        ++m_misses;
    }
    Entry e;
    e.userHash = userHash;
    e.user = user;
    e.asMap = asMap;
    span(nowMs, &e.validFrom, &e.validUntil);
    e.answer.body = evaluationsJson(snapshot, Context::make(tenant, snapshot.tenantPlan(tenant), user, nowMs), asMap);
    if (asMap)
        e.answer.etag = http::etagOf(e.answer.body);
    Answer out = e.answer;
    store(key, std::move(e));
    return out;
}

namespace {
qsizetype sizeOf(const QString &user, const AnswerCache::Answer &a)
{
    return a.body.size() + a.etag.size() + user.size() * 2 + 128;
}
} // namespace

void AnswerCache::store(const IdKey &key, Entry entry)
{
    const qsizetype bytes = sizeOf(entry.user, entry.answer);
    if (bytes > m_totalBytes / 4)
        return; // would crowd out nearly everyone else: answered, not kept
    std::lock_guard lock(m_mutex);
    auto t = m_tenants.find(key);
    if (t == m_tenants.end()) {
        t = m_tenants.insert(key, {});
        m_order.push_back(key);
    }
    std::vector<Entry> &entries = t->entries;
    auto slot = std::find_if(entries.begin(), entries.end(), [&](const Entry &e) {
        return e.userHash == entry.userHash && e.asMap == entry.asMap && e.user == entry.user;
    });
    if (slot == entries.end() && int(entries.size()) >= kPerTenant)
        slot = std::min_element(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.lastUse < b.lastUse; });
    entry.lastUse = ++m_tick;
    if (slot != entries.end()) {
        const qsizetype old = sizeOf(slot->user, slot->answer);
        t->bytes -= old;
        m_bytes -= old;
        *slot = std::move(entry);
    } else {
        entries.push_back(std::move(entry));
    }
    t->bytes += bytes;
    m_bytes += bytes;
    // Over the total: whole tenants go, those that were first to be kept first, never this one.
    while (m_bytes > m_totalBytes && m_order.size() > 1) {
        const IdKey victim = m_order.front();
        m_order.pop_front();
        if (victim == key) {
            m_order.push_back(victim);
            continue;
        }
        const auto v = m_tenants.find(victim);
        if (v != m_tenants.end()) {
            m_bytes -= v->bytes;
            m_tenants.erase(v);
        }
    }
}

AnswerCache::Stats AnswerCache::stats() const
{
    std::lock_guard lock(m_mutex);
    Stats s;
    s.hits = m_hits;
    s.misses = m_misses;
    s.bytes = m_bytes;
    s.tenants = m_tenants.size();
    for (const Tenant &t : m_tenants)
        s.entries += qint64(t.entries.size());
    return s;
}

} // namespace portico::flags
