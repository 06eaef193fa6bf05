#pragma once
// Who is calling, as established by authentication. The tenant context of a request comes from
// here and nowhere else.

#include "core/tenant.h"
#include <QDateTime>
#include <QString>
#include <QUuid>

namespace portico::auth {

struct Principal
{
    enum class Kind { Anonymous, Operator, Tenant };
    Kind kind = Kind::Anonymous;
    QUuid tokenId;
    QDateTime tokenExpiresAt;

    // Operator tokens
    QUuid operatorId;
    QString email;
    QString displayName;
    QString role; // admin, support, account_manager, viewer

    // Tenant tokens: exactly one tenant, optionally one member
    QUuid tenantId;
    QUuid memberId;
    TenantState tenantState = TenantState::Active;
    Plan tenantPlan = Plan::Free;
    Placement placement;

    [[nodiscard]] bool isOperator() const { return kind == Kind::Operator; }
    [[nodiscard]] bool isTenant() const { return kind == Kind::Tenant; }
    [[nodiscard]] QString actorLabel() const;
};

} // namespace portico::auth
