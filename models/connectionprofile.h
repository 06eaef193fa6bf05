#pragma once
// A saved way to reach a server. Plain data: the token is never part of it (it lives in the OS
// keychain, or in memory for the session when there is no keychain).

#include <QString>
#include <QUrl>

namespace portico {

struct ConnectionProfile
{
    QString name;
    QUrl url;
    bool readOnly = false;
    QString lastEmail; // convenience for the sign-in form; not a secret

    [[nodiscard]] bool isValid() const { return !name.trimmed().isEmpty() && url.isValid() && !url.scheme().isEmpty() && !url.host().isEmpty(); }
    bool operator==(const ConnectionProfile &) const = default;
};

} // namespace portico
