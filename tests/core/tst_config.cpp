// core/config: key definitions, validation of every type (JSON-Schema subset included), layered
// resolution with its source and layer values, and the structural diff. Data-driven.
#include "core/config.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace portico::config;

namespace {
QJsonObject obj(const char *json) { return QJsonDocument::fromJson(json).object(); }
QJsonValue val(const char *json) { return QJsonDocument::fromJson(QByteArray("[") + json + "]").array().at(0); }
KeyDef def(const char *json)
{
    ValueError e;
    const auto d = KeyDef::fromJson(obj(json), &e);
    if (!d)
        qFatal("bad definition in test: %s: %s", qPrintable(e.path), qPrintable(e.message));
    return *d;
}
} // namespace

class TestConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void validate_data()
    {
        QTest::addColumn<QString>("definition");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("path");
        const QString b = QStringLiteral(R"({"key":"a.b","type":"bool","default":false})");
        const QString i = QStringLiteral(R"({"key":"a.i","type":"int","default":5,"constraints":{"minimum":1,"maximum":10}})");
        const QString n = QStringLiteral(R"({"key":"a.n","type":"number","default":0.5,"constraints":{"minimum":0,"maximum":1}})");
        const QString s = QStringLiteral(R"({"key":"a.s","type":"string","default":"ab","constraints":{"max_length":5,"pattern":"[a-z]+"}})");
        const QString e = QStringLiteral(R"({"key":"a.e","type":"enum","default":"x","constraints":{"allowed":["x","y"]}})");
        const QString c = QStringLiteral(R"({"key":"a.c","type":"color","default":"#112233"})");
        const QString d = QStringLiteral(R"({"key":"a.d","type":"duration","default":"30m","constraints":{"minimum":60,"maximum":86400}})");
        const QString j = QStringLiteral(R"({"key":"a.j","type":"json","default":{"steps":["a"]},"constraints":{"json_schema":
            {"type":"object","required":["steps"],"additionalProperties":false,"properties":{"steps":{"type":"array","minItems":1,"maxItems":3,
             "items":{"type":"string","enum":["a","b","c"]}},"limit":{"type":"integer","minimum":0}}}}})");
        QTest::newRow("bool ok") << b << "true" << true << "";
        QTest::newRow("bool wrong type") << b << "1" << false << "";
        QTest::newRow("int ok") << i << "10" << true << "";
        QTest::newRow("int fraction") << i << "2.5" << false << "";
        QTest::newRow("int above max") << i << "11" << false << "";
        QTest::newRow("int below min") << i << "0" << false << "";
        QTest::newRow("int string") << i << "\"3\"" << false << "";
        QTest::newRow("number ok") << n << "0.25" << true << "";
        QTest::newRow("number above") << n << "1.5" << false << "";
        QTest::newRow("string ok") << s << "\"abcde\"" << true << "";
        QTest::newRow("string too long") << s << "\"abcdef\"" << false << "";
        QTest::newRow("string pattern is anchored") << s << "\"ab1\"" << false << "";
        QTest::newRow("enum ok") << e << "\"y\"" << true << "";
        QTest::newRow("enum other") << e << "\"z\"" << false << "";
        QTest::newRow("color ok") << c << "\"#A0b1C2\"" << true << "";
        QTest::newRow("color short") << c << "\"#abc\"" << false << "";
        QTest::newRow("color name") << c << "\"red\"" << false << "";
        QTest::newRow("duration ok") << d << "\"8h\"" << true << "";
        QTest::newRow("duration ms ok") << d << "\"60000ms\"" << true << "";
        QTest::newRow("duration too short") << d << "\"59s\"" << false << "";
        QTest::newRow("duration too long") << d << "\"2d\"" << false << "";
        QTest::newRow("duration unit") << d << "\"8 hours\"" << false << "";
        QTest::newRow("json ok") << j << R"({"steps":["a","c"],"limit":3})" << true << "";
        QTest::newRow("json required") << j << R"({"limit":3})" << false << "steps";
        QTest::newRow("json additional") << j << R"({"steps":["a"],"other":1})" << false << "other";
        QTest::newRow("json item enum") << j << R"({"steps":["a","z"]})" << false << "steps[1]";
        QTest::newRow("json too many items") << j << R"({"steps":["a","b","c","a"]})" << false << "steps";
        QTest::newRow("json integer") << j << R"({"steps":["a"],"limit":1.5})" << false << "limit";
        QTest::newRow("json minimum") << j << R"({"steps":["a"],"limit":-1})" << false << "limit";
        QTest::newRow("json not object") << j << R"([1])" << false << "";
    }

    void validate()
    {
        QFETCH(QString, definition);
        QFETCH(QString, value);
        QFETCH(bool, ok);
        QFETCH(QString, path);
        const KeyDef d = def(definition.toUtf8().constData());
        const auto e = validateValue(d, val(value.toUtf8().constData()));
        QCOMPARE(!e.has_value(), ok);
        if (e) {
            QCOMPARE(e->path, path);
            QVERIFY(!e->message.isEmpty());
        }
    }

    void badDefinitions_data()
    {
        QTest::addColumn<QString>("definition");
        QTest::addColumn<QString>("path");
        QTest::newRow("key") << R"({"key":"Bad Key","type":"bool","default":true})" << "key";
        QTest::newRow("type") << R"({"key":"a","type":"float","default":1})" << "type";
        QTest::newRow("default invalid") << R"({"key":"a","type":"int","default":50,"constraints":{"maximum":10}})" << "default";
        QTest::newRow("enum without values") << R"({"key":"a","type":"enum","default":"x"})" << "constraints.allowed";
        QTest::newRow("unknown schema keyword") << R"({"key":"a","type":"json","default":{},"constraints":{"json_schema":{"oneOf":[]}}})" << "constraints.json_schema.oneOf";
        QTest::newRow("layer") << R"({"key":"a","type":"bool","default":true,"layers":["region"]})" << "layers";
        QTest::newRow("json default member") << R"({"key":"a","type":"json","default":{"n":"x"},"constraints":{"json_schema":{"properties":{"n":{"type":"integer"}}}}})" << "default.n";
    }

    void badDefinitions()
    {
        QFETCH(QString, definition);
        QFETCH(QString, path);
        ValueError e;
        QVERIFY(!KeyDef::fromJson(obj(definition.toUtf8().constData()), &e));
        QCOMPARE(e.path, path);
    }

    void definitionRoundTrip()
    {
        const KeyDef d = def(R"({"key":"security.session.idle_timeout","type":"duration","default":"30m","layers":["plan","tenant","user"],
                                "constraints":{"minimum":60,"maximum":86400},"description":"Idle sign-out","tenant_visible":true})");
        QCOMPARE(d.group(), QStringLiteral("security.session"));
        ValueError e;
        const auto again = KeyDef::fromJson(d.toJson(), &e);
        QVERIFY(again);
        QCOMPARE(again->toJson(), d.toJson());
    }

    void resolution_data()
    {
        QTest::addColumn<QStringList>("layers");    // overridable layers
        QTest::addColumn<QString>("plan");           // "" = unset
        QTest::addColumn<QString>("tenant");
        QTest::addColumn<QString>("user");
        QTest::addColumn<int>("value");
        QTest::addColumn<QString>("source");
        QTest::addColumn<int>("ignored");
        const QStringList all{QStringLiteral("plan"), QStringLiteral("tenant"), QStringLiteral("user")};
        QTest::newRow("default only") << all << "" << "" << "" << 5 << "default" << 0;
        QTest::newRow("plan") << all << "6" << "" << "" << 6 << "plan" << 0;
        QTest::newRow("tenant over plan") << all << "6" << "7" << "" << 7 << "tenant" << 0;
        QTest::newRow("user over all") << all << "6" << "7" << "8" << 8 << "user" << 0;
        QTest::newRow("user not allowed") << QStringList{QStringLiteral("plan"), QStringLiteral("tenant")} << "6" << "7" << "8" << 7 << "tenant" << 1;
        QTest::newRow("invalid tenant value falls through") << all << "6" << "99" << "" << 6 << "plan" << 1;
        QTest::newRow("nothing overridable") << QStringList{} << "6" << "7" << "8" << 5 << "default" << 3;
    }

    void resolution()
    {
        QFETCH(QStringList, layers);
        QFETCH(QString, plan);
        QFETCH(QString, tenant);
        QFETCH(QString, user);
        QFETCH(int, value);
        QFETCH(QString, source);
        QFETCH(int, ignored);
        QJsonObject o = obj(R"({"key":"limits.seats","type":"int","default":5,"constraints":{"minimum":1,"maximum":10}})");
        o.insert(QStringLiteral("layers"), QJsonArray::fromStringList(layers));
        const KeyDef d = def(QJsonDocument(o).toJson().constData());
        LayerValues lv;
        if (!plan.isEmpty()) lv.plan = plan.toInt();
        if (!tenant.isEmpty()) lv.tenant = tenant.toInt();
        if (!user.isEmpty()) lv.user = user.toInt();
        const Resolved r = resolve(d, lv);
        QCOMPARE(r.value.toInt(), value);
        QCOMPARE(toString(r.source), source);
        QCOMPARE(r.ignored.size(), ignored);
        const QJsonObject j = r.toJson();
        QCOMPARE(j.value(QStringLiteral("source")).toString(), source);
        QCOMPARE(j.value(QStringLiteral("layers")).toObject().value(QStringLiteral("default")).toInt(), 5);
        QCOMPARE(j.value(QStringLiteral("layers")).toObject().value(QStringLiteral("tenant")).isNull(), tenant.isEmpty());
    }

    void writesCheckTheLayer()
    {
        const KeyDef d = def(R"({"key":"a","type":"int","default":1,"layers":["plan"]})");
        QVERIFY(checkLayerWrite(d, Layer::Tenant, 2));
        QVERIFY(!checkLayerWrite(d, Layer::Plan, 2));
        QVERIFY(checkLayerWrite(d, Layer::Default, 2));
    }

    void diffs_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::addColumn<QString>("expected");
        QTest::newRow("same") << "1" << "1" << "[]";
        QTest::newRow("scalar") << "1" << "2" << R"([{"path":"","before":1,"after":2}])";
        QTest::newRow("set from null") << "null" << "2" << R"([{"path":"","before":null,"after":2}])";
        QTest::newRow("members") << R"({"a":1,"b":{"c":2,"d":3}})" << R"({"a":1,"b":{"c":4},"e":true})"
                                 << R"([{"path":"b.c","before":2,"after":4},{"path":"b.d","before":3},{"path":"e","after":true}])";
        QTest::newRow("arrays whole") << "[1,2]" << "[1,3]" << R"([{"path":"","before":[1,2],"after":[1,3]}])";
    }

    void diffs()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        QFETCH(QString, expected);
        QCOMPARE(diff(val(before.toUtf8().constData()), val(after.toUtf8().constData())), QJsonDocument::fromJson(expected.toUtf8()).array());
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
