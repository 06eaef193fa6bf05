// What an evaluation error says to an operator (models/flagmodels: flagErrorSentence,
// flagErrorText): every code the server and OFREP send has its own sentence, an unknown code a
// generic one that still names it, and the code itself is never shortened. No server, no display.
#include "core/flags.h"
#include "models/flagmodels.h"

#include <QSet>
#include <QTest>

using namespace portico;

class TestFlagErrors : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void knownCodes_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("mentions"); // a word the sentence must carry
        QTest::newRow("FLAG_NOT_FOUND") << "FLAG_NOT_FOUND" << "key";
        QTest::newRow("PARSE_ERROR") << "PARSE_ERROR" << "JSON";
        QTest::newRow("TYPE_MISMATCH") << "TYPE_MISMATCH" << "type";
        QTest::newRow("TARGETING_KEY_MISSING") << "TARGETING_KEY_MISSING" << "pick a user";
        QTest::newRow("INVALID_CONTEXT") << "INVALID_CONTEXT" << "context";
        QTest::newRow("PROVIDER_NOT_READY") << "PROVIDER_NOT_READY" << "try again";
        QTest::newRow("GENERAL") << "GENERAL" << "prerequisite";
    }
    void knownCodes()
    {
        QFETCH(QString, code);
        QFETCH(QString, mentions);
        const QString sentence = flagErrorSentence(code);
        QVERIFY2(sentence.contains(mentions), qPrintable(sentence));
        QVERIFY2(!sentence.contains(code), "a known code has its own sentence, not the generic one");
        QCOMPARE(flagErrorText(code), code + QStringLiteral(": ") + sentence);
    }

    void theIssuesExample()
    {
        QCOMPARE(flagErrorText(QStringLiteral("TARGETING_KEY_MISSING")),
                 QStringLiteral("TARGETING_KEY_MISSING: this flag rolls out by user; pick a user to evaluate it"));
    }

    // Every code the server's evaluator can produce is one the console explains by name.
    void everyServerCodeIsKnown()
    {
        using flags::ErrorCode;
        QSet<QString> sentences;
        for (ErrorCode e : {ErrorCode::FlagNotFound, ErrorCode::ParseError, ErrorCode::TargetingKeyMissing, ErrorCode::InvalidContext,
                            ErrorCode::General}) {
            const QString code = flags::toString(e);
            QVERIFY(!code.isEmpty());
            const QString sentence = flagErrorSentence(code);
            QVERIFY2(!sentence.contains(code), qPrintable(code + QStringLiteral(" falls back to the generic sentence")));
            sentences.insert(sentence);
        }
        QCOMPARE(sentences.size(), 5); // one sentence each, none shared
    }

    void unknownCode()
    {
        const QString code = QStringLiteral("QUOTA_OF_FLAGS_EXCEEDED_IN_A_FUTURE_SERVER");
        const QString sentence = flagErrorSentence(code);
        QVERIFY(!sentence.isEmpty());
        QVERIFY2(sentence.contains(code), "the generic sentence names the whole code");
        QVERIFY(flagErrorText(code).startsWith(code + QStringLiteral(": ")));
    }

    void noCode()
    {
        QVERIFY(flagErrorSentence({}).isEmpty());
        QVERIFY(flagErrorText({}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFlagErrors)
#include "tst_models_flagerrors.moc"
