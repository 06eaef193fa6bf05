#pragma once
// Waiting for the console's asynchronous answers: the event loop is polled until the answer is in
// or the time is up, never a fixed sleep. Callers check what comes back (no skipping).

#include "client/apiresult.h"
#include <QObject>
#include <QTest>
#include <optional>

namespace portico::test {

// Long enough for a loaded 2-core machine; a healthy answer takes milliseconds.
inline constexpr int kAnswerTimeoutMs = 20000;

// Runs one asynchronous ApiClient call, `call(context, callback)`, and waits for its callback:
//   auto r = await<Tenant>([&](QObject *ctx, auto done) { client->getTenant(slug, ctx, done); });
//   QVERIFY(r); QVERIFY2(r->ok(), qPrintable(r->problem().toDisplayString()));
// nullopt when no answer came in time. The context lives only as long as the wait, so an answer
// that comes later is dropped, as a closed view's would be.
template<class T, class Call>
std::optional<ApiResult<T>> await(Call &&call, int timeoutMs = kAnswerTimeoutMs)
{
    std::optional<ApiResult<T>> result;
    QObject context;
    call(&context, [&result](const ApiResult<T> &r) { result = r; });
    (void)QTest::qWaitFor([&] { return result.has_value(); }, timeoutMs); // the caller checks the optional
    return result;
}

// Waits for a lazily paged model (hasLoaded, isLoading, canFetchMore, fetchMore: TenantListModel,
// AlertsModel, AuditModel) to load its current page, then fetches page after page until there is
// no more. False when a page did not come in time. A QAbstractItemModelTester on the model calls
// fetchMore too; that is fine: the model asks for one page at a time.
template<class Model>
bool loadAllPages(Model &model, int timeoutMs = kAnswerTimeoutMs)
{
    for (int guard = 0; guard < 100; ++guard) {
        if (!QTest::qWaitFor([&] { return model.hasLoaded() && !model.isLoading(); }, timeoutMs))
            return false;
        if (!model.canFetchMore({}))
            return true;
        model.fetchMore({});
    }
    return false;
}

} // namespace portico::test
