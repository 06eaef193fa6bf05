#pragma once
// The console's local data for one connection profile, made by the main window: the profile's
// LocalStore (AppDataLocation/local/<profile>.sqlite), the ActivityJournal every change sent
// through the ApiClient lands in (ApiClient::writeFinished, the one place all writes pass), the
// DirectoryCache and the background DirectorySync that fills it.

#include "client/apiclient.h"
#include "models/connectionprofile.h"
#include <QObject>
#include <memory>

namespace portico {

class ActivityJournal;
class DirectoryCache;
class DirectorySync;
class LocalStore;

class LocalWorkspace : public QObject
{
    Q_OBJECT
public:
    // path: the store's file; empty: LocalStore::pathForProfile(profile.name).
    LocalWorkspace(ApiClient *client, const ConnectionProfile &profile, QObject *parent = nullptr, const QString &path = {});
    ~LocalWorkspace() override;

    [[nodiscard]] LocalStore *store() const { return m_store.get(); }
    [[nodiscard]] ActivityJournal *journal() const { return m_journal; }
    [[nodiscard]] DirectoryCache *directory() const { return m_directory; }
    [[nodiscard]] DirectorySync *sync() const { return m_sync; }

private:
    void record(const WriteRecord &write);

    ConnectionProfile m_profile;
    std::unique_ptr<LocalStore> m_store;
    ActivityJournal *m_journal;
    DirectoryCache *m_directory;
    DirectorySync *m_sync;
};

} // namespace portico
