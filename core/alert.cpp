#include "core/alert.h"

namespace portico {

QString alertStateName(AlertState s)
{
    switch (s) {
    case AlertState::Open: return QStringLiteral("open");
    case AlertState::Acknowledged: return QStringLiteral("acknowledged");
    case AlertState::Resolved: return QStringLiteral("resolved");
    }
    return {};
}

std::optional<AlertState> parseAlertState(const QString &name)
{
    for (auto s : {AlertState::Open, AlertState::Acknowledged, AlertState::Resolved})
        if (alertStateName(s) == name)
            return s;
    return std::nullopt;
}

QStringList allAlertStates()
{
    return {alertStateName(AlertState::Open), alertStateName(AlertState::Acknowledged), alertStateName(AlertState::Resolved)};
}

QString alertActionName(AlertAction a)
{
    return a == AlertAction::Acknowledge ? QStringLiteral("acknowledge") : QStringLiteral("resolve");
}

AlertState alertTarget(AlertAction action)
{
    return action == AlertAction::Acknowledge ? AlertState::Acknowledged : AlertState::Resolved;
}

AlertTransition alertTransition(AlertState from, AlertAction action)
{
    if (from == AlertState::Resolved)
        return AlertTransition::Conflict;
    if (action == AlertAction::Acknowledge && from == AlertState::Acknowledged)
        return AlertTransition::Unchanged;
    return AlertTransition::Apply; // open -> acknowledged, open or acknowledged -> resolved
}

} // namespace portico
