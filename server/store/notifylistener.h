#pragma once
// One LISTEN connection for the server's channels, on its own thread. Notifications are handed to
// the channel's handler on that thread (keep handlers short: no request waits on them). After a lost
// connection it reconnects and LISTENs again, then calls every channel's resync, because whatever
// was notified while it was away is lost for good. One listener serves the whole server: tokens,
// limits and flags each subscribe a channel on it.

#include <QByteArray>
#include <QHash>
#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

namespace portico::store {

class Database;

class NotifyListener
{
public:
    using Handler = std::function<void(const QByteArray &payload)>;
    struct Options
    {
        // Notifications that arrive together call the handler once (with the last payload): for a
        // channel whose handler reloads everything, whatever the payload says.
        bool coalesce = false;
        // Also resync when the channel has been quiet this long (0: never), in case a notification
        // was missed some other way.
        std::chrono::milliseconds resyncEvery{0};
    };
    explicit NotifyListener(Database &db);
    ~NotifyListener();
    NotifyListener(const NotifyListener &) = delete;
    NotifyListener &operator=(const NotifyListener &) = delete;

    // Before start(). resync runs after every (re)connect, the first one included.
    void subscribe(const QByteArray &channel, Handler onNotify, std::function<void()> resync, Options options);
    void subscribe(const QByteArray &channel, Handler onNotify, std::function<void()> resync)
    {
        subscribe(channel, std::move(onNotify), std::move(resync), Options{});
    }
    void start();
    void stop();
    [[nodiscard]] bool connected() const { return m_connected.load(); }

private:
    struct Channel
    {
        Handler onNotify;
        std::function<void()> resync;
        Options options;
        qint64 lastMs = 0; // the last resync or notification handled (the listener's thread only)
    };
    void run();

    Database &m_db;
    QHash<QByteArray, Channel> m_channels;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_connected{false};
    std::thread m_thread;
};

} // namespace portico::store
