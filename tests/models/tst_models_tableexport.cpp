// CSV/TSV export of a table as shown (models/tableexport): field quoting and formula guarding, only
// the chosen rows, the columns in their on-screen order.
#include "models/tableexport.h"

#include <QStandardItemModel>
#include <QTest>

using namespace portico;

class TestTableExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void csvField_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("plain") << "acme" << "acme";
        QTest::newRow("comma") << "Acme, Inc." << "\"Acme, Inc.\"";
        QTest::newRow("quote") << "The \"Best\"" << "\"The \"\"Best\"\"\"";
        QTest::newRow("newline") << "a\nb" << "\"a\nb\"";
        QTest::newRow("formula") << "=HYPERLINK(1)" << "'=HYPERLINK(1)";
        QTest::newRow("at") << "@SUM" << "'@SUM";
    }
    void csvField()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(portico::csvField(in), out);
    }

    void exportOnlyGivenRowsAndColumns_data()
    {
        QTest::addColumn<QList<int>>("rows");
        QTest::addColumn<QList<int>>("columns");
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("expected");
        // Column order as on screen (C moved before A), B hidden, middle row not selected.
        QTest::newRow("csv, reordered") << QList<int>{0, 2} << QList<int>{2, 0} << int(TableFormat::Csv)
                                        << QStringLiteral("C,A\r\nr0c2,r0c0\r\nr2c2,r2c0\r\n");
        QTest::newRow("tsv, one cell") << QList<int>{1} << QList<int>{1} << int(TableFormat::Tsv) << QStringLiteral("B\nr1c1\n");
    }
    void exportOnlyGivenRowsAndColumns()
    {
        QFETCH(QList<int>, rows);
        QFETCH(QList<int>, columns);
        QFETCH(int, format);
        QFETCH(QString, expected);
        QStandardItemModel m(3, 3);
        m.setHorizontalHeaderLabels({QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")});
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 3; ++c)
                m.setItem(r, c, new QStandardItem(QStringLiteral("r%1c%2").arg(r).arg(c)));
        QCOMPARE(exportTable(m, rows, columns, TableFormat(format)), expected);
    }
};

QTEST_GUILESS_MAIN(TestTableExport)
#include "tst_models_tableexport.moc"
