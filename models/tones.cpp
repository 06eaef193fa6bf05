#include "models/tones.h"
#include <QGuiApplication>

namespace portico {

bool paletteIsDark(const QPalette &palette) { return palette.color(QPalette::Window).lightness() < 128; }

bool paletteIsDark()
{
    // Headless users (tests, exports from a QCoreApplication) have no palette: the light set.
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return false;
    return paletteIsDark(QGuiApplication::palette());
}

ToneColors toneColors(Tone tone, bool dark)
{
    // The light set is the one the console always had; the dark set keeps the same hues at a
    // contrast of at least 4.5:1 between text and box.
    switch (tone) {
    case Tone::Good:
        return dark ? ToneColors{QColor(0xa8, 0xda, 0xb5), QColor(0x1e, 0x3a, 0x28), QColor(0x37, 0x69, 0x4a)}
                    : ToneColors{QColor(0x0d, 0x53, 0x23), QColor(0xe6, 0xf4, 0xea), QColor(0x9f, 0xd3, 0xae)};
    case Tone::Bad:
        return dark ? ToneColors{QColor(0xf2, 0xb8, 0xb5), QColor(0x4a, 0x1f, 0x1d), QColor(0x8c, 0x3a, 0x35)}
                    : ToneColors{QColor(0x8c, 0x1d, 0x18), QColor(0xfd, 0xec, 0xea), QColor(0xee, 0xa2, 0x9c)};
    case Tone::Warning:
        return dark ? ToneColors{QColor(0xf5, 0xd6, 0x7a), QColor(0x43, 0x36, 0x0f), QColor(0x85, 0x70, 0x2a)}
                    : ToneColors{QColor(0x5c, 0x44, 0x00), QColor(0xff, 0xf4, 0xce), QColor(0xe8, 0xcf, 0x7a)};
    case Tone::Info:
        return dark ? ToneColors{QColor(0xc2, 0xdc, 0xff), QColor(0x1b, 0x2f, 0x4a), QColor(0x3d, 0x6a, 0xa3)}
                    : ToneColors{QColor(0x0b, 0x3d, 0x91), QColor(0xee, 0xf6, 0xff), QColor(0x9c, 0xc3, 0xf5)};
    case Tone::Neutral:
    case Tone::Muted:
        return dark ? ToneColors{QColor(0xe3, 0xe3, 0xe3), QColor(0x34, 0x37, 0x3b), QColor(0x55, 0x59, 0x5e)}
                    : ToneColors{QColor(0x3c, 0x40, 0x43), QColor(0xf1, 0xf3, 0xf4), QColor(0xd0, 0xd4, 0xd8)};
    }
    return {};
}

ToneColors toneColors(Tone tone) { return toneColors(tone, paletteIsDark()); }

QColor toneText(Tone tone, bool dark)
{
    switch (tone) {
    case Tone::Good: return dark ? QColor(0x81, 0xc9, 0x95) : QColor(0x1e, 0x7d, 0x32);
    case Tone::Bad: return dark ? QColor(0xf2, 0x8b, 0x82) : QColor(0xb3, 0x26, 0x1e);
    case Tone::Warning: return dark ? QColor(0xf0, 0xc0, 0x5a) : QColor(0x8a, 0x5a, 0x00);
    case Tone::Info: return dark ? QColor(0x8a, 0xb4, 0xf8) : QColor(0x1f, 0x5f, 0xa8);
    case Tone::Neutral: return dark ? QColor(0xe3, 0xe3, 0xe3) : QColor(0x3c, 0x40, 0x43);
    case Tone::Muted: return dark ? QColor(0x9a, 0xa0, 0xa6) : QColor(0x75, 0x75, 0x75);
    }
    return {};
}

QColor toneText(Tone tone) { return toneText(tone, paletteIsDark()); }

QString toneTextStyle(Tone tone, bool bold)
{
    return QStringLiteral("color: %1;%2").arg(toneText(tone).name(), bold ? QStringLiteral(" font-weight: bold;") : QString());
}

QString toneBoxStyle(Tone tone)
{
    const ToneColors c = toneColors(tone);
    return QStringLiteral("background: %1; border: 1px solid %2; color: %3;").arg(c.background.name(), c.border.name(), c.text.name());
}

QString toneSpan(Tone tone, const QString &html)
{
    return QStringLiteral("<span style='color:%1'>%2</span>").arg(toneText(tone).name(), html);
}

} // namespace portico
