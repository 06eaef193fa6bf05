// portico-server: bootstraps the database, applies migrations, seeds demo data on request, and
// serves the API. Configuration comes from options, each with an environment fallback.

#include "server/audit/auditlog.h"
#include "server/logescape.h"
#include "server/audit/checkpointer.h"
#include "server/auth/crypto.h"
#include "server/auth/tokenstore.h"
#include "server/demo/demoseeder.h"
#include "server/demo/usageseeder.h"
#include "server/demo/scaleseeder.h"
#include "server/flags/flagservice.h"
#include "server/jobs/jobrunner.h"
#include "server/usage/partitions.h"
#include "server/usage/sealer.h"
#include "server/usage/usageservice.h"
#include "server/http/httpserver.h"
#include "server/isolation/verifier.h"
#include "server/store/tenantsession.h"
#include "server/services.h"
#include "server/store/database.h"
#include "server/store/schema.h"
#include "server/store/notifylistener.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSysInfo>
#include <QThread>
#include <QThreadPool>
#include <QTimer>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

using namespace portico;

namespace {

QString env(const char *name, const QString &fallback = {})
{
    const QString v = qEnvironmentVariable(name);
    return v.isEmpty() ? fallback : v;
}

void setupLogging(const QString &logDir)
{
    auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    std::vector<spdlog::sink_ptr> sinks{console};
    if (!logDir.isEmpty()) {
        QDir().mkpath(logDir);
        spdlog::file_event_handlers buffered;
        buffered.after_open = [](const spdlog::filename_t &, std::FILE *file) { std::setvbuf(file, nullptr, _IOFBF, 64 * 1024); };
        sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
            QDir(logDir).filePath(QStringLiteral("server.log")).toStdString(), 10 * 1024 * 1024, 5, false, buffered));
        // The file has every line. stderr (unbuffered: a write(2) per line) gets warnings and
        // errors only, so the access log costs the request path no system call.
        console->set_level(spdlog::level::warn);
    }
    auto logger = std::make_shared<spdlog::logger>("portico", sinks.begin(), sinks.end());
    // Escaped before any sink: what a request carries into a log line cannot start another line.
    // Times in UTC (never a local-time conversion, which reads /etc/localtime).
    logger->set_formatter(escapingFormatter("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc));
    // The file is stdio-buffered (64 KiB): written when the buffer fills, every second, and at once
    // for a warning or an error. Flushing every info line was two system calls per request.
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(logger);
    spdlog::flush_every(std::chrono::seconds(1));
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &msg) {
        const std::string text = msg.toStdString();
        switch (type) {
        case QtDebugMsg: spdlog::debug("{}", text); break;
        case QtInfoMsg: spdlog::info("{}", text); break;
        case QtWarningMsg: spdlog::warn("{}", text); break;
        default: spdlog::error("{}", text); break;
        }
    });
}

// Creates the first admin when there is no operator yet.
void ensureAdmin(store::PgConnection &c, const QString &email, const QString &password)
{
    if (c.exec(QStringLiteral("SELECT 1 FROM operators LIMIT 1")).rows() > 0)
        return;
    c.exec(QStringLiteral("INSERT INTO operators (id, email, display_name, role, password_hash) VALUES ($1, lower($2), $3, 'admin', $4)"),
           {QUuid::createUuid(), email, QStringLiteral("Administrator"), auth::hashPassword(password)});
    spdlog::info("created the first admin operator {}", email.toStdString());
}

// Keeps a valid admin token in the file (mode 0600); reuses the one there while it is valid.
bool writeOperatorToken(store::PgConnection &c, auth::TokenStore &tokens, const QString &path, const QString &adminEmail)
{
    QFile existing(path);
    if (existing.open(QIODevice::ReadOnly)) {
        const QString secret = QString::fromLatin1(existing.readAll()).trimmed();
        if (auto p = tokens.resolve(secret); p && p->isOperator())
            return true;
    }
    const auto op = c.exec(QStringLiteral("SELECT id FROM operators WHERE email = lower($1) AND role = 'admin' AND NOT disabled"), {adminEmail});
    if (op.rows() != 1)
        return false;
    const auto issued = tokens.issueOperatorToken(c, op.uuid(0, 0), QStringLiteral("operator-token-file"), 30);
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return false;
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    out.write(issued.secret.toLatin1() + '\n');
    return out.commit();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("portico-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PORTICO_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Portico platform API server."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listenOpt(QStringLiteral("listen"), QStringLiteral("Address to listen on [PORTICO_LISTEN, 127.0.0.1]."), QStringLiteral("address"), env("PORTICO_LISTEN", QStringLiteral("127.0.0.1")));
    const QCommandLineOption portOpt(QStringLiteral("port"), QStringLiteral("TCP port; 0 picks a free one [PORTICO_PORT, 8740]."), QStringLiteral("port"), env("PORTICO_PORT", QStringLiteral("8740")));
    const QCommandLineOption dbHostOpt(QStringLiteral("db-host"), QStringLiteral("PostgreSQL host or unix socket directory [PORTICO_DB_HOST]."), QStringLiteral("host"), env("PORTICO_DB_HOST", QStringLiteral("/var/run/postgresql")));
    const QCommandLineOption dbPortOpt(QStringLiteral("db-port"), QStringLiteral("PostgreSQL port [PORTICO_DB_PORT, 5432]."), QStringLiteral("port"), env("PORTICO_DB_PORT", QStringLiteral("5432")));
    const QCommandLineOption dbNameOpt(QStringLiteral("db-name"), QStringLiteral("Control-plane database [PORTICO_DB_NAME, portico]."), QStringLiteral("name"), env("PORTICO_DB_NAME", QStringLiteral("portico")));
    const QCommandLineOption dbAdminOpt(QStringLiteral("db-admin-user"), QStringLiteral("Superuser that may create the roles and database on first start [PORTICO_DB_ADMIN_USER]; omit when they exist."), QStringLiteral("user"), env("PORTICO_DB_ADMIN_USER"));
    const QCommandLineOption logDirOpt(QStringLiteral("log-dir"), QStringLiteral("Directory for rotating log files [PORTICO_LOG_DIR]."), QStringLiteral("dir"), env("PORTICO_LOG_DIR"));
    const QCommandLineOption workersOpt(QStringLiteral("workers"), QStringLiteral("Worker threads, one database connection each [8]."), QStringLiteral("n"), QStringLiteral("8"));
    const QCommandLineOption adminEmailOpt(QStringLiteral("admin-email"), QStringLiteral("Email of the first admin, created when no operator exists [PORTICO_ADMIN_EMAIL]."), QStringLiteral("email"), env("PORTICO_ADMIN_EMAIL", QStringLiteral("admin@portico.local")));
    const QCommandLineOption adminPasswordFileOpt(QStringLiteral("admin-password-file"), QStringLiteral("File holding the first admin's password."), QStringLiteral("file"));
    const QCommandLineOption tokenFileOpt(QStringLiteral("operator-token-file"), QStringLiteral("Write a valid admin operator token to this file (mode 0600)."), QStringLiteral("file"));
    const QCommandLineOption seedUsageOpt(QStringLiteral("seed-demo-usage"), QStringLiteral("Seed 90 days of hourly usage for the tenants when there is none."));
    const QCommandLineOption seedScaleOpt(QStringLiteral("seed-scale"), QStringLiteral("Add synthetic tenants scale-000001..N (control-plane rows and shared placements only) for measuring at scale; idempotent."),
                                          QStringLiteral("n"));
    const QCommandLineOption exactTotalOpt(QStringLiteral("tenant-total-exact-up-to"), QStringLiteral("The tenant list counts its matches exactly up to this many; above, its total is the planner's estimate [1000]."),
                                           QStringLiteral("n"), QStringLiteral("1000"));
    const QCommandLineOption seedOpt(QStringLiteral("seed-demo"), QStringLiteral("Seed demo tenants when the database has none."));
    const QCommandLineOption clusterOpt(QStringLiteral("cluster"), QStringLiteral("Another PostgreSQL cluster for placements, as name,region,host,port (repeatable). "
                                                                              "The first cluster, 'home' in region us-east, is --db-host/--db-port."), QStringLiteral("spec"));
    const QCommandLineOption tenantConnectionsOpt(QStringLiteral("tenant-db-connections"), QStringLiteral("Cap on connections to database-per-tenant databases, all together [32]."), QStringLiteral("n"), QStringLiteral("32"));
    const QCommandLineOption homeRegionOpt(QStringLiteral("home-region"), QStringLiteral("Region of the home cluster [us-east]."), QStringLiteral("region"), QStringLiteral("us-east"));
    const QCommandLineOption portFileOpt(QStringLiteral("port-file"), QStringLiteral("Write the port actually bound to this file (for --port 0)."), QStringLiteral("file"));
    const QCommandLineOption signingKeyOpt(QStringLiteral("signing-key-file"), QStringLiteral("Ed25519 key that signs audit checkpoints, created (mode 0600) when missing "
                                                                                "[PORTICO_SIGNING_KEY_FILE]; without it a key lives only as long as the process."),
                                           QStringLiteral("file"), env("PORTICO_SIGNING_KEY_FILE"));
    const QCommandLineOption loginFreeOpt(QStringLiteral("login-free-failures"), QStringLiteral("Failed logins of one email from one address before each try must wait [5]."), QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption loginDelayOpt(QStringLiteral("login-base-delay-ms"), QStringLiteral("The first wait after those failures, doubling per further failure [1000]."), QStringLiteral("ms"), QStringLiteral("1000"));
    const QCommandLineOption loginHoldOpt(QStringLiteral("login-refusal-hold-ms"), QStringLiteral("A refused login (429 throttled, 503 busy) is answered after this long, holding no worker, "
                                                                                        "so a flood of them is slowed to one try per connection per hold [1000]."),
                                          QStringLiteral("ms"), QStringLiteral("1000"));
    const QCommandLineOption perAddressOpt(QStringLiteral("max-connections-per-address"), QStringLiteral("Connections one client address may hold open; 0 for no cap, as behind a proxy [256]."),
                                           QStringLiteral("n"), QStringLiteral("256"));
    const QCommandLineOption transportOpt(QStringLiteral("http-transport"), QStringLiteral("HTTP transport: beast, or qhttpserver (without limits, timeouts or ordering; kept only for the bench to compare) [beast]."),
                                          QStringLiteral("name"), QStringLiteral("beast"));
    const QCommandLineOption headerTimeoutOpt(QStringLiteral("http-header-timeout-ms"), QStringLiteral("A request's header must arrive within this, from its first byte; else 408 [10000]."), QStringLiteral("ms"), QStringLiteral("10000"));
    const QCommandLineOption bodyTimeoutOpt(QStringLiteral("http-body-timeout-ms"), QStringLiteral("A request's body must arrive within this after its header (else 408), and an answer be taken within it [30000]."), QStringLiteral("ms"), QStringLiteral("30000"));
    const QCommandLineOption idleTimeoutOpt(QStringLiteral("http-idle-timeout-ms"), QStringLiteral("A kept-alive connection with no request for this long is closed [60000]."), QStringLiteral("ms"), QStringLiteral("60000"));
    const QCommandLineOption ioThreadsOpt(QStringLiteral("io-threads"), QStringLiteral("Threads that read and write connections; handlers run on the workers [2]."), QStringLiteral("n"), QStringLiteral("2"));
    const QCommandLineOption perTenantOpt(QStringLiteral("workers-per-tenant"), QStringLiteral("Workers one tenant's requests may hold at once when others wait [half of --workers]."), QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption sharedOpt(QStringLiteral("shared-concurrency"), QStringLiteral("Requests running at once while more than one tenant has work: the cores when the database is on this machine, else every worker [auto]."), QStringLiteral("n"), QStringLiteral("auto"));
    parser.addOptions({loginFreeOpt, loginDelayOpt, loginHoldOpt, perAddressOpt, transportOpt, headerTimeoutOpt, bodyTimeoutOpt, idleTimeoutOpt, ioThreadsOpt, perTenantOpt, sharedOpt});
    parser.addOptions({listenOpt, portOpt, dbHostOpt, dbPortOpt, dbNameOpt, dbAdminOpt, logDirOpt, workersOpt, adminEmailOpt,
                       adminPasswordFileOpt, tokenFileOpt, seedOpt, portFileOpt, clusterOpt, homeRegionOpt, tenantConnectionsOpt,
                       signingKeyOpt, seedUsageOpt, seedScaleOpt, exactTotalOpt});
    parser.process(app);

    setupLogging(parser.value(logDirOpt));
    if (!auth::initCrypto()) {
        spdlog::critical("libsodium failed to initialise");
        return 1;
    }
    bool ok = false;
    const int port = parser.value(portOpt).toInt(&ok);
    if (!ok || port < 0 || port > 65535) {
        spdlog::critical("--port must be 0 to 65535");
        return 2;
    }

    QList<store::Cluster> clusters{{QStringLiteral("home"), parser.value(homeRegionOpt), parser.value(dbHostOpt), parser.value(dbPortOpt).toInt()}};
    for (const QString &spec : parser.values(clusterOpt)) {
        const QStringList parts = spec.split(QLatin1Char(','));
        if (parts.size() != 4 || parts[3].toInt() <= 0) {
            spdlog::critical("--cluster takes name,region,host,port; got '{}'", spec.toStdString());
            return 2;
        }
        clusters.append({parts[0], parts[1], parts[2], parts[3].toInt()});
    }
    const QString controlDb = parser.value(dbNameOpt);
    // Tenant databases are named <control>_t_<32 hex>; PostgreSQL cuts names at 63 bytes.
    static const QRegularExpression dbNamePattern(QStringLiteral("^[a-z_][a-z0-9_]{0,27}$"));
    if (!dbNamePattern.match(controlDb).hasMatch()) {
        spdlog::critical("--db-name must be 1 to 28 of a-z, 0-9 and _, starting with a letter or _ (tenant database names derive from it)");
        return 2;
    }
    store::DatabaseOptions dbOptions;
    dbOptions.controlPoolMax = parser.value(workersOpt).toInt() + 2;
    dbOptions.tenantPoolsGlobalMax = qMax(1, parser.value(tenantConnectionsOpt).toInt());
    store::Database db(clusters, controlDb, dbOptions);
    const QString owner = QString::fromLatin1(store::kOwnerRole);
    try {
        if (!parser.value(dbAdminOpt).isEmpty()) {
            for (const store::Cluster &c : clusters) {
                QStringList databases{db.poolDatabase()};
                if (&c == &clusters.first())
                    databases.prepend(controlDb);
                store::bootstrapCluster(db.config(c, QStringLiteral("postgres"), parser.value(dbAdminOpt)), databases);
            }
        }
        for (const QString &name : store::migrateControl(db.controlConfig(owner)))
            spdlog::info("applied control-plane migration {}", name.toStdString());
        store::PgConnection ownerConn(db.controlConfig(owner));
        for (const store::Cluster &c : clusters)
            ownerConn.exec(QStringLiteral("INSERT INTO clusters (name, region, host, port) VALUES ($1, $2, $3, $4) "
                                          "ON CONFLICT (name) DO UPDATE SET region = EXCLUDED.region, host = EXCLUDED.host, port = EXCLUDED.port"),
                           {c.name, c.region, c.host, c.port});
        // The tenant schema reaches every placement before the first request; a run cut short resumes here next start.
        const auto report = store::TenantSchemaRunner(db).run([](int done, int total, const store::SchemaTarget &t) {
            if (done == total || done % 50 == 0)
                spdlog::info("tenant schema: {}/{} placements checked (last: {})", done, total, t.label.toStdString());
        });
        for (const QString &error : report.errors)
            spdlog::error("tenant schema: {}", error.toStdString());
        if (report.failed > 0) {
            spdlog::critical("the tenant schema could not be applied to {} placement(s); fix the errors above and restart", report.failed);
            return 3;
        }
        // Refuse to serve while the database does not enforce isolation; say what to fix.
        const isolation::Report verdict = isolation::Verifier(db).run();
        for (const isolation::Finding &f : verdict.findings)
            spdlog::log(f.severity == isolation::Severity::Critical ? spdlog::level::critical : spdlog::level::warn,
                        "isolation [{}] {} {}: {}", isolation::toString(f.severity).toStdString(), f.check.toStdString(),
                        f.object.toStdString(), f.detail.toStdString());
        if (verdict.hasCritical()) {
            spdlog::critical("refusing to serve: the isolation verifier found critical problems (above); fix them and restart");
            return 5;
        }
        spdlog::info("isolation verified: {} clusters, {} tables, {} placements in {} ms", verdict.clustersChecked,
                     verdict.tablesChecked, verdict.placementsChecked, verdict.durationMs);
    } catch (const std::exception &e) {
        spdlog::critical("database setup failed: {}", e.what());
        return 3;
    }

    std::unique_ptr<audit::Checkpointer> signer;
    if (const QString keyFile = parser.value(signingKeyOpt); !keyFile.isEmpty()) {
        QString error;
        signer = audit::Checkpointer::fromFile(keyFile, &error);
        if (!signer) {
            spdlog::critical("audit signing key: {}", error.toStdString());
            return 2;
        }
    } else {
        signer = audit::Checkpointer::ephemeral();
        spdlog::warn("no --signing-key-file: audit checkpoints are signed with a key that dies with this process (key id {})",
                     signer->keyId().toStdString());
    }
    try {
        store::PgConnection appConn(db.controlConfig(QString::fromLatin1(store::kAppRole)));
        signer->registerKey(appConn);
    } catch (const std::exception &e) {
        spdlog::critical("cannot register the audit signing key: {}", e.what());
        return 3;
    }
    audit::Checkpointer::install(signer.get());

    QFile spec(QStringLiteral(":/openapi.json"));
    spec.open(QIODevice::ReadOnly);
    auth::TokenStore tokens(db);
    Services services{db, tokens, QDateTime::currentDateTimeUtc(), spec.readAll()};
    {
        auth::LoginThrottlePolicy policy;
        policy.pairFree = std::max(1, parser.value(loginFreeOpt).toInt());
        policy.baseDelayMs = std::max(1, parser.value(loginDelayOpt).toInt());
        policy.refusalHoldMs = std::max(0, parser.value(loginHoldOpt).toInt());
        services.loginThrottle.setPolicy(policy);
        services.tenantTotalExactUpTo = std::max<qint64>(0, parser.value(exactTotalOpt).toLongLong());
        // One argon2 at a time per two cores; a quarter of the workers may wait for it, the rest serve the API.
        services.passwordGate.resize(std::max(1, QThread::idealThreadCount() / 2), std::max(1, parser.value(workersOpt).toInt() / 4));
    }

    try {
        auto lease = db.control();
        store::PgConnection &c = *lease;
        QString password = qEnvironmentVariable("PORTICO_ADMIN_PASSWORD");
        if (parser.isSet(adminPasswordFileOpt)) {
            QFile f(parser.value(adminPasswordFileOpt));
            if (!f.open(QIODevice::ReadOnly)) {
                spdlog::critical("cannot read {}", parser.value(adminPasswordFileOpt).toStdString());
                return 2;
            }
            password = QString::fromUtf8(f.readAll()).trimmed();
        }
        if (!password.isEmpty())
            ensureAdmin(c, parser.value(adminEmailOpt), password);
        if (parser.isSet(seedOpt)) {
            const auto report = demo::seedDemoData(db);
            if (report.skipped)
                spdlog::info("demo data present already; not seeding");
            else
                spdlog::info("seeded {} demo tenants with {} documents", report.tenants, report.documents);
        }
        if (parser.isSet(seedUsageOpt)) {
            const long long rows = demo::seedDemoUsage(db);
            if (rows > 0)
                spdlog::info("seeded {} hourly usage rows", rows);
            else
                spdlog::info("usage present already; not seeding");
        }
        if (parser.isSet(seedScaleOpt)) {
            // After the usage seed, which would otherwise give every synthetic tenant 90 days of usage.
            QElapsedTimer took;
            took.start();
            const int added = demo::seedScaleTenants(db, parser.value(seedScaleOpt).toInt());
            spdlog::info("scale seed: added {} synthetic tenants in {} ms", added, took.elapsed());
        }
        if (parser.isSet(tokenFileOpt) && !writeOperatorToken(c, tokens, parser.value(tokenFileOpt), parser.value(adminEmailOpt))) {
            spdlog::critical("cannot write an operator token to {} (does admin {} exist?)", parser.value(tokenFileOpt).toStdString(),
                             parser.value(adminEmailOpt).toStdString());
            return 3;
        }
    } catch (const std::exception &e) {
        spdlog::critical("start-up failed: {}", e.what());
        return 3;
    }

    // Idle connections of database-per-tenant pools are closed after a minute.
    QTimer reaper;
    QObject::connect(&reaper, &QTimer::timeout, [&db] {
        if (const int closed = db.reapIdle())
            spdlog::info("closed {} idle tenant-database connections", closed);
    });
    reaper.start(15000);

    // Chains that grew since their last checkpoint get one every five minutes, however few entries they gained.
    QTimer checkpoints;
    QObject::connect(&checkpoints, &QTimer::timeout, [&db, &signer] {
        try {
            if (const int written = signer->checkpointAll(*db.control()))
                spdlog::info("signed {} audit checkpoint(s)", written);
        } catch (const std::exception &e) {
            spdlog::error("audit checkpoints failed: {}", e.what());
        }
    });
    checkpoints.start(5 * 60 * 1000);

    // Flags: the in-memory snapshot every evaluation reads, kept fresh through the listener below.
    flags::FlagService flagService(db);
    try {
        flagService.reload();
    } catch (const std::exception &e) {
        spdlog::error("initial flag snapshot failed: {}", e.what());
    }
    services.flags = &flagService;

    // Usage: limits and metering in the pipeline; counters flushed in batches off the request path.
    usage::UsageService usageService(db);
    try {
        usageService.load();
    } catch (const std::exception &e) {
        spdlog::critical("cannot load limits and usage: {}", e.what());
        return 3;
    }
    services.usage = &usageService;
    // Rate, concurrency and the blocking request quota hold across every instance on this control plane.
    usageService.shareAcrossInstances();

    // Limit overrides, token revocations and flag changes reach every instance within a second:
    // the writing transaction NOTIFYs (migrations 004 and 015) and this one listener (one
    // connection, one thread) applies. After a lost connection it reloads the limits and the flag
    // snapshot and empties the token cache, since what was notified meanwhile is lost.
    // Durable jobs: this instance's workers claim them from the control plane, like every other
    // instance's; a job's change notifies portico_jobs (migration 021) and wakes them.
    jobs::JobRunner jobRunner(db, QStringLiteral("%1:%2").arg(QSysInfo::machineHostName()).arg(QCoreApplication::applicationPid()));
    services.jobs = &jobRunner;

    store::NotifyListener listener(db);
    flagService.listenOn(listener);
    listener.subscribe("portico_jobs", [&jobRunner](const QByteArray &) { jobRunner.wake(); }, [&jobRunner] { jobRunner.wake(); },
                       {true, std::chrono::milliseconds(0)});
    listener.subscribe("portico_limits", [&usageService](const QByteArray &) { usageService.reloadLimits(); },
                       [&usageService] { usageService.reloadLimits(); });
    listener.subscribe("portico_tokens", [&tokens](const QByteArray &payload) { tokens.dropNotified(payload); },
                       [&tokens] { tokens.clearCache(); });
    listener.start();

    // Every service exists now; the routes get them through services.
    http::Router router;
    registerRoutes(router, services);
    // Background usage work, each kind one job at a time (a tick that finds its job running is
    // skipped): the flush every two seconds, and the hourly upkeep (partitions, the gauge sample of
    // every tenant, seals). They run apart, so a long sample never holds up the flush.
    std::atomic_bool flushBusy{false}, hourlyBusy{false};
    const auto background = [](std::atomic_bool &busy, std::function<void()> work) {
        if (busy.exchange(true))
            return;
        QThreadPool::globalInstance()->start([&busy, work = std::move(work)] {
            try {
                work();
            } catch (const std::exception &e) {
                spdlog::error("usage job failed: {}", e.what());
            }
            busy = false;
        });
    };
    QTimer flushTimer, hourlyTimer;
    int flushes = 0;
    QObject::connect(&flushTimer, &QTimer::timeout, [&] {
        const bool reload = ++flushes % 30 == 0; // every minute, in case a notification was missed
        background(flushBusy, [&usageService, reload] {
            usageService.flush();
            usageService.checkShares();
            if (reload)
                usageService.reloadLimits();
        });
    });
    QObject::connect(&hourlyTimer, &QTimer::timeout, [&] {
        background(hourlyBusy, [&] {
            usage::UsagePartitions(db).maintain(QDateTime::currentDateTimeUtc());
            usageService.sampleGauges();
            if (usageService.interrupted())
                return; // stopping: the seals wait for the next start
            const int sealed = usage::UsageSealer(db).sealClosedDays();
            if (sealed > 0)
                spdlog::info("sealed {} days of usage", sealed);
        });
    });
    flushTimer.start(2000);
    hourlyTimer.start(3600 * 1000);
    QTimer::singleShot(0, [&] { hourlyTimer.timeout({}); });

    http::HttpServer::Options httpOptions;
    if (parser.value(transportOpt) == QLatin1String("qhttpserver")) {
        httpOptions.transport = http::HttpServer::Options::Transport::QHttpServer;
        spdlog::warn("--http-transport=qhttpserver: no header or body limits while reading, no timeouts, pipelined answers out of order; for comparison only");
    } else if (parser.value(transportOpt) != QLatin1String("beast")) {
        spdlog::critical("--http-transport is beast or qhttpserver; got '{}'", parser.value(transportOpt).toStdString());
        return 2;
    }
    for (const auto &[opt, target] : {std::pair{&headerTimeoutOpt, &httpOptions.headerTimeout}, std::pair{&bodyTimeoutOpt, &httpOptions.bodyTimeout},
                                      std::pair{&idleTimeoutOpt, &httpOptions.idleTimeout}}) {
        const int ms = parser.value(*opt).toInt(&ok);
        if (!ok || ms <= 0) {
            spdlog::critical("--{} must be a positive number of milliseconds", opt->names().first().toStdString());
            return 2;
        }
        *target = std::chrono::milliseconds(ms);
    }
    httpOptions.ioThreads = parser.value(ioThreadsOpt).toInt(&ok);
    if (!ok || httpOptions.ioThreads < 1) {
        spdlog::critical("--io-threads must be at least 1");
        return 2;
    }
    httpOptions.workersPerKey = parser.value(perTenantOpt).toInt(&ok);
    if (!ok || httpOptions.workersPerKey < 0) {
        spdlog::critical("--workers-per-tenant must be 0 (half the workers) or more");
        return 2;
    }
    if (parser.value(sharedOpt) == QLatin1String("auto")) {
        // A database on this machine shares its cores: past one running request per core, every
        // extra one slows the others (and the database's work for them), so a light tenant's
        // request would wait in the kernel's run queue behind the busy tenants'. Remote, the
        // workers mostly wait on the network, and every worker may run.
        const QString host = parser.value(dbHostOpt);
        const bool local = host.startsWith(QLatin1Char('/')) || host == QLatin1String("localhost") || host.startsWith(QLatin1String("127.")) || host == QLatin1String("::1");
        httpOptions.sharedConcurrency = local ? std::max(2, QThread::idealThreadCount()) : 0;
    } else {
        httpOptions.sharedConcurrency = parser.value(sharedOpt).toInt(&ok);
        if (!ok || httpOptions.sharedConcurrency < 0) {
            spdlog::critical("--shared-concurrency must be auto, 0 (every worker) or a count");
            return 2;
        }
    }
    httpOptions.maxConnectionsPerAddress = parser.value(perAddressOpt).toInt(&ok);
    if (!ok || httpOptions.maxConnectionsPerAddress < 0) {
        spdlog::critical("--max-connections-per-address must be 0 (no cap) or more");
        return 2;
    }
    http::HttpServer server(router, tokens, parser.value(workersOpt).toInt());
    server.setOptions(httpOptions);
    server.setTrafficPolicy(&usageService);
    server.setViolationHandler([&services](const http::Request &request, const store::IsolationViolation &violation) {
        ++services.counters.monitorBlocks;
        const QString what = QStringLiteral("%1 %2: %3").arg(QString::fromLatin1(request.method), request.path, violation.detail());
        isolation::raiseAlert(services.db, QStringLiteral("critical"), QStringLiteral("isolation.monitor"), violation.tenant(), what, request.requestId);
        try {
            audit::appendAudit(*services.db.control(), {QStringLiteral("system"), QStringLiteral("isolation.blocked"), violation.tenant(),
                                                        QStringLiteral("tenant/") + idToString(violation.tenant()), {},
                                                        {{QStringLiteral("detail"), what}, {QStringLiteral("request_id"), request.requestId}}});
        } catch (const std::exception &e) {
            spdlog::error("could not audit the isolation block: {}", e.what());
        }
    });
    if (!server.listen(QHostAddress(parser.value(listenOpt)), quint16(port))) {
        spdlog::critical("cannot listen on {}:{}: {}", parser.value(listenOpt).toStdString(), port, server.errorString().toStdString());
        return 4;
    }
    if (parser.isSet(portFileOpt)) {
        QSaveFile f(parser.value(portFileOpt));
        if (f.open(QIODevice::WriteOnly)) {
            f.write(QByteArray::number(server.port()) + '\n');
            f.commit();
        }
    }
    spdlog::info("portico-server {} listening on http://{}:{}", PORTICO_VERSION, parser.value(listenOpt).toStdString(), server.port());
    {
        const int workers = std::max(1, parser.value(workersOpt).toInt());
        const int shared = httpOptions.sharedConcurrency > 0 ? std::min(httpOptions.sharedConcurrency, workers) : workers;
        spdlog::info("handlers: {} workers, {} per tenant, {} at once while tenants compete", workers,
                     httpOptions.workersPerKey > 0 ? std::min(httpOptions.workersPerKey, workers) : std::max(1, workers / 2), shared);
    }

    jobRunner.start();
    std::signal(SIGTERM, [](int) { QCoreApplication::quit(); });
    std::signal(SIGINT, [](int) { QCoreApplication::quit(); });
    const int status = app.exec();
    spdlog::info("portico-server stopping");
    usageService.interruptBackground(); // a gauge sample in progress stops at its next tenant
    jobRunner.stop(); // running jobs stop at their next checkpoint and are given back
    listener.stop();
    usageService.stopSharing(); // what this instance holds goes back to the others
    QThreadPool::globalInstance()->waitForDone();
    usageService.flush(); // what the last seconds counted
    spdlog::info("portico-server stopped");
    spdlog::default_logger()->flush(); // the last second's lines
    return status;
}
