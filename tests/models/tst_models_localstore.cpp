// LocalStore, ActivityJournal and DirectoryCache on real SQLite files in a temporary directory:
// migrations, a corrupt file set aside, the journal's round trip and the directory's search.
#include "models/activityjournal.h"
#include "models/directorycache.h"
#include "models/journalmodel.h"
#include "models/localstore.h"
#include "models/writedescription.h"

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace portico;

namespace {
Tenant tenant(const QString &name, const QString &slug, Plan plan = Plan::Pro, TenantState state = TenantState::Active)
{
    Tenant t;
    t.id = QUuid::createUuid();
    t.name = name;
    t.slug = slug;
    t.plan = plan;
    t.state = state;
    t.region = QStringLiteral("eu-central");
    t.placement.model = IsolationModel::Schema;
    t.createdAt = QDateTime(QDate(2026, 3, 1), QTime(9, 30), Qt::UTC);
    return t;
}

JournalEntry entry(const QString &tenantName, const QString &action, const QString &reason, const QDateTime &at, bool ok = true)
{
    JournalEntry e;
    e.at = at;
    e.profile = QStringLiteral("prod");
    e.tenantId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    e.tenantName = tenantName;
    e.action = action;
    e.target = QStringLiteral("branding.color");
    e.before = QStringLiteral("\"#fff\"");
    e.after = QStringLiteral("\"#000\", with a comma");
    e.reason = reason;
    e.ok = ok;
    e.httpStatus = ok ? 200 : 412;
    e.problemType = ok ? QString() : QStringLiteral("urn:portico:problem:precondition-failed");
    e.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    e.method = QStringLiteral("PUT");
    e.path = QStringLiteral("/v1/tenants/x/config/branding.color");
    return e;
}

QStringList tables(const QString &path)
{
    QStringList out;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("inspect"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
            while (q.next())
                out << q.value(0).toString();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("inspect"));
    return out;
}
} // namespace

class TestLocalStore : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    QString file(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void migratesAnEmptyFile()
    {
        const QString path = file("empty.sqlite");
        QFile touch(path);
        QVERIFY(touch.open(QIODevice::WriteOnly)); // zero bytes: SQLite's empty database
        touch.close();
        LocalStore store(path);
        QVERIFY2(store.open(), qPrintable(store.errorString()));
        QCOMPARE(store.schemaVersion(), LocalStore::kSchemaVersion);
        QVERIFY(store.setAsidePath().isEmpty());
        const QStringList t = tables(path);
        for (const char *name : {"schema_version", "journal", "directory_tenant", "directory_fetch"})
            QVERIFY2(t.contains(QLatin1String(name)), name);
    }

    void createsMissingFileAndDirectory()
    {
        const QString path = file("deeper/still/new.sqlite");
        LocalStore store(path);
        QVERIFY2(store.open(), qPrintable(store.errorString()));
        QVERIFY(QFile::exists(path));
        QCOMPARE(store.schemaVersion(), LocalStore::kSchemaVersion);
    }

    void migratesFromVersionOne()
    {
        const QString path = file("v1.sqlite");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL)")));
            for (const QString &sql : LocalStore::migration(1))
                QVERIFY2(q.exec(sql), qPrintable(sql));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO schema_version VALUES (1)")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO journal (at_utc, action, ok, request_id) VALUES ('2026-11-30T08:00:00.000Z', 'Edit tenant', 1, 'req-v1')")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v1"));
        QVERIFY(!tables(path).contains(QStringLiteral("directory_tenant")));

        LocalStore store(path);
        QVERIFY2(store.open(), qPrintable(store.errorString()));
        QCOMPARE(store.schemaVersion(), 2);
        QVERIFY(store.setAsidePath().isEmpty()); // migrated, not rebuilt
        ActivityJournal journal(&store);
        const auto entries = journal.query();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.at(0).requestId, QStringLiteral("req-v1"));
        QCOMPARE(entries.at(0).at, QDateTime(QDate(2026, 11, 30), QTime(8, 0), Qt::UTC));
        DirectoryCache cache(&store);
        QVERIFY(cache.replace({tenant(QStringLiteral("Acme"), QStringLiteral("acme"))}, QDateTime::currentDateTimeUtc()));
        QCOMPARE(cache.count(), 1);
    }

    void reopeningKeepsData()
    {
        const QString path = file("reopen.sqlite");
        {
            LocalStore store(path);
            QVERIFY(store.open());
            ActivityJournal journal(&store);
            QVERIFY(journal.append(entry(QStringLiteral("Acme"), QStringLiteral("Edit tenant"), QStringLiteral("r"), QDateTime::currentDateTimeUtc())) > 0);
        }
        LocalStore again(path);
        QVERIFY(again.open());
        QVERIFY(again.setAsidePath().isEmpty());
        QCOMPARE(ActivityJournal(&again).count(), 1);
    }

    void corruptFileIsSetAsideAndRebuilt()
    {
        const QString path = file("corrupt.sqlite");
        QFile garbage(path);
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        QByteArray bytes;
        for (int i = 0; i < 8192; ++i)
            bytes.append(char((i * 37 + 11) % 256));
        garbage.write(bytes);
        garbage.close();

        LocalStore store(path);
        QVERIFY2(store.open(), qPrintable(store.errorString()));
        QVERIFY(!store.setAsidePath().isEmpty());
        QVERIFY(store.setAsidePath().startsWith(path + QStringLiteral(".corrupt-")));
        QVERIFY(QFile::exists(store.setAsidePath()));
        QFile kept(store.setAsidePath());
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), bytes); // set aside untouched, for whoever wants to look
        QVERIFY(!store.setAsideReason().isEmpty());
        QCOMPARE(store.schemaVersion(), LocalStore::kSchemaVersion);
        ActivityJournal journal(&store);
        QVERIFY(journal.append(entry(QStringLiteral("Acme"), QStringLiteral("Edit tenant"), QString(), QDateTime::currentDateTimeUtc())) > 0);
        QCOMPARE(journal.count(), 1);
    }

    void newerSchemaIsSetAside()
    {
        const QString path = file("newer.sqlite");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL)")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO schema_version VALUES (99)")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("newer"));
        LocalStore store(path);
        QVERIFY(store.open());
        QVERIFY(QFile::exists(store.setAsidePath()));
        QVERIFY2(store.setAsideReason().contains(QStringLiteral("newer")), qPrintable(store.setAsideReason()));
        QCOMPARE(store.schemaVersion(), LocalStore::kSchemaVersion);
    }

    void profilesGetTheirOwnFiles()
    {
        const QString a = LocalStore::pathForProfile(QStringLiteral("Production EU"), m_dir.path());
        const QString b = LocalStore::pathForProfile(QStringLiteral("production-eu"), m_dir.path());
        QVERIFY(a != b);
        QCOMPARE(a, LocalStore::pathForProfile(QStringLiteral("Production EU"), m_dir.path()));
        QVERIFY(QFileInfo(a).fileName().startsWith(QStringLiteral("production-eu-")));
        QVERIFY(a.endsWith(QStringLiteral(".sqlite")));
        // Two stores open at once, each with its own connection.
        LocalStore sa(a), sb(b);
        QVERIFY(sa.open());
        QVERIFY(sb.open());
        ActivityJournal ja(&sa), jb(&sb);
        ja.append(entry(QStringLiteral("Acme"), QStringLiteral("Edit tenant"), QString(), QDateTime::currentDateTimeUtc()));
        QCOMPARE(ja.count(), 1);
        QCOMPARE(jb.count(), 0);
    }

    void journalAppendQueryFilterExport()
    {
        LocalStore store(file("journal.sqlite"));
        QVERIFY(store.open());
        ActivityJournal journal(&store);
        QSignalSpy appended(&journal, &ActivityJournal::appended);
        const QDateTime base(QDate(2026, 11, 20), QTime(6, 0), Qt::UTC);
        const JournalEntry first = entry(QStringLiteral("Acme GmbH"), QStringLiteral("Set configuration"), QStringLiteral("ticket 4711"), base);
        const JournalEntry second = entry(QStringLiteral("Brightline"), QStringLiteral("Edit tenant"), QStringLiteral("suspend for non-payment"),
                                          base.addSecs(3600), false);
        const JournalEntry third = entry(QStringLiteral("Cobalt 100%_off"), QStringLiteral("Change flag"), QStringLiteral("rollout 20 %"),
                                         base.addDays(2));
        const qint64 id1 = journal.append(first);
        QVERIFY(id1 > 0);
        QVERIFY(journal.append(second) > id1);
        QVERIFY(journal.append(third) > 0);
        QCOMPARE(appended.count(), 3);
        QCOMPARE(journal.count(), 3);

        // Newest first, every field back as written.
        auto all = journal.query();
        QCOMPARE(all.size(), 3);
        QCOMPARE(all.at(0).tenantName, third.tenantName);
        QCOMPARE(all.at(2).tenantName, first.tenantName);
        JournalEntry back = all.at(1);
        QVERIFY(back.id > 0);
        back.id = 0;
        QCOMPARE(back, second);

        JournalQuery q;
        q.text = QStringLiteral("brightLINE"); // case-insensitive
        QCOMPARE(journal.query(q).size(), 1);
        q.text = second.requestId.left(13);
        QCOMPARE(journal.query(q).size(), 1);
        q.text = QStringLiteral("4711");
        QCOMPARE(journal.query(q).value(0).tenantName, first.tenantName);
        q.text = QStringLiteral("precondition");
        QCOMPARE(journal.query(q).value(0).tenantName, second.tenantName);
        q.text = QStringLiteral("100%_"); // LIKE wildcards are literal
        QCOMPARE(journal.query(q).size(), 1);
        q.text = QStringLiteral("1%0");
        QCOMPARE(journal.query(q).size(), 0);

        JournalQuery range;
        range.from = base.addSecs(1800);
        range.to = base.addDays(1);
        const auto inRange = journal.query(range);
        QCOMPARE(inRange.size(), 1);
        QCOMPARE(inRange.at(0).tenantName, second.tenantName);
        range.from = base; // inclusive
        QCOMPARE(journal.query(range).size(), 2);

        JournalModel model(&journal);
        QCOMPARE(model.rowCount(), 3);
        model.setFilterText(QStringLiteral("acme"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, JournalModel::ChangeColumn).data().toString(), QStringLiteral("\"#fff\" → \"#000\", with a comma"));
        model.setFilterText(QString());
        QCOMPARE(model.index(1, JournalModel::ResultColumn).data().toString(), QStringLiteral("failed 412 precondition-failed"));
        journal.append(entry(QStringLiteral("Delta"), QStringLiteral("Edit tenant"), QString(), QDateTime::currentDateTimeUtc()));
        QCOMPARE(model.rowCount(), 4); // reloaded on append
        QCOMPARE(model.index(0, JournalModel::TenantColumn).data().toString(), QStringLiteral("Delta"));

        const QString csvPath = file("journal.csv");
        QString error;
        JournalQuery failedOnly;
        failedOnly.text = QStringLiteral("non-payment");
        QVERIFY2(journal.exportCsv(csvPath, failedOnly, &error), qPrintable(error));
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines.at(0).startsWith(QStringLiteral("time_utc,profile,tenant_id,tenant_name,action")));
        QVERIFY(lines.at(1).startsWith(QStringLiteral("2026-11-20T07:00:00.000Z,prod,")));
        QVERIFY(lines.at(1).contains(QStringLiteral(",\"\"\"#000\"\", with a comma\",")));
        QVERIFY(lines.at(1).contains(QStringLiteral(",failed,412,urn:portico:problem:precondition-failed,")));
        QVERIFY(lines.at(1).contains(second.requestId));
    }

    void directoryReplaceSearchAge()
    {
        LocalStore store(file("directory.sqlite"));
        QVERIFY(store.open());
        DirectoryCache cache(&store);
        QVERIFY(!cache.fetchedAt());
        QVERIFY(!cache.age());
        QVERIFY(cache.search(QStringLiteral("a")).isEmpty());

        const Tenant acme = tenant(QStringLiteral("Acme Industries"), QStringLiteral("acme"), Plan::Enterprise);
        const Tenant brightline = tenant(QStringLiteral("Brightline Manufacturing"), QStringLiteral("brightline-mfg"));
        const Tenant cobalt = tenant(QStringLiteral("Cobalt Acme Partners"), QStringLiteral("cobalt"), Plan::Free, TenantState::Suspended);
        const QDateTime fetched = QDateTime::currentDateTimeUtc().addSecs(-3 * 3600 - 120);
        QSignalSpy replaced(&cache, &DirectoryCache::replaced);
        QVERIFY(cache.replace({cobalt, brightline, acme}, fetched));
        QCOMPARE(replaced.count(), 1);
        QCOMPARE(cache.count(), 3);

        // By name: prefix matches first, then the rest by name.
        auto found = cache.search(QStringLiteral("acme"));
        QCOMPARE(found.size(), 2);
        QCOMPARE(found.at(0).id, acme.id);
        QCOMPARE(found.at(1).id, cobalt.id);
        // By slug.
        found = cache.search(QStringLiteral("-mfg"));
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.at(0).name, brightline.name);
        // By id (part of it).
        found = cache.search(idToString(cobalt.id).mid(9, 9));
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.at(0).id, cobalt.id);
        // Every field back.
        const Tenant back = found.at(0);
        QCOMPARE(back.slug, cobalt.slug);
        QCOMPARE(toString(back.state), toString(TenantState::Suspended));
        QCOMPARE(toString(back.plan), toString(Plan::Free));
        QCOMPARE(back.region, cobalt.region);
        QCOMPARE(toString(back.isolation()), toString(IsolationModel::Schema));
        QCOMPARE(back.createdAt, cobalt.createdAt);
        // Empty: everything by name; limit respected.
        found = cache.search(QString(), 2);
        QCOMPARE(found.size(), 2);
        QCOMPARE(found.at(0).id, acme.id);
        QCOMPARE(cache.tenant(idToString(brightline.id))->name, brightline.name);

        // Age.
        QCOMPARE(cache.fetchedAt()->toSecsSinceEpoch(), fetched.toSecsSinceEpoch());
        const auto age = cache.age();
        QVERIFY(age);
        QVERIFY(age->count() >= 3 * 3600 + 120 && age->count() < 3 * 3600 + 180);
        QCOMPARE(DirectoryCache::describeAge(*age), QStringLiteral("3 h 2 min"));
        QCOMPARE(DirectoryCache::describeAge(std::chrono::seconds(20)), QStringLiteral("less than a minute"));
        QCOMPARE(DirectoryCache::describeAge(std::chrono::seconds(300)), QStringLiteral("5 min"));
        QCOMPARE(DirectoryCache::describeAge(std::chrono::hours(49)), QStringLiteral("2 days"));

        // Replace drops who is gone; upsert updates one in place.
        Tenant renamed = acme;
        renamed.name = QStringLiteral("Acme Holding");
        QVERIFY(cache.replace({acme, brightline}, QDateTime::currentDateTimeUtc()));
        QCOMPARE(cache.count(), 2);
        QVERIFY(cache.upsert(renamed));
        QCOMPARE(cache.count(), 2);
        QCOMPARE(cache.search(QStringLiteral("holding")).value(0).id, acme.id);
        QVERIFY(cache.age()->count() < 60);
    }

    void describesWrites()
    {
        WriteRecord w;
        w.verb = "PATCH";
        w.path = QStringLiteral("/v1/tenants/0b7c3e7e-0000-4000-8000-000000000001");
        w.body = R"({"state":"suspended","reason":"non-payment"})";
        w.reason = QStringLiteral("non-payment");
        w.requestId = QStringLiteral("req-1");
        w.status = 200;
        w.answer = QJsonDocument::fromJson(R"({"name":"Acme"})");
        JournalEntry e = describeWrite(w, QStringLiteral("prod"));
        QCOMPARE(e.action, QStringLiteral("Edit tenant"));
        QCOMPARE(e.tenantId, QStringLiteral("0b7c3e7e-0000-4000-8000-000000000001"));
        QCOMPARE(e.tenantName, QStringLiteral("Acme"));
        QCOMPARE(e.after, QStringLiteral("state=suspended"));
        QCOMPARE(e.reason, QStringLiteral("non-payment"));
        QVERIFY(e.ok);

        w.verb = "PUT";
        w.path = QStringLiteral("/v1/tenants/t1/config/branding.color");
        w.query = QStringLiteral("user=u7");
        w.body = R"({"value":"#123456"})";
        w.status = 412;
        w.problem = Problem::make(412, problem::PreconditionFailed, QStringLiteral("changed meanwhile"));
        e = describeWrite(w, QStringLiteral("prod"));
        QCOMPARE(e.action, QStringLiteral("Set configuration"));
        QCOMPARE(e.target, QStringLiteral("branding.color (user u7)"));
        QCOMPARE(e.after, QStringLiteral("\"#123456\""));
        QVERIFY(!e.ok);
        QCOMPARE(e.httpStatus, 412);
        QCOMPARE(e.problemType, QLatin1String(problem::PreconditionFailed));
        QCOMPARE(e.path, QStringLiteral("/v1/tenants/t1/config/branding.color?user=u7"));

        w = {};
        w.verb = "DELETE";
        w.path = QStringLiteral("/v1/tenants/t1/flags/new-dashboard");
        e = describeWrite(w, QString());
        QCOMPARE(e.action, QStringLiteral("Remove flag override"));
        QCOMPARE(e.target, QStringLiteral("new-dashboard"));
        w.verb = "POST";
        w.path = QStringLiteral("/v1/flags/new-dashboard/overrides/bulk");
        QCOMPARE(describeWrite(w, QString()).action, QStringLiteral("Bulk flag overrides"));
        w.verb = "PATCH";
        w.path = QStringLiteral("/v1/flags/new-dashboard");
        w.body = R"({"rollout":{"percentage":20}})";
        e = describeWrite(w, QString());
        QCOMPARE(e.action, QStringLiteral("Change flag"));
        QCOMPARE(e.after, QStringLiteral("rollout={\"percentage\":20}"));
    }
};

QTEST_GUILESS_MAIN(TestLocalStore)
#include "tst_models_localstore.moc"
