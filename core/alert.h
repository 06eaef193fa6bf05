#pragma once
// The life of an alert: raised open, acknowledged by an operator who is looking into it, resolved
// when dealt with. One definition of the states and of which transition applies, shared by the
// server (which refuses the others) and the console (which offers only these).

#include <QString>
#include <QStringList>
#include <optional>

namespace portico {

enum class AlertState { Open, Acknowledged, Resolved };
enum class AlertAction { Acknowledge, Resolve };

QString alertStateName(AlertState s); // "open", "acknowledged", "resolved"
std::optional<AlertState> parseAlertState(const QString &name);
QStringList allAlertStates();
QString alertActionName(AlertAction a); // "acknowledge", "resolve"

// What an action does to an alert in a state: moves it, leaves it as it is (acknowledging an
// acknowledged alert: a retried request must not fail, nor change who acknowledged it), or does
// not apply (acknowledging or resolving a resolved alert).
enum class AlertTransition { Apply, Unchanged, Conflict };
AlertTransition alertTransition(AlertState from, AlertAction action);
AlertState alertTarget(AlertAction action);

} // namespace portico
