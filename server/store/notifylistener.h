#pragma once
// One LISTEN connection for the server's channels, on its own thread. Notifications are handed to
// the channel's handler on that thread (keep handlers short: no request waits on them). After a lost
// connection it reconnects and LISTENs again, then calls every channel's resync, because whatever
// was notified while it was away is lost for good.

#include <QByteArray>
#include <QHash>
#include <atomic>
#include <functional>
#include <thread>

namespace portico::store {

class Database;

class NotifyListener
{
public:
    using Handler = std::function<void(const QByteArray &payload)>;
    explicit NotifyListener(Database &db);
    ~NotifyListener();
    NotifyListener(const NotifyListener &) = delete;
    NotifyListener &operator=(const NotifyListener &) = delete;

    // Before start(). resync runs after every (re)connect, the first one included.
    void subscribe(const QByteArray &channel, Handler onNotify, std::function<void()> resync);
    void start();
    void stop();
    [[nodiscard]] bool connected() const { return m_connected.load(); }

private:
    struct Channel { Handler onNotify; std::function<void()> resync; };
    void run();

    Database &m_db;
    QHash<QByteArray, Channel> m_channels;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_connected{false};
    std::thread m_thread;
};

} // namespace portico::store
