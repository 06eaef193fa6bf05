// The exports that page through the server (models/csvexport): every matching row, the id always,
// cancel and failures midway write nothing; the audit export verifies with core/auditchain.
// Against a real server with the demo fleet (hundreds of tenants), small pages so that every
// export takes several requests.
#include "models/auditchainverifier.h"
#include "models/csvexport.h"
#include "models/tenantlistmodel.h"
#include "tests/support/await.h"
#include "tests/support/csvreader.h"
#include "tests/support/liveserver.h"

#include <QFile>
#include <QJsonDocument>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace portico;
using namespace portico::test;

namespace {
QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool waitFinished(CsvExport &e)
{
    return QTest::qWaitFor([&] { return !e.isRunning(); }, kAnswerTimeoutMs * 3);
}
} // namespace

class TestExport : public QObject
{
    Q_OBJECT
    LiveServer m_live;
    QTemporaryDir m_dir;

    // Every tenant id matching `query`, straight from the server, and its announced total.
    QList<QString> serverIds(TenantListQuery query, qint64 *total)
    {
        QList<QString> ids;
        query.limit = TenantListQuery::kMaxLimit;
        query.cursor.clear();
        for (int guard = 0; guard < 100; ++guard) {
            const auto r = await<TenantPage>([&](QObject *ctx, auto done) { m_live.client()->listTenants(query, ctx, done); });
            if (!r || !r->ok())
                return {};
            *total = r->value().total;
            for (const Tenant &t : r->value().items)
                ids << idToString(t.id);
            if (r->value().nextCursor.isEmpty())
                break;
            query.cursor = r->value().nextCursor;
        }
        return ids;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_live.start(), qPrintable(m_live.errorString()));
    }

    void tenantExportWritesEveryMatchingRow_data()
    {
        QTest::addColumn<QString>("plan");
        QTest::addColumn<QString>("search");
        QTest::addColumn<bool>("descending");
        QTest::newRow("every tenant") << QString() << QString() << false;
        QTest::newRow("plan filter") << QStringLiteral("enterprise") << QString() << false;
        QTest::newRow("search, newest first") << QString() << QStringLiteral("a") << true;
    }
    void tenantExportWritesEveryMatchingRow()
    {
        QFETCH(QString, plan);
        QFETCH(QString, search);
        QFETCH(bool, descending);
        TenantListModel list(m_live.client());
        TenantListQuery q = list.query();
        q.plan = plan;
        q.search = search;
        q.sortKey = descending ? TenantSortKey::CreatedAt : TenantSortKey::Name;
        q.descending = descending;
        list.setQuery(q); // the export reads the list's query; it need not wait for the rows

        qint64 total = -1;
        const QList<QString> expected = serverIds(list.query(), &total);
        QVERIFY(total > 0);
        QCOMPARE(qint64(expected.size()), total);
        if (plan.isEmpty() && search.isEmpty())
            QVERIFY2(total > 200, "the demo fleet has hundreds of tenants");

        TenantCsvExport exporter(m_live.client());
        exporter.setPageSize(40);
        QSignalSpy progress(&exporter, &CsvExport::progress);
        const QString path = m_dir.filePath(QStringLiteral("tenants-%1.csv").arg(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_')));
        const QList<int> columns{TenantListModel::NameColumn, TenantListModel::PlanColumn, TenantListModel::StateColumn};
        exporter.start(path, list, columns);
        QVERIFY(exporter.isRunning());
        QVERIFY(waitFinished(exporter));
        QVERIFY2(exporter.state() == CsvExport::State::Done, qPrintable(exporter.errorString()));
        QCOMPARE(exporter.rowsWritten(), total);
        QCOMPARE(exporter.expectedTotal(), total);
        QVERIFY(progress.size() >= int((total + 39) / 40)); // one per page at least
        QCOMPARE(progress.last().at(0).toLongLong(), total);
        QCOMPARE(progress.last().at(1).toLongLong(), total);

        bool wellFormed = false;
        const QList<QStringList> rows = readCsv(readAll(path), &wellFormed);
        QVERIFY(wellFormed);
        QCOMPARE(qint64(rows.size()), total + 1);
        QCOMPARE(rows.first(), (QStringList{QStringLiteral("ID"), QStringLiteral("Name"), QStringLiteral("Plan"), QStringLiteral("State")}));
        QList<QString> ids;
        QSet<QString> unique;
        for (qsizetype r = 1; r < rows.size(); ++r) {
            QCOMPARE(rows.at(r).size(), 4);
            QVERIFY2(!QUuid::fromString(rows.at(r).at(0)).isNull(), qPrintable(rows.at(r).at(0)));
            ids << rows.at(r).at(0);
            unique.insert(rows.at(r).at(0));
            if (!plan.isEmpty())
                QCOMPARE(rows.at(r).at(2), plan);
        }
        QCOMPARE(qint64(unique.size()), total);
        QCOMPARE(ids, expected); // every matching tenant, in the list's order
    }

    // The export's cells are the table's: what the model shows, column by column.
    void tenantCellsAreTheTables()
    {
        TenantListModel list(m_live.client());
        list.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(list.hasLoaded() && !list.isLoading(), kAnswerTimeoutMs);
        QVERIFY(list.rowCount() > 0);
        for (int r = 0; r < list.rowCount(); ++r)
            for (int c = 0; c < TenantListModel::ColumnCount; ++c)
                QCOMPARE(TenantCsvExport::cellText(list.tenantAt(r), c), list.index(r, c).data().toString());
    }

    void cancelWritesNoFile_data()
    {
        QTest::addColumn<bool>("fromProgress"); // cancelled inside the progress signal, or with a page in flight
        QTest::addColumn<bool>("existing");     // a file already at the path stays as it was
        QTest::newRow("page in flight") << false << false;
        QTest::newRow("inside progress") << true << false;
        QTest::newRow("existing file kept") << false << true;
    }
    void cancelWritesNoFile()
    {
        QFETCH(bool, fromProgress);
        QFETCH(bool, existing);
        const QString path = m_dir.filePath(QStringLiteral("cancel-%1-%2.csv").arg(fromProgress).arg(existing));
        if (existing) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("before\r\n");
        }
        TenantListModel list(m_live.client());
        TenantCsvExport exporter(m_live.client());
        exporter.setPageSize(1); // hundreds of pages: the cancel comes long before the end
        QSignalSpy finished(&exporter, &CsvExport::finished);
        if (fromProgress)
            connect(&exporter, &CsvExport::progress, &exporter, [&exporter](qint64 rows) {
                if (rows > 0)
                    exporter.cancel();
            });
        QSignalSpy progress(&exporter, &CsvExport::progress);
        exporter.start(path, list, {TenantListModel::NameColumn});
        if (!fromProgress) {
            QVERIFY(progress.wait(kAnswerTimeoutMs)); // the first page is in, the second asked for
            QVERIFY(progress.last().at(0).toLongLong() > 0);
            QVERIFY(exporter.isRunning());
            exporter.cancel();
        }
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kAnswerTimeoutMs);
        QCOMPARE(exporter.state(), CsvExport::State::Cancelled);
        // The page that was in flight is abandoned, and nothing is written after all.
        QTRY_COMPARE_WITH_TIMEOUT(m_live.client()->pendingRequests(), 0, kAnswerTimeoutMs);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(exporter.state(), CsvExport::State::Cancelled);
        QCOMPARE(exporter.rowsWritten(), qint64(0));
        if (existing)
            QCOMPARE(readAll(path), QByteArray("before\r\n"));
        else
            QVERIFY(!QFile::exists(path));
    }

    void failureMidwayWritesNoFile_data()
    {
        QTest::addColumn<bool>("loseConnection"); // else the server refuses the next page (401)
        QTest::newRow("lost connection") << true;
        QTest::newRow("server refuses") << false;
    }
    void failureMidwayWritesNoFile()
    {
        QFETCH(bool, loseConnection);
        auto client = m_live.newClient(m_live.server->operatorToken());
        TenantListModel list(client.get());
        TenantCsvExport exporter(client.get());
        exporter.setPageSize(30);
        const QString path = m_dir.filePath(QStringLiteral("failed-%1.csv").arg(loseConnection));
        int pages = 0;
        connect(&exporter, &CsvExport::progress, &exporter, [&](qint64 rows) {
            if (rows == 0 || ++pages != 1)
                return;
            // After the first page, before the second is asked for.
            if (loseConnection)
                client->setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:9"))); // discard port: nothing listens
            else
                client->setToken(QStringLiteral("not-a-token"));
        });
        QSignalSpy finished(&exporter, &CsvExport::finished);
        exporter.start(path, list, {TenantListModel::NameColumn});
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kAnswerTimeoutMs);
        QCOMPARE(exporter.state(), CsvExport::State::Failed);
        QCOMPARE(pages, 1);
        QVERIFY(exporter.rowsFetched() > 0);
        QCOMPARE(exporter.rowsWritten(), qint64(0));
        QVERIFY(!exporter.errorString().isEmpty());
        if (!loseConnection)
            QCOMPARE(exporter.problem().status, 401);
        QVERIFY(!QFile::exists(path));
    }

    void auditExportVerifies()
    {
        const auto tenant = m_live.makeTenant(QStringLiteral("Export Audit"));
        QVERIFY2(tenant.error.isEmpty(), qPrintable(tenant.error));
        // More entries, with reasons a CSV must quote or neutralise.
        HttpTestClient op(m_live.server->baseUrl(), m_live.server->operatorToken());
        const QList<QByteArray> reasons{"=HYPERLINK(\"x\")", "comma, \"quote\" and more", "-minus", "plain"};
        for (int i = 0; i < reasons.size(); ++i) {
            const auto r = op.request("PATCH", QStringLiteral("/v1/tenants/") + tenant.id,
                                      QJsonDocument(QJsonObject{{QStringLiteral("name"), QStringLiteral("Export Audit %1").arg(i)}}).toJson(),
                                      {{"X-Portico-Reason", reasons.at(i)}});
            QVERIFY2(r.status == 200, r.body.constData());
        }
        AuditQuery q;
        q.chain = tenant.id;
        AuditCsvExport exporter(m_live.client());
        exporter.setPageSize(2);
        const QString path = m_dir.filePath(QStringLiteral("audit.csv"));
        exporter.start(path, q);
        QVERIFY(waitFinished(exporter));
        QVERIFY2(exporter.state() == CsvExport::State::Done, qPrintable(exporter.errorString()));
        QCOMPARE(exporter.expectedTotal(), qint64(-1)); // the audit list announces no total

        bool wellFormed = false;
        const QList<QStringList> rows = readCsv(readAll(path), &wellFormed);
        QVERIFY(wellFormed);
        QCOMPARE(rows.first(), AuditCsvExport::header());
        const qsizetype n = rows.size() - 1;
        QVERIFY(n >= 3 + reasons.size());
        QCOMPARE(exporter.rowsWritten(), qint64(n));

        // Rebuild the entries from the file alone and verify the chain with core/auditchain.
        const QStringList header = rows.first();
        QList<AuditEntry> entries;
        QSet<QString> reasonsSeen;
        for (qsizetype r = 1; r < rows.size(); ++r) {
            QJsonObject o;
            for (qsizetype c = 0; c < header.size(); ++c)
                o.insert(header.at(c), unneutralise(rows.at(r).at(c)));
            o.insert(QStringLiteral("seq"), o.value(QStringLiteral("seq")).toString().toLongLong());
            o.insert(QStringLiteral("details"), QJsonDocument::fromJson(o.value(QStringLiteral("details")).toString().toUtf8()).object());
            if (o.value(QStringLiteral("tenant_id")).toString().isEmpty())
                o.insert(QStringLiteral("tenant_id"), QJsonValue());
            QCOMPARE(o.value(QStringLiteral("hash")).toString().size(), qsizetype(64));
            QCOMPARE(o.value(QStringLiteral("prev_hash")).toString().size(), qsizetype(64));
            const auto e = AuditEntry::fromJson(o);
            QVERIFY2(e, qPrintable(rows.at(r).join(QLatin1Char('|'))));
            reasonsSeen.insert(e->reason);
            entries << *e;
        }
        QCOMPARE(entries.first().seq, qint64(n)); // newest first, as the page shows them
        for (const QByteArray &reason : reasons)
            QVERIFY2(reasonsSeen.contains(QString::fromUtf8(reason)), reason.constData());
        const ChainVerdict v = AuditChainVerifier::verifyWholeChain(entries);
        QVERIFY2(v.ok, qPrintable(v.reason));
        QCOMPARE(v.checked, qint64(n));

        // The check can fail: one changed cell breaks the chain at its entry.
        QList<AuditEntry> edited = entries;
        edited[1].reason += QStringLiteral("!");
        const ChainVerdict bad = AuditChainVerifier::verifyWholeChain(edited);
        QVERIFY(!bad.ok);
        QCOMPARE(bad.firstBadSeq.value_or(-1), edited.at(1).seq);

        // The filters of the page: only the entries they match.
        AuditQuery updated = q;
        updated.action = QStringLiteral("tenant.updated");
        const QString filteredPath = m_dir.filePath(QStringLiteral("audit-updated.csv"));
        exporter.start(filteredPath, updated);
        QVERIFY(waitFinished(exporter));
        QCOMPARE(exporter.state(), CsvExport::State::Done);
        const QList<QStringList> filtered = readCsv(readAll(filteredPath));
        QCOMPARE(filtered.size(), reasons.size() + 1);
        for (qsizetype r = 1; r < filtered.size(); ++r)
            QCOMPARE(filtered.at(r).at(5), QStringLiteral("tenant.updated"));
    }

    void emptyChainIsNothingToVerify()
    {
        AuditChainVerifier verifier(m_live.client());
        QSignalSpy finished(&verifier, &AuditChainVerifier::finished);
        verifier.verify(QUuid::createUuid().toString(QUuid::WithoutBraces)); // an id names a chain, here one without entries
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kAnswerTimeoutMs);
        QCOMPARE(verifier.state(), AuditChainVerifier::State::Done);
        QVERIFY(verifier.nothingToVerify());
        QCOMPARE(verifier.verdict()->checked, qint64(0));

        const auto tenant = m_live.makeTenant(QStringLiteral("Export Nonempty"));
        QVERIFY2(tenant.error.isEmpty(), qPrintable(tenant.error));
        verifier.verify(tenant.id);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, kAnswerTimeoutMs);
        QCOMPARE(verifier.state(), AuditChainVerifier::State::Done);
        QVERIFY(!verifier.nothingToVerify());
        QVERIFY(verifier.verdict()->ok);
    }
};

QTEST_MAIN(TestExport)
#include "tst_models_export.moc"
