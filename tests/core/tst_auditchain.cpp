// The audit hash chain: canonical bytes, hashing, JSON round trip and every kind of tampering.
#include "core/auditchain.h"
#include <QJsonArray>
#include <QCryptographicHash>
#include <QTest>
#include <QTimeZone>

using namespace portico;

namespace {

QList<AuditEntry> makeChain(int n, const QString &chain = QStringLiteral("platform"))
{
    QList<AuditEntry> out;
    QByteArray prev = genesisHash();
    const QDateTime base = QDateTime::fromMSecsSinceEpoch(1'800'000'000'123LL, QTimeZone::utc());
    for (int i = 1; i <= n; ++i) {
        AuditEntry e;
        e.seq = i;
        e.chain = chain;
        e.at = base.addMSecs(i * 1001);
        e.actor = QStringLiteral("operator:admin@portico.test");
        e.action = QStringLiteral("tenant.updated");
        e.tenantId = QUuid::fromString(QStringLiteral("0b9a6d2e-8f54-4c1e-9d6a-3f1c2b4a5e60"));
        e.target = QStringLiteral("tenant/acme");
        e.reason = i % 2 ? QString() : QStringLiteral("ticket %1").arg(i);
        e.details = {{QStringLiteral("n"), i}, {QStringLiteral("nested"), QJsonObject{{QStringLiteral("z"), 1}, {QStringLiteral("a"), QJsonArray{1, 2}}}}};
        e.prevHash = prev;
        e.hash = entryHash(e);
        prev = e.hash;
        out << e;
    }
    return out;
}

} // namespace

class TestAuditChain : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hashIsSha256OfPrevAndCanonicalBytes()
    {
        const AuditEntry e = makeChain(1).first();
        QCOMPARE(e.hash.size(), 32);
        QCOMPARE(e.hash, QCryptographicHash::hash(genesisHash() + canonicalAuditBytes(e), QCryptographicHash::Sha256));
        // Every field is length-prefixed, starting with the version tag.
        QVERIFY(canonicalAuditBytes(e).startsWith(QByteArray("\0\0\0\0\0\0\0\x10portico-audit-v1", 24)));
    }

    void everyFieldIsCovered_data()
    {
        QTest::addColumn<int>("field");
        for (int i = 0; i < 10; ++i)
            QTest::newRow(qPrintable(QStringLiteral("field %1").arg(i))) << i;
    }
    void everyFieldIsCovered()
    {
        QFETCH(int, field);
        const AuditEntry e = makeChain(1).first();
        AuditEntry f = e;
        switch (field) {
        case 0: f.seq = 2; break;
        case 1: f.chain = QStringLiteral("other"); break;
        case 2: f.at = f.at.addMSecs(1); break;
        case 3: f.actor += QLatin1Char('x'); break;
        case 4: f.action = QStringLiteral("tenant.created"); break;
        case 5: f.tenantId = QUuid(); break;
        case 6: f.target += QLatin1Char('x'); break;
        case 7: f.reason = QStringLiteral("because"); break;
        case 8: f.details[QStringLiteral("n")] = 2; break;
        case 9: f.prevHash = QByteArray(32, '\1'); break;
        }
        QVERIFY(entryHash(f) != e.hash);
    }

    void lengthPrefixesKeepFieldsApart()
    {
        // "ab" + "c" and "a" + "bc" must not serialize alike.
        AuditEntry a = makeChain(1).first();
        AuditEntry b = a;
        a.actor = QStringLiteral("ab");
        a.action = QStringLiteral("c");
        b.actor = QStringLiteral("a");
        b.action = QStringLiteral("bc");
        QVERIFY(canonicalAuditBytes(a) != canonicalAuditBytes(b));
    }

    void detailsKeyOrderDoesNotMatter()
    {
        AuditEntry a = makeChain(1).first();
        AuditEntry b = a;
        a.details = QJsonObject{{QStringLiteral("b"), 1}, {QStringLiteral("a"), QJsonObject{{QStringLiteral("y"), 1}, {QStringLiteral("x"), 2}}}};
        QJsonObject inner;
        inner.insert(QStringLiteral("x"), 2);
        inner.insert(QStringLiteral("y"), 1);
        b.details = QJsonObject();
        b.details.insert(QStringLiteral("a"), inner);
        b.details.insert(QStringLiteral("b"), 1);
        QCOMPARE(entryHash(a), entryHash(b));
    }

    void jsonRoundTrip()
    {
        for (const AuditEntry &e : makeChain(3)) {
            const QJsonObject j = e.toJson();
            QCOMPARE(j.value(QStringLiteral("hash")).toString().size(), 64);
            QCOMPARE(j.value(QStringLiteral("at")).toString().right(5).at(0), QLatin1Char('.'));
            const auto back = AuditEntry::fromJson(j);
            QVERIFY(back.has_value());
            QCOMPARE(back->seq, e.seq);
            QCOMPARE(back->at, e.at);
            QCOMPARE(back->tenantId, e.tenantId);
            QCOMPARE(back->details, e.details);
            QCOMPARE(back->prevHash, e.prevHash);
            QCOMPARE(entryHash(*back), e.hash);
        }
        QJsonObject broken = makeChain(1).first().toJson();
        broken[QStringLiteral("hash")] = QStringLiteral("zz");
        QVERIFY(!AuditEntry::fromJson(broken));
        QJsonObject noSeq = makeChain(1).first().toJson();
        noSeq.remove(QStringLiteral("seq"));
        QVERIFY(!AuditEntry::fromJson(noSeq));
    }

    void verify_data()
    {
        QTest::addColumn<QString>("tamper");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("firstBad");
        QTest::addColumn<qint64>("checked");
        QTest::newRow("untouched") << "none" << true << qint64(-1) << qint64(10);
        QTest::newRow("edited content") << "edit 4" << false << qint64(4) << qint64(4);
        QTest::newRow("edited and re-hashed") << "rehash 4" << false << qint64(5) << qint64(5);
        QTest::newRow("deleted middle") << "delete 6" << false << qint64(6) << qint64(6);
        QTest::newRow("deleted first") << "delete 1" << false << qint64(1) << qint64(1);
        QTest::newRow("deleted and renumbered") << "renumber 3" << false << qint64(3) << qint64(3);
        QTest::newRow("reordered") << "swap 7" << false << qint64(7) << qint64(7);
        QTest::newRow("contents swapped") << "swapcontents 2" << false << qint64(2) << qint64(2);
        QTest::newRow("duplicated") << "duplicate 5" << false << qint64(6) << qint64(6);
        QTest::newRow("other chain") << "chain 8" << false << qint64(8) << qint64(8);
        QTest::newRow("wrong anchor") << "anchor" << false << qint64(1) << qint64(1);
    }
    void verify()
    {
        QFETCH(QString, tamper);
        QFETCH(bool, ok);
        QFETCH(qint64, firstBad);
        QFETCH(qint64, checked);
        QList<AuditEntry> c = makeChain(10);
        QByteArray anchor = genesisHash();
        const QString what = tamper.section(QLatin1Char(' '), 0, 0);
        const int at = tamper.section(QLatin1Char(' '), 1, 1).toInt() - 1; // index of seq n
        if (what == QLatin1String("edit")) {
            c[at].actor = QStringLiteral("operator:someone-else@portico.test");
        } else if (what == QLatin1String("rehash")) {
            c[at].reason = QStringLiteral("rewritten");
            c[at].hash = entryHash(c[at]);
        } else if (what == QLatin1String("delete")) {
            c.removeAt(at);
        } else if (what == QLatin1String("renumber")) {
            c.removeAt(at);
            for (int i = at; i < c.size(); ++i)
                --c[i].seq;
        } else if (what == QLatin1String("swap")) {
            c.swapItemsAt(at, at + 1);
        } else if (what == QLatin1String("swapcontents")) {
            // Rows keep their seq; everything else trades places.
            std::swap(c[at].actor, c[at + 1].actor);
            std::swap(c[at].details, c[at + 1].details);
            std::swap(c[at].at, c[at + 1].at);
            std::swap(c[at].hash, c[at + 1].hash);
            std::swap(c[at].prevHash, c[at + 1].prevHash);
        } else if (what == QLatin1String("duplicate")) {
            c.insert(at + 1, c[at]);
        } else if (what == QLatin1String("chain")) {
            c[at].chain = QStringLiteral("other");
        } else if (what == QLatin1String("anchor")) {
            anchor = QByteArray(32, '\x7f');
        }
        const ChainVerdict v = verifyChain(c, anchor);
        QCOMPARE(v.ok, ok);
        QCOMPARE(v.firstBadSeq.value_or(-1), firstBad);
        QCOMPARE(v.checked, checked);
        QCOMPARE(v.reason.isEmpty(), ok);
    }

    void verifiesARunAnchoredInTheMiddle()
    {
        const QList<AuditEntry> c = makeChain(10);
        QVERIFY(verifyChain(c.mid(5), c[4].hash).ok);
        QCOMPARE(verifyChain(c.mid(5), c[4].hash).checked, 5);
        QVERIFY(!verifyChain(c.mid(5), c[3].hash).ok);
        // A batch boundary with a gap: the missing seq is named, not the one after it.
        const ChainVerdict gap = verifyChain(c.mid(6), c[4].hash, 6);
        QVERIFY(!gap.ok);
        QCOMPARE(gap.firstBadSeq.value_or(-1), 6);
        QVERIFY(verifyChain({}, genesisHash()).ok);
    }

    void checkpointMessageCoversAllItsParts()
    {
        const QByteArray h(32, '\x01');
        const QByteArray m = checkpointMessage(QStringLiteral("platform"), 100, h);
        QVERIFY(m != checkpointMessage(QStringLiteral("platform"), 101, h));
        QVERIFY(m != checkpointMessage(QStringLiteral("platforn"), 100, h));
        QVERIFY(m != checkpointMessage(QStringLiteral("platform"), 100, QByteArray(32, '\x02')));
        QCOMPARE(auditChainFor({}), QStringLiteral("platform"));
        const QUuid id = QUuid::createUuid();
        QCOMPARE(auditChainFor(id), id.toString(QUuid::WithoutBraces));
    }
};

QTEST_GUILESS_MAIN(TestAuditChain)
#include "tst_auditchain.moc"
