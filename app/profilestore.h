#pragma once
// Connection profiles in QSettings (name, URL, read-only, last email). Never a token.

#include "models/connectionprofile.h"
#include <QList>

namespace portico {

class ProfileStore
{
public:
    [[nodiscard]] QList<ConnectionProfile> profiles() const;
    void setProfiles(const QList<ConnectionProfile> &profiles);
    void upsert(const ConnectionProfile &profile); // matched by name
    void remove(const QString &name);
    [[nodiscard]] QString lastProfile() const;
    void setLastProfile(const QString &name);
};

} // namespace portico
