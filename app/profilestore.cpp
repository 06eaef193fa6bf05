#include "app/profilestore.h"
#include "app/settings.h"
#include <QSettings>

namespace portico {

namespace {
constexpr auto kArray = "connection/v1/profiles";
}

QList<ConnectionProfile> ProfileStore::profiles() const
{
    QSettings s;
    QList<ConnectionProfile> out;
    const int n = s.beginReadArray(QLatin1String(kArray));
    for (int i = 0; i < n; ++i) {
        s.setArrayIndex(i);
        ConnectionProfile p;
        p.name = s.value(QStringLiteral("name")).toString();
        p.url = s.value(QStringLiteral("url")).toUrl();
        p.readOnly = s.value(QStringLiteral("readOnly"), false).toBool();
        p.lastEmail = s.value(QStringLiteral("lastEmail")).toString();
        if (!p.name.isEmpty())
            out << p;
    }
    s.endArray();
    return out;
}

void ProfileStore::setProfiles(const QList<ConnectionProfile> &list)
{
    QSettings s;
    s.remove(QLatin1String(kArray));
    s.beginWriteArray(QLatin1String(kArray), int(list.size()));
    for (int i = 0; i < list.size(); ++i) {
        s.setArrayIndex(i);
        s.setValue(QStringLiteral("name"), list.at(i).name);
        s.setValue(QStringLiteral("url"), list.at(i).url);
        s.setValue(QStringLiteral("readOnly"), list.at(i).readOnly);
        s.setValue(QStringLiteral("lastEmail"), list.at(i).lastEmail);
    }
    s.endArray();
}

void ProfileStore::upsert(const ConnectionProfile &profile)
{
    QList<ConnectionProfile> list = profiles();
    auto it = std::find_if(list.begin(), list.end(), [&](const ConnectionProfile &p) { return p.name == profile.name; });
    if (it != list.end())
        *it = profile;
    else
        list << profile;
    setProfiles(list);
}

void ProfileStore::remove(const QString &name)
{
    QList<ConnectionProfile> list = profiles();
    list.removeIf([&](const ConnectionProfile &p) { return p.name == name; });
    setProfiles(list);
}

QString ProfileStore::lastProfile() const
{
    return settings::value(settings::LastProfile);
}

void ProfileStore::setLastProfile(const QString &name)
{
    settings::setValue(settings::LastProfile, name);
}

} // namespace portico
