#pragma once
// The console's few status colours (good, bad, warning, info, neutral, muted), each in a light and a
// dark variant chosen from the application palette, so that banners, badges and coloured cells stay
// readable in the dark theme. Views and models ask for a tone; nobody writes a hex colour.

#include <QColor>
#include <QPalette>
#include <QString>

namespace portico {

enum class Tone { Good, Bad, Warning, Info, Neutral, Muted };

struct ToneColors
{
    QColor text;       // text inside a box of this tone
    QColor background; // the box
    QColor border;
};

// Whether the palette is a dark one (its window colour is dark), whatever set it.
[[nodiscard]] bool paletteIsDark(const QPalette &palette);
[[nodiscard]] bool paletteIsDark();

// A box (banner, note, badge) of this tone.
[[nodiscard]] ToneColors toneColors(Tone tone, bool dark);
[[nodiscard]] ToneColors toneColors(Tone tone);
// Text of this tone on the ordinary window or base background (error lines, coloured cells).
[[nodiscard]] QColor toneText(Tone tone, bool dark);
[[nodiscard]] QColor toneText(Tone tone);

// Style sheet fragments for the common cases: "color: #...;" and a boxed note.
[[nodiscard]] QString toneTextStyle(Tone tone, bool bold = false);
[[nodiscard]] QString toneBoxStyle(Tone tone);
// For rich text: <span style='color:...'>.
[[nodiscard]] QString toneSpan(Tone tone, const QString &html);

} // namespace portico
