#pragma once
// The console's theme: "system" (the platform's colours; on Qt >= 6.5 a dark system colour scheme
// gets the dark palette), "light" or "dark" (Fusion with a dark palette, since Qt 6.4 has no colour
// scheme API to ask the platform style for one).

#include <QString>
#include <QStringList>

class QPalette;

namespace portico::theme {

[[nodiscard]] QStringList names(); // "system", "light", "dark"
[[nodiscard]] QPalette darkPalette();
// Applies `name` to the running application (an unknown name is "system").
void apply(const QString &name);
// What apply() last chose: true when the dark palette is in use.
[[nodiscard]] bool isDark();

} // namespace portico::theme
