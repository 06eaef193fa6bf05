// The status tones stay readable in both themes: text against its box, and tone text against the
// palette it is drawn on, meet WCAG's 4.5:1 for normal text.
#include "app/theme.h"
#include "models/tones.h"
#include <QApplication>
#include <QStyle>
#include <QTest>
#include <cmath>

using namespace portico;

namespace {
double luminance(const QColor &c)
{
    auto channel = [](double v) { v /= 255.0; return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue());
}
double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}
} // namespace

class TestTones : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readableInBothThemes_data()
    {
        QTest::addColumn<int>("tone");
        QTest::addColumn<bool>("dark");
        const char *names[] = {"good", "bad", "warning", "info", "neutral", "muted"};
        for (int t = 0; t <= int(Tone::Muted); ++t)
            for (bool dark : {false, true})
                QTest::addRow("%s-%s", names[t], dark ? "dark" : "light") << t << dark;
    }
    void readableInBothThemes()
    {
        QFETCH(int, tone);
        QFETCH(bool, dark);
        const ToneColors box = toneColors(Tone(tone), dark);
        QVERIFY2(contrast(box.text, box.background) >= 4.5, qPrintable(QString::number(contrast(box.text, box.background))));
        const QPalette palette = dark ? theme::darkPalette() : QPalette(QColor(0xef, 0xef, 0xef), QColor(0xff, 0xff, 0xff));
        QCOMPARE(paletteIsDark(palette), dark);
        const double onBase = contrast(toneText(Tone(tone), dark), palette.color(QPalette::Base));
        QVERIFY2(onBase >= 4.5, qPrintable(QString::number(onBase)));
    }
};

QTEST_MAIN(TestTones)
#include "tst_models_tones.moc"
