// Login, logout and "who am I".
#include "server/audit/auditlog.h"
#include "server/auth/tokenstore.h"
#include "server/http/context.h"
#include "server/http/router.h"
#include "server/http/routing.h"
#include "server/services.h"
#include "server/store/database.h"
#include "server/store/tenantsession.h"
#include "server/tenants/tenantrepository.h"
#include "core/timeutil.h"

namespace portico {
namespace {
constexpr int kOperatorTokenDays = 7;

// An operator or a member: the same four fields.
template<typename Person>
QJsonObject personJson(const Person &p)
{
    return {{QStringLiteral("id"), idToString(p.id)},
            {QStringLiteral("email"), p.email},
            {QStringLiteral("display_name"), p.displayName},
            {QStringLiteral("role"), p.role}};
}
} // namespace

void registerAuthRoutes(http::Router &router, Services &s)
{
    using http::Access;
    using http::Response;

    router.add("POST", QStringLiteral("/v1/auth/login"), Access::publicRoute(), [&s](http::RequestContext &ctx) {
        const QJsonObject body = http::jsonBody(ctx.request);
        http::rejectUnknownFields(body, {QStringLiteral("email"), QStringLiteral("password")});
        const QString email = http::stringField(body, QStringLiteral("email"), true).trimmed();
        const QString password = http::stringField(body, QStringLiteral("password"), true);
        if (email.isEmpty() || email.size() > 254)
            failValidation(QStringLiteral("email"), QStringLiteral("Enter the email address you sign in with."));
        const QString key = email.toLower();
        const QString address = ctx.request.peerAddress;
        // Refused before any password is checked, with the same answer whether the email exists.
        if (const qint64 waitMs = s.loginThrottle.admit(key, address); waitMs > 0) {
            const qint64 seconds = (waitMs + 999) / 1000;
            return Response::problem(Problem::make(429, problem::LoginThrottled,
                                                   QStringLiteral("Too many failed sign-ins for this account or from this address. "
                                                                  "Try again in %1 s.").arg(seconds)))
                .withHeader("Retry-After", QByteArray::number(seconds))
                .heldFor(std::chrono::milliseconds(s.loginThrottle.policy().refusalHoldMs));
        }
        auth::TokenStore::PasswordRecord record;
        {
            auto lease = s.db.control(); // not held during argon2: a login flood must not drain the pool
            record = s.tokens.passwordRecord(*lease, email);
        }
        const auto outcome = s.passwordGate.verify(record.encodedHash, password);
        if (outcome == auth::PasswordGate::Outcome::Busy)
            return Response::problem(Problem::make(503, problem::LoginBusy,
                                                   QStringLiteral("Too many sign-ins are being checked at once; try again in a second.")))
                .withHeader("Retry-After", "1")
                .heldFor(std::chrono::milliseconds(s.loginThrottle.policy().refusalHoldMs));
        const std::optional<QUuid> operatorId = outcome == auth::PasswordGate::Outcome::Match ? record.operatorId : std::nullopt;
        auto lease = s.db.control();
        auto &c = *lease;
        if (!operatorId) {
            const auto failure = s.loginThrottle.recordFailure(key, address);
            // The email as typed, so that guessing at accounts shows; never the password. Repeats are
            // folded: the first few, then at 8, 16, 32... failures with the count of those not written.
            if (failure.audit)
                audit::appendAudit(c, {QStringLiteral("anonymous"), QStringLiteral("operator.login_failed"), {}, {}, {},
                                       {{QStringLiteral("email"), email.left(254)},
                                        {QStringLiteral("address"), address},
                                        {QStringLiteral("failures"), failure.failures},
                                        {QStringLiteral("not_audited_since_last"), failure.notAudited}}});
            return Response::problem(Problem::make(401, problem::Unauthenticated, QStringLiteral("The email or password is wrong, or the account is disabled.")))
                .withHeader("WWW-Authenticate", "Bearer");
        }
        s.loginThrottle.recordSuccess(key, address);
        store::PgTransaction tx(c);
        const auto issued = s.tokens.issueOperatorToken(c, *operatorId, QStringLiteral("login"), kOperatorTokenDays);
        const auth::OperatorRecord op = auth::findOperator(c, *operatorId).value_or(auth::OperatorRecord{});
        audit::appendAudit(c, {QStringLiteral("operator:") + op.email, QStringLiteral("operator.login"), {},
                               QStringLiteral("operator/") + idToString(*operatorId), {},
                               {{QStringLiteral("token_id"), idToString(issued.id)}, {QStringLiteral("expires_at"), toIsoUtc(issued.expiresAt)}}});
        tx.commit();
        return Response::json(QJsonObject{{QStringLiteral("token"), issued.secret},
                                          {QStringLiteral("expires_at"), toIsoUtc(issued.expiresAt)},
                                          {QStringLiteral("operator"), personJson(op)}});
    });

    router.add("POST", QStringLiteral("/v1/auth/logout"), Access::anyToken(), [&s](http::RequestContext &ctx) {
        const auto &p = ctx.principal;
        auto lease = s.db.control();
        auto &c = *lease;
        store::PgTransaction tx(c);
        if (s.tokens.revoke(c, p.tokenId, {})) {
            if (p.isOperator())
                audit::appendAudit(c, {p.actorLabel(), QStringLiteral("operator.logout"), {}, QStringLiteral("operator/") + idToString(p.operatorId), {},
                                       {{QStringLiteral("token_id"), idToString(p.tokenId)}}});
            else
                audit::appendAudit(c, {p.actorLabel(), QStringLiteral("token.revoked"), p.tenantId, QStringLiteral("token/") + idToString(p.tokenId), {},
                                       {{QStringLiteral("token_id"), idToString(p.tokenId)}, {QStringLiteral("via"), QStringLiteral("logout")}}});
        }
        tx.commit();
        s.tokens.clearCache(); // again, now that the revocation is visible to other connections
        return Response::noContent();
    });

    router.add("GET", QStringLiteral("/v1/me"), Access::anyToken(), [&s](http::RequestContext &ctx) {
        const auto &p = ctx.principal;
        const QJsonObject token{{QStringLiteral("id"), idToString(p.tokenId)},
                                {QStringLiteral("expires_at"), p.tokenExpiresAt.isValid() ? QJsonValue(toIsoUtc(p.tokenExpiresAt)) : QJsonValue()}};
        auto lease = s.db.control();
        auto &c = *lease;
        if (p.isOperator()) {
            const auth::OperatorRecord op = auth::findOperator(c, p.operatorId).value_or(auth::OperatorRecord{});
            return Response::json(QJsonObject{{QStringLiteral("kind"), QStringLiteral("operator")},
                                              {QStringLiteral("operator"), personJson(op)},
                                              {QStringLiteral("token"), token}});
        }
        const auto tenant = tenants::TenantRepository(c).findById(p.tenantId);
        if (!tenant)
            failNotFound(QStringLiteral("The token's tenant no longer exists."));
        QJsonValue member;
        if (!p.memberId.isNull()) {
            if (const auto m = tenants::findMember(s.db, http::tenantScope(ctx), p.memberId))
                member = personJson(*m);
        }
        return Response::json(QJsonObject{{QStringLiteral("kind"), QStringLiteral("tenant")},
                                          {QStringLiteral("tenant"), tenant->toJson()},
                                          {QStringLiteral("member"), member},
                                          {QStringLiteral("token"), token}});
    });
}

} // namespace portico
