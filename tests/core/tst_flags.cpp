// core/flags: definitions, every evaluation step and its OpenFeature reason, the documented
// rollout hash, and stickiness (a tenant in at 10 % stays in at 20 %; shares within 1 % of target).
#include "core/flags.h"
#include "core/tenant.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace portico::flags;

namespace {
QJsonObject obj(const char *json) { return QJsonDocument::fromJson(json).object(); }
Flag flag(const char *json)
{
    portico::config::ValueError e;
    auto f = Flag::fromJson(obj(json), &e);
    if (!f)
        qFatal("bad flag in test: %s: %s", qPrintable(e.path), qPrintable(e.message));
    return *f;
}
QUuid tenantNo(int i) { return QUuid(uint(i), 0x1234, 0x5678, 1, 2, 3, 4, 5, 6, 7, 8); }
const qint64 kNow = 1'800'000'000'000; // 2027-01-15
} // namespace

class TestFlags : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hashIsTheDocumentedOne()
    {
        // fmix64(FNV-1a-64("beta-ui") XOR FNV-1a-64("<tenant>")) mod 100000 -- recomputed here independently.
        const QUuid t = QUuid::fromString(QStringLiteral("3f2a6c1e-9b7d-4e2a-8c1f-0a1b2c3d4e5f"));
        const auto fnv = [](const QByteArray &bytes) {
            quint64 x = 0xcbf29ce484222325ULL;
            for (char c : bytes) {
                x ^= quint8(c);
                x *= 0x100000001b3ULL;
            }
            return x;
        };
        quint64 h = fnv("beta-ui") ^ fnv("3f2a6c1e-9b7d-4e2a-8c1f-0a1b2c3d4e5f");
        h ^= h >> 33; h *= 0xff51afd7ed558ccdULL; h ^= h >> 33; h *= 0xc4ceb9fe1a85ec53ULL; h ^= h >> 33;
        QCOMPARE(rolloutBucket(QStringLiteral("beta-ui"), t), int(h % 100000));
        QVERIFY(rolloutBucket(QStringLiteral("beta-ui"), t, QStringLiteral("u1")) != rolloutBucket(QStringLiteral("beta-ui"), t));
        QCOMPARE(rolloutBucket(QStringLiteral("beta-ui"), t), rolloutBucket(QStringLiteral("beta-ui"), t)); // stable
    }

    void stickyAndAccurateOver100kTenants()
    {
        auto share = [](double pct, QSet<int> *in) {
            Snapshot s;
            QJsonObject o = obj(R"({"key":"sticky","kind":"boolean","default":false,"rollout":{"percentage":10,"by":"tenant"}})");
            o.insert(QStringLiteral("rollout"), QJsonObject{{QStringLiteral("percentage"), pct}, {QStringLiteral("by"), QStringLiteral("tenant")}});
            s.add(flag(QJsonDocument(o).toJson().constData()));
            s.link();
            int count = 0;
            for (int i = 0; i < 100000; ++i) {
                const Evaluation e = s.evaluate(0, Context::make(tenantNo(i), -1, {}, kNow));
                if (e.reason != Reason::Split)
                    return -1.0;
                if (e.variant == 0) {
                    ++count;
                    in->insert(i);
                }
            }
            return count / 1000.0; // percent
        };
        QSet<int> at10, at20, at50;
        const double s10 = share(10, &at10), s20 = share(20, &at20), s50 = share(50, &at50);
        QVERIFY2(qAbs(s10 - 10) <= 1, qPrintable(QString::number(s10)));
        QVERIFY2(qAbs(s20 - 20) <= 1, qPrintable(QString::number(s20)));
        QVERIFY2(qAbs(s50 - 50) <= 1, qPrintable(QString::number(s50)));
        QVERIFY(at20.contains(at10)); // in at 10 % stays in at 20 %
        QVERIFY(at50.contains(at20));
    }

    void userRolloutWithinTenantAndWeights()
    {
        Snapshot s;
        s.add(flag(R"({"key":"by-user","default":false,"rollout":{"percentage":30,"by":"user"}})"));
        s.add(flag(R"({"key":"colour","kind":"variant","default":"blue","variants":[{"name":"blue","value":"blue","weight":1},
                      {"name":"green","value":"green","weight":1},{"name":"red","value":"red","weight":2}],
                      "rollout":{"percentage":100,"by":"user"}})"));
        s.link();
        int in = 0;
        QHash<int, int> picks;
        for (int u = 0; u < 20000; ++u) {
            const Context c = Context::make(tenantNo(1), -1, QStringLiteral("user-%1").arg(u), kNow);
            in += s.evaluate(0, c).variant == 0 ? 1 : 0;
            picks[s.evaluate(1, c).variant]++;
        }
        QVERIFY(qAbs(in / 200.0 - 30) <= 1.5);
        QVERIFY(qAbs(picks[2] / 200.0 - 50) <= 1.5);
        QVERIFY(qAbs(picks[0] / 200.0 - 25) <= 1.5);
        const Evaluation missing = s.evaluate(0, Context::make(tenantNo(1), -1, {}, kNow));
        QCOMPARE(toString(missing.reason), toString(Reason::Error));
        QCOMPARE(toString(missing.error), toString(ErrorCode::TargetingKeyMissing));
        QCOMPARE(missing.variant, 1); // the default (off)
    }

    void steps_data()
    {
        QTest::addColumn<QString>("definition");
        QTest::addColumn<QString>("user");
        QTest::addColumn<int>("plan");
        QTest::addColumn<bool>("tenantOverride"); // tenant 7 overridden to true
        QTest::addColumn<QString>("value");        // JSON of the value served
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("rule");
        QTest::newRow("static") << R"({"key":"f","default":true})" << "" << 0 << false << "true" << "STATIC" << "default";
        QTest::newRow("kill switch beats override") << R"({"key":"f","default":false,"enabled":false})" << "" << 0 << true << "false" << "DISABLED" << "kill_switch";
        QTest::newRow("tenant override") << R"({"key":"f","default":false})" << "" << 0 << true << "true" << "TARGETING_MATCH" << "tenant_override";
        QTest::newRow("plan entitlement") << R"({"key":"f","default":false,"plans":{"enterprise":true}})" << "" << 2 << false << "true" << "TARGETING_MATCH" << "plan";
        QTest::newRow("other plan: default") << R"({"key":"f","default":false,"plans":{"enterprise":true}})" << "" << 0 << false << "false" << "DEFAULT" << "default";
        QTest::newRow("rollout 100") << R"({"key":"f","default":false,"rollout":{"percentage":100}})" << "" << 0 << false << "true" << "SPLIT" << "rollout";
        QTest::newRow("rollout 0") << R"({"key":"f","default":false,"rollout":{"percentage":0}})" << "" << 0 << false << "false" << "SPLIT" << "rollout";
        QTest::newRow("scheduled on in the past") << R"({"key":"f","default":true,"schedule":[{"at":"2026-01-01T00:00:00Z","state":"on"}]})" << "" << 0 << false << "true" << "DEFAULT" << "default";
        QTest::newRow("scheduled on in the future") << R"({"key":"f","default":true,"schedule":[{"at":"2030-01-01T00:00:00Z","state":"on"}]})" << "" << 0 << false << "true" << "DISABLED" << "schedule";
        QTest::newRow("on then off") << R"({"key":"f","default":false,"plans":{"free":true},"schedule":[{"at":"2026-01-01T00:00:00Z","state":"on"},{"at":"2026-06-01T00:00:00Z","state":"off"}]})" << "" << 0 << false << "false" << "DISABLED" << "schedule";
        QTest::newRow("prerequisite met") << R"({"key":"f","default":false,"plans":{"free":true},"prerequisites":[{"flag":"base","value":true}]})" << "" << 0 << false << "true" << "TARGETING_MATCH" << "plan";
        QTest::newRow("prerequisite unmet") << R"({"key":"f","default":false,"plans":{"free":true},"prerequisites":[{"flag":"base-off","value":true}]})" << "" << 0 << false << "false" << "DEFAULT" << "prerequisite";
        QTest::newRow("prerequisite missing") << R"({"key":"f","default":false,"prerequisites":[{"flag":"nope"}]})" << "" << 0 << false << "false" << "ERROR" << "prerequisite";
        QTest::newRow("variant default") << R"({"key":"f","kind":"variant","default":"a","variants":[{"name":"a","value":"a"},{"name":"b","value":{"x":1}}],"plans":{"pro":{"x":1}}})" << "" << 1 << false << R"({"x":1})" << "TARGETING_MATCH" << "plan";
    }

    void steps()
    {
        QFETCH(QString, definition);
        QFETCH(QString, user);
        QFETCH(int, plan);
        QFETCH(bool, tenantOverride);
        QFETCH(QString, value);
        QFETCH(QString, reason);
        QFETCH(QString, rule);
        Snapshot s;
        s.add(flag(R"({"key":"base","default":true})"));
        s.add(flag(R"({"key":"base-off","default":false})"));
        Flag f = flag(definition.toUtf8().constData());
        if (tenantOverride)
            f.tenantOverrides.insert(idKey(tenantNo(7)), f.variantOf(true));
        s.add(f);
        s.link();
        const Evaluation e = s.evaluate(QStringLiteral("f"), Context::make(tenantNo(7), plan, user, kNow));
        const QJsonValue v = valueOf(*s.find(QStringLiteral("f")), e);
        QCOMPARE(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact), QByteArray("[") + value.toUtf8() + "]");
        QCOMPARE(toString(e.reason), reason);
        QCOMPARE(toString(e.rule), rule);
    }

    void userOverrideBeatsTenantOverride()
    {
        Snapshot s;
        Flag f = flag(R"({"key":"f","default":false})");
        f.tenantOverrides.insert(idKey(tenantNo(1)), 0);
        f.userOverrides.insert(Context::make(tenantNo(1), -1, QStringLiteral("u9"), 0).userOverrideKey, 1);
        s.add(f);
        s.link();
        QCOMPARE(toString(s.evaluate(0, Context::make(tenantNo(1), -1, QStringLiteral("u9"), kNow)).rule), toString(Rule::UserOverride));
        QCOMPARE(toString(s.evaluate(0, Context::make(tenantNo(1), -1, QStringLiteral("u8"), kNow)).rule), toString(Rule::TenantOverride));
        QCOMPARE(toString(s.evaluate(0, Context::make(tenantNo(2), -1, QStringLiteral("u9"), kNow)).reason), toString(Reason::Default));
        QCOMPARE(toString(s.evaluate(QStringLiteral("nope"), Context::make(tenantNo(1), -1, {}, kNow)).error), toString(ErrorCode::FlagNotFound));
    }

    // Every key finds its own flag, keys that differ in one character or are prefixes of others included.
    void keysFindTheirFlags()
    {
        Snapshot s;
        QStringList keys;
        for (int i = 0; i < 200; ++i)
            keys << QStringLiteral("flag-%1").arg(i) << QStringLiteral("flag.%1").arg(i);
        for (const QString &k : keys)
            s.add(flag(QStringLiteral(R"({"key":"%1","default":true})").arg(k).toUtf8().constData()));
        s.link();
        for (int i = 0; i < keys.size(); ++i) {
            QCOMPARE(s.indexOf(keys.at(i)), i);
            QCOMPARE(s.find(keys.at(i))->key, keys.at(i));
        }
        QCOMPARE(s.indexOf(QStringLiteral("flag-200")), -1);
        QCOMPARE(s.indexOf(QString()), -1);
    }

    void prerequisiteCycleIsAnError()
    {
        Snapshot s;
        s.add(flag(R"({"key":"a","default":true,"prerequisites":[{"flag":"b"}]})"));
        s.add(flag(R"({"key":"b","default":true,"prerequisites":[{"flag":"a"}]})"));
        s.link();
        const Evaluation e = s.evaluate(0, Context::make(tenantNo(1), -1, {}, kNow));
        QCOMPARE(toString(e.reason), toString(Reason::Error));
        QCOMPARE(toString(e.error), toString(ErrorCode::General));
    }

    void badDefinitions_data()
    {
        QTest::addColumn<QString>("definition");
        QTest::addColumn<QString>("path");
        QTest::newRow("key") << R"({"key":"Bad","default":true})" << "key";
        QTest::newRow("default type") << R"({"key":"f","default":"yes"})" << "default";
        QTest::newRow("no default") << R"({"key":"f"})" << "default";
        QTest::newRow("percentage") << R"({"key":"f","default":false,"rollout":{"percentage":120}})" << "rollout.percentage";
        QTest::newRow("by") << R"({"key":"f","default":false,"rollout":{"percentage":5,"by":"region"}})" << "rollout.by";
        QTest::newRow("plan") << R"({"key":"f","default":false,"plans":{"gold":true}})" << "plans.gold";
        QTest::newRow("schedule order") << R"({"key":"f","default":false,"schedule":[{"at":"2026-02-01T00:00:00Z","state":"on"},{"at":"2026-01-01T00:00:00Z","state":"off"}]})" << "schedule[1].at";
        QTest::newRow("variants") << R"({"key":"f","kind":"variant","default":"a","variants":[{"name":"a","value":"a"}]})" << "variants";
        QTest::newRow("self prerequisite") << R"({"key":"f","default":false,"prerequisites":[{"flag":"f"}]})" << "prerequisites[0].flag";
        QTest::newRow("unknown") << R"({"key":"f","default":false,"colour":1})" << "colour";
    }

    void badDefinitions()
    {
        QFETCH(QString, definition);
        QFETCH(QString, path);
        portico::config::ValueError e;
        QVERIFY(!Flag::fromJson(obj(definition.toUtf8().constData()), &e));
        QCOMPARE(e.path, path);
    }

    // The context's keys and hashes are the joined strings' (built here the plain way), for ids
    // whose fields have high bits set and users with non-ASCII text.
    void contextKeysAreTheJoinedStrings_data()
    {
        QTest::addColumn<QUuid>("tenant");
        QTest::addColumn<QString>("user");
        QTest::newRow("no user") << tenantNo(7) << QString();
        QTest::newRow("user") << tenantNo(7) << QStringLiteral("u-42");
        QTest::newRow("high bits") << QUuid(uint(0xfedcba98), 0xf00d, 0xbeef, 0xff, 0x80, 0x7f, 1, 0, 0xaa, 0xbb, 0xcc) << QStringLiteral("ü/ß:€");
        QTest::newRow("null id") << QUuid() << QStringLiteral("x");
    }

    void contextKeysAreTheJoinedStrings()
    {
        QFETCH(QUuid, tenant);
        QFETCH(QString, user);
        const Context c = Context::make(tenant, 1, user, kNow);
        const QByteArray id = tenant.toByteArray(QUuid::WithoutBraces);
        QCOMPARE(c.tenantKey, id);
        QCOMPARE(c.userKey, user.toUtf8());
        const QByteArray joined = id + '/' + user.toUtf8();
        QCOMPARE(c.userOverrideKey.bytes, joined);
        QCOMPARE(c.userOverrideKey.hash, fnv1a(kFnvOffset, joined.constData(), joined.size()));
        QVERIFY(c.userOverrideKey == userKey(joined));
        QCOMPARE(c.tenantHash, fnv1a(kFnvOffset, id.constData(), id.size()));
        const QByteArray tu = id + ':' + user.toUtf8();
        QCOMPARE(c.userHash, user.isEmpty() ? quint64(0) : fnv1a(kFnvOffset, tu.constData(), tu.size()));
        const QByteArray raw = tenant.toRfc4122();
        IdKey k;
        memcpy(&k.hi, raw.constData(), 8);
        memcpy(&k.lo, raw.constData() + 8, 8);
        QVERIFY(c.tenantId == k);
    }

    // The tenant API's encoding, written from pre-encoded pieces, against the same answer built
    // member by member with Qt's JSON types: every reason, an error code, a variant flag, a
    // string value that needs escaping, both forms, with and without a user.
    void evaluationsJsonIsTheEvaluations_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<bool>("asMap");
        QTest::newRow("list, no user") << QString() << false;
        QTest::newRow("list, user") << QStringLiteral("u \"1\"\n") << false;
        QTest::newRow("map, no user") << QString() << true;
        QTest::newRow("map, user") << QStringLiteral("u-42") << true;
    }

    void evaluationsJsonIsTheEvaluations()
    {
        QFETCH(QString, user);
        QFETCH(bool, asMap);
        Snapshot s;
        s.add(flag(R"({"key":"static","default":true})"));
        s.add(flag(R"({"key":"off","default":false,"enabled":false})"));
        s.add(flag(R"({"key":"by-user","default":false,"rollout":{"percentage":50,"by":"user"}})"));
        s.add(flag(R"({"key":"plan","default":false,"plans":{"pro":true}})"));
        // Not a raw string: moc misreads \" inside one.
        s.add(flag("{\"key\":\"variant\",\"kind\":\"variant\",\"default\":\"line\\nbreak \\u2028 \\\"q\\\"\",\"variants\":[{\"name\":\"a\",\"value\":{\"n\":1.5,\"s\":\"x\"},\"weight\":1},{\"name\":\"b.2\",\"value\":\"line\\nbreak \\u2028 \\\"q\\\"\",\"weight\":3}]}"));
        s.add(flag(R"({"key":"needs","default":false,"prerequisites":[{"flag":"off","value":true}]})"));
        Flag overridden = flag(R"({"key":"overridden","default":false})");
        overridden.tenantOverrides.insert(idKey(tenantNo(3)), 1);
        s.add(overridden);
        s.link();
        const Context ctx = Context::make(tenantNo(3), int(portico::Plan::Pro), user, kNow);

        QJsonObject top{{QStringLiteral("tenant_id"), tenantNo(3).toString(QUuid::WithoutBraces)},
                        {QStringLiteral("user"), user.isEmpty() ? QJsonValue() : QJsonValue(user)}};
        QJsonArray list;
        QJsonObject map;
        QStringList reasons, order;
        for (int i = 0; i < int(s.flags().size()); ++i) {
            const Flag &f = s.flags()[size_t(i)];
            const Evaluation e = s.evaluate(i, ctx);
            QJsonObject o{{QStringLiteral("value"), valueOf(f, e)},
                          {QStringLiteral("variant"), e.variant >= 0 ? QJsonValue(f.variants[e.variant].name) : QJsonValue()},
                          {QStringLiteral("reason"), toString(e.reason)}};
            if (e.error != ErrorCode::None)
                o.insert(QStringLiteral("error_code"), toString(e.error));
            reasons << toString(e.reason) + toString(e.error);
            order << f.key;
            map.insert(f.key, o);
            o.insert(QStringLiteral("key"), f.key);
            list.append(o);
        }
        // The rows cover what they claim to.
        for (const char *r : {"STATIC", "DISABLED", "TARGETING_MATCH", "DEFAULT", "SPLIT"})
            QVERIFY2(reasons.contains(QLatin1String(r)), r);
        QCOMPARE(reasons.contains(QStringLiteral("ERRORTARGETING_KEY_MISSING")), user.isEmpty());
        top.insert(QStringLiteral("flags"), asMap ? QJsonValue(map) : QJsonValue(list));

        const QByteArray out = evaluationsJson(s, ctx, asMap);
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(out, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, out.constData());
        QCOMPARE(doc.object(), top);
        QVERIFY2(!out.contains('\n') && out.contains("\\u2028"), out.constData()); // the one writer's escapes
        // Members in the documented order, flags in snapshot order.
        QVERIFY2(out.startsWith("{\"tenant_id\":\""), out.constData());
        qsizetype at = 0;
        for (const QString &key : order) {
            const QByteArray needle = asMap ? '"' + key.toUtf8() + "\":{\"value\":" : "{\"key\":\"" + key.toUtf8() + "\",\"value\":";
            const qsizetype next = out.indexOf(needle, at);
            QVERIFY2(next > at, needle.constData());
            at = next;
        }
        QVERIFY(out.contains(R"("value":false,"variant":"off","reason":"DISABLED"})"));
        if (user.isEmpty())
            QVERIFY(out.contains(R"("reason":"ERROR","error_code":"TARGETING_KEY_MISSING"})"));
    }

    void definitionRoundTripAndStaleness()
    {
        const Flag f = flag(R"({"key":"f","description":"d","default":false,"plans":{"pro":true},"rollout":{"percentage":12.5,"by":"user"},
                               "schedule":[{"at":"2026-01-01T00:00:00.000Z","state":"on"}],"prerequisites":[{"flag":"g","value":true}],
                               "owner":"team","expires_at":"2026-03-01T00:00:00.000Z"})");
        portico::config::ValueError e;
        const auto again = Flag::fromJson(f.toJson(), &e);
        QVERIFY2(again, qPrintable(e.path + e.message));
        QCOMPARE(again->toJson(), f.toJson());
        QVERIFY(!f.staleReason(QDateTime::fromMSecsSinceEpoch(kNow)).isEmpty());
        QVERIFY(f.staleReason(QDateTime(QDate(2026, 2, 1), QTime(0, 0))).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFlags)
#include "tst_flags.moc"
